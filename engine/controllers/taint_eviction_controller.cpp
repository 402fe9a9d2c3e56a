#include "engine/controllers/taint_eviction_controller.h"

#include <algorithm>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

bool TaintEvictionController::tolerates(const Json& toleration, const Json& taint)
{
    const std::string effect = toleration.value("effect", "");
    if (!effect.empty() && effect != taint.value("effect", ""))
        return false;
    const std::string op = toleration.value("operator", "Equal");
    const std::string key = toleration.value("key", "");
    if (key.empty())
        return op == "Exists"; // an empty key with Exists tolerates everything
    if (key != taint.value("key", ""))
        return false;
    if (op == "Exists")
        return true;
    return toleration.value("value", "") == taint.value("value", "");
}

std::optional<sim::Duration> TaintEvictionController::tolerationTime(const Json& pod,
                                                                     const Json& taints)
{
    const Json tolerations = model::objectAt(pod, "spec").value("tolerations", Json::array());
    std::optional<sim::Duration> least;
    bool any = false;
    for (const Json& taint : taints) {
        if (taint.value("effect", "") != "NoExecute")
            continue;
        any = true;
        bool tolerated = false;
        for (const Json& t : tolerations) {
            if (!tolerates(t, taint))
                continue;
            tolerated = true;
            if (t.contains("tolerationSeconds") && t["tolerationSeconds"].is_number()) {
                const sim::Duration d =
                    std::max<std::int64_t>(0, t["tolerationSeconds"].get<std::int64_t>()) *
                    sim::kSecond;
                least = least ? std::min(*least, d) : d;
            }
        }
        if (!tolerated)
            return sim::Duration(0);
    }
    if (!any)
        return std::nullopt;
    return least; // nullopt: tolerated forever
}

void TaintEvictionController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                           const std::string& type, const Json& object,
                                           const Json& previous)
{
    if (informer == "pods") {
        m_queue.add(keyOf(object));
        return;
    }
    if (informer != "nodes")
        return;
    const Json& taints = model::objectAt(object, "spec").value("taints", Json::array());
    const Json before = previous.is_object()
                            ? model::objectAt(previous, "spec").value("taints", Json::array())
                            : Json::array();
    if (type != "DELETED" && taints == before)
        return;
    for (const Json* pod : host.cache("pods").list())
        if (model::stringAtPath(*pod, "spec.nodeName") == nameOf(object))
            m_queue.add(keyOf(*pod));
}

void TaintEvictionController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, node] : host.cache("nodes").objects())
        onWatchEvent(host, "nodes", "ADDED", node, Json());
}

void TaintEvictionController::cancel(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key, const Json* pod)
{
    if (!m_scheduled.erase(key))
        return;
    if (pod)
        host.event(ctx, kName, *pod, "Normal", "TaintManagerEviction",
                   "Cancelling deletion of Pod " + key);
    ctx.describe("controller.reconcile", "pods/" + key,
                 std::string(kName) + ": cancelling the eviction of " + key);
}

void TaintEvictionController::reconcile(ControllerHost& host, sim::Context& ctx,
                                        const std::string& key)
{
    const Json* pod = host.cache("pods").get(key);
    const std::string nodeName(pod ? model::stringAtPath(*pod, "spec.nodeName") : "");
    if (!pod || isDeleting(*pod) || nodeName.empty()) {
        m_scheduled.erase(key);
        return;
    }
    const Json* node = host.cache("nodes").get(nodeName);
    const Json taints =
        node ? model::objectAt(*node, "spec").value("taints", Json::array()) : Json::array();
    const auto allowed = tolerationTime(*pod, taints);
    if (!allowed) {
        cancel(host, ctx, key, pod);
        return;
    }
    auto it = m_scheduled.find(key);
    const sim::Time start = it != m_scheduled.end() ? it->second.createdAt : ctx.now();
    const sim::Time at = start + *allowed;
    if (at > ctx.now()) {
        if (it == m_scheduled.end() || it->second.at != at) {
            m_scheduled[key] = {start, at};
            host.requeueAfter(ctx, kName, key, at - ctx.now());
            ctx.describe("controller.reconcile", "pods/" + key,
                         std::string(kName) + ": " + key + " tolerates node " + nodeName +
                             "'s NoExecute taints for " + sim::formatDuration(*allowed) +
                             ": eviction scheduled");
        }
        return;
    }
    m_scheduled.erase(key);
    host.event(ctx, kName, *pod, "Normal", "TaintManagerEviction",
               "Marking for deletion Pod " + key);
    // The DisruptionTarget condition tells the pod's owner why it went (v1.31).
    Json conditions = model::objectAt(*pod, "status").value("conditions", Json::array());
    setCondition(conditions,
                 {{"type", "DisruptionTarget"},
                  {"status", "True"},
                  {"reason", "DeletionByTaintManager"},
                  {"message", "Taint manager: deleting due to NoExecute taint"},
                  {"lastProbeTime", nullptr}},
                 sim::formatTimestamp(ctx.now()));
    api::Request status;
    status.verb = "patch";
    status.resource = "pods";
    status.subresource = "status";
    status.ns = namespaceOf(*pod);
    status.name = nameOf(*pod);
    status.patchType = "application/merge-patch+json";
    status.body = {{"status", {{"conditions", conditions}}}};
    host.call(ctx, kName, status, {{"what", "DisruptionTarget on " + key}});
    api::Request del;
    del.verb = "delete";
    del.resource = "pods";
    del.ns = namespaceOf(*pod);
    del.name = nameOf(*pod);
    host.call(ctx, kName, del, {{"what", "evict " + key}});
    ctx.describe("controller.reconcile", "pods/" + key,
                 std::string(kName) + ": evicting " + key + " from node " + nodeName +
                     " (NoExecute taint no longer tolerated)");
}

} // namespace kubelab::controllers
