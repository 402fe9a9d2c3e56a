#pragma once
// NodeAffinity (kube-scheduler v1.31): Filter applies spec.nodeSelector and the required node
// affinity terms; Score sums the weights of the preferred terms a node matches.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class NodeAffinity : public Plugin
{
public:
    static constexpr const char* kName = "NodeAffinity";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPreFilter | kFilter | kPreScore | kScore; }
    static constexpr const char* kReason = "node(s) didn't match Pod's node affinity/selector";
    Status preFilter(CycleState&, const PodInfo& pod, const Snapshot&) const override;
    Status filter(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    Status preScore(CycleState&, const PodInfo& pod, const std::vector<NodeInfo*>&,
                    const Snapshot&) const override;
    std::int64_t score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    void normalize(const CycleState&, const PodInfo&, std::vector<std::int64_t>& s) const override;

    // nodeSelector and required affinity together (GetRequiredNodeAffinity().Match).
    static bool matchesRequired(const PodInfo& pod, const NodeInfo& node);
};

} // namespace kubelab::scheduler
