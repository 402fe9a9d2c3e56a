// ExplanationRecorder: each step of an attempt as rows and cells of the Explanation
// (KubeLab's own record; kube-scheduler only logs these steps, schedule_one.go v1.31).
#include "engine/scheduler/explanation_recorder.h"

#include <algorithm>

#include "engine/scheduler/framework.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

// A node's row of cells, allocated at the end of `cells` or, if it has one, cleared.
template<typename Cell>
std::uint32_t cellRow(std::vector<Cell>& cells, std::uint32_t& start, std::size_t width)
{
    if (start == Explanation::kNone) {
        start = std::uint32_t(cells.size());
        cells.resize(cells.size() + width);
    } else {
        std::fill_n(cells.begin() + start, width, Cell{});
    }
    return start;
}

} // namespace

void ExplanationRecorder::started(const Framework& framework, const PodInfo& pod, std::size_t nodes)
{
    Explanation& e = m_explanation;
    e.head = {{"pod", pod.key}, {"nodes", nodes}};
    for (std::size_t idx : framework.filterPlugins())
        e.filterPlugins.push_back(framework.plugins()[idx]->name());
    for (std::size_t idx : framework.scorePlugins())
        e.scorePlugins.push_back({framework.plugins()[idx]->name(), framework.weightOf(idx)});
}

void ExplanationRecorder::failed(const std::string& message)
{
    m_explanation.head["message"] = message;
}

void ExplanationRecorder::preFilterRejected(const Status& status)
{
    m_explanation.head["preFilter"] = {{"plugin", status.plugin()}, {"reason", status.message()}};
}

std::size_t ExplanationRecorder::row(const NodeInfo& node)
{
    std::vector<Explanation::Node>& nodes = m_explanation.nodes;
    auto [it, added] = m_rows.emplace(&node, nodes.size());
    if (added) {
        nodes.push_back({});
        nodes.back().name = node.name;
    }
    return it->second;
}

void ExplanationRecorder::filtering(const NodeInfo& node)
{
    m_node = row(node);
    m_filterRow = cellRow(m_explanation.filterCells, m_explanation.nodes[m_node].filters,
                          m_explanation.filterPlugins.size());
}

void ExplanationRecorder::nodeFiltered(bool feasible)
{
    Explanation::Filter* verdicts = cells();
    for (std::size_t f = 0; f < m_explanation.filterPlugins.size(); ++f)
        if (verdicts[f].kind == Explanation::Filter::Kind::Absent)
            verdicts[f].kind = Explanation::Filter::Kind::NotRun;
    m_explanation.nodes[m_node].feasible = feasible;
}

Explanation::Filter ExplanationRecorder::verdict(const Status& status)
{
    Explanation::Filter f{Explanation::Filter::Kind::Ran, status.code(), 0};
    if (status.ok() || status.isSkip())
        return f;
    std::vector<std::string>& messages = m_explanation.messages;
    std::string text = status.message();
    // Few distinct messages per attempt: the last ones added are the likeliest.
    for (std::size_t i = messages.size(); i-- > 0;)
        if (messages[i] == text) {
            f.message = std::uint32_t(i);
            return f;
        }
    f.message = std::uint32_t(messages.size());
    messages.push_back(std::move(text));
    return f;
}

void ExplanationRecorder::nominatedNodeFits(const std::string& node)
{
    m_explanation.head["nominatedNode"] = node;
}

void ExplanationRecorder::searching(std::size_t nodes, std::size_t feasibleNodesToFind,
                                    std::size_t startIndex)
{
    Explanation& e = m_explanation;
    // Room for the rows the search will likely fill, so it does not regrow them.
    const std::size_t rows = std::min(nodes, feasibleNodesToFind + feasibleNodesToFind / 4);
    e.nodes.reserve(rows);
    m_rows.reserve(rows);
    e.filterCells.reserve(rows * e.filterPlugins.size());
    e.head["feasibleNodesToFind"] = feasibleNodesToFind;
    e.head["startIndex"] = startIndex;
}

void ExplanationRecorder::evaluated(int nodes)
{
    m_explanation.head["evaluatedNodes"] = nodes;
}

void ExplanationRecorder::scoring(const std::vector<NodeInfo*>& nodes)
{
    m_scored.clear();
    Explanation& e = m_explanation;
    for (const NodeInfo* node : nodes) {
        const std::size_t n = row(*node); // every one was filtered: no new row
        m_scored.push_back({n, cellRow(e.scoreCells, e.nodes[n].scores, e.scorePlugins.size())});
    }
}

void ExplanationRecorder::scoreSkipped(std::size_t score)
{
    for (const Scored& s : m_scored)
        m_explanation.scoreCells[s.cells + score].kind = Explanation::Score::Kind::Skip;
}

void ExplanationRecorder::scored(std::size_t score, const std::vector<std::int64_t>& raw)
{
    for (std::size_t i = 0; i < m_scored.size(); ++i)
        m_explanation.scoreCells[m_scored[i].cells + score] = {Explanation::Score::Kind::Value,
                                                               raw[i], 0, 0};
}

void ExplanationRecorder::normalized(std::size_t score, const std::vector<std::int64_t>& normalized,
                                     std::int64_t weight)
{
    for (std::size_t i = 0; i < m_scored.size(); ++i) {
        Explanation::Score& cell = m_explanation.scoreCells[m_scored[i].cells + score];
        cell.normalized = normalized[i];
        cell.weighted = normalized[i] * weight;
    }
}

void ExplanationRecorder::totals(const std::vector<std::int64_t>& totals)
{
    for (std::size_t i = 0; i < m_scored.size(); ++i) {
        Explanation::Node& node = m_explanation.nodes[m_scored[i].node];
        node.hasTotal = true;
        node.total = totals[i];
    }
}

void ExplanationRecorder::choseOnlyFeasible(const std::string& node)
{
    json& head = m_explanation.head;
    head["scoring"] = "skipped: only one feasible node";
    head["result"] = "Scheduled";
    head["node"] = node;
}

void ExplanationRecorder::chose(const std::string& node, std::int64_t score, std::size_t tied)
{
    json& head = m_explanation.head;
    head["result"] = "Scheduled";
    head["node"] = node;
    head["score"] = score;
    if (tied > 1)
        head["tie"] = tied;
}

void ExplanationRecorder::unschedulable(const ScheduleResult& r)
{
    json& head = m_explanation.head;
    head["result"] = "Unschedulable";
    head["message"] = r.message;
    if (!r.postFilterRan)
        return;
    json preemption = {{"outcome", r.postFilter.status.ok() ? "nominated" : "failed"}};
    if (!r.postFilter.nominatedNode.empty())
        preemption["nominatedNode"] = r.postFilter.nominatedNode;
    json victims = json::array();
    for (const auto& v : r.postFilter.victims)
        victims.push_back(v->key);
    preemption["victims"] = victims;
    json nodes = json::object();
    for (const auto& [node, s] : r.postFilter.nodeStatuses)
        nodes[node] = s.ok() ? "candidate" : s.message();
    preemption["nodes"] = nodes;
    head["preemption"] = preemption;
}

} // namespace kubelab::scheduler
