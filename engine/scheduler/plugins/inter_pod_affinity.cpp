#include "engine/scheduler/plugins/inter_pod_affinity.h"

#include <limits>

namespace kubelab::scheduler {

namespace {

using Pair = std::pair<std::string, std::string>;

struct FilterState : StateData
{
    std::map<Pair, std::int64_t> existingAnti; // existing pods' anti-affinity vs this pod
    std::map<Pair, std::int64_t> affinity;     // pods matching this pod's affinity terms
    std::map<Pair, std::int64_t> antiAffinity; // pods matching its anti-affinity terms
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<FilterState>(*this);
    }
};

struct ScoreState : StateData
{
    std::map<std::string, std::map<std::string, std::int64_t>> scores; // key -> value -> sum
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<ScoreState>(*this);
    }
};

// kube-scheduler's default hardPodAffinityWeight.
constexpr std::int64_t kHardPodAffinityWeight = 1;

bool termMatches(const PodAffinityTerm& t, const PodInfo& p)
{
    return t.matches(p.ns, p.labels());
}

} // namespace

Status InterPodAffinity::preFilter(CycleState& state, const PodInfo& pod,
                                   const Snapshot& snap) const
{
    auto s = std::make_unique<FilterState>();
    for (const NodeInfo* node : snap.nodes) {
        if (node->podsWithRequiredAntiAffinity == 0)
            continue;
        for (const auto& existing : node->pods)
            for (const auto& t : existing->requiredAntiAffinity) {
                auto v = node->labels.find(t.topologyKey);
                if (v != node->labels.end() && termMatches(t, pod))
                    ++s->existingAnti[{t.topologyKey, v->second}];
            }
    }
    if (s->existingAnti.empty() && pod.requiredAffinity.empty() && pod.requiredAntiAffinity.empty())
        return Status::skip();
    if (!pod.requiredAffinity.empty() || !pod.requiredAntiAffinity.empty())
        for (const NodeInfo* node : snap.nodes)
            for (const auto& existing : node->pods) {
                for (const auto& t : pod.requiredAffinity) {
                    auto v = node->labels.find(t.topologyKey);
                    if (v != node->labels.end() && termMatches(t, *existing))
                        ++s->affinity[{t.topologyKey, v->second}];
                }
                for (const auto& t : pod.requiredAntiAffinity) {
                    auto v = node->labels.find(t.topologyKey);
                    if (v != node->labels.end() && termMatches(t, *existing))
                        ++s->antiAffinity[{t.topologyKey, v->second}];
                }
            }
    state.write(slot(), std::move(s));
    return Status::success();
}

Status InterPodAffinity::filter(const CycleState& state, const PodInfo& pod,
                                const NodeInfo& node) const
{
    const auto* s = state.read<FilterState>(slot());
    if (!s)
        return Status::success();
    bool podsExist = true;
    for (const auto& t : pod.requiredAffinity) {
        auto v = node.labels.find(t.topologyKey);
        if (v == node.labels.end())
            return Status::unresolvable(kReasonAffinity);
        auto it = s->affinity.find({t.topologyKey, v->second});
        if (it == s->affinity.end() || it->second <= 0)
            podsExist = false;
    }
    if (!podsExist) {
        // The first pod of a group with affinity to itself may go anywhere with the
        // topology, as long as no pod anywhere matches yet and it matches its own terms.
        bool self = s->affinity.empty();
        for (const auto& t : pod.requiredAffinity)
            self = self && termMatches(t, pod);
        if (!self)
            return Status::unresolvable(kReasonAffinity);
    }
    for (const auto& t : pod.requiredAntiAffinity) {
        auto v = node.labels.find(t.topologyKey);
        if (v == node.labels.end())
            continue;
        auto it = s->antiAffinity.find({t.topologyKey, v->second});
        if (it != s->antiAffinity.end() && it->second > 0)
            return Status::unschedulable(kReasonAntiAffinity);
    }
    for (const auto& [pair, count] : s->existingAnti) {
        auto v = node.labels.find(pair.first);
        if (count > 0 && v != node.labels.end() && v->second == pair.second)
            return Status::unschedulable(kReasonExisting);
    }
    return Status::success();
}

Status InterPodAffinity::preScore(CycleState& state, const PodInfo& pod,
                                  const std::vector<NodeInfo*>&, const Snapshot& snap) const
{
    const bool hasConstraints =
        !pod.preferredAffinity.empty() || !pod.preferredAntiAffinity.empty();
    if (!hasConstraints && !snap.anyPodWithAffinity)
        return Status::skip();
    auto s = std::make_unique<ScoreState>();
    auto add = [&](const PodAffinityTerm& t, const PodInfo& target, const NodeInfo& node,
                   std::int64_t weight) {
        auto v = node.labels.find(t.topologyKey);
        if (v != node.labels.end() && termMatches(t, target))
            s->scores[t.topologyKey][v->second] += weight;
    };
    for (const NodeInfo* node : snap.nodes) {
        if (!hasConstraints && node->podsWithAffinity == 0)
            continue;
        for (const auto& existing : node->pods) {
            if (!hasConstraints && !existing->hasAffinity())
                continue;
            for (const auto& t : pod.preferredAffinity)
                add(t, *existing, *node, t.weight);
            for (const auto& t : pod.preferredAntiAffinity)
                add(t, *existing, *node, -t.weight);
            if (!node->labels.empty())
                for (const auto& t : existing->requiredAffinity)
                    add(t, pod, *node, kHardPodAffinityWeight);
            for (const auto& t : existing->preferredAffinity)
                add(t, pod, *node, t.weight);
            for (const auto& t : existing->preferredAntiAffinity)
                add(t, pod, *node, -t.weight);
        }
    }
    if (s->scores.empty())
        return Status::skip();
    state.write(slot(), std::move(s));
    return Status::success();
}

std::int64_t InterPodAffinity::score(const CycleState& state, const PodInfo&,
                                     const NodeInfo& node) const
{
    const auto* s = state.read<ScoreState>(slot());
    if (!s)
        return 0;
    std::int64_t sum = 0;
    for (const auto& [key, values] : s->scores) {
        auto v = node.labels.find(key);
        if (v == node.labels.end())
            continue;
        auto it = values.find(v->second);
        if (it != values.end())
            sum += it->second;
    }
    return sum;
}

void InterPodAffinity::normalize(const CycleState&, const PodInfo&,
                                 std::vector<std::int64_t>& scores) const
{
    if (scores.empty())
        return;
    std::int64_t min = std::numeric_limits<std::int64_t>::max();
    std::int64_t max = std::numeric_limits<std::int64_t>::min();
    for (auto v : scores) {
        min = std::min(min, v);
        max = std::max(max, v);
    }
    const std::int64_t diff = max - min;
    for (auto& v : scores) {
        double f = 0;
        if (diff > 0)
            f = static_cast<double>(kMaxNodeScore) * (static_cast<double>(v - min) / diff);
        v = static_cast<std::int64_t>(f);
    }
}

} // namespace kubelab::scheduler
