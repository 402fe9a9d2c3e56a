#include "engine/controllers/replicaset_controller.h"

#include <algorithm>
#include <tuple>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

std::string rsKeyForRef(const Json& pod, const Json& ref)
{
    return namespaceOf(pod) + "/" + ref.value("name", "");
}

bool ownedByReplicaSet(const Json& pod)
{
    const Json* ref = controllerRef(pod);
    return ref && ref->value("kind", "") == "ReplicaSet";
}

int phaseRank(const Json& pod)
{
    const std::string phase = podPhase(pod);
    return phase == "Pending" ? 0 : phase == "Unknown" ? 1 : phase == "Running" ? 2 : 1;
}

sim::Time readySince(const Json& pod)
{
    const Json* c = podCondition(pod, "Ready");
    if (!c || c->value("status", "") != "True")
        return 0;
    return parseTimestamp(c->value("lastTransitionTime", "")).value_or(0);
}

sim::Time createdAt(const Json& pod)
{
    return parseTimestamp(std::string(model::stringAtPath(pod, "metadata.creationTimestamp")))
        .value_or(0);
}

} // namespace

std::vector<const Json*> ReplicaSetController::podsToDelete(std::vector<const Json*> pods,
                                                            const std::vector<const Json*>& related,
                                                            std::int64_t count)
{
    // Rank: how many related pods share the node (doubled-up pods go first).
    std::map<std::string, int> perNode;
    for (const Json* p : related.empty() ? pods : related) {
        const std::string node(model::stringAtPath(*p, "spec.nodeName"));
        if (!node.empty() && isPodActive(*p))
            ++perNode[node];
    }
    auto key = [&](const Json* p) {
        const std::string node(model::stringAtPath(*p, "spec.nodeName"));
        const std::string cost(model::stringAt(model::objectAtPath(*p, "metadata.annotations"),
                                               "controller.kubernetes.io/pod-deletion-cost", "0"));
        // Smaller sorts first (deleted first): ActivePodsWithRanks.Less.
        return std::make_tuple(node.empty() ? 0 : 1, phaseRank(*p), isPodReady(*p) ? 1 : 0,
                               std::atoll(cost.c_str()), -(node.empty() ? 0 : perNode[node]),
                               -readySince(*p), -maxRestarts(*p), -createdAt(*p), nameOf(*p));
    };
    if (count < static_cast<std::int64_t>(pods.size()))
        std::stable_sort(pods.begin(), pods.end(),
                         [&](const Json* a, const Json* b) { return key(a) < key(b); });
    pods.resize(std::min<std::size_t>(pods.size(), static_cast<std::size_t>(count)));
    return pods;
}

Json ReplicaSetController::calculateStatus(const Json& rs, const std::vector<const Json*>& pods,
                                           sim::Time now)
{
    const Json& tmplLabels = model::objectAt(
        model::objectAt(model::objectAt(model::objectAt(rs, "spec"), "template"), "metadata"),
        "labels");
    const std::int64_t minReady = model::intAtPath(rs, "spec.minReadySeconds");
    std::int64_t fully = 0, ready = 0, available = 0;
    for (const Json* p : pods) {
        const Json& labels = model::objectAt(model::objectAt(*p, "metadata"), "labels");
        bool all = true;
        for (auto it = tmplLabels.begin(); it != tmplLabels.end(); ++it)
            if (!labels.contains(it.key()) || labels[it.key()] != it.value())
                all = false;
        fully += all;
        ready += isPodReady(*p);
        available += isPodAvailable(*p, minReady, now);
    }
    // Zero fields are omitted, as the Go struct's omitempty tags do.
    Json status = {{"replicas", static_cast<std::int64_t>(pods.size())}};
    if (fully)
        status["fullyLabeledReplicas"] = fully;
    if (ready)
        status["readyReplicas"] = ready;
    if (available)
        status["availableReplicas"] = available;
    const std::int64_t gen = model::intAtPath(rs, "metadata.generation");
    if (gen)
        status["observedGeneration"] = gen;
    if (rs.contains("status") && rs["status"].contains("conditions"))
        status["conditions"] = rs["status"]["conditions"];
    return status;
}

