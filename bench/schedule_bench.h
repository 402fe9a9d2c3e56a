#pragma once
// Scheduling throughput benchmark, in the shape of kube-scheduler's SchedulingBasic
// perf test: N identical nodes (4 CPU, 32Gi, 110 pods), M pods each requesting 100m CPU
// and 500Mi, scheduled one after another through the same framework code the scheduler
// actor uses (filter, score, reserve), without API round trips. `kubelab-sim bench
// schedule` prints the result.
#include <nlohmann/json.hpp>

namespace kubelab::scheduler {

// {"bench":"schedule","nodes":N,"pods":M,"scheduled":K,"wall_s":..,"pods_per_s":..,
//  "peak_rss_mb":..}
nlohmann::json runScheduleBench(int nodes, int pods);

} // namespace kubelab::scheduler
