// PodSpec and what hangs off it: volumes, scheduling constraints, pod security.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

void addSchedulingTypes(TypeTable& t)
{
    addType(t, "Affinity", "Rules that attract or repel the pod to nodes or to other pods.",
            {
                obj("nodeAffinity", "NodeAffinity",
                    "Which nodes the pod may or would like "
                    "to run on, by node labels."),
                obj("podAffinity", "PodAffinity",
                    "Run near pods that match a selector, in "
                    "the same topology domain."),
                obj("podAntiAffinity", "PodAntiAffinity",
                    "Keep away from pods that match a selector, across topology domains."),
            });
    addType(t, "NodeAffinity", "Node placement rules expressed with node labels.",
            {
                objs("preferredDuringSchedulingIgnoredDuringExecution", "PreferredSchedulingTerm",
                     "Soft rules: nodes matching more weight score higher, but others remain "
                     "possible."),
                obj("requiredDuringSchedulingIgnoredDuringExecution", "NodeSelector",
                    "Hard rule: the pod is only placed on nodes that match. Not rechecked "
                    "once the pod runs."),
            });
    addType(t, "NodeSelector",
            "A set of node selector terms; a node matches when any one term matches.",
            {
                req(objs("nodeSelectorTerms", "NodeSelectorTerm", "The terms, combined with OR.")),
            });
    addType(t, "NodeSelectorTerm",
            "Conditions on a node's labels and fields, all of which must hold.",
            {
                objs("matchExpressions", "NodeSelectorRequirement", "Conditions on node labels."),
                objs("matchFields", "NodeSelectorRequirement",
                     "Conditions on node fields; only metadata.name is supported."),
            });
    addType(t, "NodeSelectorRequirement", "A condition on one node label or field.",
            {
                req(str("key", "The label key or field name.")),
                req(oneOf(str("operator", "How the key is compared with the values."),
                          {"DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"})),
                strs("values", "Values for In/NotIn; one integer for Gt/Lt; none for "
                               "Exists/DoesNotExist."),
            });
    addType(t, "PreferredSchedulingTerm", "A weighted node selector term used for scoring.",
            {
                req(obj("preference", "NodeSelectorTerm", "The term a node should match.")),
                req(i32("weight", "Added to a matching node's score, from 1 to 100.")),
            });
    for (const char* kind : {"PodAffinity", "PodAntiAffinity"}) {
        const bool anti = std::string(kind) == "PodAntiAffinity";
        addType(
            t, kind,
            anti ? "Rules that spread the pod away from matching pods."
                 : "Rules that bring the pod next to matching pods.",
            {
                objs("preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm",
                     "Soft rules that add weight to nodes in domains that satisfy them."),
                objs("requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm",
                     "Hard rules every placement must satisfy; not rechecked later."),
            });
    }
    addType(t, "PodAffinityTerm",
            "Selects pods and names the node label that defines 'the same place' for them.",
            {
                obj("labelSelector", "LabelSelector", "Which pods the term is about."),
                strs("matchLabelKeys", "Label keys whose values are copied from the incoming "
                                       "pod into the selector."),
                strs("mismatchLabelKeys", "Label keys whose values from the incoming pod "
                                          "must differ in the selected pods."),
                obj("namespaceSelector", "LabelSelector",
                    "Namespaces to look in, by namespace labels."),
                strs("namespaces", "Namespaces to look in by name; by default the pod's own."),
                req(str("topologyKey", "Node label whose value groups nodes into domains, "
                                       "e.g. kubernetes.io/hostname or a zone label.")),
            });
    addType(t, "WeightedPodAffinityTerm", "A pod affinity term with a scoring weight.",
            {
                req(obj("podAffinityTerm", "PodAffinityTerm", "The term itself.")),
                req(i32("weight", "Weight from 1 to 100.")),
            });
    addType(t, "Toleration",
            "Lets the pod be scheduled onto (or stay on) nodes with a matching taint.",
            {
                oneOf(str("effect", "The taint effect to match; empty matches every effect."),
                      {"NoExecute", "NoSchedule", "PreferNoSchedule"}),
                str("key", "The taint key to match; empty with Exists matches all taints."),
                oneOf(str("operator", "Equal (default) compares the value; Exists matches "
                                      "any value."),
                      {"Equal", "Exists"}),
                i64("tolerationSeconds", "For NoExecute taints: how long the pod may stay "
                                         "bound after the taint appears. Unset means forever."),
                str("value", "The taint value to match when the operator is Equal."),
            });
    addType(t, "TopologySpreadConstraint",
            "Keeps matching pods evenly spread across the domains of a node label.",
            {
                obj("labelSelector", "LabelSelector", "Which pods are counted."),
                strs("matchLabelKeys", "Label keys whose values from the incoming pod are "
                                       "added to the selector."),
                req(i32("maxSkew", "Largest allowed difference in matching pods between any "
                                   "two domains. Must be greater than zero.")),
                i32("minDomains", "Minimum number of eligible domains; only with "
                                  "DoNotSchedule."),
                str("nodeAffinityPolicy", "Honor or Ignore: whether node affinity limits the "
                                          "domains counted."),
                str("nodeTaintsPolicy", "Honor or Ignore: whether tainted nodes count."),
                req(str("topologyKey", "Node label that defines the domains.")),
                req(oneOf(str("whenUnsatisfiable", "What to do when the skew cannot be kept."),
                          {"DoNotSchedule", "ScheduleAnyway"})),
            });
}

