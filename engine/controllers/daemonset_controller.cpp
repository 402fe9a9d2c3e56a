#include "engine/controllers/daemonset_controller.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

bool ownedByDaemonSet(const Json& pod)
{
    const Json* ref = controllerRef(pod);
    return ref && ref->value("kind", "") == "DaemonSet";
}

bool tolerates(const Json& toleration, const Json& taint)
{
    const std::string effect = toleration.value("effect", "");
    if (!effect.empty() && effect != taint.value("effect", ""))
        return false;
    const std::string key = toleration.value("key", "");
    const std::string op = toleration.value("operator", "Equal");
    if (key.empty())
        return op == "Exists"; // an empty key with Exists tolerates everything
    if (key != taint.value("key", ""))
        return false;
    return op == "Exists" || toleration.value("value", "") == taint.value("value", "");
}

} // namespace

Json DaemonSetController::podTolerations(const Json& ds)
{
    Json out = model::objectAt(model::objectAt(model::objectAt(ds, "spec"), "template"), "spec")
                   .value("tolerations", Json::array());
    auto add = [&](const char* key, const char* effect) {
        for (const Json& t : out)
            if (t.value("key", "") == key && t.value("effect", "") == effect)
                return;
        out.push_back({{"key", key}, {"operator", "Exists"}, {"effect", effect}});
    };
    add("node.kubernetes.io/not-ready", "NoExecute");
    add("node.kubernetes.io/unreachable", "NoExecute");
    add("node.kubernetes.io/disk-pressure", "NoSchedule");
    add("node.kubernetes.io/memory-pressure", "NoSchedule");
    add("node.kubernetes.io/pid-pressure", "NoSchedule");
    add("node.kubernetes.io/unschedulable", "NoSchedule");
    return out;
}

bool DaemonSetController::shouldRun(const Json& ds, const Json& node)
{
    const Json& selector = model::objectAt(
        model::objectAt(model::objectAt(model::objectAt(ds, "spec"), "template"), "spec"),
        "nodeSelector");
    const Json& labels = model::objectAt(model::objectAt(node, "metadata"), "labels");
    for (const auto& [k, v] : selector.items())
        if (!labels.contains(k) || labels[k] != v)
            return false;
    const Json tolerations = podTolerations(ds);
    for (const Json& taint : model::objectAt(node, "spec").value("taints", Json::array())) {
        const std::string effect = taint.value("effect", "");
        if (effect != "NoSchedule" && effect != "NoExecute")
            continue; // PreferNoSchedule never keeps a daemon pod off
        if (std::none_of(tolerations.begin(), tolerations.end(),
                         [&](const Json& t) { return tolerates(t, taint); }))
            return false;
    }
    return true;
}

std::string DaemonSetController::targetNode(const Json& pod)
{
    const std::string_view bound = model::stringAtPath(pod, "spec.nodeName");
    if (!bound.empty())
        return std::string(bound);
    const Json& terms = model::memberAtPath(
        pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
             "nodeSelectorTerms");
    for (const Json& term : terms)
        for (const Json& f : term.value("matchFields", Json::array()))
            if (f.value("key", "") == "metadata.name" && f.value("operator", "") == "In" &&
                f.value("values", Json::array()).size() == 1)
                return f["values"][0].get<std::string>();
    return {};
}

Json DaemonSetController::newPod(const Json& ds, const std::string& node)
{
    const Json& tmpl = model::objectAt(model::objectAt(ds, "spec"), "template");
    Json pod = podFromTemplate(tmpl, ds, nameOf(ds) + "-");
    pod["metadata"]["labels"]["pod-template-generation"] =
        std::to_string(model::intAtPath(ds, "metadata.generation", 1));
    // Replaces any node affinity: the pod may only go to its node
    // (ReplaceDaemonSetPodNodeNameNodeAffinity).
    pod["spec"]["affinity"]["nodeAffinity"] = {
        {"requiredDuringSchedulingIgnoredDuringExecution",
         {{"nodeSelectorTerms",
           {{{"matchFields",
              {{{"key", "metadata.name"}, {"operator", "In"}, {"values", {node}}}}}}}}}}};
    pod["spec"]["tolerations"] = podTolerations(ds);
    return pod;
}

void DaemonSetController::enqueueOwner(const ControllerHost& host, const Json& pod)
{
    const Json* ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "DaemonSet")
        return;
    const std::string key = namespaceOf(pod) + "/" + ref->value("name", "");
    const Json* ds = host.cache("daemonsets").get(key);
    if (ds && uidOf(*ds) == ref->value("uid", ""))
        m_queue.add(key);
}

