#pragma once
// InterPodAffinity (kube-scheduler v1.31): Filter enforces the pod's required affinity and
// anti-affinity and the required anti-affinity of pods already running; Score adds the
// weights of preferred terms (both the incoming pod's and the existing pods', hard
// affinity of existing pods with weight 1) per topology domain, min-max normalized.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class InterPodAffinity : public Plugin
{
public:
    static constexpr const char* kName = "InterPodAffinity";
    static constexpr const char* kReasonAffinity = "node(s) didn't match pod affinity rules";
    static constexpr const char* kReasonAntiAffinity =
        "node(s) didn't match pod anti-affinity rules";
    static constexpr const char* kReasonExisting =
        "node(s) didn't satisfy existing pods anti-affinity rules";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPreFilter | kFilter | kPreScore | kScore; }

    Status preFilter(CycleState& state, const PodInfo& pod, const Snapshot& snap) const override;
    Status filter(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const override;
    Status preScore(CycleState& state, const PodInfo& pod, const std::vector<NodeInfo*>& nodes,
                    const Snapshot& snap) const override;
    std::int64_t score(const CycleState& state, const PodInfo& pod,
                       const NodeInfo& node) const override;
    void normalize(const CycleState& state, const PodInfo& pod,
                   std::vector<std::int64_t>& scores) const override;
};

} // namespace kubelab::scheduler
