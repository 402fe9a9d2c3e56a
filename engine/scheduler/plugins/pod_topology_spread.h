#pragma once
// PodTopologySpread (kube-scheduler v1.31): Filter enforces the pod's DoNotSchedule
// constraints (matching pods per topology domain + this pod - the global minimum must
// not exceed maxSkew); Score prefers less crowded domains for ScheduleAnyway
// constraints, or for kube-scheduler's system defaults (hostname maxSkew 3, zone
// maxSkew 5) when a controller-owned pod has no constraints of its own.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class PodTopologySpread : public Plugin
{
public:
    static constexpr const char* kName = "PodTopologySpread";
    static constexpr const char* kReason = "node(s) didn't match pod topology spread constraints";
    static constexpr const char* kReasonMissingLabel =
        "node(s) didn't match pod topology spread constraints (missing required label)";
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

    // The constraints Score uses: the pod's ScheduleAnyway ones, or the system defaults.
    static std::vector<TopologySpreadConstraint> scoringConstraints(const PodInfo& pod,
                                                                    bool* systemDefaulted);
};

} // namespace kubelab::scheduler