void DaemonSetController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                       const std::string& type, const Json& object,
                                       const Json& previous)
{
    if (informer == "daemonsets") {
        if (type == "DELETED")
            m_expectations.deleteExpectations(keyOf(object));
        m_queue.add(keyOf(object));
        return;
    }
    if (informer == "nodes") {
        // Only labels, taints and existence decide eligibility; heartbeats do not.
        const bool relevant = type != "MODIFIED" || previous.is_null() ||
                              model::memberAt(model::objectAt(previous, "metadata"), "labels") !=
                                  model::memberAt(model::objectAt(object, "metadata"), "labels") ||
                              model::objectAt(previous, "spec") != model::objectAt(object, "spec");
        if (relevant)
            for (const auto& [key, ds] : host.cache("daemonsets").objects())
                m_queue.add(key);
        return;
    }
    if (informer != "pods" || !ownedByDaemonSet(object))
        return;
    const std::string dsKey = namespaceOf(object) + "/" + controllerRef(object)->value("name", "");
    if (type == "ADDED")
        m_expectations.creationObserved(dsKey, targetNode(object));
    if (type == "DELETED" || (isDeleting(object) && !isDeleting(previous)))
        m_expectations.deletionObserved(dsKey, keyOf(object));
    enqueueOwner(host, object);
}

void DaemonSetController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, ds] : host.cache("daemonsets").objects())
        m_queue.add(key);
}

