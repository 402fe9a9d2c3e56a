// The scheduling framework's run of one pod (kube-scheduler v1.31 schedulePod,
// findNodesThatFitPod, prioritizeNodes, selectHost in pkg/scheduler/schedule_one.go, and
// the frameworkImpl's Run*Plugins in pkg/scheduler/framework/runtime/framework.go). Each
// step is told to the recorder it is given (schedule_recorder.h); how a step becomes part
// of an explanation is explanation_recorder.cpp's business.
#include "engine/scheduler/framework.h"

#include <algorithm>

#include "engine/scheduler/explanation_recorder.h"
#include "engine/scheduler/fit_error.h"

namespace kubelab::scheduler {

void defaultNormalizeScore(std::int64_t maxPriority, bool reverse, std::vector<std::int64_t>& s)
{
    std::int64_t maxCount = 0;
    for (auto v : s)
        maxCount = std::max(maxCount, v);
    if (maxCount == 0) {
        if (reverse)
            for (auto& v : s)
                v = maxPriority;
        return;
    }
    for (auto& v : s) {
        v = maxPriority * v / maxCount;
        if (reverse)
            v = maxPriority - v;
    }
}

Framework::Framework(const std::vector<PluginConfig>& profile)
{
    const auto& registry = pluginRegistry();
    for (const auto& cfg : profile) {
        auto it = registry.find(cfg.name);
        if (it == registry.end())
            continue;
        std::shared_ptr<Plugin> p = it->second();
        const std::size_t index = m_plugins.size();
        p->setSlot(static_cast<int>(index));
        const unsigned pts = p->points();
        if (pts & kPreFilter)
            m_preFilter.push_back(index);
        if (pts & kFilter)
            m_filter.push_back(index);
        if (pts & kPostFilter)
            m_postFilter.push_back(index);
        if (pts & kPreScore)
            m_preScore.push_back(index);
        if (pts & kScore)
            m_score.push_back(index);
        if (pts & kReserve)
            m_reserve.push_back(index);
        m_plugins.push_back(std::move(p));
        m_weights.push_back(cfg.weight);
    }
}

std::size_t Framework::numFeasibleNodesToFind(std::size_t numAllNodes, int percentage)
{
    constexpr std::size_t kMinFeasibleNodesToFind = 100;
    constexpr int kMinFeasibleNodesPercentageToFind = 5;
    if (numAllNodes < kMinFeasibleNodesToFind || percentage >= 100)
        return numAllNodes;
    if (percentage <= 0) {
        percentage = 50 - static_cast<int>(numAllNodes / 125);
        if (percentage < kMinFeasibleNodesPercentageToFind)
            percentage = kMinFeasibleNodesPercentageToFind;
    }
    const std::size_t n = numAllNodes * static_cast<std::size_t>(percentage) / 100;
    return n < kMinFeasibleNodesToFind ? kMinFeasibleNodesToFind : n;
}

Status Framework::runPreFilters(CycleState& state, const PodInfo& pod, const Snapshot& snap,
                                std::vector<bool>& skipFilter) const
{
    skipFilter.assign(m_plugins.size(), false);
    for (std::size_t idx : m_preFilter) {
        Status s = m_plugins[idx]->preFilter(state, pod, snap);
        if (s.isSkip()) {
            skipFilter[idx] = true;
            continue;
        }
        if (!s.ok())
            return s.withPlugin(m_plugins[idx]->name());
    }
    return Status::success();
}

Status Framework::runFilters(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                             const std::vector<bool>& skipFilter) const
{
    NoRecorder none;
    return runFilters(state, pod, node, skipFilter, none);
}

template<ScheduleRecorder Recorder>
Status Framework::runFilters(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                             const std::vector<bool>& skipFilter, Recorder& rec) const
{
    std::size_t f = 0; // the plugin's place among the filters, for the recorder
    for (std::size_t idx : m_filter) {
        if (skipFilter[idx]) {
            rec.filterSkipped(f++);
            continue;
        }
        Status s = m_plugins[idx]->filter(state, pod, node);
        rec.filtered(f++, s);
        if (!s.ok())
            return s.withPlugin(m_plugins[idx]->name());
    }
    return Status::success();
}

Status Framework::runReserve(CycleState& state, const PodInfo& pod, const std::string& node) const
{
    for (std::size_t idx : m_reserve) {
        Status s = m_plugins[idx]->reserve(state, pod, node);
        if (!s.ok())
            return s.withPlugin(m_plugins[idx]->name());
    }
    return Status::success();
}

template<ScheduleRecorder Recorder>
ScheduleResult Framework::schedule(const PodInfo& pod, const Snapshot& snap, sim::Rng& rng,
                                   std::size_t& nextStartIndex, Recorder& rec,
                                   int percentageOfNodesToScore) const
{
    ScheduleResult r;
    const std::size_t n = snap.nodes.size();
    r.numAllNodes = static_cast<int>(n);
    rec.started(*this, pod, n);
    auto error = [&](std::string message) {
        r.outcome = ScheduleResult::Outcome::Error;
        r.message = std::move(message);
        rec.failed(r.message);
    };
    if (n == 0) {
        error("no nodes available to schedule pods");
        return r;
    }
    CycleState state(m_plugins.size());
    std::vector<bool> skipFilter;
    Status pre = runPreFilters(state, pod, snap, skipFilter);
    if (!pre.ok()) {
        if (pre.code() == Code::Error) {
            error(pre.message());
            return r;
        }
        r.preFilterMsg = pre.message();
        for (const NodeInfo* node : snap.nodes)
            r.nodeStatuses[node->name] = pre;
        r.unschedulablePlugins = {pre.plugin()};
        rec.preFilterRejected(pre);
        fail(r, state, pod, snap, rng, rec);
        return r;
    }

    // Filter one node, counting pods nominated to it that outrank this one.
    auto filterNode = [&](const NodeInfo& node) {
        const NodeInfo* target = &node;
        NodeInfo withNominated;
        auto nom = snap.nominatedPods.find(node.name);
        if (nom != snap.nominatedPods.end()) {
            bool added = false;
            for (const auto& p : nom->second)
                if (p->key != pod.key && p->priority >= pod.priority) {
                    if (!added)
                        withNominated = node;
                    withNominated.addPod(p);
                    added = true;
                }
            if (added)
                target = &withNominated;
        }
        rec.filtering(node);
        Status s = runFilters(state, pod, *target, skipFilter, rec);
        rec.nodeFiltered(s.ok());
        return s;
    };

    std::vector<NodeInfo*> feasible;
    if (!pod.nominatedNodeName.empty()) {
        // evaluateNominatedNode: the node preemption made room on is tried first.
        for (NodeInfo* node : snap.nodes)
            if (node->name == pod.nominatedNodeName && filterNode(*node).ok())
                feasible.push_back(node);
        if (!feasible.empty())
            rec.nominatedNodeFits(pod.nominatedNodeName);
    }
    if (feasible.empty()) {
        const std::size_t toFind = numFeasibleNodesToFind(n, percentageOfNodesToScore);
        const std::size_t start = nextStartIndex % n;
        rec.searching(n, toFind, start);
        std::size_t processed = 0;
        for (std::size_t i = 0; i < n; ++i) {
            NodeInfo* node = snap.nodes[(start + i) % n];
            ++processed;
            Status s = filterNode(*node);
            if (s.ok()) {
                feasible.push_back(node);
                if (feasible.size() >= toFind)
                    break;
            } else if (s.code() == Code::Error) {
                error(s.message());
                return r;
            } else {
                r.nodeStatuses.emplace(node->name, std::move(s));
            }
        }
        nextStartIndex = (start + processed) % n;
        r.evaluatedNodes = static_cast<int>(processed);
    } else {
        r.evaluatedNodes = 1;
    }
    r.feasibleNodes = static_cast<int>(feasible.size());
    rec.evaluated(r.evaluatedNodes);
    if (feasible.empty()) {
        std::vector<std::string> plugins;
        for (const auto& [node, s] : r.nodeStatuses)
            if (std::find(plugins.begin(), plugins.end(), s.plugin()) == plugins.end())
                plugins.push_back(s.plugin());
        std::sort(plugins.begin(), plugins.end());
        r.unschedulablePlugins = plugins;
        fail(r, state, pod, snap, rng, rec);
        return r;
    }
    r.outcome = ScheduleResult::Outcome::Scheduled;
    if (feasible.size() == 1) {
        // As kube-scheduler: a single feasible node is chosen without scoring.
        r.node = feasible[0]->name;
        rec.choseOnlyFeasible(r.node);
        return r;
    }
    std::vector<std::int64_t> totals;
    prioritize(state, pod, feasible, snap, totals, rec);
    // selectHost: the highest total; among equal totals kube-scheduler picks uniformly
    // at random (reservoir sampling); we draw from the simulation's seeded RNG.
    std::int64_t best = totals[0];
    for (auto t : totals)
        best = std::max(best, t);
    std::vector<std::size_t> tied;
    for (std::size_t i = 0; i < totals.size(); ++i)
        if (totals[i] == best)
            tied.push_back(i);
    const std::size_t pick = tied.size() == 1 ? tied[0] : tied[rng.below(tied.size())];
    r.node = feasible[pick]->name;
    r.score = best;
    rec.chose(r.node, best, tied.size());
    return r;
}

// Out of line as it was before the recorder became a template parameter: inlined into
// schedule<NoRecorder>, the score loop ran slower in bench schedule (its virtual calls
// predicted worse), not faster.
template<ScheduleRecorder Recorder>
[[gnu::noinline]] void Framework::prioritize(CycleState& state, const PodInfo& pod,
                                             const std::vector<NodeInfo*>& nodes,
                                             const Snapshot& snap,
                                             std::vector<std::int64_t>& totals, Recorder& rec) const
{
    rec.scoring(nodes);
    std::vector<bool> skipScore(m_plugins.size(), false);
    for (std::size_t idx : m_preScore) {
        Status s = m_plugins[idx]->preScore(state, pod, nodes, snap);
        if (!s.ok())
            skipScore[idx] = true; // Skip, or an error that leaves the plugin out
    }
    totals.assign(nodes.size(), 0);
    std::vector<std::int64_t> scores(nodes.size());
    for (std::size_t k = 0; k < m_score.size(); ++k) {
        const std::size_t idx = m_score[k];
        const Plugin& p = *m_plugins[idx];
        if (skipScore[idx]) {
            rec.scoreSkipped(k);
            continue;
        }
        for (std::size_t i = 0; i < nodes.size(); ++i)
            scores[i] = p.score(state, pod, *nodes[i]);
        rec.scored(k, scores);
        p.normalize(state, pod, scores);
        const std::int64_t w = m_weights[idx];
        for (std::size_t i = 0; i < nodes.size(); ++i)
            totals[i] += scores[i] * w;
        rec.normalized(k, scores, w);
    }
    rec.totals(totals);
}

template<ScheduleRecorder Recorder>
void Framework::fail(ScheduleResult& r, CycleState& state, const PodInfo& pod, const Snapshot& snap,
                     sim::Rng& rng, Recorder& rec) const
{
    r.outcome = ScheduleResult::Outcome::Unschedulable;
    std::vector<std::string> reasons;
    for (std::size_t idx : m_postFilter) {
        r.postFilterRan = true;
        PostFilterResult pf =
            m_plugins[idx]->postFilter(state, pod, snap, r.nodeStatuses, *this, rng.next());
        const bool done = pf.status.ok() || !pf.status.isRejected() ||
                          pf.status.code() == Code::UnschedulableAndUnresolvable;
        for (const auto& reason : pf.status.reasons())
            reasons.push_back(reason);
        r.postFilter = std::move(pf);
        if (done)
            break;
    }
    if (!r.postFilter.status.ok())
        for (const auto& reason : reasons)
            r.postFilterMsg += (r.postFilterMsg.empty() ? "" : ", ") + reason;
    r.message = fitErrorMessage(r.numAllNodes, r.preFilterMsg, r.nodeStatuses, r.postFilterMsg);
    rec.unschedulable(r);
}

template ScheduleResult Framework::schedule(const PodInfo&, const Snapshot&, sim::Rng&,
                                            std::size_t&, NoRecorder&, int) const;
template ScheduleResult Framework::schedule(const PodInfo&, const Snapshot&, sim::Rng&,
                                            std::size_t&, ExplanationRecorder&, int) const;

} // namespace kubelab::scheduler
