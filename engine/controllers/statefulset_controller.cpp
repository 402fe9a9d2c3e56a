#include "engine/controllers/statefulset_controller.h"

#include <algorithm>
#include <map>
#include <vector>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

bool ownedByStatefulSet(const Json& pod)
{
    const Json* ref = controllerRef(pod);
    return ref && ref->value("kind", "") == "StatefulSet";
}

bool runningAndReady(const Json& pod)
{
    return podPhase(pod) == "Running" && isPodReady(pod);
}

} // namespace

long StatefulSetController::ordinalOf(const std::string& setName, const std::string& podName)
{
    const std::string prefix = setName + "-";
    if (podName.size() <= prefix.size() || podName.compare(0, prefix.size(), prefix) != 0)
        return -1;
    const std::string digits = podName.substr(prefix.size());
    if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), ::isdigit) ||
        (digits.size() > 1 && digits[0] == '0'))
        return -1;
    return std::stol(digits);
}

Json StatefulSetController::newPod(const Json& set, long ordinal)
{
    const std::string podName = nameOf(set) + "-" + std::to_string(ordinal);
    const Json& tmpl = model::objectAt(model::objectAt(set, "spec"), "template");
    Json pod = podFromTemplate(tmpl, set, "");
    pod["metadata"].erase("generateName");
    pod["metadata"]["name"] = podName;
    Json& labels = pod["metadata"]["labels"];
    if (!labels.is_object())
        labels = Json::object();
    labels["statefulset.kubernetes.io/pod-name"] = podName;
    labels["apps.kubernetes.io/pod-index"] = std::to_string(ordinal);
    // updateStorage: each claim template becomes the pod volume of its name, replacing
    // a template volume of the same name.
    const Json& templates = model::memberAtPath(set, "spec.volumeClaimTemplates");
    if (templates.is_array() && !templates.empty()) {
        Json& volumes = pod["spec"]["volumes"];
        if (!volumes.is_array())
            volumes = Json::array();
        for (const Json& t : templates) {
            const std::string volume = model::textAtPath(t, "metadata.name");
            Json source = {{"name", volume},
                           {"persistentVolumeClaim", {{"claimName", claimName(set, t, ordinal)}}}};
            auto same = std::find_if(volumes.begin(), volumes.end(), [&](const Json& v) {
                return model::textAt(v, "name") == volume;
            });
            if (same != volumes.end())
                *same = std::move(source);
            else
                volumes.push_back(std::move(source));
        }
    }
    pod["spec"]["hostname"] = podName;
    const std::string_view service = model::stringAtPath(set, "spec.serviceName");
    if (!service.empty())
        pod["spec"]["subdomain"] = std::string(service);
    return pod;
}

std::string StatefulSetController::claimName(const Json& set, const Json& claimTemplate,
                                             long ordinal)
{
    return model::textAtPath(claimTemplate, "metadata.name") + "-" + nameOf(set) + "-" +
           std::to_string(ordinal);
}

std::vector<Json> StatefulSetController::claimsFor(const Json& set, long ordinal)
{
    std::vector<Json> claims;
    const Json& templates = model::memberAtPath(set, "spec.volumeClaimTemplates");
    if (!templates.is_array())
        return claims;
    const Json& selectorLabels = model::memberAtPath(set, "spec.selector.matchLabels");
    for (const Json& t : templates) {
        Json claim = t;
        claim.erase("status");
        claim["apiVersion"] = "v1";
        claim["kind"] = "PersistentVolumeClaim";
        Json& meta = claim["metadata"];
        meta["name"] = claimName(set, t, ordinal);
        meta["namespace"] = namespaceOf(set);
        Json& labels = meta["labels"];
        if (!labels.is_object())
            labels = Json::object();
        if (selectorLabels.is_object())
            for (const auto& [k, v] : selectorLabels.items())
                labels[k] = v;
        claims.push_back(std::move(claim));
    }
    return claims;
}

void StatefulSetController::enqueueOwner(const ControllerHost& host, const Json& pod)
{
    const Json* ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "StatefulSet")
        return;
    const std::string key = namespaceOf(pod) + "/" + ref->value("name", "");
    const Json* set = host.cache("statefulsets").get(key);
    if (set && uidOf(*set) == ref->value("uid", ""))
        m_queue.add(key);
}

