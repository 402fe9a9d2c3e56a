#pragma once
// NodeName (kube-scheduler v1.31): a pod that names a node in spec.nodeName fits only there.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodeName : public Plugin
{
public:
    static constexpr const char* kName = "NodeName";
    const char* name() const override { return kName; }
    unsigned points() const override { return kFilter; }
    static constexpr const char* kReason = "node(s) didn't match the requested node name";
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

} // namespace kubelab::scheduler
