#include "engine/scheduler/plugins/pod_topology_spread.h"

#include <cmath>
#include <limits>
#include <set>
#include <string_view>
#include <unordered_map>

#include "engine/scheduler/plugins/node_affinity.h"

namespace kubelab::scheduler {

namespace {

const char* const kHostname = "kubernetes.io/hostname";
const char* const kZone = "topology.kubernetes.io/zone";

using Pair = std::pair<std::string, std::string>; // topology key, value
using PairView = std::pair<std::string_view, std::string_view>;

// Orders Pairs and finds them by PairView, so a lookup per node does not copy the key
// ("topology.kubernetes.io/zone" is too long to be stored inline).
struct PairLess
{
    using is_transparent = void;
    template<class A, class B>
    bool operator()(const A& a, const B& b) const
    {
        const int c = std::string_view(a.first).compare(std::string_view(b.first));
        return c < 0 || (c == 0 && std::string_view(a.second) < std::string_view(b.second));
    }
};

struct FilterState : StateData
{
    std::vector<TopologySpreadConstraint> constraints;
    std::map<Pair, std::int64_t, PairLess> counts;
    std::vector<std::int64_t> minMatch; // per constraint
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<FilterState>(*this);
    }
};

struct ScoreState : StateData
{
    std::vector<TopologySpreadConstraint> constraints;
    std::map<Pair, std::int64_t, PairLess> counts;
    std::vector<double> weights;
    std::set<std::string> ignored;
    // Per constraint, the cache's matching pods per node (null without an index), and
    // for a hostname constraint the same by node, which score() looks up.
    std::vector<const SpreadIndex::Counts*> indexed;
    std::vector<std::unordered_map<const NodeInfo*, std::int64_t>> byNode;
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<ScoreState>(*this);
    }
};

bool hasAllKeys(const NodeInfo& node, const std::vector<TopologySpreadConstraint>& cs)
{
    for (const auto& c : cs)
        if (!node.labels.count(c.topologyKey))
            return false;
    return true;
}

std::int64_t countMatching(const NodeInfo& node, const TopologySpreadConstraint& c,
                           const std::string& ns)
{
    return node.countMatching(ns, c.selector, c.selectorKey, c.selectorHash);
}

// Each constraint's selector as the key NodeInfo remembers its counts under.
void keySelectors(std::vector<TopologySpreadConstraint>& constraints)
{
    for (auto& c : constraints) {
        c.selectorKey = NodeInfo::matchKey(c.selector);
        c.selectorHash = std::hash<std::string>{}(c.selectorKey);
    }
}

bool tolerated(const PodInfo& pod, const NodeInfo& node)
{
    for (const Taint& t : node.taints)
        if ((t.effect == "NoSchedule" || t.effect == "NoExecute") &&
            !toleratesAll(pod.wants().tolerations, t))
            return false;
    return true;
}

// nodeInclusionPolicy: whether a node's pods count towards the domains.
bool included(const PodInfo& pod, const TopologySpreadConstraint& c, const NodeInfo& node)
{
    if (c.honorNodeAffinity && !NodeAffinity::matchesRequired(pod, node))
        return false;
    return !c.honorNodeTaints || tolerated(pod, node);
}

} // namespace

Status PodTopologySpread::preFilter(CycleState& state, const PodInfo& pod,
                                    const Snapshot& snap) const
{
    auto s = std::make_unique<FilterState>();
    for (const auto& c : pod.wants().spreadConstraints)
        if (c.doNotSchedule)
            s->constraints.push_back(c);
    if (s->constraints.empty())
        return Status::skip();
    keySelectors(s->constraints);
    std::vector<std::set<std::string>> domains(s->constraints.size());
    for (const NodeInfo* node : snap.nodes) {
        if (!hasAllKeys(*node, s->constraints))
            continue;
        for (std::size_t i = 0; i < s->constraints.size(); ++i) {
            const auto& c = s->constraints[i];
            if (!included(pod, c, *node))
                continue;
            const std::string& value = node->labels.at(c.topologyKey);
            domains[i].insert(value);
            s->counts[{c.topologyKey, value}] += countMatching(*node, c, pod.ns);
        }
    }
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const auto& c = s->constraints[i];
        std::int64_t min = std::numeric_limits<std::int64_t>::max();
        for (const auto& value : domains[i])
            min = std::min(min, s->counts[{c.topologyKey, value}]);
        // Fewer domains than minDomains: the global minimum is taken as 0.
        if (domains[i].empty() || static_cast<std::int32_t>(domains[i].size()) < c.minDomains)
            min = 0;
        s->minMatch.push_back(min);
    }
    state.write(slot(), std::move(s));
    return Status::success();
}

