#include "engine/scheduler/plugins/node_affinity.h"

namespace kubelab::scheduler {

bool NodeAffinity::matchesRequired(const PodInfo& pod, const NodeInfo& node)
{
    for (const auto& [k, v] : pod.wants().nodeSelector) {
        auto it = node.labels.find(k);
        if (it == node.labels.end() || it->second != v)
            return false;
    }
    if (!pod.wants().requiredNodeAffinity)
        return true;
    // Terms are ORed; no terms match nothing.
    for (const auto& term : *pod.wants().requiredNodeAffinity)
        if (term.matches(node.labels, node.name))
            return true;
    return false;
}

Status NodeAffinity::preFilter(CycleState&, const PodInfo& pod, const Snapshot&) const
{
    if (pod.wants().nodeSelector.empty() && !pod.wants().requiredNodeAffinity)
        return Status::skip();
    return Status::success();
}

Status NodeAffinity::filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    return matchesRequired(pod, node) ? Status::success() : Status::unresolvable(kReason);
}

Status NodeAffinity::preScore(CycleState&, const PodInfo& pod, const std::vector<NodeInfo*>&,
                              const Snapshot&) const
{
    return pod.wants().preferredNodeAffinity.empty() ? Status::skip() : Status::success();
}

std::int64_t NodeAffinity::score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const
{
    std::int64_t sum = 0;
    for (const auto& p : pod.wants().preferredNodeAffinity)
        if (p.weight != 0 && p.term.matches(node.labels, node.name))
            sum += p.weight;
    return sum;
}

void NodeAffinity::normalize(const CycleState&, const PodInfo&, std::vector<std::int64_t>& s) const
{
    defaultNormalizeScore(kMaxNodeScore, false, s);
}

} // namespace kubelab::scheduler
