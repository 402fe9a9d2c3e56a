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
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/scheduler/plugin.h"
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

// What one scheduling attempt did, node by node: built on every attempt, so it is typed
// (a JSON tree per node and plugin cost more than the scheduling itself at 500 nodes) and
// becomes the JSON that `explain pod` and the app read only when asked (toJson()).
struct Explanation
{
    // Top-level facts (pod, result, message, preemption, ...), small.
    nlohmann::json head = nlohmann::json::object();
    // Eight bytes a verdict: an explanation holds one per filter plugin for each of
    // hundreds of nodes, for hundreds of pods.
    struct Filter
    {
        enum class Kind : std::uint8_t { Absent, NotRun, Skip, Ran };
        Kind kind = Kind::Absent;
        Code code = Code::Success;  // Ran
        std::uint32_t message = 0;  // Ran and not Success: index into `messages`
    };
    struct Score
    {
        enum class Kind : std::uint8_t { Absent, Skip, Value };
        Kind kind = Kind::Absent;
        std::int64_t raw = 0, normalized = 0, weighted = 0;
    };
    static constexpr std::uint32_t kNone = UINT32_MAX;
    // A node's verdicts and scores are rows of the flat `filterCells` and `scoreCells`
    // (no allocation per node), one cell per plugin of `filterPlugins` and `scorePlugins`:
    // `filters` and `scores` are where its rows start.
    struct Node
    {
        std::string name;
        std::uint32_t filters = kNone; // kNone: not filtered
        std::uint32_t scores = kNone;  // kNone: not scored
        bool feasible = false;
        bool hasTotal = false;
        std::int64_t total = 0;
    };
    struct ScorePlugin
    {
        std::string name;
        std::int64_t weight = 1;
    };
    std::vector<std::string> filterPlugins; // the profile's, in order
    std::vector<ScorePlugin> scorePlugins;
    std::vector<Node> nodes; // in the order they were filtered
    std::vector<Filter> filterCells;
    std::vector<Score> scoreCells;
    // Distinct failure messages, which filter verdicts point at ("Insufficient cpu").
    std::vector<std::string> messages;

    bool empty() const { return head.empty(); }
    // The row for a node (found by its NodeInfo's address, which is stable through a
    // cycle: hashing 500 names a cycle showed in profiles), added on first use. While the
    // explanation is being built only: done() drops the index.
    Node& node(const NodeInfo& node);
    Filter verdict(const Status& status);
    // A node's row of verdicts (scores), allocated or cleared: its first index.
    std::uint32_t filterRow(Node& node);
    std::uint32_t scoreRow(Node& node);
    void done() { nodeIndex = {}; }
    // Room for `count` node rows, so a cycle does not regrow the rows and the index.
    void reserve(std::size_t count)
    {
        nodes.reserve(count);
        nodeIndex.reserve(count);
        filterCells.reserve(count * filterPlugins.size());
    }
    // {pod, nodes, filterPlugins, scorePlugins, nodeResults: {node: {filters: {plugin:
    // {verdict, code, reason}}, feasible, scores: {plugin: {raw, normalized, weighted} |
    // "skip"}, total}}, evaluatedNodes, result, node, score, message, preemption, ...}
    nlohmann::json toJson() const;

private:
    std::unordered_map<const NodeInfo*, std::size_t> nodeIndex;
};

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
    std::string message;       // FailedScheduling message when not scheduled
    std::vector<std::string> unschedulablePlugins; // plugins that rejected, sorted
    PostFilterResult postFilter; // preemption outcome
    bool postFilterRan = false;
    Explanation explanation; // filled when asked for
};

class Framework
{
public:
    // Unknown plugin names are ignored (logged in the explanation as absent).
    explicit Framework(const std::vector<PluginConfig>& profile = defaultProfile());

    // Schedules `pod` on `snapshot`. `nextStartIndex` is the scheduler's round-robin
    // position (updated). `percentageOfNodesToScore` 0 means kube-scheduler's adaptive
    // default. With `explain`, result.explanation records every verdict and score.
    ScheduleResult schedule(const PodInfo& pod, const Snapshot& snapshot, sim::Rng& rng,
                            std::size_t& nextStartIndex, bool explain,
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
    void prioritize(CycleState& state, const PodInfo& pod, const std::vector<NodeInfo*>& nodes,
                    const Snapshot& snap, std::vector<std::int64_t>& totals,
                    Explanation* explain) const;
    void fail(ScheduleResult& r, CycleState& state, const PodInfo& pod, const Snapshot& snap,
              sim::Rng& rng) const;

    std::vector<std::shared_ptr<Plugin>> m_plugins;
    std::vector<std::int64_t> m_weights;
    std::vector<std::size_t> m_preFilter, m_filter, m_postFilter, m_preScore, m_score,
        m_reserve;
};

} // namespace kubelab::scheduler
