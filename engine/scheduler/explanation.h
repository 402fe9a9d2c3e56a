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
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/scheduler/status.h"

namespace kubelab::scheduler {

// Filled by an ExplanationRecorder on every attempt the Scheduler actor makes, so it is typed
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
        Code code = Code::Success; // Ran
        std::uint32_t message = 0; // Ran and not Success: index into `messages`
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

    // {pod, nodes, filterPlugins, scorePlugins, nodeResults: {node: {filters: {plugin:
    // {verdict, code, reason}}, feasible, scores: {plugin: {raw, normalized, weighted} |
    // "skip"}, total}}, evaluatedNodes, result, node, score, message, preemption, ...}
    nlohmann::json toJson() const;
};

// The explanation's JSON (toJson()) as the tables `explain pod NAME` prints: one row per
// node, one column per filter plugin, then one per score plugin (explanation_printer.cpp).
std::string formatExplanation(const nlohmann::json& explanation);

} // namespace kubelab::scheduler
