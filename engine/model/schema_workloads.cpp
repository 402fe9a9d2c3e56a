// apps/v1, batch/v1, discovery.k8s.io/v1, coordination.k8s.io/v1, scheduling.k8s.io/v1.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

FieldSchema selectorField(const std::string& what)
{
    return req(obj("selector", "LabelSelector",
                   "Which pods belong to this " + what +
                       ". It must match the template's "
                       "labels and cannot change after creation."));
}

FieldSchema templateField(const std::string& what)
{
    return req(obj("template", "PodTemplateSpec",
                   "The pods this " + what +
                       " creates. Their labels must match the "
                       "selector."));
}

std::vector<FieldSchema> conditionFields(bool lastUpdate)
{
    std::vector<FieldSchema> f = {
        time("lastTransitionTime", "When the status last changed."),
        str("message", "Human-readable details."),
        str("reason", "CamelCase reason for the last change."),
        req(str("status", "True, False or Unknown.")),
        req(str("type", "The condition type.")),
    };
    if (lastUpdate)
        f.insert(f.begin() + 1, time("lastUpdateTime", "When the condition was last "
                                                       "updated."));
    return f;
}

void addDeploymentTypes(TypeTable& t)
{
    addType(t, "Deployment",
            "Runs a number of identical pods through ReplicaSets and replaces them "
            "gradually when the template changes.",
            rootFields("deployment", "DeploymentSpec", "DeploymentStatus"));
    addType(t, "DeploymentSpec", "The desired state of a Deployment.",
            {
                i32("minReadySeconds", "Seconds a new pod must stay ready before it counts "
                                       "as available. Defaults to 0."),
                boolean("paused", "If true, template changes do not start a rollout."),
                i32("progressDeadlineSeconds",
                    "Seconds a rollout may go without progress before it is reported as "
                    "failed. Defaults to 600."),
                i32("replicas", "How many pods to run. Defaults to 1."),
                i32("revisionHistoryLimit", "How many old ReplicaSets to keep for rollback. "
                                            "Defaults to 10."),
                selectorField("Deployment"),
                obj("strategy", "DeploymentStrategy",
                    "How old pods are replaced by new "
                    "ones."),
                templateField("Deployment"),
            });
    addType(t, "DeploymentStrategy", "How a Deployment replaces its pods.",
            {
                obj("rollingUpdate", "RollingUpdateDeployment",
                    "Limits of a rolling update; only with type RollingUpdate."),
                oneOf(str("type", "Recreate stops all old pods first; RollingUpdate "
                                  "(default) replaces them a few at a time."),
                      {"Recreate", "RollingUpdate"}),
            });
    addType(t, "RollingUpdateDeployment", "How fast a rolling update may go.",
            {
                intOrStr("maxSurge", "Pods allowed above the desired count during the "
                                     "update, a number or a percentage. Defaults to 25%."),
                intOrStr("maxUnavailable", "Pods that may be unavailable during the update, "
                                           "a number or a percentage. Defaults to 25%."),
            });
    addType(t, "DeploymentStatus", "The observed state of a Deployment.",
            {
                i32("availableReplicas", "Pods ready for at least minReadySeconds."),
                i32("collisionCount", "Counts hash collisions of the template; used to "
                                      "make ReplicaSet names unique."),
                objs("conditions", "DeploymentCondition",
                     "Available, Progressing and "
                     "ReplicaFailure."),
                i64("observedGeneration", "The generation the controller last acted on."),
                i32("readyReplicas", "Pods whose Ready condition is true."),
                i32("replicas", "Pods owned by the Deployment, old and new."),
                i32("unavailableReplicas", "Pods still needed to reach full availability."),
                i32("updatedReplicas", "Pods running the current template."),
            });
    addType(t, "DeploymentCondition", "One aspect of a Deployment's state.", conditionFields(true));
    addType(t, "ReplicaSet", "Keeps a given number of pods matching its selector running.",
            rootFields("replica set", "ReplicaSetSpec", "ReplicaSetStatus"));
    addType(t, "ReplicaSetSpec", "The desired state of a ReplicaSet.",
            {
                i32("minReadySeconds", "Seconds a pod must be ready to count as available."),
                i32("replicas", "How many pods to run. Defaults to 1."),
                selectorField("ReplicaSet"),
                obj("template", "PodTemplateSpec", "The pods created when too few exist."),
            });
    addType(t, "ReplicaSetStatus", "The observed state of a ReplicaSet.",
            {
                i32("availableReplicas", "Pods ready for at least minReadySeconds."),
                objs("conditions", "ReplicaSetCondition", "ReplicaFailure, if any."),
                i32("fullyLabeledReplicas", "Pods whose labels match the template's."),
                i64("observedGeneration", "The generation the controller last acted on."),
                i32("readyReplicas", "Pods whose Ready condition is true."),
                req(i32("replicas", "Pods currently owned.")),
            });
    addType(t, "ReplicaSetCondition", "One aspect of a ReplicaSet's state.",
            conditionFields(false));
}