Status PodTopologySpread::filter(const CycleState& state, const PodInfo& pod,
                                 const NodeInfo& node) const
{
    const auto* s = state.read<FilterState>(slot());
    if (!s)
        return Status::success();
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const auto& c = s->constraints[i];
        auto value = node.labels.find(c.topologyKey);
        if (value == node.labels.end())
            return Status::unresolvable(kReasonMissingLabel);
        const std::int64_t self = c.selector.matches(pod.labels()) ? 1 : 0;
        auto it = s->counts.find(PairView{c.topologyKey, value->second});
        const std::int64_t match = it == s->counts.end() ? 0 : it->second;
        if (match + self - s->minMatch[i] > c.maxSkew)
            return Status::unschedulable(kReason);
    }
    return Status::success();
}

std::vector<TopologySpreadConstraint> PodTopologySpread::scoringConstraints(const PodInfo& pod,
                                                                            bool* defaulted)
{
    std::vector<TopologySpreadConstraint> out;
    *defaulted = false;
    if (!pod.wants().spreadConstraints.empty()) {
        for (const auto& c : pod.wants().spreadConstraints)
            if (!c.doNotSchedule)
                out.push_back(c);
        return out;
    }
    // System defaults apply to pods a controller owns. kube-scheduler's selector is
    // the union of the owners' and Services' selectors; the pod's own labels select the
    // same siblings of one ReplicaSet or StatefulSet, which is what a learner watches.
    if (!pod.hasControllerOwner || pod.labels().empty())
        return out;
    nlohmann::json matchLabels = nlohmann::json::object();
    for (const auto& [k, v] : pod.labels())
        matchLabels[k] = v;
    auto selector = model::LabelSelector::fromJson({{"matchLabels", matchLabels}});
    for (auto [key, skew] : {std::pair{kHostname, 3}, std::pair{kZone, 5}}) {
        TopologySpreadConstraint c;
        c.topologyKey = key;
        c.maxSkew = skew;
        c.doNotSchedule = false;
        c.selector = *selector;
        out.push_back(c);
    }
    *defaulted = true;
    return out;
}

