#include "engine/controllers/volume_binding.h"

#include <algorithm>
#include <tuple>

#include "engine/model/json_view.h"
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

// One NodeSelectorRequirement against a node's labels (or its name, for matchFields).
bool requirementMatches(const Json& req, const Json& node, bool field)
{
    const std::string key(model::stringAt(req, "key"));
    const std::string op(model::stringAt(req, "operator"));
    std::string value;
    bool present = false;
    if (field) {
        present = key == "metadata.name";
        value = model::textAtPath(node, "metadata.name");
    } else {
        const Json& labels = model::memberAtPath(node, "metadata.labels");
        present = labels.is_object() && labels.contains(key);
        value = model::textAt(labels, key);
    }
    const Json& values = model::memberAt(req, "values");
    const bool listed = present && values.is_array() &&
                        std::find(values.begin(), values.end(), value) != values.end();
    if (op == "In")
        return listed;
    if (op == "NotIn")
        return !listed;
    if (op == "Exists")
        return present;
    if (op == "DoesNotExist")
        return !present;
    return false;
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
    const Json& terms = model::memberAtPath(volume, "spec.nodeAffinity.required.nodeSelectorTerms");
    if (!terms.is_array())
        return true;
    return std::any_of(terms.begin(), terms.end(), [&](const Json& term) {
        const Json& exprs = model::memberAt(term, "matchExpressions");
        const Json& fields = model::memberAt(term, "matchFields");
        if ((!exprs.is_array() || exprs.empty()) && (!fields.is_array() || fields.empty()))
            return false;
        auto all = [&](const Json& list, bool field) {
            return !list.is_array() ||
                   std::all_of(list.begin(), list.end(),
                               [&](const Json& r) { return requirementMatches(r, node, field); });
        };
        return all(exprs, false) && all(fields, true);
    });
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
