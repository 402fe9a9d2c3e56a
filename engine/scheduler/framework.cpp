#include "engine/scheduler/framework.h"

#include "engine/scheduler/fit_error.h"

namespace kubelab::scheduler {

using nlohmann::json;

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
    for (std::size_t idx : m_filter) {
        if (skipFilter[idx])
            continue;
        Status s = m_plugins[idx]->filter(state, pod, node);
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

ScheduleResult Framework::schedule(const PodInfo& pod, const Snapshot& snap, sim::Rng& rng,
                                   std::size_t& nextStartIndex, bool explain,
                                   int percentageOfNodesToScore) const
{
    ScheduleResult r;
    const std::size_t n = snap.nodes.size();
    r.numAllNodes = static_cast<int>(n);
    Explanation* ex = explain ? &r.explanation : nullptr;
    if (ex) {
        ex->head = {{"pod", pod.key}, {"nodes", n}};
        for (std::size_t idx : m_filter)
            ex->filterPlugins.push_back(m_plugins[idx]->name());
        for (std::size_t idx : m_score)
            ex->scorePlugins.push_back({m_plugins[idx]->name(), m_weights[idx]});
    }
    if (n == 0) {
        r.outcome = ScheduleResult::Outcome::Error;
        r.message = "no nodes available to schedule pods";
        if (ex)
            ex->head["message"] = r.message;
        return r;
    }
    CycleState state(m_plugins.size());
    std::vector<bool> skipFilter;
    Status pre = runPreFilters(state, pod, snap, skipFilter);
    if (!pre.ok()) {
        if (pre.code() == Code::Error) {
            r.outcome = ScheduleResult::Outcome::Error;
            r.message = pre.message();
            if (ex)
                ex->head["message"] = r.message;
            return r;
        }
        r.preFilterMsg = pre.message();
        for (const NodeInfo* node : snap.nodes)
            r.nodeStatuses[node->name] = pre;
        r.unschedulablePlugins = {pre.plugin()};
        if (ex)
            ex->head["preFilter"] = {{"plugin", pre.plugin()}, {"reason", pre.message()}};
        fail(r, state, pod, snap, rng);
        return r;
    }

    // Filter one node, counting pods nominated to it that outrank this one, and record
    // each plugin's verdict when explaining.
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
        if (!ex)
            return runFilters(state, pod, *target, skipFilter);
        Explanation::Node& row = ex->node(node);
        const std::uint32_t first = ex->filterRow(row); // one cell per m_filter entry
        Explanation::Filter* verdicts = &ex->filterCells[first];
        Status result;
        for (std::size_t f = 0; f < m_filter.size(); ++f) {
            const std::size_t idx = m_filter[f];
            if (!result.ok()) {
                verdicts[f].kind = Explanation::Filter::Kind::NotRun;
                continue;
            }
            if (skipFilter[idx]) {
                verdicts[f].kind = Explanation::Filter::Kind::Skip;
                continue;
            }
            Status s = m_plugins[idx]->filter(state, pod, *target);
            if (!s.ok())
                result = s.withPlugin(m_plugins[idx]->name());
            verdicts[f] = ex->verdict(s); // verdict() does not touch filterCells
        }
        row.feasible = result.ok();
        return result;
    };

    std::vector<NodeInfo*> feasible;
    if (!pod.nominatedNodeName.empty()) {
        // evaluateNominatedNode: the node preemption made room on is tried first.
        for (NodeInfo* node : snap.nodes)
            if (node->name == pod.nominatedNodeName && filterNode(*node).ok())
                feasible.push_back(node);
        if (ex && !feasible.empty())
            ex->head["nominatedNode"] = pod.nominatedNodeName;
    }
    if (feasible.empty()) {
        const std::size_t toFind = numFeasibleNodesToFind(n, percentageOfNodesToScore);
        const std::size_t start = nextStartIndex % n;
        if (ex)
            ex->reserve(std::min(n, toFind + toFind / 4));
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
                r.outcome = ScheduleResult::Outcome::Error;
                r.message = s.message();
                return r;
            } else {
                r.nodeStatuses.emplace(node->name, std::move(s));
            }
        }
        nextStartIndex = (start + processed) % n;
        r.evaluatedNodes = static_cast<int>(processed);
        if (ex) {
            ex->head["feasibleNodesToFind"] = toFind;
            ex->head["startIndex"] = start;
        }
    } else {
        r.evaluatedNodes = 1;
    }
    r.feasibleNodes = static_cast<int>(feasible.size());
    if (ex)
        ex->head["evaluatedNodes"] = r.evaluatedNodes;
    if (feasible.empty()) {
        std::vector<std::string> plugins;
        for (const auto& [node, s] : r.nodeStatuses)
            if (std::find(plugins.begin(), plugins.end(), s.plugin()) == plugins.end())
                plugins.push_back(s.plugin());
        std::sort(plugins.begin(), plugins.end());
        r.unschedulablePlugins = plugins;
        fail(r, state, pod, snap, rng);
        return r;
    }
    r.outcome = ScheduleResult::Outcome::Scheduled;
    if (feasible.size() == 1) {
        // As kube-scheduler: a single feasible node is chosen without scoring.
        r.node = feasible[0]->name;
        if (ex) {
            ex->head["scoring"] = "skipped: only one feasible node";
            ex->head["result"] = "Scheduled";
            ex->head["node"] = r.node;
        }
        return r;
    }
    std::vector<std::int64_t> totals;
    prioritize(state, pod, feasible, snap, totals, ex);
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
    if (ex) {
        ex->head["result"] = "Scheduled";
        ex->head["node"] = r.node;
        ex->head["score"] = best;
        if (tied.size() > 1)
            ex->head["tie"] = tied.size();
    }
    return r;
}

