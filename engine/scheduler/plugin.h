#pragma once
// The scheduling framework's plugin interface (kube-scheduler v1.31,
// pkg/scheduler/framework/interface.go), folded into one class: a plugin says which
// extension points it implements through points() and overrides those hooks. Every hook
// is a pure function of (pod, node snapshot, cycle state): plugins keep no state of
// their own, so one instance serves every clone of the scheduler actor.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/scheduler/cycle_state.h"
#include "engine/scheduler/node_info.h"
#include "engine/scheduler/pod_info.h"
#include "engine/scheduler/status.h"

namespace kubelab::scheduler {

class Framework;

// framework.MaxNodeScore: every Score plugin's normalized range is 0..100.
constexpr std::int64_t kMaxNodeScore = 100;

enum Point : unsigned {
    kPreFilter = 1u << 0,
    kFilter = 1u << 1,
    kPostFilter = 1u << 2,
    kPreScore = 1u << 3,
    kScore = 1u << 4,
    kReserve = 1u << 5,
    kBind = 1u << 6,
};

// Rejected nodes of a cycle and why (NodeToStatusMap).
using NodeStatusMap = std::map<std::string, Status>;

struct PostFilterResult
{
    Status status = Status(Code::Unschedulable);
    std::string nominatedNode;
    std::vector<std::shared_ptr<const PodInfo>> victims;
    // Per node (dry run): what preemption concluded, for the explanation.
    NodeStatusMap nodeStatuses;
};

class Plugin
{
public:
    virtual ~Plugin() = default;
    virtual const char* name() const = 0;
    virtual unsigned points() const = 0;

    // The slot this instance owns in a CycleState (set once by the framework).
    int slot() const { return m_slot; }
    void setSlot(int slot) { m_slot = slot; }

    virtual Status preFilter(CycleState&, const PodInfo&, const Snapshot&) const
    {
        return Status::success();
    }
    virtual Status filter(const CycleState&, const PodInfo&, const NodeInfo&) const
    {
        return Status::success();
    }
    virtual PostFilterResult postFilter(CycleState&, const PodInfo&, const Snapshot&,
                                        const NodeStatusMap&, const Framework&,
                                        std::uint64_t /*randomOffset*/) const
    {
        return {};
    }
    virtual Status preScore(CycleState&, const PodInfo&, const std::vector<NodeInfo*>&,
                            const Snapshot&) const
    {
        return Status::success();
    }
    virtual std::int64_t score(const CycleState&, const PodInfo&, const NodeInfo&) const
    {
        return 0;
    }
    // Rescales raw scores (in feasible-node order) to 0..kMaxNodeScore.
    virtual void normalize(const CycleState&, const PodInfo&, std::vector<std::int64_t>&) const {}
    virtual Status reserve(CycleState&, const PodInfo&, const std::string&) const
    {
        return Status::success();
    }

private:
    int m_slot = -1;
};

// DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper): scale to 0..100 by
// the maximum; `reverse` turns "fewer is better" counts into scores.
void defaultNormalizeScore(std::int64_t maxPriority, bool reverse,
                           std::vector<std::int64_t>& scores);

} // namespace kubelab::scheduler
