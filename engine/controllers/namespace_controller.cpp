#include "engine/controllers/namespace_controller.h"

#include <algorithm>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"
#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::controllers {

namespace {

bool terminating(const Json& ns)
{
    const Json& fs = model::objectAt(ns, "spec").value("finalizers", Json::array());
    return isDeleting(ns) && std::find(fs.begin(), fs.end(), "kubernetes") != fs.end();
}

// "pods. has 2 resource instances, replicasets.apps has 1 resource instances", as the
// namespace deleter words what is left (counts keyed by resource.group or finalizer).
std::string joinRemaining(const std::map<std::string, int>& counts, const char* verb)
{
    std::string out;
    for (const auto& [what, n] : counts)
        if (n > 0)
            out += (out.empty() ? "" : ", ") + what + " " + verb + " " + std::to_string(n) +
                   " resource instances";
    return out;
}

} // namespace

void NamespaceController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                       const std::string& type, const Json& object,
                                       const Json&)
{
    if (informer == "namespaces") {
        if (type != "DELETED" && terminating(object))
            m_delayed.insert(nameOf(object)); // queued kDeletionGracePeriod from now
        return;
    }
    // Content leaving a terminating namespace: see whether it is empty now.
    if (type == "DELETED" && !namespaceOf(object).empty())
        if (const Json* ns = host.cache("namespaces").get(namespaceOf(object)))
            if (terminating(*ns))
                m_queue.add(nameOf(*ns));
}

void NamespaceController::afterWatchEvent(ControllerHost& host, sim::Context& ctx)
{
    for (const std::string& ns : m_delayed)
        host.requeueAfter(ctx, kName, ns, kDeletionGracePeriod, false);
    m_delayed.clear();
}

void NamespaceController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, ns] : host.cache("namespaces").objects())
        if (terminating(ns))
            m_queue.add(key);
}

void NamespaceController::reconcile(ControllerHost& host, sim::Context& ctx,
                                    const std::string& key)
{
    const Json* ns = host.cache("namespaces").get(key);
    if (!ns || !terminating(*ns)) {
        ctx.describe("controller.reconcile", "namespaces/" + key,
                     std::string(kName) + ": namespace " + key + " is not terminating");
        return;
    }
    if (m_sweeps.count(key)) {
        ctx.describe("controller.reconcile", "namespaces/" + key,
                     std::string(kName) + ": sweep of " + key + " still in progress");
        return;
    }
    Sweep& sweep = m_sweeps[key];
    // deleteAllContent: every namespaced resource the API serves.
    for (const model::KindInfo& kind : model::allKinds()) {
        if (!kind.namespaced)
            continue;
        api::Request r;
        r.verb = "list";
        r.group = kind.group;
        r.version = kind.version;
        r.resource = kind.resource;
        r.ns = key;
        ++sweep.listsPending;
        host.call(ctx, kName, r,
                  {{"op", "list"}, {"ns", key}, {"resource", kind.groupResource()},
                   {"what", "list " + kind.groupResource() + " in " + key}});
    }
    ctx.describe("controller.reconcile", "namespaces/" + key,
                 std::string(kName) + ": namespace " + key +
                     " is terminating: listing its content to delete it");
}

void NamespaceController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                     const api::Response& response)
{
    const std::string ns = tag.value("ns", "");
    auto it = m_sweeps.find(ns);
    if (it == m_sweeps.end())
        return;
    Sweep& sweep = it->second;
    const std::string op = tag.value("op", "");
    if (op == "list") {
        --sweep.listsPending;
        if (response.ok())
            for (const Json& item : response.body.value("items", Json::array())) {
                // Events go with their namespace but do not hold it up.
                const std::string resource = tag.value("resource", "");
                ++sweep.remaining;
                // resource.group, with the core group's empty name: "pods."
                ++sweep.perResource[resource.find('.') == std::string::npos ? resource + "."
                                                                             : resource];
                for (const Json& f : model::memberAt(model::objectAt(item, "metadata"),
                                                     "finalizers"))
                    if (f.is_string())
                        ++sweep.perFinalizer[f.get<std::string>()];
                if (isDeleting(item))
                    continue;
                const model::KindInfo* kind = nullptr;
                for (const model::KindInfo& k : model::allKinds())
                    if (k.groupResource() == resource)
                        kind = &k;
                if (!kind)
                    continue;
                api::Request r;
                r.verb = "delete";
                r.group = kind->group;
                r.version = kind->version;
                r.resource = kind->resource;
                r.ns = ns;
                r.name = nameOf(item);
                r.propagationPolicy = "Background";
                ++sweep.deletesPending;
                host.call(ctx, kName, r,
                          {{"op", "delete"}, {"ns", ns},
                           {"what", "delete " + resource + " " + nameOf(item)}});
            }
    } else if (op == "delete") {
        --sweep.deletesPending;
    }
    if (sweep.listsPending > 0 || sweep.deletesPending > 0)
        return;
    finish(host, ctx, ns);
}

