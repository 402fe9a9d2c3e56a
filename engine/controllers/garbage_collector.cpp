#include "engine/controllers/garbage_collector.h"

#include <algorithm>
#include <map>

#include "engine/controllers/controller_util.h"
#include "engine/model/kinds.h"

namespace kubelab::controllers {

namespace {

// The helpers below read through const references: the collector looks at every cached
// object on many events, and json::value would copy whole metadata blocks each time.
const Json* metaField(const Json& obj, const char* field)
{
    const auto meta = obj.find("metadata");
    if (meta == obj.end() || !meta->is_object())
        return nullptr;
    const auto it = meta->find(field);
    return it == meta->end() ? nullptr : &*it;
}

const std::string& uidRef(const Json& obj)
{
    static const std::string none;
    const Json* uid = metaField(obj, "uid");
    return uid && uid->is_string() ? uid->get_ref<const std::string&>() : none;
}

bool hasFinalizer(const Json& obj, const std::string& f)
{
    const Json* fs = metaField(obj, "finalizers");
    return fs && fs->is_array() && std::find(fs->begin(), fs->end(), f) != fs->end();
}

const Json& ownerRefs(const Json& obj)
{
    static const Json none = Json::array();
    const Json* refs = metaField(obj, "ownerReferences");
    return refs && refs->is_array() ? *refs : none;
}

bool refHasUid(const Json& ref, const std::string& uid)
{
    const auto it = ref.find("uid");
    return it != ref.end() && it->is_string() && it->get_ref<const std::string&>() == uid;
}

// The informer holding objects of an ownerReference's kind, or "" if none does.
std::string informerForKind(const std::string& kind)
{
    static const std::map<std::string, std::string> ids = {{"DaemonSet", "daemonsets"},
                                                           {"Deployment", "deployments"},
                                                           {"Job", "jobs"},
                                                           {"Pod", "pods"},
                                                           {"ReplicaSet", "replicasets"},
                                                           {"StatefulSet", "statefulsets"}};
    const auto it = ids.find(kind);
    return it == ids.end() ? std::string() : it->second;
}

// The owner named by `ref` looked up by kind and name in the dependent's namespace:
// one map lookup instead of a scan of every cache. Null when that misses (the caller
// then falls back to the scan, so the answer never differs from it).
const Json* ownerByName(const ControllerHost& host, const Json& ref, const std::string& ns,
                        std::string* informer)
{
    *informer = informerForKind(ref.value("kind", ""));
    if (informer->empty())
        return nullptr;
    const Json* obj = host.cache(*informer).get(ns, ref.value("name", ""));
    if (obj && uidRef(*obj) == ref.value("uid", ""))
        return obj;
    return nullptr;
}

// The propagationPolicy for deleting a dependent, as attemptToDeleteItem picks it: in
// the foreground only when an owner is being deleted in the foreground *and* the
// dependent has dependents of its own; otherwise as its own finalizers already say, and
// in the background by default. So pods under a foreground cascade are deleted in the
// background and never carry the foregroundDeletion finalizer.
std::string deletePolicy(const Json& dep, bool foregroundOwnerAndDependents)
{
    if (foregroundOwnerAndDependents)
        return "Foreground";
    if (hasFinalizer(dep, "orphan"))
        return "Orphan";
    if (hasFinalizer(dep, "foregroundDeletion"))
        return "Foreground";
    return "Background";
}

api::Request requestFor(const std::string& verb, const Json& objOrRef, const std::string& ns,
                        const std::string& name)
{
    api::Request r;
    r.verb = verb;
    const model::KindInfo* kind =
        model::kindByApiVersionKind(objOrRef.value("apiVersion", "v1"), objOrRef.value("kind", ""));
    if (kind) {
        r.group = kind->group;
        r.version = kind->version;
        r.resource = kind->resource;
        r.ns = kind->namespaced ? ns : "";
    }
    r.name = name;
    return r;
}

} // namespace

const std::vector<std::string>& GarbageCollector::informers()
{
    static const std::vector<std::string> ids = {"daemonsets", "deployments", "jobs",
                                                 "pods",       "replicasets", "statefulsets"};
    return ids;
}

GarbageCollector::Found GarbageCollector::findByUid(const ControllerHost& host,
                                                    const std::string& uid) const
{
    for (const std::string& id : informers())
        for (const auto& [key, obj] : host.cache(id).objects())
            if (uidRef(obj) == uid)
                return {&obj, id};
    return {};
}

std::vector<GarbageCollector::Found> GarbageCollector::dependentsOf(const ControllerHost& host,
                                                                    const std::string& uid) const
{
    std::vector<Found> out;
    for (const std::string& id : informers())
        for (const auto& [key, obj] : host.cache(id).objects())
            for (const Json& ref : ownerRefs(obj))
                if (refHasUid(ref, uid)) {
                    out.push_back({&obj, id});
                    break;
                }
    return out;
}

void GarbageCollector::enqueueDependents(const ControllerHost& host, const std::string& uid)
{
    for (const Found& f : dependentsOf(host, uid))
        m_queue.add(f.informer + "|" + keyOf(*f.object));
}

void GarbageCollector::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                    const std::string& type, const Json& object,
                                    const Json& previous)
{
    const auto& ids = informers();
    if (std::find(ids.begin(), ids.end(), informer) == ids.end())
        return;
    const std::string self = informer + "|" + keyOf(object);
    if (type == "DELETED") {
        m_deleting.erase(uidOf(object));
        enqueueDependents(host, uidOf(object));
    } else if (!ownerRefs(object).empty() || hasFinalizer(object, "orphan") ||
               hasFinalizer(object, "foregroundDeletion")) {
        m_queue.add(self);
    }
    // Owners waiting on this dependent (foreground/orphan) look again.
    for (const Json* obj : {&object, &previous})
        if (obj->is_object())
            for (const Json& ref : ownerRefs(*obj)) {
                std::string id;
                const Json* hit = ownerByName(host, ref, namespaceOf(*obj), &id);
                const Found owner = hit ? Found{hit, id} : findByUid(host, ref.value("uid", ""));
                if (owner.object && isDeleting(*owner.object))
                    m_queue.add(owner.informer + "|" + keyOf(*owner.object));
            }
}