void Framework::prioritize(CycleState& state, const PodInfo& pod,
                           const std::vector<NodeInfo*>& nodes, const Snapshot& snap,
                           std::vector<std::int64_t>& totals, Explanation* ex) const
{
    std::vector<Explanation::Node*> rows;
    std::vector<std::uint32_t> rowStart; // each row's first index in ex->scoreCells
    if (ex) {
        for (const NodeInfo* node : nodes)
            rows.push_back(&ex->node(*node)); // every one was filtered: no new row
        for (Explanation::Node* row : rows)
            rowStart.push_back(ex->scoreRow(*row)); // one cell per m_score entry
    }
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
            for (std::uint32_t start : rowStart)
                ex->scoreCells[start + k].kind = Explanation::Score::Kind::Skip;
            continue;
        }
        for (std::size_t i = 0; i < nodes.size(); ++i)
            scores[i] = p.score(state, pod, *nodes[i]);
        std::vector<std::int64_t> raw;
        if (ex)
            raw = scores;
        p.normalize(state, pod, scores);
        const std::int64_t w = m_weights[idx];
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            totals[i] += scores[i] * w;
            if (ex)
                ex->scoreCells[rowStart[i] + k] = {Explanation::Score::Kind::Value, raw[i],
                                                   scores[i], scores[i] * w};
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i]->hasTotal = true;
        rows[i]->total = totals[i];
    }
}

void Framework::fail(ScheduleResult& r, CycleState& state, const PodInfo& pod,
                     const Snapshot& snap, sim::Rng& rng) const
{
    r.outcome = ScheduleResult::Outcome::Unschedulable;
    std::vector<std::string> reasons;
    for (std::size_t idx : m_postFilter) {
        r.postFilterRan = true;
        PostFilterResult pf = m_plugins[idx]->postFilter(state, pod, snap, r.nodeStatuses, *this,
                                                         rng.next());
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
    if (!r.explanation.empty()) {
        r.explanation.head["result"] = "Unschedulable";
        r.explanation.head["message"] = r.message;
        if (r.postFilterRan) {
            json pre = {{"outcome", r.postFilter.status.ok() ? "nominated" : "failed"}};
            if (!r.postFilter.nominatedNode.empty())
                pre["nominatedNode"] = r.postFilter.nominatedNode;
            json victims = json::array();
            for (const auto& v : r.postFilter.victims)
                victims.push_back(v->key);
            pre["victims"] = victims;
            json nodes = json::object();
            for (const auto& [node, s] : r.postFilter.nodeStatuses)
                nodes[node] = s.ok() ? "candidate" : s.message();
            pre["nodes"] = nodes;
            r.explanation.head["preemption"] = pre;
        }
    }
}

} // namespace kubelab::scheduler