ReplicaSetPlan ReplicaSetController::plan(const Json& rs,
                                          const std::vector<const Json*>& podsInNamespace,
                                          const std::vector<const Json*>& related, sim::Time now,
                                          bool manage)
{
    ReplicaSetPlan out;
    const auto selector = selectorOf(rs);
    const bool deleting = isDeleting(rs);
    const std::string uid = uidOf(rs);
    for (const Json* pod : podsInNamespace) {
        if (!isPodActive(*pod))
            continue;
        const bool matches =
            selector &&
            selector->matches(model::memberAt(model::objectAt(*pod, "metadata"), "labels"));
        const Json* ref = controllerRef(*pod);
        if (ref) {
            if (ref->value("uid", "") != uid)
                continue;
            if (matches)
                out.claimed.push_back(pod);
            else if (!deleting)
                out.release.push_back(nameOf(*pod));
            continue;
        }
        if (matches && !deleting && !isDeleting(*pod) && !selector->empty()) {
            out.adopt.push_back(nameOf(*pod));
            out.claimed.push_back(pod);
        }
    }
    if (manage && !deleting) {
        const std::int64_t want = model::intAtPath(rs, "spec.replicas", 1);
        const std::int64_t diff = static_cast<std::int64_t>(out.claimed.size()) - want;
        if (diff < 0)
            out.create = std::min(-diff, kBurstReplicas);
        else if (diff > 0)
            for (const Json* p : podsToDelete(out.claimed, related, std::min(diff, kBurstReplicas)))
                out.remove.push_back(nameOf(*p));
    }
    out.status = calculateStatus(rs, out.claimed, now);
    return out;
}

bool ReplicaSetController::expectationsSatisfied(const std::string& key, sim::Time now) const
{
    return m_expectations.satisfiedExpectations(key, now);
}

void ReplicaSetController::enqueueOwner(const ControllerHost& host, const Json& pod)
{
    const Json* ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "ReplicaSet")
        return;
    const std::string key = rsKeyForRef(pod, *ref);
    const Json* rs = host.cache("replicasets").get(key);
    if (rs && uidOf(*rs) == ref->value("uid", ""))
        m_queue.add(key);
}

void ReplicaSetController::enqueueMatching(const ControllerHost& host, const Json& pod)
{
    const Json& labels = model::memberAt(model::objectAt(pod, "metadata"), "labels");
    for (const Json* rs : host.cache("replicasets").list(namespaceOf(pod))) {
        const auto sel = selectorOf(*rs);
        if (sel && !sel->empty() && sel->matches(labels))
            m_queue.add(keyOf(*rs));
    }
}

void ReplicaSetController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                        const std::string& type, const Json& object,
                                        const Json& previous)
{
    if (informer == "replicasets") {
        if (type == "DELETED") {
            m_expectations.deleteExpectations(keyOf(object));
            m_slowStart.erase(keyOf(object));
        }
        m_queue.add(keyOf(object));
        return;
    }
    if (informer != "pods")
        return;
    const Json* ref = controllerRef(object);
    const std::string podKey = keyOf(object);
    const bool owned = ownedByReplicaSet(object);
    const std::string rsKey = owned ? rsKeyForRef(object, *ref) : std::string();
    if (type == "ADDED") {
        if (owned) {
            if (isDeleting(object))
                m_expectations.deletionObserved(rsKey, podKey);
            else
                m_expectations.creationObserved(rsKey);
            enqueueOwner(host, object);
        } else {
            enqueueMatching(host, object);
        }
        return;
    }
    if (type == "DELETED") {
        if (owned)
            m_expectations.deletionObserved(rsKey, podKey);
        enqueueOwner(host, object);
        return;
    }
    // MODIFIED: a pod that started terminating counts as the deletion we expected.
    if (owned && isDeleting(object) && !isDeleting(previous))
        m_expectations.deletionObserved(rsKey, podKey);
    if (!previous.is_null() && ownedByReplicaSet(previous))
        enqueueOwner(host, previous);
    if (owned)
        enqueueOwner(host, object);
    else
        enqueueMatching(host, object);
    if (!previous.is_null() && model::memberAt(model::objectAt(previous, "metadata"), "labels") !=
                                   model::memberAt(model::objectAt(object, "metadata"), "labels"))
        enqueueMatching(host, object);
}

void ReplicaSetController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, rs] : host.cache("replicasets").objects())
        m_queue.add(key);
}