void StatefulSetController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                         const std::string& type, const Json& object,
                                         const Json& previous)
{
    if (informer == "statefulsets") {
        if (type == "DELETED")
            m_expectations.deleteExpectations(keyOf(object));
        m_queue.add(keyOf(object));
        return;
    }
    if (informer != "pods" || !ownedByStatefulSet(object))
        return;
    const Json* ref = controllerRef(object);
    const std::string setKey = namespaceOf(object) + "/" + ref->value("name", "");
    // A create shows up as ADDED, a delete as the deletionTimestamp or DELETED; either
    // settles whichever write on that pod was pending.
    if (type == "ADDED" || type == "DELETED" || (isDeleting(object) && !isDeleting(previous))) {
        m_expectations.creationObserved(setKey, keyOf(object));
        m_expectations.deletionObserved(setKey, keyOf(object));
    }
    enqueueOwner(host, object);
}

void StatefulSetController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, set] : host.cache("statefulsets").objects())
        m_queue.add(key);
}

void StatefulSetController::reconcile(ControllerHost& host, sim::Context& ctx,
                                      const std::string& key)
{
    const Json* setPtr = host.cache("statefulsets").get(key);
    if (!setPtr) {
        m_expectations.deleteExpectations(key);
        ctx.describe("controller.reconcile", "statefulsets/" + key,
                     std::string(kName) + ": " + key + " is gone");
        return;
    }
    const Json& set = *setPtr;
    const std::string ns = namespaceOf(set), name = nameOf(set), uid = uidOf(set);
    const std::int64_t replicas = model::intAtPath(set, "spec.replicas", 1);
    const bool parallel =
        model::stringAtPath(set, "spec.podManagementPolicy", "OrderedReady") == "Parallel";
    const std::int64_t minReady = model::intAtPath(set, "spec.minReadySeconds");

    // Owned pods by ordinal; pods whose names are not ordinals are condemned too.
    std::map<long, const Json*> byOrdinal;
    std::vector<const Json*> owned;
    for (const Json* pod : host.cache("pods").list(ns)) {
        const Json* ref = controllerRef(*pod);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        owned.push_back(pod);
        byOrdinal[ordinalOf(name, nameOf(*pod))] = pod;
    }

    std::vector<long> create, remove;
    std::string blocked;
    const bool waiting = !m_expectations.fulfilled(key) || isDeleting(set);
    if (!waiting) {
        // Replicas below `replicas`, in ordinal order (the real controller's first pass).
        for (long i = 0; i < replicas; ++i) {
            auto it = byOrdinal.find(i);
            if (it == byOrdinal.end()) {
                create.push_back(i);
                if (!parallel) {
                    blocked = "created " + name + "-" + std::to_string(i) + ", waiting for it";
                    break;
                }
                continue;
            }
            const Json& pod = *it->second;
            const std::string phase = podPhase(pod);
            if ((phase == "Failed" || phase == "Succeeded") && !isDeleting(pod)) {
                // A finished pod is deleted and recreated with the same identity.
                remove.push_back(i);
                if (!parallel) {
                    blocked = nameOf(pod) + " has " + phase + ": recreating it";
                    break;
                }
                continue;
            }
            if (!parallel && (!runningAndReady(pod) || isDeleting(pod))) {
                blocked = "waiting for " + nameOf(pod) + " to be Running and Ready";
                break;
            }
        }
        // Condemned pods, highest ordinal first (unparsable names sort first at -1,
        // so they go last).
        if (blocked.empty()) {
            for (auto it = byOrdinal.rbegin(); it != byOrdinal.rend(); ++it) {
                if (it->first >= 0 && it->first < replicas)
                    continue;
                if (isDeleting(*it->second)) {
                    if (!parallel) {
                        blocked = "waiting for " + nameOf(*it->second) + " to terminate";
                        break;
                    }
                    continue;
                }
                remove.push_back(it->first);
                if (!parallel)
                    break;
            }
        }
    }

    for (long i : create) {
        // createPersistentVolumeClaims: the pod's claims exist before the pod. Kept claims
        // of an earlier pod with this ordinal are reused as they are.
        for (Json& claim : claimsFor(set, i)) {
            const std::string claimName = nameOf(claim);
            if (host.cache("persistentvolumeclaims").get(ns + "/" + claimName))
                continue;
            api::Request c;
            c.verb = "create";
            c.resource = "persistentvolumeclaims";
            c.ns = ns;
            c.body = std::move(claim);
            host.call(ctx, kName, std::move(c),
                      {{"op", "claim"},
                       {"set", key},
                       {"claim", claimName},
                       {"pod", name + "-" + std::to_string(i)},
                       {"what", "create claim " + claimName}});
        }
        api::Request r;
        r.verb = "create";
        r.resource = "pods";
        r.ns = ns;
        r.body = newPod(set, i);
        const std::string pod = nameOf(r.body);
        m_expectations.expectCreation(key, ns + "/" + pod, ctx.now());
        host.call(ctx, kName, r,
                  {{"op", "create"}, {"set", key}, {"pod", pod}, {"what", "create pod " + pod}});
    }
    for (long i : remove) {
        const std::string pod = nameOf(*byOrdinal.at(i));
        api::Request r;
        r.verb = "delete";
        r.resource = "pods";
        r.ns = ns;
        r.name = pod;
        m_expectations.expectDeletion(key, ns + "/" + pod, ctx.now());
        host.call(ctx, kName, r,
                  {{"op", "delete"}, {"set", key}, {"pod", pod}, {"what", "delete pod " + pod}});
    }

    // Status (updateStatefulSetStatus); without revisions every pod is current.
    std::int64_t count = 0, ready = 0, available = 0;
    for (const Json* pod : owned) {
        ++count;
        if (runningAndReady(*pod) && !isDeleting(*pod)) {
            ++ready;
            if (isPodAvailable(*pod, minReady, ctx.now()))
                ++available;
        }
    }
    Json status = model::objectAt(set, "status");
    const Json current = status;
    status["observedGeneration"] = model::intAtPath(set, "metadata.generation", 1);
    status["replicas"] = count;
    status["readyReplicas"] = ready;
    status["currentReplicas"] = count;
    status["updatedReplicas"] = count;
    status["availableReplicas"] = available;
    for (const char* zeroOmitted :
         {"readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"})
        if (status[zeroOmitted] == 0)
            status.erase(zeroOmitted);
    if (status != current) {
        api::Request r;
        r.verb = "patch";
        r.group = "apps";
        r.resource = "statefulsets";
        r.subresource = "status";
        r.ns = ns;
        r.name = name;
        r.patchType = "application/merge-patch+json";
        r.body = {{"status", topLevelMergePatch(current, status)}};
        host.call(ctx, kName, r, {{"op", "status"}, {"set", key}, {"what", "status of " + key}});
    }
    if (minReady > 0 && ready > available)
        host.requeueAfter(ctx, kName, key, minReady * sim::kSecond);

    std::string summary = std::string(kName) + ": " + name + " wants " + std::to_string(replicas) +
                          " pods, has " + std::to_string(count);
    if (waiting)
        summary += ": waiting for its earlier creates/deletes to show up";
    if (!blocked.empty())
        summary += ": " + blocked;
    ctx.describe("controller.reconcile", "statefulsets/" + key, summary,
                 {{"replicas", replicas},
                  {"pods", count},
                  {"ready", ready},
                  {"create", create},
                  {"delete", remove}});
}

