// The in-tree plugin registry and kube-scheduler's default profile (v1.31,
// pkg/scheduler/apis/config/v1/default_plugins.go), minus the volume plugins the
// mini-cluster has no use for (VolumeRestrictions, NodeVolumeLimits, VolumeZone).
#include "engine/scheduler/framework.h"
#include "engine/scheduler/plugins/balanced_allocation.h"
#include "engine/scheduler/plugins/default_binder.h"
#include "engine/scheduler/plugins/default_preemption.h"
#include "engine/scheduler/plugins/image_locality.h"
#include "engine/scheduler/plugins/inter_pod_affinity.h"
#include "engine/scheduler/plugins/node_affinity.h"
#include "engine/scheduler/plugins/node_name.h"
#include "engine/scheduler/plugins/node_ports.h"
#include "engine/scheduler/plugins/node_resources_fit.h"
#include "engine/scheduler/plugins/node_unschedulable.h"
#include "engine/scheduler/plugins/pod_topology_spread.h"
#include "engine/scheduler/plugins/taint_toleration.h"
#include "engine/scheduler/plugins/volume_binding.h"

namespace kubelab::scheduler {

namespace {

template<typename T>
std::pair<const std::string, PluginFactory> entry()
{
    return {T::kName, [] { return std::make_shared<T>(); }};
}

} // namespace

const std::map<std::string, PluginFactory>& pluginRegistry()
{
    static const std::map<std::string, PluginFactory> registry = {
        entry<NodeUnschedulable>(), entry<NodeName>(),
        entry<TaintToleration>(),   entry<NodeAffinity>(),
        entry<NodePorts>(),         entry<NodeResourcesFit>(),
        entry<PodTopologySpread>(), entry<InterPodAffinity>(),
        entry<DefaultPreemption>(), entry<NodeResourcesBalancedAllocation>(),
        entry<ImageLocality>(),     entry<DefaultBinder>(),
        entry<VolumeBinding>(),
    };
    return registry;
}

std::vector<PluginConfig> defaultProfile()
{
    return {
        {NodeUnschedulable::kName, 0}, {NodeName::kName, 0},
        {TaintToleration::kName, 3},   {NodeAffinity::kName, 2},
        {NodePorts::kName, 0},         {NodeResourcesFit::kName, 1},
        {VolumeBinding::kName, 0},
        {PodTopologySpread::kName, 2}, {InterPodAffinity::kName, 2},
        {DefaultPreemption::kName, 0}, {NodeResourcesBalancedAllocation::kName, 1},
        {ImageLocality::kName, 1},     {DefaultBinder::kName, 0},
    };
}

} // namespace kubelab::scheduler