std::vector<const Json*> ReplicaSetController::relatedPods(const ControllerHost& host,
                                                           const Json& rs) const
{
    // Pods of every ReplicaSet sharing this one's controller (getIndirectlyRelatedPods).
    const Json* owner = controllerRef(rs);
    if (!owner)
        return {};
    const client::Informer& pods = host.cache("pods");
    std::vector<const Json*> out;
    for (const Json* sibling : host.cache("replicasets").listControlledBy(owner->value("uid", "")))
        for (const Json* pod : pods.listControlledBy(uidOf(*sibling)))
            out.push_back(pod);
    sortByKey(out);
    return out;
}

void ReplicaSetController::reconcile(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key)
{
    const Json* rsPtr = host.cache("replicasets").get(key);
    if (!rsPtr) {
        m_expectations.deleteExpectations(key);
        ctx.describe("controller.reconcile", "replicasets/" + key,
                     std::string(kName) + ": " + key + " is gone");
        return;
    }
    const Json& rs = *rsPtr;
    const std::string ns = namespaceOf(rs), name = nameOf(rs);
    if (!selectorOf(rs)) {
        ctx.describe("controller.reconcile", "replicasets/" + key,
                     std::string(kName) + ": " + name + " has an invalid selector");
        return;
    }
    const bool manage = expectationsSatisfied(key, ctx.now()) && !m_slowStart.count(key);
    // The pods it controls plus the orphans it might adopt: the only ones plan() keeps
    // from the namespace, found through the informer's indexes.
    std::vector<const Json*> candidates = host.cache("pods").listControlledBy(uidOf(rs));
    for (const Json* pod : host.cache("pods").listUncontrolled(ns))
        candidates.push_back(pod);
    sortByKey(candidates);
    ReplicaSetPlan p = plan(rs, candidates, relatedPods(host, rs), ctx.now(), manage);

    for (const std::string& pod : p.adopt) {
        api::Request r;
        r.verb = "patch";
        r.resource = "pods";
        r.ns = ns;
        r.name = pod;
        r.patchType = "application/strategic-merge-patch+json";
        r.body = {{"metadata", {{"ownerReferences", {controllerOwnerRef(rs)}}}}};
        host.call(ctx, kName, r, {{"op", "adopt"}, {"rs", key}, {"what", "adopt pod " + pod}});
    }
    for (const std::string& pod : p.release) {
        const Json* obj = host.cache("pods").get(ns, pod);
        Json refs = Json::array();
        for (const Json& ref : obj->at("metadata").at("ownerReferences"))
            if (ref.value("uid", "") != uidOf(rs))
                refs.push_back(ref);
        api::Request r;
        r.verb = "patch";
        r.resource = "pods";
        r.ns = ns;
        r.name = pod;
        r.patchType = "application/merge-patch+json";
        r.body = {{"metadata", {{"ownerReferences", refs.empty() ? Json(nullptr) : refs}}}};
        host.call(ctx, kName, r, {{"op", "release"}, {"rs", key}, {"what", "release pod " + pod}});
    }

    const std::int64_t want = model::intAtPath(rs, "spec.replicas", 1);
    std::string summary = std::string(kName) + ": " + name + " wants " + std::to_string(want) +
                          " pods, has " + std::to_string(p.claimed.size());
    if (p.create > 0) {
        m_expectations.expectCreations(key, p.create, ctx.now());
        m_slowStart[key] = SlowStart{p.create, 0, 0, false};
        sendBatch(host, ctx, key);
        summary += ": creating " + std::to_string(p.create);
    } else if (!p.remove.empty()) {
        for (const std::string& pod : p.remove) {
            m_expectations.expectDeletion(key, ns + "/" + pod, ctx.now());
            api::Request r;
            r.verb = "delete";
            r.resource = "pods";
            r.ns = ns;
            r.name = pod;
            host.call(ctx, kName, r,
                      {{"op", "delete"}, {"rs", key}, {"pod", pod}, {"what", "delete pod " + pod}});
        }
        summary += ": deleting " + std::to_string(p.remove.size());
    } else if (!manage) {
        summary += ": waiting for its earlier creates/deletes to show up";
    }

    const Json& current = model::objectAt(rs, "status");
    if (p.status != current) {
        api::Request r;
        r.verb = "patch";
        r.group = "apps";
        r.resource = "replicasets";
        r.subresource = "status";
        r.ns = ns;
        r.name = name;
        r.patchType = "application/merge-patch+json";
        r.body = {{"status", topLevelMergePatch(current, p.status)}};
        host.call(ctx, kName, r, {{"op", "status"}, {"rs", key}, {"what", "status of " + key}});
        summary += "; status replicas=" + std::to_string(p.status.value("replicas", 0)) +
                   " ready=" + std::to_string(p.status.value("readyReplicas", 0)) +
                   " available=" + std::to_string(p.status.value("availableReplicas", 0));
    }
    // Pods that are ready but not yet available become available after minReadySeconds.
    const std::int64_t minReady = model::intAtPath(rs, "spec.minReadySeconds");
    if (minReady > 0 && p.status.value("readyReplicas", 0) > p.status.value("availableReplicas", 0))
        host.requeueAfter(ctx, kName, key, minReady * sim::kSecond);
    ctx.describe("controller.reconcile", "replicasets/" + key, summary,
                 {{"replicas", want},
                  {"pods", p.claimed.size()},
                  {"create", p.create},
                  {"delete", p.remove},
                  {"adopt", p.adopt},
                  {"release", p.release}});
}

