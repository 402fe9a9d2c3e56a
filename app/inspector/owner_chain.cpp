#include "app/inspector/owner_chain.h"

#include <algorithm>

#include "engine/cluster/cluster.h"
#include "engine/model/kinds.h"

namespace kubelab::app {

namespace {

using nlohmann::json;

const json* lookup(const cluster::Cluster& cluster, const ObjectRef& ref)
{
    return cluster.object(ref.resource.toStdString(), ref.ns.toStdString(), ref.name.toStdString());
}

QString kindOf(const ObjectRef& ref)
{
    const model::KindInfo* kind = model::resolveResource(ref.resource.toStdString());
    return kind ? QString::fromStdString(kind->kind) : ref.resource;
}

// The owner a chain follows: the controller reference, else the first one.
const json* ownerReference(const json& object)
{
    auto meta = object.find("metadata");
    if (meta == object.end() || !meta->contains("ownerReferences"))
        return nullptr;
    const json& refs = (*meta)["ownerReferences"];
    if (!refs.is_array() || refs.empty())
        return nullptr;
    for (const json& r : refs)
        if (r.value("controller", false))
            return &r;
    return &refs.front();
}

} // namespace

std::vector<OwnedObject> ownerChain(const cluster::Cluster& cluster, const ObjectRef& ref)
{
    const json* object = lookup(cluster, ref);
    if (!object)
        return {};
    std::vector<OwnedObject> chain = {{ref, kindOf(ref), true}};
    // Owner references are namespace-local or cluster-scoped; ten levels is far more than
    // any built-in controller nests, and ends a loop.
    while (object && chain.size() < 10) {
        const json* owner = ownerReference(*object);
        if (!owner)
            break;
        const model::KindInfo* kind =
            model::kindByApiVersionKind(owner->value("apiVersion", ""), owner->value("kind", ""));
        const QString ownerKind = QString::fromStdString(owner->value("kind", ""));
        ObjectRef up{kind ? QString::fromStdString(kind->resource) : ownerKind.toLower(),
                     kind && kind->namespaced ? chain.front().ref.ns : QString(),
                     QString::fromStdString(owner->value("name", ""))};
        const bool seen = std::any_of(chain.begin(), chain.end(),
                                      [&](const OwnedObject& o) { return o.ref == up; });
        if (seen)
            break;
        object = kind ? lookup(cluster, up) : nullptr;
        chain.insert(chain.begin(), {up, ownerKind, object != nullptr});
    }
    return chain;
}

std::vector<OwnedObject> ownedBy(const cluster::Cluster& cluster, const ObjectRef& ref)
{
    std::vector<OwnedObject> out;
    const json* object = lookup(cluster, ref);
    if (!object)
        return out;
    const std::string uid = object->at("metadata").value("uid", "");
    // A namespaced owner's dependents live in its namespace; a cluster-scoped owner's may
    // live anywhere.
    const std::string ns = ref.ns.toStdString();
    for (const model::KindInfo& kind : model::allKinds()) {
        if (kind.resource == "events" || (!ns.empty() && !kind.namespaced))
            continue;
        const std::string resource =
            kind.group.empty() ? kind.resource : kind.resource + "." + kind.group;
        for (const json* o : cluster.objects(resource, ns)) {
            const json& meta = o->at("metadata");
            auto refs = meta.find("ownerReferences");
            if (refs == meta.end() || !refs->is_array())
                continue;
            for (const json& r : *refs)
                if (r.value("uid", "") == uid) {
                    out.push_back({{QString::fromStdString(kind.resource),
                                    QString::fromStdString(meta.value("namespace", "")),
                                    QString::fromStdString(meta.value("name", ""))},
                                   QString::fromStdString(kind.kind),
                                   true});
                    break;
                }
        }
    }
    std::sort(out.begin(), out.end(), [](const OwnedObject& a, const OwnedObject& b) {
        return std::tie(a.kind, a.ref.name) < std::tie(b.kind, b.ref.name);
    });
    return out;
}

} // namespace kubelab::app