void NamespaceController::finish(ControllerHost& host, sim::Context& ctx, const std::string& ns)
{
    const Sweep sweep = m_sweeps[ns];
    m_sweeps.erase(ns);
    updateConditions(host, ctx, ns, sweep);
    if (sweep.remaining > 0) {
        // Graceful deletions take time: look again (sooner when their watch events come).
        host.requeueAfter(ctx, kName, ns, 5 * sim::kSecond, true);
        ctx.describe("controller.namespace", "namespaces/" + ns,
                     std::string(kName) + ": namespace " + ns +
                         " still has content: " + joinRemaining(sweep.perResource, "has"));
        return;
    }
    const Json* obj = host.cache("namespaces").get(ns);
    Json finalizers = Json::array();
    if (obj)
        for (const Json& f : model::objectAt(*obj, "spec").value("finalizers", Json::array()))
            if (f != "kubernetes")
                finalizers.push_back(f);
    host.call(ctx, kName,
              corePatch("namespaces", "", ns, "finalize", {{"spec", {{"finalizers", finalizers}}}}),
              {{"op", "finalize"}, {"what", "finalize namespace " + ns}});
    ctx.describe("controller.namespace", "namespaces/" + ns,
                 std::string(kName) + ": namespace " + ns +
                     " is empty: removing the kubernetes finalizer");
}

void NamespaceController::updateConditions(ControllerHost& host, sim::Context& ctx,
                                          const std::string& ns, const Sweep& sweep)
{
    const Json* obj = host.cache("namespaces").get(ns);
    if (!obj)
        return;
    // As kube-controller-manager's namespace deleter (v1.31): each type is "False" with its
    // ok reason and message unless something is wrong, in this order. This engine's
    // discovery and deletes do not fail, so the first three always read as fine.
    // True with what is left, or False with the ok wording.
    auto remaining = [](const char* type, const std::string& left, const char* reason,
                        const char* what) {
        if (left.empty())
            return Json{{"type", type}, {"status", "False"}, {"reason", "ContentRemoved"},
                        {"message", "All content successfully removed"}};
        return Json{{"type", type}, {"status", "True"}, {"reason", reason},
                    {"message", std::string("Some ") + what + " are remaining: " + left}};
    };
    const Json wanted = Json::array({
        {{"type", "NamespaceDeletionDiscoveryFailure"}, {"status", "False"},
         {"reason", "ResourcesDiscovered"}, {"message", "All resources successfully discovered"}},
        {{"type", "NamespaceDeletionGroupVersionParsingFailure"}, {"status", "False"},
         {"reason", "ParsedGroupVersions"},
         {"message", "All legacy kube types successfully parsed"}},
        {{"type", "NamespaceDeletionContentFailure"}, {"status", "False"},
         {"reason", "ContentDeleted"},
         {"message", "All content successfully deleted, may be waiting on finalization"}},
        remaining("NamespaceContentRemaining", joinRemaining(sweep.perResource, "has"),
                  "SomeResourcesRemain", "resources"),
        remaining("NamespaceFinalizersRemaining", joinRemaining(sweep.perFinalizer, "in"),
                  "SomeFinalizerRemain", "finalizers"),
    });
    Json conditions = model::memberAt(model::objectAt(*obj, "status"), "conditions");
    const std::string now = sim::formatTimestamp(ctx.now());
    bool changed = false;
    for (const Json& c : wanted)
        changed = setCondition(conditions, c, now) || changed;
    if (!changed)
        return;
    host.call(ctx, kName,
              corePatch("namespaces", "", ns, "status", {{"status", {{"conditions", conditions}}}}),
              {{"op", "conditions"}, {"what", "conditions of namespace " + ns}});
}

} // namespace kubelab::controllers
