#pragma once
// The record of one scheduling attempt, node by node: each filter plugin's verdict and
// reason, each score plugin's raw, normalized and weighted score, each node's total and
// the winner. kube-scheduler keeps no such record; the nearest are the Diagnosis of a
// failed attempt (NodeToStatusMap and UnschedulablePlugins in
// pkg/scheduler/framework/types.go) and the per-plugin scores prioritizeNodes logs at -v=10
// (pkg/scheduler/schedule_one.go, v1.31). `explain pod` prints it (formatExplanation) and
// the app's inspector shows its JSON.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/scheduler/node_info.h"
#include "engine/scheduler/status.h"

namespace kubelab::scheduler {

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

// The explanation's JSON (toJson()) as the tables `explain pod NAME` prints: one row per
// node, one column per filter plugin, then one per score plugin (explanation_printer.cpp).
std::string formatExplanation(const nlohmann::json& explanation);

} // namespace kubelab::scheduler
