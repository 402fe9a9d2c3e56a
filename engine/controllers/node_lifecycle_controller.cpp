#include "engine/controllers/node_lifecycle_controller.h"

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

const char* const kNotReady = "node.kubernetes.io/not-ready";
const char* const kUnreachable = "node.kubernetes.io/unreachable";

std::string readyStatus(const Json& node)
{
    const Json* c = podCondition(node, "Ready"); // same shape as pod conditions
    return c ? c->value("status", "Unknown") : "Unknown";
}

// The Node reference node-controller Events use (uid is the node's name).
Json nodeRef(const std::string& name)
{
    return {{"kind", "Node"}, {"apiVersion", "v1"}, {"metadata", {{"name", name}, {"uid", name}}}};
}

} // namespace

Json NodeLifecycleController::desiredTaints(const Json& node, const std::string& nowStamp)
{
    static const char* const managed[] = {kNotReady,
                                          kUnreachable,
                                          "node.kubernetes.io/memory-pressure",
                                          "node.kubernetes.io/disk-pressure",
                                          "node.kubernetes.io/pid-pressure",
                                          "node.kubernetes.io/unschedulable"};
    const Json& current = model::objectAt(node, "spec").value("taints", Json::array());
    auto isManaged = [&](const Json& t) {
        for (const char* k : managed)
            if (t.value("key", "") == k)
                return true;
        return false;
    };
    Json out = Json::array();
    for (const Json& t : current)
        if (!isManaged(t))
            out.push_back(t);
    auto want = [&](const char* key, const char* effect) {
        for (const Json& t : current)
            if (t.value("key", "") == key && t.value("effect", "") == effect) {
                out.push_back(t);
                return;
            }
        Json t = {{"key", key}, {"effect", effect}};
        if (std::string(effect) == "NoExecute")
            t["timeAdded"] = nowStamp;
        out.push_back(t);
    };
    const std::string ready = readyStatus(node);
    if (ready == "False") {
        want(kNotReady, "NoSchedule");
        want(kNotReady, "NoExecute");
    } else if (ready == "Unknown") {
        want(kUnreachable, "NoSchedule");
        want(kUnreachable, "NoExecute");
    }
    const std::pair<const char*, const char*> pressures[] = {
        {"MemoryPressure", "node.kubernetes.io/memory-pressure"},
        {"DiskPressure", "node.kubernetes.io/disk-pressure"},
        {"PIDPressure", "node.kubernetes.io/pid-pressure"}};
    for (const auto& [type, key] : pressures) {
        const Json* c = podCondition(node, type);
        if (c && c->value("status", "") == "True")
            want(key, "NoSchedule");
    }
    if (model::objectAt(node, "spec").value("unschedulable", false))
        want("node.kubernetes.io/unschedulable", "NoSchedule");
    return out;
}

void NodeLifecycleController::onWatchEvent(const ControllerHost&, const std::string& informer,
                                           const std::string& type, const Json& object, const Json&)
{
    if (informer != "nodes")
        return;
    if (type == "DELETED") {
        m_health.erase(nameOf(object));
        return;
    }
    m_queue.add(nameOf(object)); // taints follow conditions and spec.unschedulable
}

void NodeLifecycleController::reconcile(ControllerHost& host, sim::Context& ctx,
                                        const std::string& key)
{
    const Json* node = host.cache("nodes").get(key);
    if (!node)
        return;
    const Json taints = desiredTaints(*node, sim::formatTimestamp(ctx.now()));
    const Json& current = model::objectAt(*node, "spec").value("taints", Json::array());
    if (taints == current) {
        ctx.describe("controller.reconcile", "nodes/" + key,
                     std::string(kName) + ": node " + key + " taints are in step");
        return;
    }
    api::Request r;
    r.verb = "patch";
    r.resource = "nodes";
    r.name = key;
    r.patchType = "application/merge-patch+json";
    r.body = {{"spec", {{"taints", taints.empty() ? Json(nullptr) : taints}}}};
    host.call(ctx, kName, r, {{"what", "taints of node " + key}});
    std::string list;
    for (const Json& t : taints)
        list += (list.empty() ? "" : ", ") + t.value("key", "") + ":" + t.value("effect", "");
    ctx.describe("controller.reconcile", "nodes/" + key,
                 std::string(kName) + ": node " + key + " taints now [" + list + "]");
}