void addVolumeTypes(TypeTable& t)
{
    addType(t, "Volume", "A named storage source the pod's containers can mount.",
            {
                obj("configMap", "ConfigMapVolumeSource", "Files made from a ConfigMap."),
                obj("downwardAPI", "DownwardAPIVolumeSource",
                    "Files holding the pod's own fields (name, labels, resource limits)."),
                obj("emptyDir", "EmptyDirVolumeSource",
                    "A scratch directory that lives as long as the pod does."),
                obj("hostPath", "HostPathVolumeSource",
                    "A file or directory of the node itself. Use with great care."),
                req(str("name", "Name of the volume; mounts refer to it. Must be a DNS label "
                                "unique in the pod.")),
                obj("persistentVolumeClaim", "PersistentVolumeClaimVolumeSource",
                    "Storage bound through a PersistentVolumeClaim in the same namespace."),
                obj("projected", "ProjectedVolumeSource",
                    "Several sources (secrets, config maps, the downward API, service "
                    "account tokens) merged into one directory."),
                obj("secret", "SecretVolumeSource", "Files made from a Secret."),
            });
    addType(t, "KeyToPath", "Maps one key of a ConfigMap or Secret to a file path.",
            {
                req(str("key", "The key to project.")),
                i32("mode", "File mode bits for this file, 0000 to 0777."),
                req(str("path", "Relative path of the file; may not contain '..'.")),
            });
    addType(t, "ConfigMapVolumeSource", "Exposes a ConfigMap's keys as files.",
            {
                i32("defaultMode", "Mode bits for the created files; defaults to 0644."),
                objs("items", "KeyToPath", "Which keys to project and where; all by default."),
                str("name", "Name of the ConfigMap."),
                boolean("optional", "If true the pod starts even if the ConfigMap is missing."),
            });
    addType(t, "SecretVolumeSource", "Exposes a Secret's keys as files.",
            {
                i32("defaultMode", "Mode bits for the created files; defaults to 0644."),
                objs("items", "KeyToPath", "Which keys to project and where; all by default."),
                boolean("optional", "If true the pod starts even if the Secret is missing."),
                str("secretName", "Name of the Secret in the pod's namespace."),
            });
    addType(t, "EmptyDirVolumeSource", "An initially empty directory shared by the containers.",
            {
                str("medium", "Where the data lives: \"\" for the node's disk, Memory for tmpfs."),
                qty("sizeLimit", "Upper bound on the space the directory may use."),
            });
    addType(t, "HostPathVolumeSource", "A path on the node's filesystem.",
            {
                req(str("path", "Path on the node.")),
                str("type", "What must exist at the path, e.g. Directory or "
                            "DirectoryOrCreate; empty means no check."),
            });
    addType(t, "PersistentVolumeClaimVolumeSource", "Refers to a PersistentVolumeClaim.",
            {
                req(str("claimName", "Name of the claim in the pod's namespace.")),
                boolean("readOnly", "Mount the volume read-only."),
            });
    addType(t, "ProjectedVolumeSource", "Several volume sources merged into one directory.",
            {
                i32("defaultMode", "Mode bits for the created files; defaults to 0644."),
                objs("sources", "VolumeProjection", "The sources to merge."),
            });
    addType(t, "VolumeProjection", "One source of a projected volume.",
            {
                obj("configMap", "ConfigMapProjection", "Keys of a ConfigMap."),
                obj("downwardAPI", "DownwardAPIProjection", "Fields of the pod itself."),
                obj("secret", "SecretProjection", "Keys of a Secret."),
                obj("serviceAccountToken", "ServiceAccountTokenProjection",
                    "A short-lived token for the pod's service account."),
            });
    addType(t, "ConfigMapProjection", "ConfigMap keys inside a projected volume.",
            {
                objs("items", "KeyToPath", "Which keys to project."),
                str("name", "Name of the ConfigMap."),
                boolean("optional", "Whether the ConfigMap may be missing."),
            });
    addType(t, "SecretProjection", "Secret keys inside a projected volume.",
            {
                objs("items", "KeyToPath", "Which keys to project."),
                str("name", "Name of the Secret."),
                boolean("optional", "Whether the Secret may be missing."),
            });
    addType(t, "DownwardAPIVolumeSource", "Exposes fields of the pod as files.",
            {
                i32("defaultMode", "Mode bits for the created files; defaults to 0644."),
                objs("items", "DownwardAPIVolumeFile", "The files to create."),
            });
    addType(t, "DownwardAPIProjection", "Pod fields inside a projected volume.",
            {
                objs("items", "DownwardAPIVolumeFile", "The files to create."),
            });
    addType(t, "DownwardAPIVolumeFile", "One file holding a pod field or resource value.",
            {
                obj("fieldRef", "ObjectFieldSelector", "The pod field to write."),
                i32("mode", "Mode bits of the file."),
                req(str("path", "Relative path of the file.")),
                obj("resourceFieldRef", "ResourceFieldSelector",
                    "A container resource limit or request to write."),
            });
    addType(t, "ServiceAccountTokenProjection", "A bound service account token file.",
            {
                str("audience", "Who the token is meant for; defaults to the API server."),
                i64("expirationSeconds", "Requested lifetime; the kubelet renews it early."),
                req(str("path", "Relative path of the token file.")),
            });
}