Status PodTopologySpread::preScore(CycleState& state, const PodInfo& pod,
                                   const std::vector<NodeInfo*>& nodes, const Snapshot& snap) const
{
    auto s = std::make_unique<ScoreState>();
    bool defaulted = false;
    s->constraints = scoringConstraints(pod, &defaulted);
    if (s->constraints.empty())
        return Status::skip();
    keySelectors(s->constraints);
    const bool requireAll = !defaulted;
    std::vector<std::set<std::string>> values(s->constraints.size());
    std::size_t hostnameSize = 0;
    for (const NodeInfo* node : nodes) {
        if (requireAll && !hasAllKeys(*node, s->constraints)) {
            s->ignored.insert(node->name);
            continue;
        }
        ++hostnameSize;
        for (std::size_t i = 0; i < s->constraints.size(); ++i) {
            if (s->constraints[i].topologyKey == kHostname)
                continue; // one domain per node: counted as hostnameSize
            auto v = node->labels.find(s->constraints[i].topologyKey);
            if (v == node->labels.end())
                continue;
            if (values[i].insert(v->second).second) // a domain new to this constraint
                s->counts.emplace(Pair{v->first, v->second}, 0);
        }
    }
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const std::size_t size =
            s->constraints[i].topologyKey == kHostname ? hostnameSize : values[i].size();
        s->weights.push_back(std::log(static_cast<double>(size + 2)));
    }
    // The index's counts when it can hold every constraint's selector at once.
    const bool useIndex = snap.spread && s->constraints.size() <= SpreadIndex::kEntries;
    s->byNode.resize(s->constraints.size());
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const auto& c = s->constraints[i];
        s->indexed.push_back(
            useIndex ? &snap.spread->counts(pod.ns, c.selector, c.selectorKey, c.selectorHash)
                     : nullptr);
        if (useIndex && c.topologyKey == kHostname)
            for (const auto& [name, slot] : *s->indexed.back())
                s->byNode[i][slot.node] = slot.count;
    }
    // Domain counts over every node the pod's node inclusion policies accept (none to
    // count when the candidates have no domain other than their hostnames). Nodes
    // without matching pods add nothing, so with the index only those with some are
    // visited. count() is asked only for a node that is counted.
    auto addToDomain = [&](const TopologySpreadConstraint& c, const NodeInfo& node, auto count) {
        if (requireAll && !hasAllKeys(node, s->constraints))
            return;
        auto v = node.labels.find(c.topologyKey);
        if (v == node.labels.end() || !included(pod, c, node))
            return;
        auto it = s->counts.find(PairView{c.topologyKey, v->second});
        if (it != s->counts.end())
            it->second += count();
    };
    for (std::size_t i = 0; !s->counts.empty() && i < s->constraints.size(); ++i) {
        const auto& c = s->constraints[i];
        if (c.topologyKey == kHostname)
            continue;
        if (useIndex) {
            for (const auto& entry : *s->indexed[i])
                if (entry.second.node->hasNode)
                    addToDomain(c, *entry.second.node, [&] { return entry.second.count; });
        } else {
            for (const NodeInfo* node : snap.nodes)
                addToDomain(c, *node, [&] { return countMatching(*node, c, pod.ns); });
        }
    }
    state.write(slot(), std::move(s));
    return Status::success();
}

std::int64_t PodTopologySpread::score(const CycleState& state, const PodInfo& pod,
                                      const NodeInfo& node) const
{
    const auto* s = state.read<ScoreState>(slot());
    if (!s)
        return 0;
    if (s->ignored.count(node.name))
        return -1; // lacks a topology key: marked for normalize() to score 0
    double total = 0;
    for (std::size_t i = 0; i < s->constraints.size(); ++i) {
        const auto& c = s->constraints[i];
        auto v = node.labels.find(c.topologyKey);
        if (v == node.labels.end())
            continue;
        std::int64_t count = 0;
        if (c.topologyKey == kHostname && s->indexed[i]) {
            auto it = s->byNode[i].find(&node);
            count = it == s->byNode[i].end() ? 0 : it->second;
        } else if (c.topologyKey == kHostname) {
            count = countMatching(node, c, pod.ns);
        } else {
            auto it = s->counts.find(PairView{c.topologyKey, v->second});
            count = it == s->counts.end() ? 0 : it->second;
        }
        total += static_cast<double>(count) * s->weights[i] + static_cast<double>(c.maxSkew - 1);
    }
    return static_cast<std::int64_t>(std::round(total));
}

void PodTopologySpread::normalize(const CycleState& state, const PodInfo&,
                                  std::vector<std::int64_t>& scores) const
{
    // Fewer matching pods is better: MaxNodeScore * (max + min - score) / max; nodes
    // score() marked -1 (ignored) get 0.
    (void)state;
    std::int64_t min = std::numeric_limits<std::int64_t>::max();
    std::int64_t max = 0;
    for (auto v : scores) {
        if (v < 0)
            continue;
        min = std::min(min, v);
        max = std::max(max, v);
    }
    for (auto& v : scores) {
        if (v < 0) {
            v = 0;
            continue;
        }
        v = max == 0 ? kMaxNodeScore : kMaxNodeScore * (max + min - v) / max;
    }
}

} // namespace kubelab::scheduler
