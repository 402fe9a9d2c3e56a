#pragma once
// ImageLocality (kube-scheduler v1.31): prefers nodes that already hold the pod's images,
// weighting each image's size by the share of nodes that have it, scaled between 23MB
// and 1000MB per container.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class ImageLocality : public Plugin
{
public:
    static constexpr const char* kName = "ImageLocality";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPreScore | kScore; }
    std::int64_t score(const CycleState&, const PodInfo& pod, const NodeInfo& node) const override;
    Status preScore(CycleState&, const PodInfo&, const std::vector<NodeInfo*>&,
                    const Snapshot& snap) const override;
};

} // namespace kubelab::scheduler
