#pragma once
// TaintToleration (kube-scheduler v1.31): Filter rejects a node with a NoSchedule or NoExecute
// taint the pod does not tolerate; Score prefers nodes with fewer untolerated
// PreferNoSchedule taints (normalized in reverse).
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class TaintToleration : public Plugin
{
public:
    static constexpr const char* kName = "TaintToleration";
    const char* name() const override { return kName; }
    unsigned points() const override { return kFilter | kPreScore | kScore; }
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    Status preScore(CycleState&, const PodInfo&, const std::vector<NodeInfo*>&,
                    const Snapshot&) const override;
    std::int64_t score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    void normalize(const CycleState&, const PodInfo&, std::vector<std::int64_t>& s) const override;
};

} // namespace kubelab::scheduler