void addStatefulSetTypes(TypeTable& t)
{
    addType(t, "StatefulSet",
            "Runs pods with stable names (web-0, web-1, ...) and their own storage, created "
            "and updated in order.",
            rootFields("stateful set", "StatefulSetSpec", "StatefulSetStatus"));
    addType(t, "StatefulSetSpec", "The desired state of a StatefulSet.",
            {
                i32("minReadySeconds", "Seconds a pod must be ready to count as available."),
                obj("ordinals", "StatefulSetOrdinals", "Where pod numbering starts."),
                obj("persistentVolumeClaimRetentionPolicy",
                    "StatefulSetPersistentVolumeClaimRetentionPolicy",
                    "Whether claims are kept when the set is deleted or scaled down."),
                oneOf(str("podManagementPolicy",
                          "OrderedReady (default) creates pods one at a time in order; "
                          "Parallel creates and deletes them all at once."),
                      {"OrderedReady", "Parallel"}),
                i32("replicas", "How many pods to run. Defaults to 1."),
                i32("revisionHistoryLimit", "How many old revisions to keep. Defaults to 10."),
                selectorField("StatefulSet"),
                str("serviceName", "The headless Service that gives each pod its DNS name."),
                templateField("StatefulSet"),
                obj("updateStrategy", "StatefulSetUpdateStrategy",
                    "How pods are replaced when the template changes."),
                objs("volumeClaimTemplates", "PersistentVolumeClaim",
                     "Claims made for every pod, named <claim>-<pod>."),
            });
    addType(t, "StatefulSetOrdinals", "Numbering of a StatefulSet's pods.",
            {
                i32("start", "The first ordinal. Defaults to 0."),
            });
    addType(t, "StatefulSetPersistentVolumeClaimRetentionPolicy", "What happens to per-pod claims.",
            {
                oneOf(str("whenDeleted", "Retain (default) or Delete when the set is "
                                         "deleted."),
                      {"Delete", "Retain"}),
                oneOf(str("whenScaled", "Retain (default) or Delete when the set scales "
                                        "down."),
                      {"Delete", "Retain"}),
            });
    addType(t, "StatefulSetUpdateStrategy", "How a StatefulSet updates its pods.",
            {
                obj("rollingUpdate", "RollingUpdateStatefulSetStrategy",
                    "Settings of a rolling update."),
                oneOf(str("type", "RollingUpdate (default) replaces pods from the highest "
                                  "ordinal down; OnDelete waits for you to delete them."),
                      {"OnDelete", "RollingUpdate"}),
            });
    addType(t, "RollingUpdateStatefulSetStrategy", "Settings of a StatefulSet rolling update.",
            {
                intOrStr("maxUnavailable", "Pods that may be unavailable during the update."),
                i32("partition", "Only pods with an ordinal at or above this are updated. "
                                 "Defaults to 0."),
            });
    addType(t, "StatefulSetStatus", "The observed state of a StatefulSet.",
            {
                i32("availableReplicas", "Pods ready for at least minReadySeconds."),
                i32("collisionCount", "Counts hash collisions of revisions."),
                objs("conditions", "StatefulSetCondition", "Current conditions."),
                i32("currentReplicas", "Pods at currentRevision."),
                str("currentRevision", "The revision of the pods before the update."),
                i64("observedGeneration", "The generation the controller last acted on."),
                i32("readyReplicas", "Pods whose Ready condition is true."),
                req(i32("replicas", "Pods created by the controller.")),
                str("updateRevision", "The revision being rolled out."),
                i32("updatedReplicas", "Pods at updateRevision."),
            });
    addType(t, "StatefulSetCondition", "One aspect of a StatefulSet's state.",
            conditionFields(false));
}

