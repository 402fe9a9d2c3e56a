#include "engine/scheduler/plugins/node_resources_fit.h"

namespace kubelab::scheduler {

Status NodeResourcesFit::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    Status s(Code::Success);
    auto reject = [&](const char* reason) {
        if (s.ok())
            s = Status(Code::Unschedulable);
        s.addReason(reason);
    };
    if (static_cast<std::int64_t>(node.pods.size()) + 1 > node.allowedPods)
        reject("Too many pods");
    const Resources& r = pod.requests;
    if (r.isZero())
        return s;
    if (r.milliCpu > 0 && r.milliCpu > node.allocatable.milliCpu - node.requested.milliCpu)
        reject("Insufficient cpu");
    if (r.memory > 0 && r.memory > node.allocatable.memory - node.requested.memory)
        reject("Insufficient memory");
    if (r.ephemeralStorage > 0 &&
        r.ephemeralStorage > node.allocatable.ephemeralStorage - node.requested.ephemeralStorage)
        reject("Insufficient ephemeral-storage");
    return s;
}

namespace {

std::int64_t leastRequested(std::int64_t requested, std::int64_t capacity)
{
    if (capacity == 0 || requested > capacity)
        return 0;
    return (capacity - requested) * kMaxNodeScore / capacity;
}

} // namespace

std::int64_t NodeResourcesFit::score(const CycleState&, const PodInfo& pod,
                                     const NodeInfo& node) const
{
    // LeastAllocated, resources cpu and memory with weight 1 each.
    std::int64_t sum = 0;
    std::int64_t weights = 0;
    if (node.allocatable.milliCpu != 0) {
        sum += leastRequested(node.nonZeroRequested.milliCpu + pod.nonZeroRequests.milliCpu,
                              node.allocatable.milliCpu);
        ++weights;
    }
    if (node.allocatable.memory != 0) {
        sum += leastRequested(node.nonZeroRequested.memory + pod.nonZeroRequests.memory,
                              node.allocatable.memory);
        ++weights;
    }
    return weights ? sum / weights : 0;
}

} // namespace kubelab::scheduler
