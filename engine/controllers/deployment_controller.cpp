#include "engine/controllers/deployment_controller.h"

#include "engine/controllers/controller_util.h"
#include "engine/controllers/deployment_planner.h"
#include "engine/controllers/deployment_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

std::string resourceVersion(const Json& obj)
{
    return std::string(model::stringAtPath(obj, "metadata.resourceVersion"));
}

api::Request replicaSetRequest(const std::string& verb, const std::string& ns,
                               const std::string& name)
{
    api::Request r;
    r.verb = verb;
    r.group = "apps";
    r.resource = "replicasets";
    r.ns = ns;
    r.name = name;
    return r;
}

} // namespace

const Json* DeploymentController::effective(const std::string& key, const Json* cached,
                                            std::map<std::string, Overlay>& overlays) const
{
    auto it = overlays.find(key);
    if (it == overlays.end())
        return cached;
    const bool caughtUp = cached && (it->second.baseVersion.empty() ||
                                     resourceVersion(*cached) != it->second.baseVersion);
    if (caughtUp) {
        overlays.erase(it);
        return cached;
    }
    return &it->second.object;
}

void DeploymentController::enqueueOwnerOf(const ControllerHost& host, const Json& rs)
{
    const Json* ref = controllerRef(rs);
    if (ref) {
        if (ref->value("kind", "") == "Deployment")
            m_queue.add(namespaceOf(rs) + "/" + ref->value("name", ""));
        return;
    }
    // An orphan: every Deployment whose selector matches may adopt it.
    const Json& labels = model::memberAt(model::objectAt(rs, "metadata"), "labels");
    for (const Json* d : host.cache("deployments").list(namespaceOf(rs))) {
        const auto sel = selectorOf(*d);
        if (sel && !sel->empty() && sel->matches(labels))
            m_queue.add(keyOf(*d));
    }
}

void DeploymentController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                        const std::string& type, const Json& object,
                                        const Json& previous)
{
    if (informer == "deployments") {
        if (type == "DELETED")
            m_deploymentOverlays.erase(keyOf(object));
        m_queue.add(keyOf(object));
    } else if (informer == "replicasets") {
        if (type == "DELETED")
            m_replicaSetOverlays.erase(keyOf(object));
        enqueueOwnerOf(host, object);
        if (!previous.is_null())
            enqueueOwnerOf(host, previous);
    } else if (informer == "pods" && type == "DELETED") {
        // Recreate waits for the last old pod to go.
        const Json* ref = controllerRef(object);
        if (ref && ref->value("kind", "") == "ReplicaSet")
            if (const Json* rs =
                    host.cache("replicasets").get(namespaceOf(object), ref->value("name", "")))
                enqueueOwnerOf(host, *rs);
    }
}

void DeploymentController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, d] : host.cache("deployments").objects())
        m_queue.add(key);
}

