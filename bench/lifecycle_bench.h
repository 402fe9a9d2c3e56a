#pragma once
// `kubelab-sim bench lifecycle`: Deployments applied through the API server until every
// pod is Running, on a cluster of N workers. Wall-clock timing lives here, outside the
// engine.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace kubelab::bench {

// `checkpointEvery` > 0 keeps rewind checkpoints as the app does (every N events, thinned
// to at most 64), so the run shows what rewind costs; 0 keeps none (a headless run).
// `digest` adds the trace's SHA-256 ("trace_sha256"), read after the clock stops.
nlohmann::json runLifecycleBench(int nodes, int pods, std::uint64_t seed,
                                 std::uint64_t checkpointEvery = 0, bool digest = false);

// Peak resident set size of this process in MiB.
double peakRssMb();

} // namespace kubelab::bench