void GarbageCollector::onSynced(const ControllerHost& host)
{
    for (const std::string& id : informers())
        for (const auto& [key, obj] : host.cache(id).objects())
            if (!ownerRefs(obj).empty() || isDeleting(obj))
                m_queue.add(id + "|" + key);
}

void GarbageCollector::reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key)
{
    const std::size_t bar = key.find('|');
    const std::string informer = key.substr(0, bar);
    const Json* obj = host.cache(informer).get(key.substr(bar + 1));
    if (!obj) {
        ctx.describe("controller.reconcile", key, std::string(kName) + ": " + key + " is gone");
        return;
    }
    if (isDeleting(*obj) &&
        (hasFinalizer(*obj, "orphan") || hasFinalizer(*obj, "foregroundDeletion")))
        processOwner(host, ctx, informer, *obj);
    else
        processDependent(host, ctx, informer, *obj);
}

void GarbageCollector::processOwner(ControllerHost& host, sim::Context& ctx,
                                    const std::string& informer, const Json& owner)
{
    const std::string uid = uidOf(owner);
    const std::string what = owner.value("kind", "") + " " + keyOf(owner);
    const std::vector<Found> deps = dependentsOf(host, uid);
    const bool orphan = hasFinalizer(owner, "orphan");
    std::string summary;
    std::size_t waiting = 0;
    std::set<std::string> owners;
    for (const Found& dep : deps) {
        const Json& d = *dep.object;
        if (orphan) {
            Json kept = Json::array();
            for (const Json& ref : ownerRefs(d))
                if (ref.value("uid", "") != uid)
                    kept.push_back(ref);
            api::Request r = requestFor("patch", d, namespaceOf(d), nameOf(d));
            r.patchType = "application/merge-patch+json";
            r.body = {{"metadata", {{"ownerReferences", kept.empty() ? Json(nullptr) : kept}}}};
            host.call(ctx, kName, r, {{"what", "orphan " + keyOf(d)}});
            ++waiting;
            continue;
        }
        bool blocking = false;
        for (const Json& ref : ownerRefs(d))
            if (ref.value("uid", "") == uid && ref.value("blockOwnerDeletion", false))
                blocking = true;
        waiting += blocking;
        if (isDeleting(d) || m_deleting.count(uidOf(d)))
            continue;
        api::Request r = requestFor("delete", d, namespaceOf(d), nameOf(d));
        if (owners.empty()) // uids that own something: one pass over the caches, lazily
            for (const std::string& id : informers())
                for (const auto& [key, obj] : host.cache(id).objects())
                    for (const Json& ref : ownerRefs(obj))
                        owners.insert(ref.value("uid", ""));
        r.propagationPolicy = deletePolicy(d, owners.count(uidOf(d)) > 0);
        m_deleting.insert(uidOf(d));
        host.call(ctx, kName, r, {{"what", "delete " + keyOf(d)}, {"dep", uidOf(d)}});
    }
    const std::string finalizer = orphan ? "orphan" : "foregroundDeletion";
    if (waiting == 0) {
        Json kept = Json::array();
        for (const Json& f : owner["metadata"].value("finalizers", Json::array()))
            if (f != finalizer)
                kept.push_back(f);
        api::Request r = requestFor("patch", owner, namespaceOf(owner), nameOf(owner));
        r.patchType = "application/merge-patch+json";
        r.body = {{"metadata", {{"finalizers", kept.empty() ? Json(nullptr) : kept}}}};
        host.call(ctx, kName, r, {{"what", "remove " + finalizer + " finalizer of " + what}});
        summary = "no dependents left: removing the " + finalizer + " finalizer of " + what;
    } else {
        summary = (orphan ? "orphaning " : "waiting for ") + std::to_string(waiting) +
                  " dependents of " + what;
    }
    ctx.describe("controller.reconcile", informer + "/" + keyOf(owner),
                 std::string(kName) + ": " + summary);
}

