// applyDefaults: the defaulting kube-apiserver 1.30 does for the served kinds
// (pkg/apis/{core,apps,batch,discovery,scheduling}/v1/defaults.go), plus the few values
// its create strategies always add that a learner sees in `kubectl get -o yaml`.
// Not done here: uid/resourceVersion/creationTimestamp, clusterIP allocation and the
// service account token volume (those belong to the API server's storage layer).
#include "engine/model/defaults_util.h"
#include "engine/model/validation.h"

namespace kubelab::model {

namespace {

using namespace defaults;

void workloadCommon(json& spec)
{
    setInt(spec, "replicas", 1);
    if (hasValue(spec, "template"))
        podTemplate(spec["template"]);
}

void deployment(json& spec)
{
    workloadCommon(spec);
    json& strategy = child(spec, "strategy");
    setString(strategy, "type", "RollingUpdate");
    if (strategy["type"] == "RollingUpdate") {
        json& ru = child(strategy, "rollingUpdate");
        if (!hasValue(ru, "maxUnavailable"))
            ru["maxUnavailable"] = "25%";
        if (!hasValue(ru, "maxSurge"))
            ru["maxSurge"] = "25%";
    }
    setInt(spec, "revisionHistoryLimit", 10);
    setInt(spec, "progressDeadlineSeconds", 600);
}

void statefulSet(json& spec)
{
    workloadCommon(spec);
    setString(spec, "podManagementPolicy", "OrderedReady");
    json& strategy = child(spec, "updateStrategy");
    setString(strategy, "type", "RollingUpdate");
    if (strategy["type"] == "RollingUpdate")
        setInt(child(strategy, "rollingUpdate"), "partition", 0);
    setInt(spec, "revisionHistoryLimit", 10);
    json& retention = child(spec, "persistentVolumeClaimRetentionPolicy");
    setString(retention, "whenDeleted", "Retain");
    setString(retention, "whenScaled", "Retain");
    if (hasValue(spec, "volumeClaimTemplates") && spec["volumeClaimTemplates"].is_array()) {
        for (json& pvc : spec["volumeClaimTemplates"]) {
            if (!pvc.is_object())
                continue;
            setString(pvc, "apiVersion", "v1");
            setString(pvc, "kind", "PersistentVolumeClaim");
            setString(child(pvc, "spec"), "volumeMode", "Filesystem");
            setString(child(pvc, "status"), "phase", "Pending");
        }
    }
}

void daemonSet(json& spec)
{
    if (hasValue(spec, "template"))
        podTemplate(spec["template"]);
    json& strategy = child(spec, "updateStrategy");
    setString(strategy, "type", "RollingUpdate");
    if (strategy["type"] == "RollingUpdate") {
        json& ru = child(strategy, "rollingUpdate");
        if (!hasValue(ru, "maxUnavailable"))
            ru["maxUnavailable"] = 1;
        if (!hasValue(ru, "maxSurge"))
            ru["maxSurge"] = 0;
    }
    setInt(spec, "revisionHistoryLimit", 10);
}

void job(json& obj)
{
    json& spec = child(obj, "spec");
    if (!hasValue(spec, "completions") && !hasValue(spec, "parallelism")) {
        spec["completions"] = 1;
        spec["parallelism"] = 1;
    }
    setInt(spec, "parallelism", 1);
    if (!hasValue(spec, "backoffLimit"))
        spec["backoffLimit"] = hasValue(spec, "backoffLimitPerIndex") ? 2147483647 : 6;
    setString(spec, "completionMode", "NonIndexed");
    if (!hasValue(spec, "suspend"))
        spec["suspend"] = false;
    setString(spec, "podReplacementPolicy",
              hasValue(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
    if (!hasValue(spec, "manualSelector"))
        spec["manualSelector"] = false;
    if (hasValue(spec, "template"))
        podTemplate(spec["template"]);
    // The create strategy's generated selector, keyed by the Job's uid; only possible once
    // the API server has assigned one.
    const json& meta = obj.contains("metadata") ? obj["metadata"] : json::object();
    const std::string uid = meta.is_object() ? meta.value("uid", std::string()) : "";
    const std::string name = meta.is_object() ? meta.value("name", std::string()) : "";
    if (!uid.empty() && spec["manualSelector"] != true && !hasValue(spec, "selector")) {
        spec["selector"] = {{"matchLabels", {{"batch.kubernetes.io/controller-uid", uid}}}};
        json& tmpl = child(spec, "template");
        json& labels = child(child(tmpl, "metadata"), "labels");
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }
}

void service(json& obj)
{
    json& spec = child(obj, "spec");
    setString(spec, "sessionAffinity", "None");
    if (spec["sessionAffinity"] == "ClientIP" &&
        !(hasValue(spec, "sessionAffinityConfig") &&
          hasValue(spec["sessionAffinityConfig"], "clientIP") &&
          hasValue(spec["sessionAffinityConfig"]["clientIP"], "timeoutSeconds")))
        spec["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"] = 10800;
    setString(spec, "type", "ClusterIP");
    const std::string type = spec["type"].is_string() ? spec["type"].get<std::string>() : "";
    if (hasValue(spec, "ports") && spec["ports"].is_array()) {
        for (json& p : spec["ports"]) {
            if (!p.is_object())
                continue;
            setString(p, "protocol", "TCP");
            const bool unset =
                !hasValue(p, "targetPort") || p["targetPort"] == 0 || p["targetPort"] == "";
            if (unset && hasValue(p, "port"))
                p["targetPort"] = p["port"];
        }
    }
    if (type == "NodePort" || type == "LoadBalancer")
        setString(spec, "externalTrafficPolicy", "Cluster");
    if (type != "ExternalName") {
        setString(spec, "internalTrafficPolicy", "Cluster");
        // Set by the IP allocator on create; single-stack IPv4 is this cluster's only mode.
        const bool headlessNoSelector =
            spec.value("clusterIP", std::string()) == "None" && !hasValue(spec, "selector");
        if (!headlessNoSelector) {
            setString(spec, "ipFamilyPolicy", "SingleStack");
            if (!hasValue(spec, "ipFamilies"))
                spec["ipFamilies"] = json::array({"IPv4"});
        }
    }
    if (type == "LoadBalancer" && !hasValue(spec, "allocateLoadBalancerNodePorts"))
        spec["allocateLoadBalancerNodePorts"] = true;
    child(child(obj, "status"), "loadBalancer");
}

void namespaceObj(json& obj)
{
    json& meta = child(obj, "metadata");
    const std::string name = meta.value("name", std::string());
    if (!name.empty())
        child(meta, "labels")["kubernetes.io/metadata.name"] = name;
    json& spec = child(obj, "spec");
    if (!hasValue(spec, "finalizers"))
        spec["finalizers"] = json::array({"kubernetes"});
    setString(child(obj, "status"), "phase", "Active");
}

void node(json& obj)
{
    if (!hasValue(obj, "status"))
        return;
    json& status = obj["status"];
    if (status.is_object() && hasValue(status, "capacity") && !hasValue(status, "allocatable"))
        status["allocatable"] = status["capacity"];
}

void endpointSlice(json& obj)
{
    if (hasValue(obj, "ports") && obj["ports"].is_array())
        for (json& p : obj["ports"])
            if (p.is_object()) {
                setString(p, "protocol", "TCP");
                if (!hasValue(p, "name"))
                    p["name"] = "";
            }
}

// core/v1 SetDefaults_PersistentVolume and _PersistentVolumeClaim: a new volume or claim
// starts Pending until the binder sees it.
void persistentVolume(json& obj)
{
    json& spec = child(obj, "spec");
    setString(spec, "persistentVolumeReclaimPolicy", "Retain");
    setString(spec, "volumeMode", "Filesystem");
    setString(child(obj, "status"), "phase", "Pending");
}

void persistentVolumeClaim(json& obj)
{
    setString(child(obj, "spec"), "volumeMode", "Filesystem");
    setString(child(obj, "status"), "phase", "Pending");
}

void applyKindDefaults(json& object)
{
    const std::string apiVersion = object.value("apiVersion", std::string());
    const std::string kind = object.value("kind", std::string());
    if (apiVersion == "v1") {
        if (kind == "Pod")
            defaults::pod(object);
        else if (kind == "Service")
            service(object);
        else if (kind == "Namespace")
            namespaceObj(object);
        else if (kind == "Node")
            node(object);
        else if (kind == "Secret")
            setString(object, "type", "Opaque");
        else if (kind == "PersistentVolume")
            persistentVolume(object);
        else if (kind == "PersistentVolumeClaim")
            persistentVolumeClaim(object);
    } else if (apiVersion == "apps/v1") {
        json& spec = child(object, "spec");
        if (kind == "Deployment")
            deployment(spec);
        else if (kind == "ReplicaSet")
            workloadCommon(spec);
        else if (kind == "StatefulSet")
            statefulSet(spec);
        else if (kind == "DaemonSet")
            daemonSet(spec);
    } else if (apiVersion == "batch/v1" && kind == "Job") {
        job(object);
    } else if (apiVersion == "discovery.k8s.io/v1" && kind == "EndpointSlice") {
        endpointSlice(object);
    } else if (apiVersion == "scheduling.k8s.io/v1" && kind == "PriorityClass") {
        setString(object, "preemptionPolicy", "PreemptLowerPriority");
    } else if (apiVersion == "storage.k8s.io/v1" && kind == "StorageClass") {
        setString(object, "reclaimPolicy", "Delete");
        setString(object, "volumeBindingMode", "Immediate");
    }
}

} // namespace

void applyDefaults(nlohmann::json& object)
{
    if (!object.is_object())
        return;
    try {
        applyKindDefaults(object);
    } catch (const nlohmann::json::exception&) {
        // A field of the wrong JSON type. Callers run checkSchema first, which rejects
        // such objects, so a partly defaulted result is never stored.
    }
}

} // namespace kubelab::model
