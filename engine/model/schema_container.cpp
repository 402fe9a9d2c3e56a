// Container and its parts: ports, environment, resources, probes, lifecycle, security.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

void addEnvTypes(TypeTable& t)
{
    addType(t, "EnvVar", "One environment variable of a container.",
            {
                req(str("name", "Name of the variable.")),
                str("value", "Literal value. $(OTHER) refers to an earlier variable; $$ "
                             "writes a literal $."),
                obj("valueFrom", "EnvVarSource",
                    "Take the value from somewhere else "
                    "instead; cannot be used with value."),
            });
    addType(t, "EnvVarSource", "Where an environment variable's value comes from.",
            {
                obj("configMapKeyRef", "ConfigMapKeySelector", "A key of a ConfigMap."),
                obj("fieldRef", "ObjectFieldSelector",
                    "A field of the pod, such as metadata.name or status.podIP."),
                obj("resourceFieldRef", "ResourceFieldSelector",
                    "A container's resource limit or request."),
                obj("secretKeyRef", "SecretKeySelector", "A key of a Secret."),
            });
    addType(t, "ConfigMapKeySelector", "Picks one key of a ConfigMap.",
            {
                req(str("key", "The key.")),
                str("name", "Name of the ConfigMap."),
                boolean("optional", "Whether the ConfigMap or key may be missing."),
            });
    addType(t, "SecretKeySelector", "Picks one key of a Secret.",
            {
                req(str("key", "The key.")),
                str("name", "Name of the Secret."),
                boolean("optional", "Whether the Secret or key may be missing."),
            });
    addType(t, "ObjectFieldSelector", "Selects a field of the pod.",
            {
                str("apiVersion", "Version the field path is written against; v1 by default."),
                req(str("fieldPath", "Path of the field, such as metadata.namespace.")),
            });
    addType(t, "ResourceFieldSelector", "Selects a container resource value.",
            {
                str("containerName", "The container; required in volumes."),
                qty("divisor", "Unit to express the value in; defaults to 1."),
                req(str("resource", "limits.cpu, requests.memory and the like.")),
            });
    addType(t, "EnvFromSource", "Imports every key of a ConfigMap or Secret as variables.",
            {
                obj("configMapRef", "ConfigMapEnvSource", "The ConfigMap to import."),
                str("prefix", "Text put in front of every imported name."),
                obj("secretRef", "SecretEnvSource", "The Secret to import."),
            });
    addType(t, "ConfigMapEnvSource", "A ConfigMap whose keys become variables.",
            {
                str("name", "Name of the ConfigMap."),
                boolean("optional", "Whether the ConfigMap may be missing."),
            });
    addType(t, "SecretEnvSource", "A Secret whose keys become variables.",
            {
                str("name", "Name of the Secret."),
                boolean("optional", "Whether the Secret may be missing."),
            });
}

