#pragma once
// NodeResourcesFit (kube-scheduler v1.31): Filter checks the pod's requests and the pod count
// against what the node has left; Score is the LeastAllocated strategy with cpu and
// memory weighted 1 each, on requests with the non-zero defaults.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodeResourcesFit : public Plugin
{
public:
    static constexpr const char* kName = "NodeResourcesFit";
    const char* name() const override { return kName; }
    unsigned points() const override { return kFilter | kScore; }
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    std::int64_t score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
};

} // namespace kubelab::scheduler