void addPodSecurityTypes(TypeTable& t)
{
    addType(t, "PodSecurityContext",
            "Security settings for the whole pod; container settings override them.",
            {
                i64("fsGroup", "Group that owns mounted volumes and is added to every "
                               "container process."),
                boolean("runAsNonRoot", "If true, refuse to start a container whose user "
                                        "would be root."),
                i64("runAsGroup", "Primary group ID of container processes."),
                i64("runAsUser", "User ID of container processes."),
                obj("seLinuxOptions", "SELinuxOptions", "SELinux labels for the containers."),
                obj("seccompProfile", "SeccompProfile", "The seccomp filter to apply."),
                ints64("supplementalGroups", "Extra group IDs for every container process."),
                objs("sysctls", "Sysctl", "Namespaced kernel parameters to set."),
            });
    addType(t, "Sysctl", "A kernel parameter and its value.",
            {
                req(str("name", "Name of the parameter.")),
                req(str("value", "Value to set.")),
            });
    addType(t, "PodDNSConfig", "DNS settings merged into what the dnsPolicy produces.",
            {
                strs("nameservers", "Extra DNS server IPs."),
                objs("options", "PodDNSConfigOption", "Extra resolver options."),
                strs("searches", "Extra search domains."),
            });
    addType(t, "PodDNSConfigOption", "One resolver option, such as ndots.",
            {
                str("name", "Option name."),
                str("value", "Option value, if it takes one."),
            });
    addType(t, "HostAlias", "Extra entries for the pod's /etc/hosts.",
            {
                strs("hostnames", "Host names for the address."),
                req(str("ip", "The IP address.")),
            });
    addType(t, "PodReadinessGate", "An extra condition that must be true for readiness.",
            {
                req(str("conditionType", "Type of the pod condition to wait for.")),
            });
}

} // namespace

