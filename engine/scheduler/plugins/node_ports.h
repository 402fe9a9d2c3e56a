#pragma once
// NodePorts (kube-scheduler v1.31): a pod's hostPorts must be free on the node (same protocol and
// port, and the same IP or either side 0.0.0.0, conflict).
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodePorts : public Plugin
{
public:
    static constexpr const char* kName = "NodePorts";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPreFilter | kFilter; }
    static constexpr const char* kReason =
        "node(s) didn't have free ports for the requested pod ports";
    Status preFilter(CycleState&, const PodInfo& pod, const Snapshot&) const override;
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

} // namespace kubelab::scheduler