void ReplicaSetController::sendBatch(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key)
{
    auto it = m_slowStart.find(key);
    const Json* rs = host.cache("replicasets").get(key);
    if (it == m_slowStart.end())
        return;
    SlowStart& s = it->second;
    if (!rs || s.remaining <= 0 || s.failed) {
        // Skipped creations will never be observed (as slowStartBatch's skipped count).
        m_expectations.lowerExpectations(key, s.remaining);
        const bool failed = s.failed;
        m_slowStart.erase(it);
        if (failed)
            retry(host, ctx, key);
        else
            m_queue.add(key);
        return;
    }
    s.batch = s.batch == 0 ? std::min(s.remaining, kSlowStartInitialBatchSize)
                           : std::min(s.remaining, 2 * s.batch);
    s.remaining -= s.batch;
    s.inflight = s.batch;
    const Json& tmpl = model::objectAt(model::objectAt(*rs, "spec"), "template");
    for (std::int64_t i = 0; i < s.batch; ++i) {
        api::Request r;
        r.verb = "create";
        r.resource = "pods";
        r.ns = namespaceOf(*rs);
        r.body = podFromTemplate(tmpl, *rs, nameOf(*rs) + "-");
        host.call(ctx, kName, std::move(r),
                  {{"op", "create"}, {"rs", key}, {"what", "create pod for " + key}});
    }
}

void ReplicaSetController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                      const api::Response& response)
{
    const std::string op = tag.value("op", "");
    const std::string key = tag.value("rs", "");
    const Json* rs = host.cache("replicasets").get(key);
    if (op == "create") {
        if (response.ok()) {
            if (rs)
                host.event(ctx, kName, *rs, "Normal", "SuccessfulCreate",
                           "Created pod: " + nameOf(response.body));
        } else {
            m_expectations.creationObserved(key);
            if (rs)
                host.event(ctx, kName, *rs, "Warning", "FailedCreate",
                           "Error creating: " + response.body.value("message", ""));
            auto it = m_slowStart.find(key);
            if (it != m_slowStart.end())
                it->second.failed = true;
        }
        auto it = m_slowStart.find(key);
        if (it != m_slowStart.end() && --it->second.inflight <= 0)
            sendBatch(host, ctx, key);
        return;
    }
    if (op == "delete") {
        const std::string pod = tag.value("pod", "");
        if (response.ok()) {
            if (rs)
                host.event(ctx, kName, *rs, "Normal", "SuccessfulDelete", "Deleted pod: " + pod);
        } else {
            m_expectations.deletionObserved(key, key.substr(0, key.find('/')) + "/" + pod);
            if (rs && response.code != 404)
                host.event(ctx, kName, *rs, "Warning", "FailedDelete",
                           "Error deleting: " + response.body.value("message", ""));
            retry(host, ctx, key);
        }
        return;
    }
    if (!response.ok())
        retry(host, ctx, key); // a conflict or a vanished pod: look again
}

} // namespace kubelab::controllers
