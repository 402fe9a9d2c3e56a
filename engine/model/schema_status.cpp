// Observed state of pods and nodes, as the kubelet and node controller report it.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

void addContainerStatusTypes(TypeTable& t)
{
    addType(t, "ContainerStatus", "What the kubelet last saw of one container.",
            {
                qtyMap("allocatedResources", "Resources the node set aside for the "
                                             "container."),
                str("containerID", "Runtime ID, as <runtime>://<id>."),
                req(str("image", "The image the container runs.")),
                req(str("imageID", "Digest of the image that was pulled.")),
                obj("lastState", "ContainerState",
                    "How the previous run of the container "
                    "ended, if it restarted."),
                req(str("name", "Name of the container.")),
                req(boolean("ready", "Whether the readiness probe currently passes.")),
                obj("resources", "ResourceRequirements", "Resources currently applied."),
                req(i32("restartCount", "How many times the container has been restarted.")),
                boolean("started", "Whether the startup probe has passed."),
                obj("state", "ContainerState", "The current state of the container."),
            });
    addType(t, "ContainerState", "Exactly one of waiting, running or terminated is set.",
            {
                obj("running", "ContainerStateRunning", "The container is running."),
                obj("terminated", "ContainerStateTerminated", "The container has exited."),
                obj("waiting", "ContainerStateWaiting", "The container is not running yet."),
            });
    addType(t, "ContainerStateWaiting", "A container that is not running yet.",
            {
                str("message", "Details of why it waits."),
                str("reason", "Short reason, such as ContainerCreating, ImagePullBackOff or "
                              "CrashLoopBackOff."),
            });
    addType(t, "ContainerStateRunning", "A running container.",
            {
                time("startedAt", "When the container last started."),
            });
    addType(t, "ContainerStateTerminated", "A container that has exited.",
            {
                str("containerID", "Runtime ID of the container."),
                req(i32("exitCode", "Exit status of the last run.")),
                time("finishedAt", "When it exited."),
                str("message", "The termination message, if any."),
                str("reason", "Short reason, such as Completed, Error or OOMKilled."),
                i32("signal", "Signal that ended the process, if any."),
                time("startedAt", "When that run started."),
            });
    addType(t, "PodCondition", "One aspect of a pod's state and whether it holds.",
            {
                time("lastProbeTime", "When the condition was last checked."),
                time("lastTransitionTime", "When the status last changed."),
                str("message", "Human-readable details."),
                str("reason", "Machine-readable reason for the last change."),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "PodScheduled, Initialized, ContainersReady, Ready, ...")),
            });
    addType(t, "PodIP", "One IP address of the pod.",
            {
                str("ip", "The address."),
            });
    addType(t, "HostIP", "One IP address of the pod's node.",
            {
                str("ip", "The address."),
            });
}

void addNodeStatusTypes(TypeTable& t)
{
    addType(t, "NodeStatus", "What the kubelet and node controller report about a node.",
            {
                objs("addresses", "NodeAddress", "How to reach the node."),
                qtyMap("allocatable", "Resources available to pods: capacity minus what the "
                                      "system reserves."),
                qtyMap("capacity", "Total resources of the node."),
                objs("conditions", "NodeCondition",
                     "Ready, MemoryPressure, DiskPressure, "
                     "PIDPressure, ..."),
                obj("daemonEndpoints", "NodeDaemonEndpoints", "Ports of the node's daemons."),
                objs("images", "ContainerImage", "Images present on the node."),
                obj("nodeInfo", "NodeSystemInfo", "Versions and IDs of the node's software."),
                str("phase", "Deprecated and not filled in."),
            });
    addType(t, "NodeAddress", "One address of a node.",
            {
                req(str("address", "The address.")),
                req(str("type", "Hostname, InternalIP, ExternalIP, ...")),
            });
    addType(t, "NodeCondition", "One aspect of a node's health.",
            {
                time("lastHeartbeatTime", "When the kubelet last confirmed this condition."),
                time("lastTransitionTime", "When the status last changed."),
                str("message", "Human-readable details."),
                str("reason", "Machine-readable reason, such as KubeletReady."),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "Ready, MemoryPressure, DiskPressure, PIDPressure, ...")),
            });
    addType(t, "NodeDaemonEndpoints", "Ports of daemons on the node.",
            {
                obj("kubeletEndpoint", "DaemonEndpoint", "The kubelet's port."),
            });
    addType(t, "DaemonEndpoint", "A daemon's port.",
            {
                req(i32("Port", "Port number.")),
            });
    addType(t, "ContainerImage", "An image stored on a node.",
            {
                strs("names", "Names and digests the image is known by."),
                i64("sizeBytes", "Size of the image."),
            });
    addType(t, "NodeSystemInfo", "Software and hardware identity of a node.",
            {
                req(str("architecture", "CPU architecture, such as amd64.")),
                req(str("bootID", "Changes every time the node boots.")),
                req(str("containerRuntimeVersion", "Runtime and version, e.g. "
                                                   "containerd://1.7.0.")),
                req(str("kernelVersion", "Kernel version.")),
                req(str("kubeProxyVersion", "Deprecated: version of kube-proxy.")),
                req(str("kubeletVersion", "Version of the kubelet.")),
                req(str("machineID", "Machine ID of the host.")),
                req(str("operatingSystem", "Operating system, such as linux.")),
                req(str("osImage", "OS image name, such as Debian GNU/Linux 12.")),
                req(str("systemUUID", "Hardware UUID.")),
            });
}

} // namespace

void addPodStatusTypes(TypeTable& t)
{
    addContainerStatusTypes(t);
    addNodeStatusTypes(t);
    addType(
        t, "PodStatus", "What was last observed of a pod. It may lag behind the real state.",
        {
            objs("conditions", "PodCondition",
                 "PodScheduled, Initialized, "
                 "ContainersReady and Ready."),
            objs("containerStatuses", "ContainerStatus", "One entry per app container."),
            objs("ephemeralContainerStatuses", "ContainerStatus", "One entry per debug container."),
            str("hostIP", "Primary IP of the node the pod runs on."),
            objs("hostIPs", "HostIP", "All IPs of the node."),
            objs("initContainerStatuses", "ContainerStatus", "One entry per init container."),
            str("message", "Human-readable note on why the pod is in this state."),
            str("nominatedNodeName", "Node where preemption made room for this pod."),
            oneOf(str("phase", "The pod's place in its lifecycle."),
                  {"Failed", "Pending", "Running", "Succeeded", "Unknown"}),
            str("podIP", "Primary IP of the pod."),
            objs("podIPs", "PodIP", "All IPs of the pod, one per family."),
            oneOf(str("qosClass", "Quality of service class, derived from requests and "
                                  "limits."),
                  {"BestEffort", "Burstable", "Guaranteed"}),
            str("reason", "Short reason, such as Evicted."),
            str("resize", "Status of an in-place resize."),
            time("startTime", "When the kubelet accepted the pod."),
        });
}

} // namespace kubelab::model::schemadef
