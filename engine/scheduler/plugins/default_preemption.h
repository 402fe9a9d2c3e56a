#pragma once
// DefaultPreemption (kube-scheduler v1.31, PostFilter): when no node fits, look for a
// node where removing pods of lower priority would let the pod fit, keeping back
// ("reprieving") as many of them as still allows it; choose the node whose victims
// matter least, and report it as the pod's nominated node. The scheduler actor then
// deletes the victims through the API and records Preempted events.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class DefaultPreemption : public Plugin
{
public:
    static constexpr const char* kName = "DefaultPreemption";
    static constexpr const char* kNotHelpful = "Preemption is not helpful for scheduling";
    static constexpr const char* kNoVictims = "No preemption victims found for incoming pod";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPostFilter; }

    PostFilterResult postFilter(CycleState& state, const PodInfo& pod, const Snapshot& snap,
                                const NodeStatusMap& nodeStatuses, const Framework& fw,
                                std::uint64_t randomOffset) const override;

    // Victims on one node (most important first) and whether the pod then fits.
    static Status selectVictims(const PodInfo& pod, const NodeInfo& node, const Snapshot& snap,
                                const Framework& fw,
                                std::vector<std::shared_ptr<const PodInfo>>& victims);
};

} // namespace kubelab::scheduler