void addDaemonSetTypes(TypeTable& t)
{
    addType(t, "DaemonSet", "Runs one copy of a pod on every (selected) node.",
            rootFields("daemon set", "DaemonSetSpec", "DaemonSetStatus"));
    addType(t, "DaemonSetSpec", "The desired state of a DaemonSet.",
            {
                i32("minReadySeconds", "Seconds a pod must be ready to count as available."),
                i32("revisionHistoryLimit", "How many old revisions to keep. Defaults to 10."),
                selectorField("DaemonSet"),
                templateField("DaemonSet"),
                obj("updateStrategy", "DaemonSetUpdateStrategy",
                    "How pods are replaced when the template changes."),
            });
    addType(t, "DaemonSetUpdateStrategy", "How a DaemonSet updates its pods.",
            {
                obj("rollingUpdate", "RollingUpdateDaemonSet",
                    "Settings of a rolling "
                    "update."),
                oneOf(str("type", "RollingUpdate (default) or OnDelete."),
                      {"OnDelete", "RollingUpdate"}),
            });
    addType(t, "RollingUpdateDaemonSet", "How fast a DaemonSet rolling update may go.",
            {
                intOrStr("maxSurge", "Nodes that may run an old and a new pod at once. "
                                     "Defaults to 0."),
                intOrStr("maxUnavailable", "Nodes whose pod may be unavailable during the "
                                           "update. Defaults to 1."),
            });
    addType(t, "DaemonSetStatus", "The observed state of a DaemonSet.",
            {
                i32("collisionCount", "Counts hash collisions of revisions."),
                objs("conditions", "DaemonSetCondition", "Current conditions."),
                req(i32("currentNumberScheduled", "Nodes running a daemon pod that should.")),
                req(i32("desiredNumberScheduled", "Nodes that should run a daemon pod.")),
                i32("numberAvailable", "Nodes whose daemon pod is available."),
                req(i32("numberMisscheduled", "Nodes running a daemon pod that should not.")),
                req(i32("numberReady", "Nodes whose daemon pod is ready.")),
                i32("numberUnavailable", "Nodes whose daemon pod is not available."),
                i64("observedGeneration", "The generation the controller last acted on."),
                i32("updatedNumberScheduled", "Nodes running the current template."),
            });
    addType(t, "DaemonSetCondition", "One aspect of a DaemonSet's state.", conditionFields(false));
}

void addJobTypes(TypeTable& t)
{
    addType(t, "Job", "Runs pods until a number of them finish successfully.",
            rootFields("job", "JobSpec", "JobStatus"));
    addType(t, "JobSpec", "The desired state of a Job.",
            {
                i64("activeDeadlineSeconds", "Seconds the Job may run before it is failed "
                                             "and its pods stopped."),
                i32("backoffLimit", "Retries before the Job is marked failed. Defaults to "
                                    "6."),
                i32("backoffLimitPerIndex", "Retries per index for Indexed Jobs."),
                oneOf(str("completionMode", "NonIndexed (default) or Indexed, which gives "
                                            "each pod a completion index."),
                      {"Indexed", "NonIndexed"}),
                i32("completions", "Successful pods needed. Defaults to 1 when parallelism "
                                   "is not set either."),
                boolean("manualSelector", "If true you provide the selector yourself; "
                                          "usually left to the system."),
                i32("maxFailedIndexes", "Failed indexes after which the Job fails."),
                i32("parallelism", "Pods run at the same time. Defaults to 1."),
                obj("podFailurePolicy", "PodFailurePolicy",
                    "How pod failures are "
                    "counted."),
                oneOf(str("podReplacementPolicy",
                          "When replacement pods are created: TerminatingOrFailed (default) "
                          "or Failed."),
                      {"Failed", "TerminatingOrFailed"}),
                obj("selector", "LabelSelector",
                    "Which pods belong to the Job; generated "
                    "by the system by default."),
                boolean("suspend", "If true no pods are created and running ones are "
                                   "stopped."),
                req(obj("template", "PodTemplateSpec",
                        "The pods the Job runs. restartPolicy "
                        "must be Never or OnFailure.")),
                i32("ttlSecondsAfterFinished", "Seconds after finishing before the Job is "
                                               "deleted."),
            });
    addType(t, "PodFailurePolicy", "Rules that decide what a failed pod means for the Job.",
            {
                req(objs("rules", "PodFailurePolicyRule",
                         "Checked in order; the first "
                         "match decides.")),
            });
    addType(t, "PodFailurePolicyRule", "One pod failure rule.",
            {
                req(str("action", "FailJob, FailIndex, Ignore or Count.")),
                obj("onExitCodes", "PodFailurePolicyOnExitCodesRequirement",
                    "Matches container exit codes."),
                objs("onPodConditions", "PodFailurePolicyOnPodConditionsPattern",
                     "Matches pod conditions."),
            });
    addType(t, "PodFailurePolicyOnExitCodesRequirement", "Matches exit codes.",
            {
                str("containerName", "Only this container; all by default."),
                req(str("operator", "In or NotIn.")),
                req(field("values", "[]integer", "", "The exit codes.", "int32")),
            });
    addType(t, "PodFailurePolicyOnPodConditionsPattern", "Matches a pod condition.",
            {
                req(str("status", "The status to match.")),
                req(str("type", "The condition type.")),
            });
    addType(t, "JobStatus", "The observed state of a Job.",
            {
                i32("active", "Pods still running."),
                str("completedIndexes", "Completed indexes, as text like 1,3-5."),
                time("completionTime", "When the Job finished successfully."),
                objs("conditions", "JobCondition", "Complete, Failed, Suspended, ..."),
                i32("failed", "Pods that failed."),
                str("failedIndexes", "Failed indexes, as text."),
                i32("ready", "Running pods that are ready."),
                time("startTime", "When the Job controller started the Job."),
                i32("succeeded", "Pods that succeeded."),
                i32("terminating", "Pods being terminated."),
                obj("uncountedTerminatedPods", "", "Finished pods not yet counted."),
            });
    addType(t, "JobCondition", "One aspect of a Job's state.",
            {
                time("lastProbeTime", "When the condition was last checked."),
                time("lastTransitionTime", "When the status last changed."),
                str("message", "Human-readable details."),
                str("reason", "CamelCase reason for the last change."),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "The condition type.")),
            });
}

