#include "engine/scheduler/plugins/volume_binding.h"

#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/model/node_selector.h"

namespace kubelab::scheduler {

namespace {

using nlohmann::json;

const char kSelectedNode[] = "volume.kubernetes.io/selected-node";

const json* lookup(const client::Informer* informer, const std::string& key)
{
    return informer ? informer->get(key) : nullptr;
}

bool waitsForConsumer(const json* storageClass)
{
    return storageClass &&
           model::textAt(*storageClass, "volumeBindingMode") == "WaitForFirstConsumer";
}

struct VolumeState : StateData
{
    std::vector<json> nodeAffinities; // required affinity of each bound claim's volume
    bool noProvisioner = false;       // a claim to bind that nothing can provision
    std::unique_ptr<StateData> clone() const override
    {
        return std::make_unique<VolumeState>(*this);
    }
};

} // namespace

Status VolumeBinding::preFilter(CycleState& state, const PodInfo& pod, const Snapshot& snap) const
{
    if (pod.claims.empty() || !snap.storage.claims)
        return Status::skip();
    auto st = std::make_unique<VolumeState>();
    bool unboundImmediate = false;
    for (const std::string& name : pod.claims) {
        const json* claim = lookup(snap.storage.claims, pod.ns + "/" + name);
        if (!claim)
            return Status::unresolvable("persistentvolumeclaim \"" + name + "\" not found");
        if (model::hasValue(model::memberAt(*claim, "metadata"), "deletionTimestamp"))
            return Status::unresolvable("persistentvolumeclaim \"" + name +
                                        "\" is being deleted");
        const std::string volumeName = model::textAtPath(*claim, "spec.volumeName");
        if (!volumeName.empty()) {
            if (const json* pv = lookup(snap.storage.volumes, volumeName)) {
                const json& required = model::memberAtPath(*pv, "spec.nodeAffinity.required");
                if (required.is_object())
                    st->nodeAffinities.push_back(required);
            }
            continue;
        }
        const json* cls =
            lookup(snap.storage.classes, model::textAtPath(*claim, "spec.storageClassName"));
        if (!waitsForConsumer(cls)) {
            unboundImmediate = true;
            continue;
        }
        if (model::textAt(*cls, "provisioner") == "kubernetes.io/no-provisioner")
            st->noProvisioner = true;
    }
    if (unboundImmediate)
        return Status::unresolvable(kUnboundImmediate);
    state.write(slot(), std::move(st));
    return Status::success();
}

Status VolumeBinding::filter(const CycleState& state, const PodInfo&, const NodeInfo& node) const
{
    const VolumeState* st = state.read<VolumeState>(slot());
    if (!st)
        return Status::success();
    for (const json& required : st->nodeAffinities)
        if (!model::nodeSelectorMatches(required, node.labels, node.name))
            return Status::unresolvable(kNodeConflict);
    if (st->noProvisioner)
        return Status::unresolvable(kBindConflict);
    return Status::success();
}

std::vector<std::string> VolumeBinding::claimsToProvision(const PodInfo& pod,
                                                          const StorageListers& storage,
                                                          const std::string& node)
{
    std::vector<std::string> out;
    for (const std::string& name : pod.claims) {
        const json* claim = lookup(storage.claims, pod.ns + "/" + name);
        if (!claim || !model::textAtPath(*claim, "spec.volumeName").empty())
            continue;
        const json* cls = lookup(storage.classes, model::textAtPath(*claim, "spec.storageClassName"));
        const json& annotations = model::memberAtPath(*claim, "metadata.annotations");
        if (waitsForConsumer(cls) && model::textAt(annotations, kSelectedNode) != node)
            out.push_back(name);
    }
    return out;
}

bool VolumeBinding::claimsBound(const PodInfo& pod, const StorageListers& storage)
{
    return std::all_of(pod.claims.begin(), pod.claims.end(), [&](const std::string& name) {
        const json* claim = lookup(storage.claims, pod.ns + "/" + name);
        return claim && model::textAtPath(*claim, "status.phase") == "Bound";
    });
}

} // namespace kubelab::scheduler
