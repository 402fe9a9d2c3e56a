#include "engine/scheduler/plugins/taint_toleration.h"

namespace kubelab::scheduler {

Status TaintToleration::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    for (const Taint& t : node.taints) {
        if (t.effect != "NoSchedule" && t.effect != "NoExecute")
            continue;
        if (!toleratesAll(pod.wants().tolerations, t))
            return Status::unresolvable("node(s) had untolerated taint {" + t.key + ": " + t.value +
                                        "}");
    }
    return Status::success();
}

Status TaintToleration::preScore(CycleState&, const PodInfo&, const std::vector<NodeInfo*>&,
                                 const Snapshot&) const
{
    return Status::success();
}

std::int64_t TaintToleration::score(const CycleState&, const PodInfo& pod,
                                    const NodeInfo& node) const
{
    // Only tolerations with an empty or PreferNoSchedule effect count here.
    std::int64_t intolerable = 0;
    for (const Taint& t : node.taints) {
        if (t.effect != "PreferNoSchedule")
            continue;
        bool tolerated = false;
        for (const Toleration& tol : pod.wants().tolerations)
            if ((tol.effect.empty() || tol.effect == "PreferNoSchedule") && tolerates(tol, t))
                tolerated = true;
        if (!tolerated)
            ++intolerable;
    }
    return intolerable;
}

void TaintToleration::normalize(const CycleState&, const PodInfo&,
                                std::vector<std::int64_t>& s) const
{
    defaultNormalizeScore(kMaxNodeScore, true, s);
}

} // namespace kubelab::scheduler