void addProbeTypes(TypeTable& t)
{
    const std::vector<FieldSchema> handler = {
        obj("exec", "ExecAction", "Run a command in the container; exit code 0 is success."),
        obj("grpc", "GRPCAction", "Call the gRPC health checking service."),
        obj("httpGet", "HTTPGetAction", "Send an HTTP GET; a status from 200 to 399 is success."),
        obj("tcpSocket", "TCPSocketAction", "Open a TCP connection; connecting is success."),
    };
    std::vector<FieldSchema> probe = handler;
    probe.push_back(i32("failureThreshold", "Consecutive failures after which the probe "
                                            "counts as failed. Defaults to 3."));
    probe.push_back(i32("initialDelaySeconds", "Seconds after the container starts before "
                                               "the first probe."));
    probe.push_back(i32("periodSeconds", "Seconds between probes. Defaults to 10."));
    probe.push_back(i32("successThreshold", "Consecutive successes needed after a failure. "
                                            "Defaults to 1; must be 1 for liveness and "
                                            "startup."));
    probe.push_back(i64("terminationGracePeriodSeconds",
                        "Grace period used when a failed probe kills the container; "
                        "overrides the pod's value."));
    probe.push_back(i32("timeoutSeconds", "Seconds before a probe attempt times out. "
                                          "Defaults to 1."));
    addType(t, "Probe", "A periodic health check the kubelet runs against a container.", probe);
    addType(t, "ExecAction", "A command run inside the container.",
            {
                strs("command", "The command and its arguments; not run in a shell."),
            });
    addType(t, "HTTPGetAction", "An HTTP GET request.",
            {
                str("host", "Host to connect to; defaults to the pod IP."),
                objs("httpHeaders", "HTTPHeader", "Extra request headers."),
                str("path", "Request path."),
                req(intOrStr("port", "Port number or name of a container port.")),
                oneOf(str("scheme", "HTTP (default) or HTTPS."), {"HTTP", "HTTPS"}),
            });
    addType(t, "HTTPHeader", "One HTTP header.",
            {
                req(str("name", "Header name.")),
                req(str("value", "Header value.")),
            });
    addType(t, "TCPSocketAction", "A TCP connection attempt.",
            {
                str("host", "Host to connect to; defaults to the pod IP."),
                req(intOrStr("port", "Port number or name of a container port.")),
            });
    addType(t, "GRPCAction", "A gRPC health check call.",
            {
                req(i32("port", "Port number of the gRPC service.")),
                str("service", "Service name sent in the request; empty means the server."),
            });
    addType(t, "SleepAction", "A pause of some seconds.",
            {
                req(i64("seconds", "How long to sleep.")),
            });
    std::vector<FieldSchema> lifecycleHandler = {handler[0], handler[2]};
    lifecycleHandler.push_back(obj("sleep", "SleepAction", "Wait for some seconds."));
    lifecycleHandler.push_back(handler[3]);
    addType(t, "LifecycleHandler", "An action run at a point of a container's life.",
            lifecycleHandler);
    addType(t, "Lifecycle", "Hooks run right after a container starts or before it stops.",
            {
                obj("postStart", "LifecycleHandler",
                    "Runs right after the container is "
                    "created; failure restarts it."),
                obj("preStop", "LifecycleHandler",
                    "Runs before the container receives its "
                    "stop signal, within the grace period."),
            });
}

void addContainerSecurityTypes(TypeTable& t)
{
    addType(t, "SecurityContext", "Security settings of one container.",
            {
                boolean("allowPrivilegeEscalation",
                        "Whether a process may gain more privileges than its parent."),
                obj("capabilities", "Capabilities", "Linux capabilities to add or drop."),
                boolean("privileged", "Run with almost all host privileges."),
                str("procMount", "Default or Unmasked view of /proc."),
                boolean("readOnlyRootFilesystem", "Mount the root filesystem read-only."),
                i64("runAsGroup", "Primary group ID of the process."),
                boolean("runAsNonRoot", "Refuse to start if the user would be root."),
                i64("runAsUser", "User ID of the process."),
                obj("seLinuxOptions", "SELinuxOptions", "SELinux labels."),
                obj("seccompProfile", "SeccompProfile", "Seccomp filter."),
            });
    addType(t, "Capabilities", "Linux capabilities to add to or drop from the default set.",
            {
                strs("add", "Capabilities to add."),
                strs("drop", "Capabilities to drop."),
            });
    addType(t, "SeccompProfile", "Which seccomp profile to apply.",
            {
                str("localhostProfile", "Path of a profile on the node, for Localhost."),
                req(oneOf(str("type", "The kind of profile."),
                          {"Localhost", "RuntimeDefault", "Unconfined"})),
            });
    addType(t, "SELinuxOptions", "SELinux labels.",
            {
                str("level", "Level label."),
                str("role", "Role label."),
                str("type", "Type label."),
                str("user", "User label."),
            });
}

} // namespace