void addSmallKinds(TypeTable& t)
{
    std::vector<FieldSchema> es = rootFields("endpoint slice", "", "");
    es.push_back(req(oneOf(str("addressType", "The kind of addresses: IPv4, IPv6 or FQDN."),
                           {"FQDN", "IPv4", "IPv6"})));
    es.push_back(req(objs("endpoints", "Endpoint", "The endpoints of the slice.")));
    es.push_back(objs("ports", "EndpointPort", "Ports every endpoint of the slice serves."));
    addType(t, "EndpointSlice",
            "A part of the endpoints of a Service: pod addresses and "
            "ports.",
            es);
    addType(t, "Endpoint", "One backend of a Service.",
            {
                req(strs("addresses", "Addresses of the backend; usually one pod IP.")),
                obj("conditions", "EndpointConditions", "Readiness of the backend."),
                strMap("deprecatedTopology", "Deprecated topology labels."),
                obj("hints", "EndpointHints", "Routing hints."),
                str("hostname", "Host name of the backend."),
                str("nodeName", "Node the backend runs on."),
                obj("targetRef", "ObjectReference", "The pod behind the endpoint."),
                str("zone", "Zone of the backend."),
            });
    addType(t, "EndpointConditions", "Readiness of an endpoint.",
            {
                boolean("ready", "Ready to receive traffic."),
                boolean("serving", "Serving, even while terminating."),
                boolean("terminating", "Shutting down."),
            });
    addType(t, "EndpointHints", "Routing hints of an endpoint.",
            {
                objs("forZones", "ForZone", "Zones that should use this endpoint."),
            });
    addType(t, "ForZone", "A zone.", {req(str("name", "Name of the zone."))});
    addType(t, "EndpointPort", "A port of the endpoints.",
            {
                str("appProtocol", "Application protocol."),
                str("name", "Name, matching the Service port's name."),
                i32("port", "Port number."),
                str("protocol", "TCP, UDP or SCTP."),
            });
    addType(t, "Lease", "A lightweight lock used for leader election and node heartbeats.",
            rootFields("lease", "LeaseSpec", ""));
    addType(t, "LeaseSpec", "Who holds a lease and until when.",
            {
                time("acquireTime", "When the current holder acquired the lease."),
                str("holderIdentity", "Who holds the lease."),
                i32("leaseDurationSeconds", "How long candidates wait after the last renewal "
                                            "before taking over."),
                i32("leaseTransitions", "How many times the holder has changed."),
                str("preferredHolder", "Who should hold it next."),
                time("renewTime", "When the holder last renewed the lease."),
                str("strategy", "How the next holder is chosen."),
            });
    std::vector<FieldSchema> pc = rootFields("priority class", "", "");
    pc.push_back(str("description", "What the class is for."));
    pc.push_back(boolean("globalDefault", "If true pods without a class get this one."));
    pc.push_back(oneOf(str("preemptionPolicy", "Whether pods of this class may preempt. "
                                               "Defaults to PreemptLowerPriority."),
                       {"Never", "PreemptLowerPriority"}));
    pc.push_back(req(i32("value", "The priority pods of this class get; higher wins.")));
    addType(t, "PriorityClass", "Maps a class name to a pod priority.", pc);
}

} // namespace

void addWorkloadTypes(TypeTable& t)
{
    addDeploymentTypes(t);
    addStatefulSetTypes(t);
    addDaemonSetTypes(t);
    addJobTypes(t);
    addSmallKinds(t);
}

} // namespace kubelab::model::schemadef
