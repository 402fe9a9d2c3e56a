#include "engine/scheduler/plugins/node_ports.h"

namespace kubelab::scheduler {

Status NodePorts::preFilter(CycleState&, const PodInfo& pod, const Snapshot&) const
{
    return pod.hostPorts.empty() ? Status::skip() : Status::success();
}

Status NodePorts::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    for (const HostPort& want : pod.hostPorts)
        for (const HostPort& used : node.usedPorts) {
            if (want.port != used.port || want.protocol != used.protocol)
                continue;
            if (want.ip == used.ip || want.ip == "0.0.0.0" || used.ip == "0.0.0.0")
                return Status::unschedulable(kReason);
        }
    return Status::success();
}

} // namespace kubelab::scheduler