void StatefulSetController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                       const api::Response& response)
{
    const std::string op = tag.value("op", "");
    const std::string key = tag.value("set", "");
    const std::string pod = tag.value("pod", "");
    const Json* set = host.cache("statefulsets").get(key);
    const std::string setName = key.substr(key.find('/') + 1);
    if (op == "claim") {
        const std::string claim = tag.value("claim", "");
        if (response.ok() && set)
            host.event(ctx, kName, *set, "Normal", "SuccessfulCreate",
                       "create Claim " + claim + " Pod " + pod + " in StatefulSet " + setName +
                           " success");
        else if (!response.ok() && response.code != 409 && set)
            host.event(ctx, kName, *set, "Warning", "FailedCreate",
                       "create Claim " + claim + " for Pod " + pod + " in StatefulSet " +
                           setName + " failed error: " + response.body.value("message", ""));
        return;
    }
    if (op == "create" || op == "delete") {
        const std::string verb = op == "create" ? "create" : "delete";
        if (response.ok()) {
            if (set)
                host.event(ctx, kName, *set, "Normal",
                           op == "create" ? "SuccessfulCreate" : "SuccessfulDelete",
                           verb + " Pod " + pod + " in StatefulSet " + setName + " successful");
            return;
        }
        // The write never happened: stop waiting for it and look again.
        const std::string podKey = key.substr(0, key.find('/')) + "/" + pod;
        if (op == "create")
            m_expectations.creationObserved(key, podKey);
        else
            m_expectations.deletionObserved(key, podKey);
        if (set && response.code != 404 && response.code != 409)
            host.event(ctx, kName, *set, "Warning",
                       op == "create" ? "FailedCreate" : "FailedDelete",
                       verb + " Pod " + pod + " in StatefulSet " + setName +
                           " failed error: " + response.body.value("message", ""));
        retry(host, ctx, key);
        return;
    }
    if (!response.ok())
        retry(host, ctx, key);
}

} // namespace kubelab::controllers