void DeploymentController::reconcile(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key)
{
    const Json* cachedD = host.cache("deployments").get(key);
    const Json* dPtr = effective(key, cachedD, m_deploymentOverlays);
    if (!cachedD || !dPtr) {
        ctx.describe("controller.reconcile", "deployments/" + key,
                     std::string(kName) + ": " + key + " is gone");
        return;
    }
    const Json d = *dPtr;
    const std::string ns = namespaceOf(d), name = nameOf(d);
    const auto selector = selectorOf(d);
    if (!selector || selector->empty()) {
        host.event(ctx, kName, d, "Warning", "SelectingAll",
                   "This deployment is selecting all pods. A non-empty selector is required.");
        ctx.describe("controller.reconcile", "deployments/" + key,
                     std::string(kName) + ": " + name + " selects all pods: ignored");
        return;
    }

    // ClaimReplicaSets: ours that still match, plus orphans that match. Only those two
    // groups can be claimed, so they come from the informer's controller index (as the
    // ReplicaSet controller finds its pods) rather than from every ReplicaSet in the
    // namespace: the claim is the same, and a sync no longer costs a read of a thousand
    // Deployments' ReplicaSets.
    const client::Informer& replicaSets = host.cache("replicasets");
    std::vector<const Json*> candidates = replicaSets.listControlledBy(uidOf(d));
    for (const Json* orphan : replicaSets.listUncontrolled(ns))
        candidates.push_back(orphan);
    sortByKey(candidates);
    std::vector<Json> owned;
    std::set<std::string> seen;
    for (const Json* cached : candidates) {
        const std::string rsKey = keyOf(*cached);
        seen.insert(rsKey);
        const Json* rs = effective(rsKey, cached, m_replicaSetOverlays);
        const Json* ref = controllerRef(*rs);
        const bool matches =
            selector->matches(model::memberAt(model::objectAt(*rs, "metadata"), "labels"));
        if (ref && ref->value("uid", "") == uidOf(d)) {
            if (matches) {
                owned.push_back(*rs);
            } else if (!isDeleting(d)) {
                api::Request r = replicaSetRequest("patch", ns, nameOf(*rs));
                r.patchType = "application/merge-patch+json";
                r.body = {{"metadata", {{"ownerReferences", nullptr}}}};
                host.call(ctx, kName, r, {{"d", key}, {"what", "release " + nameOf(*rs)}});
            }
        } else if (!ref && matches && !isDeleting(d) && !isDeleting(*rs)) {
            api::Request r = replicaSetRequest("patch", ns, nameOf(*rs));
            r.patchType = "application/merge-patch+json";
            r.body = {{"metadata", {{"ownerReferences", {controllerOwnerRef(d)}}}}};
            host.call(ctx, kName, r, {{"d", key}, {"what", "adopt " + nameOf(*rs)}});
            owned.push_back(*rs);
        }
    }
    // ReplicaSets we created that the cache does not show yet.
    for (auto& [rsKey, overlay] : m_replicaSetOverlays)
        if (overlay.baseVersion.empty() && !seen.count(rsKey) &&
            namespaceOf(overlay.object) == ns) {
            const Json* ref = controllerRef(overlay.object);
            if (ref && ref->value("uid", "") == uidOf(d))
                owned.push_back(overlay.object);
        }
    // Their pods, through the informer's controller index (not a namespace scan).
    std::vector<const Json*> pods;
    for (const Json& rs : owned)
        for (const Json* pod : host.cache("pods").listControlledBy(uidOf(rs)))
            pods.push_back(pod);
    sortByKey(pods);

    DeploymentPlanner planner(d, owned, pods, ctx.now());
    planner.run();
    for (const DeploymentAction& a : planner.actions()) {
        const std::string rsKey = ns + "/" + a.name;
        Json tag = {{"d", key}, {"op", a.op}, {"rs", a.name}};
        if (!a.event.empty())
            tag["scalingEvent"] = a.event;
        const Json* cachedRs = host.cache("replicasets").get(rsKey);
        const Json* planned = nullptr;
        for (const Json& rs : planner.replicaSets())
            if (nameOf(rs) == a.name)
                planned = &rs;
        if (a.op == "create") {
            api::Request r = replicaSetRequest("create", ns, "");
            r.body = a.body;
            tag["what"] = "create replica set " + a.name;
            m_replicaSetOverlays[rsKey] = {*planned, ""};
            host.call(ctx, kName, r, tag);
        } else if (a.op == "scale" || a.op == "update") {
            api::Request r = replicaSetRequest("patch", ns, a.name);
            r.patchType = "application/merge-patch+json";
            r.body = a.body;
            tag["what"] = a.op + " replica set " + a.name;
            if (planned)
                m_replicaSetOverlays[rsKey] = {*planned,
                                               cachedRs ? resourceVersion(*cachedRs) : ""};
            host.call(ctx, kName, r, tag);
        } else if (a.op == "delete") {
            tag["what"] = "delete replica set " + a.name;
            host.call(ctx, kName, replicaSetRequest("delete", ns, a.name), tag);
        } else if (a.op == "status" || a.op == "annotate") {
            api::Request r;
            r.verb = "patch";
            r.group = "apps";
            r.resource = "deployments";
            r.ns = ns;
            r.name = name;
            r.patchType = "application/merge-patch+json";
            if (a.op == "status") {
                r.subresource = "status";
                r.body = {{"status", topLevelMergePatch(model::objectAt(d, "status"), a.body)}};
            } else {
                r.body = a.body;
            }
            tag["what"] = a.op + " of deployment " + name;
            Json next = d;
            next["status"] = planner.deployment()["status"];
            next["metadata"]["annotations"] = planner.deployment()["metadata"]["annotations"];
            m_deploymentOverlays[key] = {next, resourceVersion(*cachedD)};
            host.call(ctx, kName, r, tag);
        }
    }
    if (auto after = planner.requeueAfter())
        host.requeueAfter(ctx, kName, key, *after, true);
    const Json& st = planner.deployment()["status"];
    const std::string summary =
        planner.summary().empty()
            ? "in step (updated " + std::to_string(st.value("updatedReplicas", 0)) + ", ready " +
                  std::to_string(st.value("readyReplicas", 0)) + ", available " +
                  std::to_string(st.value("availableReplicas", 0)) + ")"
            : planner.summary();
    ctx.describe("controller.reconcile", "deployments/" + key,
                 std::string(kName) + ": " + name + " wants " +
                     std::to_string(deployutil::replicas(d)) + " replicas (new replica set " +
                     (planner.newReplicaSetName().empty() ? std::string("none")
                                                          : planner.newReplicaSetName()) +
                     "): " + summary,
                 {{"actions", planner.actions().size()}});
}

void DeploymentController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                      const api::Response& response)
{
    const std::string key = tag.value("d", "");
    const std::string ns = key.substr(0, key.find('/'));
    const std::string rsKey = ns + "/" + tag.value("rs", "");
    const Json* d = host.cache("deployments").get(key);
    if (response.ok()) {
        if (d && tag.contains("scalingEvent"))
            host.event(ctx, kName, *d, "Normal", "ScalingReplicaSet",
                       tag["scalingEvent"].get<std::string>());
        return;
    }
    m_replicaSetOverlays.erase(rsKey);
    m_deploymentOverlays.erase(key);
    if (tag.value("op", "") == "create" && response.code == 409 && d) {
        // A ReplicaSet with the hash name exists: if its template differs, it is a hash
        // collision; bump status.collisionCount so the next hash differs.
        const Json* existing = host.cache("replicasets").get(rsKey);
        if (existing && !deployutil::equalIgnoreHash(
                            model::memberAt(model::objectAt(*existing, "spec"), "template"),
                            model::memberAt(model::objectAt(*d, "spec"), "template"))) {
            api::Request r;
            r.verb = "patch";
            r.group = "apps";
            r.resource = "deployments";
            r.subresource = "status";
            r.ns = ns;
            r.name = nameOf(*d);
            r.patchType = "application/merge-patch+json";
            r.body = {{"status",
                       {{"collisionCount", model::intAtPath(*d, "status.collisionCount") + 1}}}};
            host.call(ctx, kName, r, {{"d", key}, {"what", "collisionCount of " + key}});
        }
    }
    retry(host, ctx, key);
}

} // namespace kubelab::controllers
