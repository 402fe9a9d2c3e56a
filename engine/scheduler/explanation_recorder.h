#pragma once
// The ScheduleRecorder that fills an Explanation: how each step of an attempt lands in
// its rows and cells. KubeLab's own; kube-scheduler only logs these steps
// (pkg/scheduler/schedule_one.go, v1.31).
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/scheduler/explanation.h"
#include "engine/scheduler/schedule_recorder.h"

namespace kubelab::scheduler {

// Made by the Scheduler actor for each attempt (`explain pod` and the app read the
// result); one recorder, one attempt. The calls are those of the ScheduleRecorder
// concept; the ones made per node and plugin are inline.
class ExplanationRecorder
{
public:
    // Records into `explanation`, which starts empty and outlives the recorder.
    explicit ExplanationRecorder(Explanation& explanation) : m_explanation(explanation) {}
    ExplanationRecorder(const ExplanationRecorder&) = delete;
    ExplanationRecorder& operator=(const ExplanationRecorder&) = delete;

    void started(const Framework& framework, const PodInfo& pod, std::size_t nodes);
    void failed(const std::string& message);
    void preFilterRejected(const Status& status);

    void filtering(const NodeInfo& node);
    void filterSkipped(std::size_t filter)
    {
        cells()[filter].kind = Explanation::Filter::Kind::Skip;
    }
    void filtered(std::size_t filter, const Status& status) { cells()[filter] = verdict(status); }
    void nodeFiltered(bool feasible);
    void nominatedNodeFits(const std::string& node);
    void searching(std::size_t nodes, std::size_t feasibleNodesToFind, std::size_t startIndex);
    void evaluated(int nodes);

    void scoring(const std::vector<NodeInfo*>& nodes);
    void scoreSkipped(std::size_t score);
    void scored(std::size_t score, const std::vector<std::int64_t>& raw);
    void normalized(std::size_t score, const std::vector<std::int64_t>& normalized,
                    std::int64_t weight);
    void totals(const std::vector<std::int64_t>& totals);

    void choseOnlyFeasible(const std::string& node);
    void chose(const std::string& node, std::int64_t score, std::size_t tied);
    void unschedulable(const ScheduleResult& result);

private:
    // The row being filtered (filterCells only grow in filtering(), between rows).
    Explanation::Filter* cells() { return &m_explanation.filterCells[m_filterRow]; }
    Explanation::Filter verdict(const Status& status);
    // The row of a node, added on first use (found by its NodeInfo's address, stable
    // through a cycle: hashing 500 names a cycle showed in profiles).
    std::size_t row(const NodeInfo& node);

    Explanation& m_explanation;
    std::unordered_map<const NodeInfo*, std::size_t> m_rows; // into nodes
    std::size_t m_node = 0;                                  // the row being filtered
    std::uint32_t m_filterRow = 0;                           // its first cell in filterCells
    // The feasible nodes being scored: each one's row and its first cell in scoreCells.
    struct Scored
    {
        std::size_t node;
        std::uint32_t cells;
    };
    std::vector<Scored> m_scored;
};

static_assert(ScheduleRecorder<ExplanationRecorder>);
static_assert(ScheduleRecorder<NoRecorder>);

} // namespace kubelab::scheduler