void DaemonSetController::reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key)
{
    const Json* dsPtr = host.cache("daemonsets").get(key);
    if (!dsPtr) {
        m_expectations.deleteExpectations(key);
        ctx.describe("controller.reconcile", "daemonsets/" + key,
                     std::string(kName) + ": " + key + " is gone");
        return;
    }
    const Json& ds = *dsPtr;
    const std::string ns = namespaceOf(ds), name = nameOf(ds), uid = uidOf(ds);
    const std::int64_t minReady = model::intAtPath(ds, "spec.minReadySeconds");

    // Active daemon pods by the node they are for (oldest first: key order is not age,
    // so sort by creationTimestamp then name).
    std::map<std::string, std::vector<const Json*>> byNode;
    std::vector<const Json*> finished;
    for (const Json* pod : host.cache("pods").list(ns)) {
        const Json* ref = controllerRef(*pod);
        if (!ref || ref->value("uid", "") != uid || isDeleting(*pod))
            continue;
        const std::string phase = podPhase(*pod);
        if (phase == "Failed" || phase == "Succeeded")
            finished.push_back(pod);
        else
            byNode[targetNode(*pod)].push_back(pod);
    }
    for (auto& [node, pods] : byNode)
        std::stable_sort(pods.begin(), pods.end(), [](const Json* a, const Json* b) {
            return model::stringAtPath(*a, "metadata.creationTimestamp") <
                   model::stringAtPath(*b, "metadata.creationTimestamp");
        });

    std::vector<std::string> createOn, remove;
    std::int64_t desired = 0, scheduled = 0, misscheduled = 0, ready = 0, available = 0;
    std::set<std::string> nodes;
    for (const auto& [nodeKey, node] : host.cache("nodes").objects()) {
        nodes.insert(nodeKey);
        const bool eligible = shouldRun(ds, node) && !isDeleting(ds);
        auto it = byNode.find(nodeKey);
        const std::vector<const Json*> none;
        const std::vector<const Json*>& pods = it == byNode.end() ? none : it->second;
        if (eligible) {
            ++desired;
            if (pods.empty() && !m_expectations.expectsCreation(key, nodeKey))
                createOn.push_back(nodeKey);
            for (std::size_t i = 1; i < pods.size(); ++i) // keep the oldest
                remove.push_back(nameOf(*pods[i]));
            if (!pods.empty() && !model::stringAtPath(*pods[0], "spec.nodeName").empty()) {
                ++scheduled;
                if (isPodReady(*pods[0])) {
                    ++ready;
                    if (isPodAvailable(*pods[0], minReady, ctx.now()))
                        ++available;
                }
            }
        } else {
            for (const Json* pod : pods) {
                remove.push_back(nameOf(*pod));
                if (!model::stringAtPath(*pod, "spec.nodeName").empty())
                    ++misscheduled;
            }
        }
    }
    // Pods for nodes that no longer exist, and pods that finished (they are replaced).
    for (const auto& [node, pods] : byNode)
        if (!nodes.count(node))
            for (const Json* pod : pods)
                remove.push_back(nameOf(*pod));
    for (const Json* pod : finished)
        remove.push_back(nameOf(*pod));

    for (const std::string& node : createOn) {
        api::Request r;
        r.verb = "create";
        r.resource = "pods";
        r.ns = ns;
        r.body = newPod(ds, node);
        m_expectations.expectCreation(key, node, ctx.now());
        host.call(ctx, kName, r,
                  {{"op", "create"},
                   {"ds", key},
                   {"node", node},
                   {"what", "create pod for " + key + " on " + node}});
    }
    std::vector<std::string> sentDeletes;
    for (const std::string& pod : remove) {
        if (m_expectations.expectsDeletion(key, ns + "/" + pod))
            continue;
        m_expectations.expectDeletion(key, ns + "/" + pod, ctx.now());
        sentDeletes.push_back(pod);
        api::Request r;
        r.verb = "delete";
        r.resource = "pods";
        r.ns = ns;
        r.name = pod;
        host.call(ctx, kName, r,
                  {{"op", "delete"}, {"ds", key}, {"pod", pod}, {"what", "delete pod " + pod}});
    }

    Json status = model::objectAt(ds, "status");
    const Json current = status;
    status["observedGeneration"] = model::intAtPath(ds, "metadata.generation", 1);
    status["desiredNumberScheduled"] = desired;
    status["currentNumberScheduled"] = scheduled;
    status["numberMisscheduled"] = misscheduled;
    status["numberReady"] = ready;
    status["numberAvailable"] = available;
    status["updatedNumberScheduled"] = scheduled;
    status["numberUnavailable"] = std::max<std::int64_t>(0, desired - available);
    for (const char* zeroOmitted :
         {"numberAvailable", "updatedNumberScheduled", "numberUnavailable"})
        if (status[zeroOmitted] == 0)
            status.erase(zeroOmitted);
    if (status != current) {
        api::Request r;
        r.verb = "patch";
        r.group = "apps";
        r.resource = "daemonsets";
        r.subresource = "status";
        r.ns = ns;
        r.name = name;
        r.patchType = "application/merge-patch+json";
        r.body = {{"status", topLevelMergePatch(current, status)}};
        host.call(ctx, kName, r, {{"op", "status"}, {"ds", key}, {"what", "status of " + key}});
    }
    if (minReady > 0 && ready > available)
        host.requeueAfter(ctx, kName, key, minReady * sim::kSecond);

    std::string summary = std::string(kName) + ": " + name + " should run on " +
                          std::to_string(desired) + " nodes, scheduled on " +
                          std::to_string(scheduled);
    if (!createOn.empty())
        summary += ": creating " + std::to_string(createOn.size());
    if (!sentDeletes.empty())
        summary += ": deleting " + std::to_string(sentDeletes.size());
    ctx.describe("controller.reconcile", "daemonsets/" + key, summary,
                 {{"desired", desired}, {"create", createOn}, {"delete", sentDeletes}});
}

void DaemonSetController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                     const api::Response& response)
{
    const std::string op = tag.value("op", "");
    const std::string key = tag.value("ds", "");
    const std::string ns = key.substr(0, key.find('/'));
    const Json* ds = host.cache("daemonsets").get(key);
    if (op == "create") {
        if (response.ok()) {
            if (ds)
                host.event(ctx, kName, *ds, "Normal", "SuccessfulCreate",
                           "Created pod: " + nameOf(response.body));
            return;
        }
        m_expectations.creationObserved(key, tag.value("node", ""));
        if (ds)
            host.event(ctx, kName, *ds, "Warning", "FailedCreate",
                       "Error creating: " + response.body.value("message", ""));
        retry(host, ctx, key);
        return;
    }
    if (op == "delete") {
        const std::string pod = tag.value("pod", "");
        if (response.ok()) {
            if (ds)
                host.event(ctx, kName, *ds, "Normal", "SuccessfulDelete", "Deleted pod: " + pod);
            return;
        }
        m_expectations.deletionObserved(key, ns + "/" + pod);
        if (ds && response.code != 404)
            host.event(ctx, kName, *ds, "Warning", "FailedDelete",
                       "Error deleting: " + response.body.value("message", ""));
        retry(host, ctx, key);
        return;
    }
    if (!response.ok())
        retry(host, ctx, key);
}

} // namespace kubelab::controllers
