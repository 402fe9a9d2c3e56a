#include "engine/scheduler/plugins/node_name.h"

namespace kubelab::scheduler {

Status NodeName::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    if (pod.nodeName.empty() || pod.nodeName == node.name)
        return Status::success();
    return Status::unresolvable(kReason);
}

} // namespace kubelab::scheduler
