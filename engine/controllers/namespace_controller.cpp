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

void NamespaceController::onWatchEvent(const ControllerHost&, const std::string& informer,
                                       const std::string& type, const Json& object, const Json&)
{
    // Namespaces only: content leaving a namespace does not wake the controller (its
    // requeue after the estimate does).
    if (informer == "namespaces" && type != "DELETED" && terminating(object))
        m_delayed.insert(nameOf(object)); // queued kDeletionGracePeriod from now
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

void NamespaceController::reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key)
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
                  {{"op", "list"},
                   {"ns", key},
                   {"resource", kind.groupResource()},
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
                for (const Json& f :
                     model::memberAt(model::objectAt(item, "metadata"), "finalizers"))
                    if (f.is_string()) {
                        ++sweep.perFinalizer[f.get<std::string>()];
                        sweep.withFinalizers.insert(resource);
                    }
                if (resource == "pods") {
                    // estimateGracefulTerminationForPods: terminal pods need no time.
                    const std::string phase = podPhase(item);
                    const Json& grace = model::memberAt(model::objectAt(item, "spec"),
                                                        "terminationGracePeriodSeconds");
                    if (phase != "Succeeded" && phase != "Failed" && grace.is_number_integer())
                        sweep.podGraceSeconds =
                            std::max(sweep.podGraceSeconds, grace.get<std::int64_t>());
                }
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
                          {{"op", "delete"},
                           {"ns", ns},
                           {"resource", resource},
                           {"what", "delete " + resource + " " + nameOf(item)}});
            }
    } else if (op == "delete") {
        --sweep.deletesPending;
        // Deleted outright (no grace, no finalizers) or already gone: not remaining, as the
        // deleter's list after its deletes would show.
        const bool gone =
            response.code == 404 ||
            (response.ok() &&
             !model::objectAt(response.body, "metadata").contains("deletionTimestamp"));
        if (gone) {
            const std::string resource = tag.value("resource", "");
            auto it = sweep.perResource.find(
                resource.find('.') == std::string::npos ? resource + "." : resource);
            --sweep.remaining;
            if (it != sweep.perResource.end() && --it->second <= 0)
                sweep.perResource.erase(it);
        }
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
        // deleteAllContent's estimate: the pods' grace (none once that long has passed
        // since the namespace's deletion), or the finalizer estimate for a resource whose
        // objects hold finalizers. Anything else left over fails the sync.
        const Json* nsObject = host.cache("namespaces").get(ns);
        const auto deletedAt = parseTimestamp(
            nsObject ? std::string(model::stringAtPath(*nsObject, "metadata.deletionTimestamp"))
                     : std::string());
        std::int64_t podEstimate = sweep.podGraceSeconds;
        if (deletedAt && ctx.now() - *deletedAt >= podEstimate * sim::kSecond)
            podEstimate = 0;
        std::int64_t estimate = 0;
        std::string unexplained;
        for (const auto& [resource, n] : sweep.perResource) {
            const std::string gr =
                resource.back() == '.' ? resource.substr(0, resource.size() - 1) : resource;
            if (gr == "pods" && podEstimate > 0)
                estimate = std::max(estimate, podEstimate);
            else if (sweep.withFinalizers.count(gr))
                estimate = std::max(estimate, kFinalizerEstimateSeconds);
            else if (unexplained.empty())
                for (const model::KindInfo& k : model::allKinds())
                    if (k.groupResource() == gr) // schema.GroupVersionResource's %v
                        unexplained = k.group + "/" + k.version + ", Resource=" + k.resource;
        }
        if (!unexplained.empty()) {
            // AddRateLimited: 5 ms, doubling per failure in a row, at most a minute.
            const int failures = m_failures[ns]++;
            const sim::Duration delay =
                failures >= 14 ? kRetryMax : std::min(kRetryMax, kRetryBase << failures);
            host.requeueAfter(ctx, kName, ns, delay, true);
            ctx.describe("controller.namespace", "namespaces/" + ns,
                         std::string(kName) + ": deletion of namespace " + ns +
                             " failed: unexpected items still remain in namespace: " + ns +
                             " for gvr: " + unexplained + " (retry in " +
                             sim::formatDuration(delay) + ")");
            return;
        }
        // ResourcesRemainingError: AddAfter(estimate/2 + 1 seconds).
        const sim::Duration wait = (estimate / 2 + 1) * sim::kSecond;
        m_failures.erase(ns);
        host.requeueAfter(ctx, kName, ns, wait, true);
        ctx.describe("controller.namespace", "namespaces/" + ns,
                     std::string(kName) + ": namespace " + ns + " still has content (" +
                         joinRemaining(sweep.perResource, "has") + "): estimate " +
                         std::to_string(estimate) + "s, looking again in " +
                         sim::formatDuration(wait));
        return;
    }
    m_failures.erase(ns);
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
            return Json{{"type", type},
                        {"status", "False"},
                        {"reason", "ContentRemoved"},
                        {"message", "All content successfully removed"}};
        return Json{{"type", type},
                    {"status", "True"},
                    {"reason", reason},
                    {"message", std::string("Some ") + what + " are remaining: " + left}};
    };
    const Json wanted = Json::array({
        {{"type", "NamespaceDeletionDiscoveryFailure"},
         {"status", "False"},
         {"reason", "ResourcesDiscovered"},
         {"message", "All resources successfully discovered"}},
        {{"type", "NamespaceDeletionGroupVersionParsingFailure"},
         {"status", "False"},
         {"reason", "ParsedGroupVersions"},
         {"message", "All legacy kube types successfully parsed"}},
        {{"type", "NamespaceDeletionContentFailure"},
         {"status", "False"},
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
