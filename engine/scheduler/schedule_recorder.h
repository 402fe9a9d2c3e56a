#pragma once
// What the framework tells about one scheduling attempt while it runs, so the algorithm
// (framework.cpp, schedulePod in kube-scheduler v1.31) only says what happened and the
// recorder decides what to keep. kube-scheduler has no such seam: the nearest are the
// Diagnosis it fills for a failed attempt and the per-plugin scores it logs at -v=10
// (pkg/scheduler/schedule_one.go). Framework::schedule takes the recorder as a template
// parameter, so with NoRecorder the calls compile to nothing on the per-node hot path.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/scheduler/node_info.h"
#include "engine/scheduler/pod_info.h"
#include "engine/scheduler/status.h"

namespace kubelab::scheduler {

class Framework;
struct ScheduleResult;

// The calls of one attempt, in the order schedule() makes them. Filter and score plugins
// are numbered by their place in Framework::filterPlugins() and scorePlugins().
template<class R>
concept ScheduleRecorder = requires(R& r, const Framework& framework, const PodInfo& pod,
                                    const NodeInfo& node, const Status& status,
                                    const std::string& name, std::size_t index, bool feasible,
                                    const std::vector<NodeInfo*>& feasibleNodes,
                                    const std::vector<std::int64_t>& scores, std::int64_t weight,
                                    const ScheduleResult& result)
{
    // The attempt begins: the pod, the cluster's size and the profile's plugins.
    r.started(framework, pod, index);
    // It ends in an error before any node is chosen (no nodes, a plugin's error).
    r.failed(name);
    // A PreFilter plugin rejected the pod for every node.
    r.preFilterRejected(status);
    // Filter, node by node: filtering() opens the node's row (cleared if the node was
    // filtered before in this attempt), then one call per filter plugin skipped or run,
    // then nodeFiltered(). Plugins after a rejection are not run.
    r.filtering(node);
    r.filterSkipped(index);
    r.filtered(index, status);
    r.nodeFiltered(feasible);
    // The node preemption nominated passed and no other was filtered.
    r.nominatedNodeFits(name);
    // The search over all nodes: their number, how many feasible ones end it, where it
    // starts; then how many nodes were evaluated, by the search or the nomination.
    r.searching(index, index, index);
    r.evaluated(int(index));
    // Score, plugin by plugin over the feasible nodes (in the order given to scoring()):
    // scored() has the raw scores, normalized() the same after NormalizeScore (which
    // rewrites them in place) and the plugin's weight; then each node's total.
    r.scoring(feasibleNodes);
    r.scoreSkipped(index);
    r.scored(index, scores);
    r.normalized(index, scores, weight);
    r.totals(scores);
    // The outcome: the only feasible node (not scored), the best of several (`index`
    // nodes had its score), or none (PostFilter, preemption, has run).
    r.choseOnlyFeasible(name);
    r.chose(name, weight, index);
    r.unschedulable(result);
};

// Records nothing: the benchmark, PostFilter's dry runs, tests of decisions.
struct NoRecorder
{
    void started(const Framework&, const PodInfo&, std::size_t) {}
    void failed(const std::string&) {}
    void preFilterRejected(const Status&) {}
    void filtering(const NodeInfo&) {}
    void filterSkipped(std::size_t) {}
    void filtered(std::size_t, const Status&) {}
    void nodeFiltered(bool) {}
    void nominatedNodeFits(const std::string&) {}
    void searching(std::size_t, std::size_t, std::size_t) {}
    void evaluated(int) {}
    void scoring(const std::vector<NodeInfo*>&) {}
    void scoreSkipped(std::size_t) {}
    void scored(std::size_t, const std::vector<std::int64_t>&) {}
    void normalized(std::size_t, const std::vector<std::int64_t>&, std::int64_t) {}
    void totals(const std::vector<std::int64_t>&) {}
    void choseOnlyFeasible(const std::string&) {}
    void chose(const std::string&, std::int64_t, std::size_t) {}
    void unschedulable(const ScheduleResult&) {}
};

} // namespace kubelab::scheduler
