#include "engine/controllers/volume_binding.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "engine/model/json_view.h"
#include "engine/model/node_selector.h"
#include "engine/model/quantity.h"

namespace kubelab::controllers {

namespace {

model::Quantity storageOf(const Json& object, const char* path)
{
    const Json& v = model::memberAtPath(object, path);
    if (v.is_string())
        if (auto q = model::Quantity::parse(v.get<std::string>()))
            return *q;
    return model::Quantity();
}

bool hasModes(const Json& volume, const Json& claim)
{
    const Json& have = model::memberAtPath(volume, "spec.accessModes");
    const Json& want = model::memberAtPath(claim, "spec.accessModes");
    if (!want.is_array())
        return true;
    return std::all_of(want.begin(), want.end(), [&](const Json& m) {
        return have.is_array() && std::find(have.begin(), have.end(), m) != have.end();
    });
}

} // namespace

std::string claimClass(const Json& claim)
{
    return model::textAtPath(claim, "spec.storageClassName");
}

bool volumeClaimedBy(const Json& volume, const Json& claim)
{
    const Json& ref = model::memberAtPath(volume, "spec.claimRef");
    if (!ref.is_object())
        return false;
    const std::string uid = model::textAt(ref, "uid");
    return model::textAt(ref, "namespace") == model::textAtPath(claim, "metadata.namespace") &&
           model::textAt(ref, "name") == model::textAtPath(claim, "metadata.name") &&
           (uid.empty() || uid == model::textAtPath(claim, "metadata.uid"));
}

bool volumeNodeAffinityMatches(const Json& volume, const Json& node)
{
    std::map<std::string, std::string> labels;
    const Json& l = model::memberAtPath(node, "metadata.labels");
    if (l.is_object())
        for (const auto& [k, v] : l.items())
            if (v.is_string())
                labels[k] = v.get<std::string>();
    return model::nodeSelectorMatches(
        model::memberAtPath(volume, "spec.nodeAffinity.required"), labels,
        model::textAtPath(node, "metadata.name"));
}

const Json* findMatchingVolume(const Json& claim, const std::vector<const Json*>& volumes,
                               const Json* node)
{
    const model::Quantity want = storageOf(claim, "spec.resources.requests.storage");
    const std::string cls = claimClass(claim);
    const Json* best = nullptr;
    for (const Json* v : volumes) {
        if (model::hasValue(model::memberAt(*v, "metadata"), "deletionTimestamp"))
            continue;
        if (volumeClaimedBy(*v, claim))
            return v; // pre-bound, by hand or by a provisioner
        if (model::hasValue(model::memberAt(*v, "spec"), "claimRef"))
            continue;
        if (model::textAtPath(*v, "spec.storageClassName") != cls || !hasModes(*v, claim))
            continue;
        if (storageOf(*v, "spec.capacity.storage") < want)
            continue;
        if (node && !volumeNodeAffinityMatches(*v, *node))
            continue;
        if (!best || std::make_tuple(storageOf(*v, "spec.capacity.storage"),
                                     model::textAtPath(*v, "metadata.name")) <
                         std::make_tuple(storageOf(*best, "spec.capacity.storage"),
                                         model::textAtPath(*best, "metadata.name")))
            best = v;
    }
    return best;
}

Json volumeClaimRefPatch(const Json& claim, bool byController)
{
    const Json& meta = model::memberAt(claim, "metadata");
    Json patch = {{"spec",
                   {{"claimRef",
                     {{"apiVersion", "v1"},
                      {"kind", "PersistentVolumeClaim"},
                      {"name", model::textAt(meta, "name")},
                      {"namespace", model::textAt(meta, "namespace")},
                      {"resourceVersion", model::textAt(meta, "resourceVersion")},
                      {"uid", model::textAt(meta, "uid")}}}}}};
    if (byController)
        patch["metadata"] = {{"annotations", {{kAnnBoundByController, "yes"}}}};
    return patch;
}

Json claimBindPatch(const Json& volume, bool byController)
{
    Json annotations = {{kAnnBindCompleted, "yes"}};
    if (byController)
        annotations[kAnnBoundByController] = "yes";
    return {{"metadata", {{"annotations", annotations}}},
            {"spec", {{"volumeName", model::textAtPath(volume, "metadata.name")}}}};
}

Json claimBoundStatus(const Json& volume)
{
    return {{"status",
             {{"phase", "Bound"},
              {"accessModes", model::memberAtPath(volume, "spec.accessModes")},
              {"capacity", model::memberAtPath(volume, "spec.capacity")}}}};
}

} // namespace kubelab::controllers
