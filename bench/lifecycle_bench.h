#pragma once
// `kubelab-sim bench lifecycle`: Deployments applied through the API server until every
// pod is Running, on a cluster of N workers. Wall-clock timing lives here, outside the
// engine.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace kubelab::bench {

nlohmann::json runLifecycleBench(int nodes, int pods, std::uint64_t seed);

// Peak resident set size of this process in MiB.
double peakRssMb();

} // namespace kubelab::bench
