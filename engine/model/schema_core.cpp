// core/v1 kinds other than the pod internals: Namespace, Node, Pod, Service, ConfigMap,
// Secret, Event, ServiceAccount.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

void addServiceTypes(TypeTable& t)
{
    addType(t, "Service",
            "A stable virtual IP and DNS name in front of a changing set of pods picked by a "
            "label selector.",
            rootFields("service", "ServiceSpec", "ServiceStatus"));
    addType(t, "ServiceSpec", "How a Service selects its pods and exposes them.",
            {
                boolean("allocateLoadBalancerNodePorts",
                        "Whether LoadBalancer Services get node ports; defaults to true."),
                str("clusterIP", "The virtual IP, allocated from the service range when "
                                 "empty. None makes the Service headless."),
                strs("clusterIPs", "All virtual IPs, one per IP family; the first equals "
                                   "clusterIP."),
                strs("externalIPs", "Extra IPs on which nodes accept traffic for the "
                                    "Service."),
                str("externalName", "DNS name a Service of type ExternalName aliases."),
                oneOf(str("externalTrafficPolicy",
                          "Cluster spreads outside traffic over all endpoints; Local keeps it "
                          "on the receiving node and preserves the client IP."),
                      {"Cluster", "Local"}),
                i32("healthCheckNodePort", "Node port for load balancer health checks with "
                                           "the Local policy."),
                oneOf(str("internalTrafficPolicy", "Cluster or Local, for traffic from inside "
                                                   "the cluster."),
                      {"Cluster", "Local"}),
                strs("ipFamilies", "IPv4 and/or IPv6, in the order the cluster IPs use."),
                oneOf(str("ipFamilyPolicy", "How many IP families the Service gets."),
                      {"PreferDualStack", "RequireDualStack", "SingleStack"}),
                str("loadBalancerClass", "Which load balancer implementation to use."),
                str("loadBalancerIP", "Deprecated: requested load balancer IP."),
                strs("loadBalancerSourceRanges", "Client CIDRs allowed through the load "
                                                 "balancer."),
                objs("ports", "ServicePort", "The ports the Service exposes."),
                boolean("publishNotReadyAddresses", "Publish endpoints whether or not the "
                                                    "pods are ready."),
                strMap("selector", "Pods with these labels receive the traffic. Without a "
                                   "selector endpoints are managed by hand."),
                oneOf(str("sessionAffinity", "ClientIP sends one client to the same pod; "
                                             "None (default) spreads requests."),
                      {"ClientIP", "None"}),
                obj("sessionAffinityConfig", "SessionAffinityConfig",
                    "Settings of the ClientIP affinity."),
                oneOf(str("type", "How the Service is exposed. Defaults to ClusterIP."),
                      {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}),
            });
    addType(t, "ServicePort", "One port of a Service and where it forwards to.",
            {
                str("appProtocol", "Application protocol hint, such as http or grpc."),
                str("name", "Name of the port; required when there is more than one."),
                i32("nodePort", "Port opened on every node for NodePort and LoadBalancer "
                                "Services; allocated when empty."),
                req(i32("port", "Port the Service listens on.")),
                oneOf(str("protocol", "TCP (default), UDP or SCTP."), {"SCTP", "TCP", "UDP"}),
                intOrStr("targetPort", "Port number or name on the pods; defaults to port."),
            });
    addType(t, "SessionAffinityConfig", "Settings of session affinity.",
            {
                obj("clientIP", "ClientIPConfig", "ClientIP affinity settings."),
            });
    addType(t, "ClientIPConfig", "ClientIP affinity settings.",
            {
                i32("timeoutSeconds", "How long a client sticks to a pod; defaults to "
                                      "10800 (3 hours)."),
            });
    addType(t, "ServiceStatus", "What was last observed of a Service.",
            {
                objs("conditions", "Condition", "Current conditions of the Service."),
                obj("loadBalancer", "LoadBalancerStatus",
                    "The external load balancer, if "
                    "any."),
            });
    addType(t, "LoadBalancerStatus", "The addresses of a load balancer.",
            {
                objs("ingress", "LoadBalancerIngress", "Addresses traffic can be sent to."),
            });
    addType(t, "LoadBalancerIngress", "One address of a load balancer.",
            {
                str("hostname", "DNS name of the load balancer."),
                str("ip", "IP of the load balancer."),
                str("ipMode", "VIP or Proxy: how traffic reaches the node."),
            });
    addType(t, "Condition", "A standard condition: a type, a status and why.",
            {
                req(time("lastTransitionTime", "When the status last changed.")),
                req(str("message", "Human-readable details.")),
                i64("observedGeneration", "The generation the condition was computed from."),
                req(str("reason", "CamelCase reason for the last change.")),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "The condition type.")),
            });
}

