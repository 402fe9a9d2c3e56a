#pragma once
// VolumeBinding (kube-scheduler v1.31, framework/plugins/volumebinding), simplified: a
// pod's claims must exist; an unbound claim of an Immediate class (or of no class) makes
// the pod unschedulable until the binder binds it; a bound claim's volume admits only the
// nodes of its nodeAffinity; an unbound WaitForFirstConsumer claim is provisioned for the
// chosen node (the scheduler annotates it with volume.kubernetes.io/selected-node in
// PreBind, see Scheduler::onWork), unless its class has no provisioner and no volume.
// Left out: matching static volumes per node, allowedTopologies and storage capacity.
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class VolumeBinding : public Plugin
{
public:
    static constexpr const char* kName = "VolumeBinding";
    const char* name() const override { return kName; }
    unsigned points() const override { return kPreFilter | kFilter; }

    static constexpr const char* kUnboundImmediate =
        "pod has unbound immediate PersistentVolumeClaims";
    static constexpr const char* kNodeConflict = "node(s) had volume node affinity conflict";
    static constexpr const char* kBindConflict =
        "node(s) didn't find available persistent volumes to bind";

    Status preFilter(CycleState& state, const PodInfo& pod, const Snapshot& snap) const override;
    Status filter(const CycleState& state, const PodInfo& pod, const NodeInfo& node) const override;

    // The pod's claims the scheduler must annotate with the chosen node before binding:
    // unbound, of a WaitForFirstConsumer class, not yet annotated for that node.
    static std::vector<std::string> claimsToProvision(const PodInfo& pod,
                                                      const StorageListers& storage,
                                                      const std::string& node);
    // Whether every claim of the pod is bound (PreBind's wait is over).
    static bool claimsBound(const PodInfo& pod, const StorageListers& storage);
};

} // namespace kubelab::scheduler
