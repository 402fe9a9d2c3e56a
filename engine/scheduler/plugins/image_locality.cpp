#include "engine/scheduler/plugins/image_locality.h"

namespace kubelab::scheduler {

namespace {

constexpr std::int64_t kMb = 1024 * 1024;
constexpr std::int64_t kMinThreshold = 23 * kMb;
constexpr std::int64_t kMaxContainerThreshold = 1000 * kMb;

// Total node count and per-image spread, computed once per cycle.
struct ImageState : StateData
{
    const Snapshot* snap = nullptr;
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<ImageState>(*this);
    }
};

std::string normalizedImageName(const std::string& name)
{
    // No tag (the last ':' is not after the last '/') means ":latest".
    const auto colon = name.rfind(':');
    const auto slash = name.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return name + ":latest";
    return name;
}

} // namespace

Status ImageLocality::preScore(CycleState& state, const PodInfo&, const std::vector<NodeInfo*>&,
                               const Snapshot& snap) const
{
    auto s = std::make_unique<ImageState>();
    s->snap = &snap;
    state.write(slot(), std::move(s));
    return Status::success();
}

std::int64_t ImageLocality::score(const CycleState& state, const PodInfo& pod,
                                  const NodeInfo& node) const
{
    const auto* s = state.read<ImageState>(slot());
    if (!s || !s->snap || s->snap->nodes.empty() || pod.wants().images.empty())
        return 0;
    const double total = static_cast<double>(s->snap->nodes.size());
    std::int64_t sum = 0;
    for (const auto& image : pod.wants().images) {
        const std::string name = normalizedImageName(image);
        auto it = node.imageSizes.find(name);
        if (it == node.imageSizes.end())
            continue;
        auto count = s->snap->imageNodeCount.find(name);
        const double spread = count == s->snap->imageNodeCount.end() ? 0 : count->second / total;
        sum += static_cast<std::int64_t>(static_cast<double>(it->second) * spread);
    }
    const std::int64_t maxThreshold =
        kMaxContainerThreshold * static_cast<std::int64_t>(pod.wants().images.size());
    if (sum < kMinThreshold)
        sum = kMinThreshold;
    else if (sum > maxThreshold)
        sum = maxThreshold;
    return kMaxNodeScore * (sum - kMinThreshold) / (maxThreshold - kMinThreshold);
}

} // namespace kubelab::scheduler