void GarbageCollector::processDependent(ControllerHost& host, sim::Context& ctx,
                                        const std::string& informer, const Json& dep)
{
    const Json& refs = ownerRefs(dep);
    if (refs.empty() || isDeleting(dep) || m_deleting.count(uidOf(dep))) {
        ctx.describe("controller.reconcile", informer + "/" + keyOf(dep),
                     std::string(kName) + ": " + keyOf(dep) + " needs nothing");
        return;
    }
    int solid = 0, waitingForDependents = 0;
    std::vector<std::string> dangling;
    std::string goneOwner;
    for (const Json& ref : refs) {
        const std::string uid = ref.value("uid", "");
        std::string id;
        const Json* hit = ownerByName(host, ref, namespaceOf(dep), &id);
        const Found owner = hit ? Found{hit, id} : findByUid(host, uid);
        if (owner.object) {
            if (isDeleting(*owner.object) && hasFinalizer(*owner.object, "foregroundDeletion"))
                ++waitingForDependents;
            else
                ++solid;
            continue;
        }
        if (m_absent.count(uid)) {
            dangling.push_back(uid);
            goneOwner = ref.value("kind", "") + " " + ref.value("name", "");
            continue;
        }
        // Not in our caches: ask the API server before believing it is gone.
        if (!m_checking.count(uid)) {
            m_checking.insert(uid);
            api::Request r = requestFor("get", ref, namespaceOf(dep), ref.value("name", ""));
            host.call(ctx, kName, r,
                      {{"op", "verify"},
                       {"uid", uid},
                       {"dependent", informer + "|" + keyOf(dep)},
                       {"what", "is owner " + ref.value("name", "") + " still there?"}});
        }
        ++solid; // until proven otherwise
    }
    std::string summary;
    if (solid > 0 && !dangling.empty()) {
        Json kept = Json::array();
        for (const Json& ref : refs)
            if (std::find(dangling.begin(), dangling.end(), ref.value("uid", "")) == dangling.end())
                kept.push_back(ref);
        api::Request r = requestFor("patch", dep, namespaceOf(dep), nameOf(dep));
        r.patchType = "application/merge-patch+json";
        r.body = {{"metadata", {{"ownerReferences", kept}}}};
        host.call(ctx, kName, r, {{"what", "drop dangling owners of " + keyOf(dep)}});
        summary = "dropping dangling owner references of " + keyOf(dep);
    } else if (solid == 0 && (waitingForDependents > 0 || !dangling.empty())) {
        api::Request r = requestFor("delete", dep, namespaceOf(dep), nameOf(dep));
        const bool hasDependents =
            waitingForDependents > 0 && !dependentsOf(host, uidOf(dep)).empty();
        r.propagationPolicy = deletePolicy(dep, hasDependents);
        m_deleting.insert(uidOf(dep));
        host.call(ctx, kName, r, {{"what", "delete " + keyOf(dep)}, {"dep", uidOf(dep)}});
        summary = "deleting " + dep.value("kind", "") + " " + keyOf(dep) + ": " +
                  (waitingForDependents > 0 ? "its owner is being deleted in the foreground"
                                            : "owner " + goneOwner + " is gone") +
                  " (" + r.propagationPolicy + ")";
    } else {
        summary = keyOf(dep) + " has its owners";
    }
    ctx.describe("controller.reconcile", informer + "/" + keyOf(dep),
                 std::string(kName) + ": " + summary);
}

void GarbageCollector::onResponse(ControllerHost& host, sim::Context&, const Json& tag,
                                  const api::Response& response)
{
    if (tag.value("op", "") == "verify") {
        const std::string uid = tag.value("uid", "");
        m_checking.erase(uid);
        if (response.code == 404 || (response.ok() && uidOf(response.body) != uid)) {
            m_absent.insert(uid);
            m_queue.add(tag.value("dependent", ""));
            enqueueDependents(host, uid); // every dependent waiting on this verdict
        }
        return;
    }
    if (tag.contains("dep") && !response.ok() && response.code != 404)
        m_deleting.erase(tag.value("dep", ""));
}

} // namespace kubelab::controllers