void addNodeAndNamespaceTypes(TypeTable& t)
{
    addType(t, "Namespace", "A scope for names. Most objects live in exactly one namespace.",
            rootFields("namespace", "NamespaceSpec", "NamespaceStatus"));
    addType(t, "NamespaceSpec", "The desired state of a namespace.",
            {
                strs("finalizers", "Cleanup steps that must finish before the namespace is "
                                   "removed; kubernetes empties its content."),
            });
    addType(t, "NamespaceStatus", "The observed state of a namespace.",
            {
                objs("conditions", "NamespaceCondition",
                     "Details of a deletion in "
                     "progress."),
                oneOf(str("phase", "Active, or Terminating while it is being deleted."),
                      {"Active", "Terminating"}),
            });
    addType(t, "NamespaceCondition", "One aspect of a namespace's state.",
            {
                time("lastTransitionTime", "When the status last changed."),
                str("message", "Human-readable details."),
                str("reason", "Machine-readable reason."),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "The condition type.")),
            });
    addType(t, "Node", "A worker machine; its kubelet runs the pods bound to it.",
            rootFields("node", "NodeSpec", "NodeStatus"));
    addType(t, "NodeSpec", "How a node is set up for scheduling.",
            {
                str("podCIDR", "The pod IP range given to the node."),
                strs("podCIDRs", "Pod IP ranges, one per IP family."),
                str("providerID", "ID of the node at the cloud provider."),
                objs("taints", "Taint",
                     "Taints that repel pods without a matching "
                     "toleration."),
                boolean("unschedulable", "If true no new pods are placed on the node "
                                         "(kubectl cordon)."),
            });
    addType(t, "Taint", "A mark on a node that repels pods that do not tolerate it.",
            {
                req(oneOf(str("effect", "What happens to pods that do not tolerate it."),
                          {"NoExecute", "NoSchedule", "PreferNoSchedule"})),
                req(str("key", "The taint key.")),
                time("timeAdded", "When a NoExecute taint was added."),
                str("value", "The taint value."),
            });
    addType(t, "Pod",
            "The smallest thing Kubernetes runs: one or more containers sharing a network "
            "namespace and volumes, placed together on one node.",
            rootFields("pod", "PodSpec", "PodStatus"));
}

void addConfigTypes(TypeTable& t)
{
    std::vector<FieldSchema> cm = rootFields("config map", "", "");
    cm.push_back(byteMap("binaryData", "Binary values, base64 encoded in JSON; keys may not "
                                       "repeat those of data."));
    cm.push_back(strMap("data", "Text configuration values."));
    cm.push_back(boolean("immutable", "If true the data can no longer change; only "
                                      "deletion is allowed."));
    addType(t, "ConfigMap", "Non-secret configuration that pods read as files or variables.", cm);
    std::vector<FieldSchema> secret = rootFields("secret", "", "");
    secret.push_back(byteMap("data", "Secret values, base64 encoded in JSON."));
    secret.push_back(boolean("immutable", "If true the data can no longer change."));
    secret.push_back(strMap("stringData", "Plain text values written into data on save; "
                                          "never returned on read."));
    secret.push_back(str("type", "What the secret holds, such as Opaque or "
                                 "kubernetes.io/tls."));
    addType(t, "Secret", "Small sensitive data, such as a password, token or key.", secret);
    std::vector<FieldSchema> sa = rootFields("service account", "", "");
    sa.push_back(boolean("automountServiceAccountToken",
                         "Whether pods using this account get a token mounted by default."));
    sa.push_back(objs("imagePullSecrets", "LocalObjectReference",
                      "Registry credentials added to pods that use this account."));
    sa.push_back(objs("secrets", "ObjectReference", "Secrets pods of this account may use."));
    addType(t, "ServiceAccount", "An identity for processes that run in pods.", sa);
}

void addEventTypes(TypeTable& t)
{
    std::vector<FieldSchema> ev = rootFields("event", "", "");
    const std::vector<FieldSchema> more = {
        str("action", "What was done or failed, for example Binding."),
        i32("count", "How many times this event has happened."),
        time("eventTime", "When the event was first seen, with microseconds."),
        time("firstTimestamp", "When the event was first recorded."),
        req(obj("involvedObject", "ObjectReference", "The object the event is about.")),
        time("lastTimestamp", "When the event was last recorded."),
        str("message", "Human-readable description."),
        str("reason", "Short CamelCase reason, such as Scheduled or BackOff."),
        obj("related", "ObjectReference", "A second object involved, if any."),
        str("reportingComponent", "The component that reported the event."),
        str("reportingInstance", "Which instance of that component."),
        obj("series", "EventSeries", "Data on repeated events."),
        obj("source", "EventSource", "The component and host that reported the event."),
        str("type", "Normal or Warning."),
    };
    ev.insert(ev.end(), more.begin(), more.end());
    addType(t, "Event", "A report of something that happened in the cluster.", ev);
    addType(t, "EventSource", "Who reported an event.",
            {
                str("component", "The reporting component."),
                str("host", "The node it ran on."),
            });
    addType(t, "EventSeries", "A repeated event.",
            {
                i32("count", "Occurrences so far."),
                time("lastObservedTime", "When it was last seen."),
            });
}

} // namespace

void addCoreTypes(TypeTable& t)
{
    addServiceTypes(t);
    addNodeAndNamespaceTypes(t);
    addConfigTypes(t);
    addEventTypes(t);
}

} // namespace kubelab::model::schemadef
