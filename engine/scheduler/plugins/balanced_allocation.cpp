#include "engine/scheduler/plugins/balanced_allocation.h"

#include <cmath>

namespace kubelab::scheduler {

std::int64_t NodeResourcesBalancedAllocation::score(const CycleState&, const PodInfo& pod,
                                                    const NodeInfo& node) const
{
    // Plain requests here (useRequested), not the non-zero defaults.
    double fractions[2];
    int count = 0;
    auto add = [&](std::int64_t requested, std::int64_t allocatable) {
        if (allocatable == 0)
            return;
        double f = static_cast<double>(requested) / static_cast<double>(allocatable);
        fractions[count++] = f > 1 ? 1 : f;
    };
    add(node.requested.milliCpu + pod.requests.milliCpu, node.allocatable.milliCpu);
    add(node.requested.memory + pod.requests.memory, node.allocatable.memory);
    const double stddev = count == 2 ? std::fabs((fractions[0] - fractions[1]) / 2) : 0.0;
    return static_cast<std::int64_t>((1 - stddev) * static_cast<double>(kMaxNodeScore));
}

} // namespace kubelab::scheduler
