// The scheduling cycle of the Scheduler actor: one pod per work event, then binding and
// failure handling (kube-scheduler v1.31 scheduleOne / handleSchedulingFailure).
#include "engine/model/json_view.h"
#include "engine/scheduler/explanation_recorder.h"
#include "engine/scheduler/plugins/default_binder.h"
#include "engine/scheduler/plugins/volume_binding.h"
#include "engine/scheduler/scheduler.h"
#include "engine/sim/time.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {
// What the trace keeps of a cycle: the outcome, not the per-node table (that can be
// thousands of verdicts; `explain pod` and the app read it from keepExplanation's store).
json cycleSummary(const PodInfo& pod, const QueuedPod& qp, const ScheduleResult& r)
{
    json d = {{"pod", pod.key},
              {"attempt", qp.attempts},
              {"nodes", r.numAllNodes},
              {"evaluatedNodes", r.evaluatedNodes},
              {"feasibleNodes", r.feasibleNodes}};
    if (r.outcome == ScheduleResult::Outcome::Scheduled) {
        d["result"] = "Scheduled";
        d["node"] = r.node;
        d["score"] = r.score;
    } else {
        d["result"] = r.outcome == ScheduleResult::Outcome::Error ? "Error" : "Unschedulable";
        d["message"] = r.message;
    }
    return d;
}
} // namespace

void Scheduler::keepExplanation(const std::string& podKey, Explanation explanation)
{
    auto it = m_explanations.find(podKey);
    if (it != m_explanations.end())
        m_explanationOrder.erase(it->second.first);
    const std::uint64_t seq = m_nextExplanation++;
    m_explanations[podKey] = {seq, std::make_shared<const Explanation>(std::move(explanation))};
    m_explanationOrder[seq] = podKey;
    while (m_explanations.size() > kMaxExplanations) {
        auto oldest = m_explanationOrder.begin();
        m_explanations.erase(oldest->second);
        m_explanationOrder.erase(oldest);
    }
}

void Scheduler::onWork(sim::Context& ctx)
{
    if (!allSynced())
        return;
    const sim::Time now = ctx.now();
    m_queue.flushBackoff(now);
    std::optional<QueuedPod> qp = m_queue.pop(now);
    if (!qp)
        return;
    auto it = m_pending.find(qp->key);
    if (it == m_pending.end()) {
        kick(ctx);
        return;
    }
    const std::shared_ptr<const PodInfo> pod = it->second;
    Snapshot snap = m_cache.snapshot();
    snap.storage = storage();
    for (const auto& [key, p] : m_pending)
        if (!p->nominatedNodeName.empty() && key != pod->key)
            snap.nominatedPods[p->nominatedNodeName].push_back(p);
    Explanation explanation;
    ExplanationRecorder recorder(explanation);
    ScheduleResult r = m_framework.schedule(*pod, snap, ctx.rng(), m_nextStartIndex, recorder);
    json& ex = explanation.head;
    ex["attempt"] = qp->attempts;
    ex["time"] = sim::formatTimestamp(now);
    ex["priority"] = pod->priority;
    if (r.outcome == ScheduleResult::Outcome::Scheduled) {
        CycleState state(m_framework.plugins().size());
        m_framework.runReserve(state, *pod, r.node);
        m_cache.assume(*pod, r.node);
        if (!VolumeBinding::claimsBound(*pod, storage())) {
            // PreBind: the claims waiting for a consumer learn their node; binding waits
            // until the binder has bound every claim (onStorageEvent).
            for (const std::string& claim :
                 VolumeBinding::claimsToProvision(*pod, storage(), r.node)) {
                api::Request patch;
                patch.verb = "patch";
                patch.resource = "persistentvolumeclaims";
                patch.ns = pod->ns;
                patch.name = claim;
                patch.patchType = "application/merge-patch+json";
                patch.body = {{"metadata",
                               {{"annotations",
                                 {{"volume.kubernetes.io/selected-node", r.node}}}}}};
                request(ctx, patch, {{"what", "selected node of claim " + claim}});
            }
            m_volumeWait[pod->key] = {*qp, pod, r.node};
        } else {
            m_binding[pod->key] = *qp;
            request(ctx, DefaultBinder::bindingRequest(*pod, r.node),
                    {{"bind", pod->key}, {"node", r.node}, {"what", "binding " + pod->key}});
        }
        const std::string why =
            r.feasibleNodes == 1 ? "the only feasible node" : "score " + std::to_string(r.score);
        ctx.describe("scheduler.cycle", pod->key,
                     "kube-scheduler binds " + pod->key + " to " + r.node + " (" + why + ")",
                     cycleSummary(*pod, *qp, r));
    } else {
        handleFailure(ctx, *qp, *pod, r);
        ctx.describe("scheduler.cycle", pod->key,
                     "kube-scheduler: " + pod->key + " unschedulable: " + r.message,
                     cycleSummary(*pod, *qp, r));
    }
    keepExplanation(pod->key, std::move(explanation));
    kick(ctx);
}

