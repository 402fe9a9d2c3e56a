#pragma once
// NodeResourcesBalancedAllocation (kube-scheduler v1.31): prefers nodes whose cpu and memory
// fractions, with the pod added, are close to each other: (1 - |f_cpu - f_mem| / 2) * 100.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodeResourcesBalancedAllocation : public Plugin
{
public:
    static constexpr const char* kName = "NodeResourcesBalancedAllocation";
    const char* name() const override { return kName; }
    unsigned points() const override { return kScore; }
    std::int64_t score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

} // namespace kubelab::scheduler