void addContainerTypes(TypeTable& t)
{
    addEnvTypes(t);
    addProbeTypes(t);
    addContainerSecurityTypes(t);
    addType(t, "Container", "One application container to run inside a pod.",
            {
                strs("args", "Arguments to the entrypoint; replace the image's CMD. $(VAR) "
                             "expands environment variables."),
                strs("command", "The entrypoint; replaces the image's ENTRYPOINT. Not run in "
                                "a shell."),
                objs("env", "EnvVar", "Environment variables to set."),
                objs("envFrom", "EnvFromSource",
                     "ConfigMaps and Secrets whose keys all become variables."),
                str("image", "Container image reference, such as nginx:1.14.2."),
                oneOf(str("imagePullPolicy",
                          "When the image is pulled. Defaults to Always for the :latest tag or "
                          "no tag, IfNotPresent otherwise."),
                      {"Always", "IfNotPresent", "Never"}),
                obj("lifecycle", "Lifecycle", "Hooks run after start and before stop."),
                obj("livenessProbe", "Probe",
                    "Checks the container is alive; the kubelet restarts it on failure."),
                req(str("name", "Name of the container, a DNS label unique within the pod.")),
                objs("ports", "ContainerPort",
                     "Ports the container listens on. Informational: any port the process "
                     "opens is reachable."),
                obj("readinessProbe", "Probe",
                    "Checks the container can serve; failures take the pod out of Service "
                    "endpoints."),
                obj("resources", "ResourceRequirements", "CPU and memory requests and limits."),
                oneOf(str("restartPolicy", "Only for init containers: Always makes it a "
                                           "sidecar that keeps running."),
                      {"Always"}),
                obj("securityContext", "SecurityContext", "Security settings."),
                obj("startupProbe", "Probe",
                    "Checks the container finished starting; other probes wait for it."),
                boolean("stdin", "Keep a stdin buffer open for the container."),
                boolean("stdinOnce", "Close stdin after the first client detaches."),
                str("terminationMessagePath", "File whose content becomes the termination "
                                              "message. Defaults to /dev/termination-log."),
                oneOf(str("terminationMessagePolicy",
                          "File reads only the message file; FallbackToLogsOnError also uses "
                          "the log tail when it is empty and the container failed."),
                      {"FallbackToLogsOnError", "File"}),
                boolean("tty", "Allocate a terminal; needs stdin too."),
                objs("volumeDevices", "VolumeDevice", "Raw block devices to expose."),
                objs("volumeMounts", "VolumeMount", "Pod volumes to mount into the container."),
                str("workingDir", "Working directory; defaults to the image's."),
            });
    addType(t, "ContainerPort", "A network port of a container.",
            {
                req(i32("containerPort", "Port number on the pod's IP, 1 to 65535.")),
                str("hostIP", "Node IP to bind a host port to."),
                i32("hostPort", "Port on the node forwarded to this port; rarely needed."),
                str("name", "Name of the port, an IANA service name; Services can refer to "
                            "it."),
                oneOf(str("protocol", "TCP (default), UDP or SCTP."), {"SCTP", "TCP", "UDP"}),
            });
    addType(t, "ResourceRequirements", "Compute resources a container asks for and may use.",
            {
                objs("claims", "ResourceClaim",
                     "Dynamic resource claims used by the "
                     "container."),
                qtyMap("limits", "The most the container may use; memory over the limit gets "
                                 "it killed, CPU over the limit is throttled."),
                qtyMap("requests", "What the scheduler reserves for the container. Defaults "
                                   "to the limits when only those are set."),
            });
    addType(t, "ResourceClaim", "Names a resource claim of the pod.",
            {
                req(str("name", "Name of the claim in pod.spec.resourceClaims.")),
            });
    addType(t, "VolumeMount", "Where a volume appears in a container's filesystem.",
            {
                req(str("mountPath", "Path inside the container; may not contain ':'.")),
                str("mountPropagation", "How mounts propagate between host and container."),
                req(str("name", "Name of the pod volume.")),
                boolean("readOnly", "Mount read-only."),
                str("subPath", "A path inside the volume to mount instead of its root."),
                str("subPathExpr", "Like subPath, with $(VAR) expansion."),
            });
    addType(t, "VolumeDevice", "A raw block device from a volume.",
            {
                req(str("devicePath", "Path of the device inside the container.")),
                req(str("name", "Name of the PVC-backed pod volume.")),
            });
}

} // namespace kubelab::model::schemadef