void Scheduler::handleFailure(sim::Context& ctx, QueuedPod qp, const PodInfo& pod,
                              ScheduleResult& r)
{
    const bool error = r.outcome == ScheduleResult::Outcome::Error;
    qp.unschedulablePlugins.clear();
    for (const auto& p : r.unschedulablePlugins)
        qp.unschedulablePlugins.insert(p);
    std::string nominated;
    if (r.postFilter.status.ok() && !r.postFilter.nominatedNode.empty()) {
        nominated = r.postFilter.nominatedNode;
        preempt(ctx, pod, r.postFilter);
    }
    if (const json* obj = informerRef("pods").get(pod.key))
        recordEvent(ctx, *obj, "Warning", "FailedScheduling", r.message);
    updateCondition(ctx, pod, error ? "SchedulerError" : "Unschedulable", r.message, nominated);
    m_queue.addUnschedulable(std::move(qp), ctx.now(), error);
}

void Scheduler::preempt(sim::Context& ctx, const PodInfo& pod, const PostFilterResult& pf)
{
    for (const auto& victim : pf.victims) {
        if (const json* obj = informerRef("pods").get(victim->key))
            recordEvent(ctx, *obj, "Normal", "Preempted",
                        "Preempted by pod " + pod.uid + " on node " + pf.nominatedNode);
        api::Request del;
        del.verb = "delete";
        del.resource = "pods";
        del.ns = victim->ns;
        del.name = victim->name;
        request(ctx, del, {{"what", "preempting " + victim->key}, {"preempt", victim->key}});
    }
    // Remember the nomination now: later cycles must keep room for this pod there.
    auto copy = std::make_shared<PodInfo>(pod);
    copy->nominatedNodeName = pf.nominatedNode;
    m_pending[pod.key] = copy;
}

void Scheduler::updateCondition(sim::Context& ctx, const PodInfo& pod, const std::string& reason,
                                const std::string& message, const std::string& nominated)
{
    const json* obj = informerRef("pods").get(pod.key);
    if (!obj)
        return;
    // As updatePod: write only when the condition or the nomination changes.
    const json& status = model::objectAt(*obj, "status");
    for (const json& c : model::memberAt(status, "conditions"))
        if (c.value("type", "") == "PodScheduled" && c.value("status", "") == "False" &&
            c.value("reason", "") == reason && c.value("message", "") == message &&
            (nominated.empty() || status.value("nominatedNodeName", "") == nominated))
            return;
    json patch = {
        {"status",
         {{"conditions", json::array({{{"type", "PodScheduled"},
                                       {"status", "False"},
                                       {"lastProbeTime", nullptr},
                                       {"lastTransitionTime", sim::formatTimestamp(ctx.now())},
                                       {"reason", reason},
                                       {"message", message}}})}}}};
    if (!nominated.empty())
        patch["status"]["nominatedNodeName"] = nominated;
    api::Request r;
    r.verb = "patch";
    r.resource = "pods";
    r.subresource = "status";
    r.ns = pod.ns;
    r.name = pod.name;
    r.patchType = "application/strategic-merge-patch+json";
    r.body = patch;
    request(ctx, r, {{"what", "status of " + pod.key}});
}

void Scheduler::onResponse(sim::Context& ctx, const json& tag, const api::Response& response)
{
    if (!tag.contains("bind"))
        return;
    const std::string key = tag["bind"].get<std::string>();
    const std::string node = tag.value("node", "");
    auto b = m_binding.find(key);
    std::optional<QueuedPod> qp;
    if (b != m_binding.end()) {
        qp = b->second;
        m_binding.erase(b);
    }
    const json* obj = informerRef("pods").get(key);
    if (response.ok()) {
        if (obj)
            recordEvent(ctx, *obj, "Normal", "Scheduled",
                        "Successfully assigned " + key + " to " + node);
        ctx.describe("scheduler.bound", key, "kube-scheduler bound " + key + " to " + node);
        return;
    }
    // Binding failed: undo the reservation and retry after backoff.
    m_cache.forget(key);
    const std::string why = response.body.value("message", "binding failed");
    if (obj)
        recordEvent(ctx, *obj, "Warning", "FailedScheduling", "Binding rejected: " + why);
    ctx.describe("scheduler.bound", key, "kube-scheduler failed to bind " + key + ": " + why);
    if (qp && m_pending.count(key) && response.code != 404)
        m_queue.addUnschedulable(*qp, ctx.now(), true);
    kick(ctx);
}

} // namespace kubelab::scheduler
