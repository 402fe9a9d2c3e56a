#include "engine/scheduler/plugins/default_preemption.h"

#include <algorithm>

#include "engine/scheduler/fit_error.h"
#include "engine/scheduler/framework.h"

namespace kubelab::scheduler {

namespace {

using PodPtr = std::shared_ptr<const PodInfo>;

// MoreImportantPod: higher priority, then the one that started earlier.
bool moreImportant(const PodPtr& a, const PodPtr& b)
{
    if (a->priority != b->priority)
        return a->priority > b->priority;
    if (a->startTime != b->startTime)
        return !a->startTime.empty() && (b->startTime.empty() || a->startTime < b->startTime);
    return a->key < b->key;
}

Status fits(const PodInfo& pod, const NodeInfo& node, const Snapshot& snap, const Framework& fw)
{
    CycleState state(fw.plugins().size());
    std::vector<bool> skip;
    Status pre = fw.runPreFilters(state, pod, snap, skip);
    if (!pre.ok())
        return pre;
    return fw.runFilters(state, pod, node, skip);
}

struct Candidate
{
    const NodeInfo* node = nullptr;
    std::vector<PodPtr> victims;
};

} // namespace

Status DefaultPreemption::selectVictims(const PodInfo& pod, const NodeInfo& node,
                                        const Snapshot& snap, const Framework& fw,
                                        std::vector<PodPtr>& victims)
{
    victims.clear();
    NodeInfo copy = node;
    std::vector<PodPtr> potential;
    for (const auto& p : node.pods)
        if (p->priority < pod.priority)
            potential.push_back(p);
    if (potential.empty())
        return Status::unresolvable(kNoVictims);
    for (const auto& p : potential)
        copy.removePod(p->key);
    Snapshot trial = snap;
    trial.spread = nullptr; // its counts are of the original node, not of `copy`
    std::replace(trial.nodes.begin(), trial.nodes.end(), const_cast<NodeInfo*>(&node), &copy);
    trial.refresh();
    // If the pod does not fit even with every lower-priority pod gone, this node cannot
    // help; its filter verdict is the reason.
    Status s = fits(pod, copy, trial, fw);
    if (!s.ok())
        return s;
    std::sort(potential.begin(), potential.end(), moreImportant);
    for (const auto& p : potential) {
        copy.addPod(p);
        if (!fits(pod, copy, trial, fw).ok()) {
            copy.removePod(p->key);
            victims.push_back(p);
        }
    }
    return Status::success();
}

PostFilterResult DefaultPreemption::postFilter(CycleState&, const PodInfo& pod,
                                               const Snapshot& snap,
                                               const NodeStatusMap& nodeStatuses,
                                               const Framework& fw,
                                               std::uint64_t randomOffset) const
{
    PostFilterResult r;
    if (pod.preemptNever) {
        r.status = Status::unschedulable("not eligible due to preemptionPolicy=Never.");
        return r;
    }
    if (!pod.nominatedNodeName.empty()) {
        auto st = nodeStatuses.find(pod.nominatedNodeName);
        const bool unresolvable =
            st != nodeStatuses.end() && st->second.code() == Code::UnschedulableAndUnresolvable;
        for (const NodeInfo* node : snap.nodes)
            if (!unresolvable && node->name == pod.nominatedNodeName)
                for (const auto& p : node->pods)
                    if (p->terminating && p->priority < pod.priority) {
                        r.status = Status::unschedulable(
                            "not eligible due to a terminating pod on the nominated node.");
                        return r;
                    }
    }
    std::vector<const NodeInfo*> potential;
    NodeStatusMap statuses;
    for (const NodeInfo* node : snap.nodes) {
        auto it = nodeStatuses.find(node->name);
        if (it != nodeStatuses.end() && it->second.code() == Code::UnschedulableAndUnresolvable)
            statuses[node->name] = Status::unresolvable(kNotHelpful);
        else
            potential.push_back(node);
    }
    std::vector<Candidate> candidates;
    if (!potential.empty()) {
        // Dry run from a random offset, stopping once enough candidates are found:
        // max(10% of nodes, 100), as GetOffsetAndNumCandidates.
        const std::size_t n = potential.size();
        const std::size_t want = std::min(n, std::max<std::size_t>(n / 10, 100));
        const std::size_t offset = randomOffset % n;
        for (std::size_t i = 0; i < n && candidates.size() < want; ++i) {
            const NodeInfo* node = potential[(offset + i) % n];
            Candidate c{node, {}};
            Status s = selectVictims(pod, *node, snap, fw, c.victims);
            if (s.ok() && c.victims.empty())
                s = Status::error("expected at least one victim pod on node \"" + node->name +
                                  "\"");
            if (s.ok()) {
                statuses[node->name] = Status::success();
                candidates.push_back(std::move(c));
            } else {
                statuses[node->name] = s;
            }
        }
    }
    r.nodeStatuses = statuses;
    if (candidates.empty()) {
        r.status = Status::unschedulable(
            "preemption: " + fitErrorMessage(static_cast<int>(statuses.size()), "", statuses, ""));
        return r;
    }
    // pickOneNodeForPreemption: lowest highest-victim priority, then lowest sum of
    // priorities, then fewest victims; ties keep the dry-run order.
    auto key = [](const Candidate& c) {
        std::int64_t sum = 0;
        for (const auto& v : c.victims)
            sum += static_cast<std::int64_t>(v->priority) + (std::int64_t(1) << 31);
        return std::tuple(c.victims.front()->priority, sum, c.victims.size());
    };
    const Candidate* best = &candidates.front();
    for (const auto& c : candidates)
        if (key(c) < key(*best))
            best = &c;
    r.status = Status::success();
    r.nominatedNode = best->node->name;
    r.victims = best->victims;
    return r;
}

} // namespace kubelab::scheduler
