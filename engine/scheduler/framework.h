#pragma once
// The scheduling framework: runs one pod through PreFilter, Filter (on a rotating window
// of nodes sized by percentageOfNodesToScore), PostFilter, PreScore, Score,
// NormalizeScore and host selection, as schedulePod in kube-scheduler v1.31
// (pkg/scheduler/schedule_one.go). The scheduler actor and the benchmark share it; the
// actor then reserves and binds.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/scheduler/plugin.h"
#include "engine/scheduler/schedule_recorder.h"
#include "engine/sim/rng.h"

namespace kubelab::scheduler {

// A plugin enabled in a profile; weight matters for Score.
struct PluginConfig
{
    std::string name;
    std::int64_t weight = 1;
};

using PluginFactory = std::function<std::shared_ptr<Plugin>()>;

// Plugins by name, as the in-tree registry (plugins/registry.go).
const std::map<std::string, PluginFactory>& pluginRegistry();
// The default profile's plugins in kube-scheduler's order (filters run in this order,
// and the first rejection is the node's reason) with its default score weights.
std::vector<PluginConfig> defaultProfile();

struct ScheduleResult
{
    enum class Outcome { Scheduled, Unschedulable, Error };
    Outcome outcome = Outcome::Error;
    std::string node;
    std::int64_t score = 0;
    int numAllNodes = 0;
    int evaluatedNodes = 0;
    int feasibleNodes = 0;
    NodeStatusMap nodeStatuses; // rejected nodes
    std::string preFilterMsg;
    std::string postFilterMsg;
    std::string message;                           // FailedScheduling message when not scheduled
    std::vector<std::string> unschedulablePlugins; // plugins that rejected, sorted
    PostFilterResult postFilter;                   // preemption outcome
    bool postFilterRan = false;
};

class Framework
{
public:
    // Unknown plugin names are ignored (logged in the explanation as absent).
    explicit Framework(const std::vector<PluginConfig>& profile = defaultProfile());

    // Schedules `pod` on `snapshot`. `nextStartIndex` is the scheduler's round-robin
    // position (updated). `percentageOfNodesToScore` 0 means kube-scheduler's adaptive
    // default. `recorder` hears every verdict and score: NoRecorder or
    // ExplanationRecorder, the two framework.cpp instantiates.
    template<ScheduleRecorder Recorder>
    ScheduleResult schedule(const PodInfo& pod, const Snapshot& snapshot, sim::Rng& rng,
                            std::size_t& nextStartIndex, Recorder& recorder,
                            int percentageOfNodesToScore = 0) const;

    // Building blocks PostFilter plugins (preemption) re-run on modified nodes.
    Status runPreFilters(CycleState& state, const PodInfo& pod, const Snapshot& snap,
                         std::vector<bool>& skipFilter) const;
    Status runFilters(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                      const std::vector<bool>& skipFilter) const;
    // Runs Reserve plugins (none in the default profile; the cache's assume step is the
    // scheduler's own Reserve).
    Status runReserve(CycleState& state, const PodInfo& pod, const std::string& node) const;

    // numFeasibleNodesToFind (v1.31): every node below 100; otherwise
    // max(100, nodes * p / 100) with p = 50 - nodes/125 (at least 5) unless configured.
    static std::size_t numFeasibleNodesToFind(std::size_t numAllNodes, int percentage);

    const std::vector<std::shared_ptr<Plugin>>& plugins() const { return m_plugins; }
    std::int64_t weightOf(std::size_t pluginIndex) const { return m_weights[pluginIndex]; }
    const std::vector<std::size_t>& filterPlugins() const { return m_filter; }
    const std::vector<std::size_t>& scorePlugins() const { return m_score; }

private:
    // The filters in order, up to the first rejection, told to `recorder`.
    template<ScheduleRecorder Recorder>
    Status runFilters(const CycleState& state, const PodInfo& pod, const NodeInfo& node,
                      const std::vector<bool>& skipFilter, Recorder& recorder) const;
    template<ScheduleRecorder Recorder>
    void prioritize(CycleState& state, const PodInfo& pod, const std::vector<NodeInfo*>& nodes,
                    const Snapshot& snap, std::vector<std::int64_t>& totals,
                    Recorder& recorder) const;
    template<ScheduleRecorder Recorder>
    void fail(ScheduleResult& r, CycleState& state, const PodInfo& pod, const Snapshot& snap,
              sim::Rng& rng, Recorder& recorder) const;

    std::vector<std::shared_ptr<Plugin>> m_plugins;
    std::vector<std::int64_t> m_weights;
    std::vector<std::size_t> m_preFilter, m_filter, m_postFilter, m_preScore, m_score, m_reserve;
};

} // namespace kubelab::scheduler
