#include "engine/scheduler/plugins/node_unschedulable.h"

namespace kubelab::scheduler {

Status NodeUnschedulable::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    if (!node.unschedulable)
        return Status::success();
    // A pod that tolerates the unschedulable taint also tolerates spec.unschedulable.
    static const Taint kTaint{"node.kubernetes.io/unschedulable", "", "NoSchedule"};
    if (toleratesAll(pod.wants().tolerations, kTaint))
        return Status::success();
    return Status::unresolvable(kReason);
}

} // namespace kubelab::scheduler
