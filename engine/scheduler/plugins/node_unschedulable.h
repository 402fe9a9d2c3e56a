#pragma once
// NodeUnschedulable (kube-scheduler v1.31): rejects nodes with spec.unschedulable (cordoned)
// unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodeUnschedulable : public Plugin
{
public:
    static constexpr const char* kName = "NodeUnschedulable";
    const char* name() const override { return kName; }
    unsigned points() const override { return kFilter; }
    static constexpr const char* kReason = "node(s) were unschedulable";
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

} // namespace kubelab::scheduler