void addPodTypes(TypeTable& t)
{
    addSchedulingTypes(t);
    addVolumeTypes(t);
    addPodSecurityTypes(t);
    addType(t, "PodTemplateSpec",
            "The blueprint of the pods a controller creates: their metadata and spec.",
            {
                obj("metadata", "ObjectMeta", "Labels and annotations for the created pods."),
                obj("spec", "PodSpec", "The spec each created pod gets."),
            });
    addType(t, "PodSpec", "What a pod should run and how it should be placed.",
            {
                i64("activeDeadlineSeconds", "Seconds a pod may be active before the "
                                             "kubelet fails it."),
                obj("affinity", "Affinity", "Scheduling rules towards nodes and other pods."),
                boolean("automountServiceAccountToken",
                        "Whether a service account token is mounted automatically."),
                req(objs("containers", "Container",
                         "The containers of the pod. At least one is required, and the list "
                         "cannot change after creation.")),
                obj("dnsConfig", "PodDNSConfig", "Extra DNS settings."),
                oneOf(str("dnsPolicy", "How the pod's resolver is set up. ClusterFirst "
                                       "(the default) uses cluster DNS first."),
                      {"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"}),
                boolean("enableServiceLinks", "Whether environment variables for Services "
                                              "are injected. Defaults to true."),
                objs("hostAliases", "HostAlias", "Extra /etc/hosts entries."),
                boolean("hostIPC", "Use the node's IPC namespace."),
                boolean("hostNetwork", "Use the node's network namespace; the pod gets the "
                                       "node's IP."),
                boolean("hostPID", "Use the node's process namespace."),
                str("hostname", "Host name inside the pod; defaults to the pod name."),
                objs("imagePullSecrets", "LocalObjectReference",
                     "Secrets with registry credentials for pulling images."),
                objs("initContainers", "Container",
                     "Containers that run one by one to completion before the app "
                     "containers start."),
                str("nodeName", "The node the pod is bound to. Set by the scheduler; setting "
                                "it yourself skips scheduling."),
                strMap("nodeSelector", "Node labels the node must carry for the pod to fit."),
                qtyMap("overhead", "Resources the pod's sandbox itself uses."),
                oneOf(str("preemptionPolicy", "Whether this pod may evict lower priority pods."),
                      {"Never", "PreemptLowerPriority"}),
                i32("priority", "Priority value, filled in from priorityClassName by "
                                "admission. Higher runs first."),
                str("priorityClassName", "Name of the PriorityClass that sets the priority."),
                objs("readinessGates", "PodReadinessGate", "Extra conditions for readiness."),
                oneOf(str("restartPolicy", "When the kubelet restarts exited containers. "
                                           "Defaults to Always."),
                      {"Always", "Never", "OnFailure"}),
                str("runtimeClassName", "RuntimeClass used to run the pod."),
                str("schedulerName", "Which scheduler places the pod; default-scheduler when "
                                     "empty."),
                obj("securityContext", "PodSecurityContext", "Pod-wide security settings."),
                str("serviceAccount", "Deprecated alias of serviceAccountName."),
                str("serviceAccountName", "The service account the pod runs as."),
                boolean("setHostnameAsFQDN", "Use the fully qualified name as host name."),
                boolean("shareProcessNamespace", "One process namespace for all containers."),
                str("subdomain", "Gives the pod the name <hostname>.<subdomain>.<namespace>.svc "
                                 "through a headless Service of that name."),
                i64("terminationGracePeriodSeconds",
                    "Seconds between the polite stop signal and the forced kill. Defaults "
                    "to 30."),
                objs("tolerations", "Toleration", "Taints the pod tolerates."),
                objs("topologySpreadConstraints", "TopologySpreadConstraint",
                     "How matching pods should spread across domains."),
                objs("volumes", "Volume", "Volumes the containers can mount."),
            });
}

} // namespace kubelab::model::schemadef