void NodeLifecycleController::onTick(ControllerHost& host, sim::Context& ctx)
{
    for (const auto& [name, node] : host.cache("nodes").objects()) {
        auto [it, fresh] = m_health.try_emplace(name);
        Health& h = it->second;
        const Json* ready = podCondition(node, "Ready");
        const std::string heartbeat = ready ? ready->value("lastHeartbeatTime", "") : "";
        const Json* lease = host.cache("leases").get("kube-node-lease", name);
        const std::string renew =
            lease ? std::string(model::stringAtPath(*lease, "spec.renewTime")) : std::string();
        const std::string observed = readyStatus(node);
        if (fresh || heartbeat != h.heartbeat || renew != h.leaseRenew) {
            h.probe = ctx.now();
            h.heartbeat = heartbeat;
            h.leaseRenew = renew;
            if (!fresh && observed != h.ready) {
                // The kubelet posted a new Ready status itself (back, or NotReady).
                readyChanged(host, ctx, node, h.ready, observed);
                h.ready = observed;
            } else if (fresh) {
                h.ready = observed;
            }
            continue;
        }
        if (ctx.now() - h.probe >= kGracePeriod && h.ready != "Unknown") {
            markUnknown(host, ctx, node);
            readyChanged(host, ctx, node, h.ready, "Unknown");
            h.ready = "Unknown";
        }
    }
}

void NodeLifecycleController::markUnknown(ControllerHost& host, sim::Context& ctx, const Json& node)
{
    const std::string stamp = sim::formatTimestamp(ctx.now());
    Json conditions = model::objectAt(node, "status").value("conditions", Json::array());
    for (Json& c : conditions) {
        if (c.value("status", "") != "Unknown")
            c["lastTransitionTime"] = stamp;
        c["status"] = "Unknown";
        c["reason"] = "NodeStatusUnknown";
        c["message"] = "Kubelet stopped posting node status.";
    }
    api::Request r;
    r.verb = "patch";
    r.resource = "nodes";
    r.subresource = "status";
    r.name = nameOf(node);
    r.patchType = "application/merge-patch+json";
    r.body = {{"status", {{"conditions", conditions}}}};
    host.call(ctx, kName, r, {{"what", "node " + nameOf(node) + " status Unknown"}});
    ctx.describe("controller.node", "nodes/" + nameOf(node),
                 std::string(kName) + ": node " + nameOf(node) + " has not been heard from for " +
                     sim::formatDuration(kGracePeriod) + ": conditions go Unknown",
                 {{"conditions", conditions}});
}

void NodeLifecycleController::readyChanged(ControllerHost& host, sim::Context& ctx,
                                           const Json& node, const std::string& from,
                                           const std::string& to)
{
    const std::string name = nameOf(node);
    if (from == "True" && to != "True") {
        host.event(ctx, kName, nodeRef(name), "Normal", "NodeNotReady",
                   "Node " + name + " status is now: NodeNotReady");
        // MarkPodsNotReady: the node's pods stop being Ready (endpoints drop them).
        const std::string stamp = sim::formatTimestamp(ctx.now());
        for (const Json* pod : host.cache("pods").list()) {
            if (model::stringAtPath(*pod, "spec.nodeName") != name)
                continue;
            Json conditions = model::objectAt(*pod, "status").value("conditions", Json::array());
            bool changed = false;
            for (Json& c : conditions)
                if (c.value("type", "") == "Ready" && c.value("status", "") != "False") {
                    c["status"] = "False";
                    c["lastTransitionTime"] = stamp;
                    changed = true;
                }
            if (!changed)
                continue;
            host.call(ctx, kName,
                      corePatch("pods", namespaceOf(*pod), nameOf(*pod), "status",
                                {{"status", {{"conditions", conditions}}}}),
                      {{"what", "mark pod " + keyOf(*pod) + " not ready"}});
            host.event(ctx, kName, *pod, "Warning", "NodeNotReady", "Node is not ready");
        }
    } else if (to == "True" && from != "True") {
        host.event(ctx, kName, nodeRef(name), "Normal", "NodeReady",
                   "Node " + name + " status is now: NodeReady");
    }
    m_queue.add(name); // taints follow
}

} // namespace kubelab::controllers
