// The write half of the API server: create, update, patch and delete, each a short
// state machine of etcd reads and compare-and-swap transactions, as the generic
// registry's Create and GuaranteedUpdate are (registry/generic/registry/store.go). Called
// from ApiServer's request routing and its etcd replies (api_server.cpp).
#include "engine/api/api_server.h"
#include "engine/model/json_view.h"

#include "engine/api/admission.h"
#include "engine/api/patch.h"
#include "engine/api/status.h"
#include "engine/model/validation.h"
#include "engine/sim/time.h"
#include "engine/store/etcd_member.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
constexpr int kMaxAttempts = 10;

std::string joinMessages(const std::vector<std::string>& msgs)
{
    std::string out;
    for (const auto& m : msgs)
        out += (out.empty() ? "" : ", ") + m;
    return out;
}

// The object as etcd stores it: without metadata.resourceVersion, which is etcd's
// mod revision. Taken out for the dump and put back, rather than dumping a copy.
std::string storedValue(json& obj)
{
    auto meta = obj.is_object() ? obj.find("metadata") : obj.end();
    if (meta == obj.end() || !meta->is_object())
        return obj.dump();
    auto rv = meta->find("resourceVersion");
    if (rv == meta->end())
        return obj.dump();
    json version = std::move(*rv);
    meta->erase(rv);
    std::string text = obj.dump();
    (*meta)["resourceVersion"] = std::move(version);
    return text;
}

json metadataOf(const json& o)
{
    return model::objectAt(o, "metadata");
}

bool sameIgnoringVersion(json a, json b)
{
    if (a.contains("metadata"))
        a["metadata"].erase("resourceVersion");
    if (b.contains("metadata"))
        b["metadata"].erase("resourceVersion");
    return a == b;
}
} // namespace

std::optional<json> ApiServer::admitCreate(sim::Context& ctx, const Request& req,
                                           const model::KindInfo& kind, json& object)
{
    const auto& cache = m_watchCache.objects();
    if (!object.is_object())
        return badRequest("the body of the request was in an unknown format - accepted media "
                          "types include: application/json, application/yaml");
    const std::string bodyKind = object.value("kind", "");
    const std::string bodyVersion = object.value("apiVersion", "");
    if (!bodyKind.empty() && bodyKind != kind.kind)
        return badRequest(kind.kind + " in version \"" + kind.version +
                          "\" cannot be handled as a " + kind.kind + ": the kind in the body (" +
                          bodyKind + ") does not match the resource (" + kind.resource + ")");
    if (!bodyVersion.empty() && bodyVersion != kind.apiVersion())
        return badRequest("the API version in the data (" + bodyVersion +
                          ") does not match the expected API version (" + kind.apiVersion() + ")");
    object["kind"] = kind.kind;
    object["apiVersion"] = kind.apiVersion();
    if (auto errs = model::checkSchema(object); !errs.empty())
        return badRequest(kind.kind + " in version \"" + kind.version +
                          "\" cannot be handled as a " + kind.kind + ": " + joinMessages(errs));
    json& meta = object["metadata"];
    if (!meta.is_object())
        meta = json::object();
    if (!meta.value("resourceVersion", "").empty())
        return badRequest("resourceVersion should not be set on objects to be created");

    if (kind.namespaced) {
        const std::string bodyNs = meta.value("namespace", "");
        if (!bodyNs.empty() && bodyNs != req.ns)
            return badRequest("the namespace of the provided object does not match the "
                              "namespace sent on the request");
        meta["namespace"] = req.ns;
        // NamespaceLifecycle admission reads namespaces from the watch cache.
        auto ns = cache.find("/registry/namespaces/" + req.ns);
        if (ns == cache.end())
            return notFound("namespaces", req.ns, "namespaces");
        if (model::objectAt(*ns->second, "metadata").contains("deletionTimestamp"))
            return forbidden(kind.groupResource() + " \"" + meta.value("name", "") +
                             "\" is forbidden: unable to create new content in namespace " +
                             req.ns + " because it is being terminated");
    } else {
        meta.erase("namespace");
    }
    if (meta.value("name", "").empty() && !meta.value("generateName", "").empty())
        meta["name"] = meta["generateName"].get<std::string>() + ctx.rng().suffix(5);
    meta["uid"] = ctx.rng().uuid();
    meta["creationTimestamp"] = sim::formatTimestamp(ctx.now());
    meta.erase("deletionTimestamp");
    meta.erase("deletionGracePeriodSeconds");
    meta.erase("managedFields");
    if (tracksGeneration(kind.kind))
        meta["generation"] = 1;
    else
        meta.erase("generation");

    if (kind.kind == "Namespace") {
        meta["labels"]["kubernetes.io/metadata.name"] = meta.value("name", "");
        object["spec"] = {{"finalizers", {"kubernetes"}}};
        object["status"] = {{"phase", "Active"}};
    } else if (kind.kind == "Service") {
        json& spec = object["spec"];
        if (!spec.is_object())
            spec = json::object();
        const std::string type = spec.value("type", "ClusterIP");
        std::set<std::string> usedIps;
        std::set<int> usedPorts;
        const std::string prefix = "/registry/services/specs/";
        for (auto it = cache.lower_bound(prefix);
             it != cache.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            const json& svcSpec = model::objectAt(*it->second, "spec");
            usedIps.insert(std::string(model::stringAt(svcSpec, "clusterIP")));
            for (const auto& port : model::memberAt(svcSpec, "ports"))
                if (port.contains("nodePort"))
                    usedPorts.insert(port["nodePort"].get<int>());
        }
        if (type != "ExternalName") {
            std::string ip = spec.value("clusterIP", "");
            if (ip.empty())
                ip = allocateClusterIp(ctx.rng(), usedIps);
            else if (ip != "None" && usedIps.count(ip))
                return invalid(
                    kind, meta.value("name", ""),
                    {{"FieldValueInvalid", "spec.clusterIPs", json::array({ip}),
                      "failed to allocate IP " + ip + ": provided IP is already allocated"}});
            else if (ip != "None" && !inServiceRange(ip))
                return invalid(kind, meta.value("name", ""),
                               {{"FieldValueInvalid", "spec.clusterIPs", json::array({ip}),
                                 "failed to allocate IP " + ip + ": the provided IP (" + ip +
                                     ") is not in the valid range. The range of valid IPs "
                                     "is 10.96.0.0/12"}});
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = json::array({ip});
        }
        if (type == "NodePort" || type == "LoadBalancer") {
            // Requested ports first (initNodePorts), each refused as the port allocator
            // refuses it; then the others allocated.
            std::set<int> requested;
            for (size_t i = 0; spec["ports"].is_array() && i < spec["ports"].size(); ++i) {
                const json& port = spec["ports"][i];
                if (!port.is_object() || !port.contains("nodePort") ||
                    !port["nodePort"].is_number_integer())
                    continue;
                const int np = port["nodePort"].get<int>();
                if (np == 0 || requested.count(np))
                    continue;
                if (usedPorts.count(np))
                    return invalid(
                        kind, meta.value("name", ""),
                        {{"FieldValueInvalid", "spec.ports[" + std::to_string(i) + "].nodePort", np,
                          "provided port is already allocated"}});
                requested.insert(np);
            }
            usedPorts.insert(requested.begin(), requested.end());
            for (auto& port : spec["ports"])
                if (port.is_object() && (!port.contains("nodePort") || port["nodePort"] == 0)) {
                    int np = allocateNodePort(ctx.rng(), usedPorts);
                    usedPorts.insert(np);
                    port["nodePort"] = np;
                }
        }
        object["status"] = {{"loadBalancer", json::object()}};
    }

    if (kind.kind == "PersistentVolumeClaim")
        setDefaultStorageClass(object, cache);
    if (kind.kind == "Pod") {
        // Priority admission: resolve priorityClassName (or the global default class)
        // into spec.priority and spec.preemptionPolicy.
        json& spec = object["spec"];
        std::string className = spec.is_object() ? spec.value("priorityClassName", "") : "";
        const json* cls = nullptr;
        if (!className.empty()) {
            auto it = cache.find("/registry/priorityclasses/" + className);
            if (it == cache.end())
                return forbidden("pods \"" + meta.value("name", "") +
                                 "\" is forbidden: no PriorityClass with name " + className +
                                 " was found");
            cls = it->second.get();
        } else {
            const std::string prefix = "/registry/priorityclasses/";
            for (auto it = cache.lower_bound(prefix);
                 it != cache.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
                if (it->second->value("globalDefault", false))
                    cls = it->second.get();
        }
        if (cls && spec.is_object()) {
            const std::int64_t value = cls->value("value", std::int64_t(0));
            if (spec.contains("priority") && spec["priority"].is_number_integer() &&
                spec["priority"].get<std::int64_t>() != value)
                return forbidden("pods \"" + meta.value("name", "") +
                                 "\" is forbidden: the integer value of priority (" +
                                 spec["priority"].dump() +
                                 ") must not be provided in pod spec; priority admission "
                                 "controller computed " +
                                 std::to_string(value) + " from the given PriorityClass name");
            spec["priorityClassName"] = (*cls)["metadata"].value("name", "");
            spec["priority"] = value;
            spec["preemptionPolicy"] = cls->value("preemptionPolicy", "PreemptLowerPriority");
        }
    }
    model::applyDefaults(object);
    if (kind.kind == "Pod") {
        json status = {{"phase", "Pending"}, {"qosClass", podQosClass(object)}};
        object["status"] = status;
    } else if (kind.kind == "PersistentVolume" || kind.kind == "PersistentVolumeClaim") {
        // The status a user sends is dropped; the binder starts from Pending.
        object["status"] = {{"phase", "Pending"}};
    } else if (hasStatusSubresource(kind.kind) && kind.kind != "Node" && kind.kind != "Namespace" &&
               kind.kind != "Service") {
        object["status"] = json::object();
    }
    if (auto errs = model::validate(object); !errs.empty())
        return invalid(kind, meta.value("name", ""), errs);
    return std::nullopt;
}

void ApiServer::beginCreate(sim::Context& ctx, const std::string& client, const json& id,
                            std::shared_ptr<const Request> request, const model::KindInfo& kind)
{
    const Request& req = *request;
    json object = req.body;
    if (auto error = admitCreate(ctx, req, kind, object)) {
        reply(ctx, client, id, (*error).value("code", 400), *error, req);
        return;
    }
    const std::string name = object["metadata"].value("name", "");
    if (req.dryRun) {
        reply(ctx, client, id, 201, object, req);
        return;
    }
    const std::uint64_t op = newOp();
    Pending p;
    p.client = client;
    p.clientId = id;
    p.request = request;
    p.stage = Stage::CreateWrite;
    p.object = std::move(object);
    sendPut(ctx, op, p, true);
    m_pending[op] = std::move(p);
    ctx.describe("api.request", req.resource + "/" + name,
                 "POST " + req.path() + " from " + client + ": admitted " + kind.kind + " " + name +
                     ", writing to etcd",
                 {{"request", req.toJson()}, {"client", client}});
}

void ApiServer::sendPut(sim::Context& ctx, std::uint64_t op, Pending& p, bool create)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    const std::string key = keyFor(*kind, p.object["metadata"].value("namespace", ""),
                                   p.object["metadata"].value("name", ""));
    auto txn = std::make_shared<store::TxnRequest>(store::TxnRequest::guarded(
        key, create ? store::Compare::Target::CreateRevision : store::Compare::Target::ModRevision,
        create ? 0 : p.modRevision));
    store::Op& put = txn->success.emplace_back();
    put.type = store::Op::Type::Put;
    put.key = key;
    put.value = storedValue(p.object);
    ctx.send(m_etcd, "etcd.txn", {{"id", op}}, std::move(txn));
}

void ApiServer::sendDelete(sim::Context& ctx, std::uint64_t op, Pending& p)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    const std::string key = keyFor(*kind, req.ns, req.name);
    auto txn = std::make_shared<store::TxnRequest>(
        store::TxnRequest::guarded(key, store::Compare::Target::ModRevision, p.modRevision));
    store::Op& remove = txn->success.emplace_back();
    remove.type = store::Op::Type::DeleteRange;
    remove.key = key;
    ctx.send(m_etcd, "etcd.txn", {{"id", op}}, std::move(txn));
}

void ApiServer::continueWrite(sim::Context& ctx, std::uint64_t op, Pending& p, const json& res)
{
    if (readsCurrent(p.stage))
        afterRead(ctx, op, p, res);
    else
        afterTxn(ctx, op, p, res);
}

void ApiServer::afterRead(sim::Context& ctx, std::uint64_t op, Pending& p, const json& res)
{
    p.fromCache = false; // read from etcd: current
    if (res["kvs"].empty()) {
        const Request& req = *p.request;
        reply(ctx, p.client, p.clientId, 404,
              notFound(*model::kindByResource(req.group, req.resource), req.name), req);
        m_pending.erase(op);
        return;
    }
    const json& kv = res["kvs"][0];
    afterReadObject(ctx, op, p, std::make_shared<const json>(objectFromKv(kv)),
                    kv.value("mod_revision", std::int64_t(0)));
}

void ApiServer::afterReadObject(sim::Context& ctx, std::uint64_t op, Pending& p,
                                std::shared_ptr<const json> currentObject, std::int64_t modRevision)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    auto fail = [&](int code, const json& status) {
        if (p.fromCache) {
            // Worked from the watch cache's copy, which may be behind etcd: as
            // GuaranteedUpdate does, read the current state and try again before answering.
            sendRead(ctx, op, p);
            return;
        }
        reply(ctx, p.client, p.clientId, code, status, req);
        m_pending.erase(op);
    };
    // Kept alive by this frame too: a failure may end the operation (and p) before the
    // last use of `current`.
    p.current = currentObject;
    const json& current = *currentObject;
    p.modRevision = modRevision;
    ++p.attempts;

    if (p.stage == Stage::BindingRead) {
        const std::string target = model::objectAt(req.body, "target").value("name", "");
        const std::string bound = current["spec"].value("nodeName", "");
        if (target.empty())
            return fail(422, invalid(*kind, req.name,
                                     {{"FieldValueRequired", "target.name", nullptr, ""}}));
        if (current["metadata"].contains("deletionTimestamp"))
            return fail(409, conflict(*kind, req.name,
                                      "pod " + req.name +
                                          " is being deleted, cannot be assigned to a host"));
        if (!bound.empty())
            return fail(409, conflict(*kind, req.name,
                                      "pod " + req.name + " is already assigned to node \"" +
                                          bound + "\""));
        json obj = current;
        obj["spec"]["nodeName"] = target;
        json& conds = obj["status"]["conditions"];
        if (!conds.is_array())
            conds = json::array();
        json scheduled = {{"type", "PodScheduled"},
                          {"status", "True"},
                          {"lastProbeTime", nullptr},
                          {"lastTransitionTime", sim::formatTimestamp(ctx.now())}};
        bool replaced = false;
        for (auto& c : conds)
            if (c.value("type", "") == "PodScheduled") {
                c = scheduled;
                replaced = true;
            }
        if (!replaced)
            conds.push_back(scheduled);
        p.object = std::move(obj);
        p.stage = Stage::BindingWrite;
        sendPut(ctx, op, p, false);
        ctx.describe("api.binding", "pods/" + req.name,
                     "binding pod " + req.ns + "/" + req.name + " to node " + target);
        return;
    }

    if (p.stage == Stage::DeleteRead) {
        json obj = current;
        json& meta = obj["metadata"];
        if (kind->kind == "Namespace") {
            const std::string ns = meta.value("name", "");
            for (const char* sys : {"default", "kube-system", "kube-public"})
                if (ns == sys)
                    return fail(403, forbidden("namespaces \"" + ns +
                                               "\" is forbidden: this namespace may not be "
                                               "deleted"));
        }
        std::int64_t grace = 0;
        if (kind->kind == "Pod") {
            grace = req.gracePeriodSeconds
                        ? *req.gracePeriodSeconds
                        : current["spec"].value("terminationGracePeriodSeconds", 30);
            // A pod never scheduled has no kubelet to wait for.
            if (current["spec"].value("nodeName", "").empty())
                grace = 0;
        }
        json finalizers = meta.value("finalizers", json::array());
        auto addFinalizer = [&](const char* f) {
            if (std::find(finalizers.begin(), finalizers.end(), f) == finalizers.end())
                finalizers.push_back(f);
        };
        if (req.propagationPolicy == "Foreground")
            addFinalizer("foregroundDeletion");
        else if (req.propagationPolicy == "Orphan")
            addFinalizer("orphan");
        const bool terminatingNamespace = kind->kind == "Namespace";
        if (finalizers.empty() && grace <= 0 && !terminatingNamespace) {
            p.stage = Stage::DeleteWrite;
            p.object = current;
            if (req.dryRun)
                return fail(200, current);
            sendDelete(ctx, op, p);
            ctx.describe("api.delete", req.resource + "/" + req.name,
                         "DELETE " + req.path() + ": removing from etcd");
            return;
        }
        if (!meta.contains("deletionTimestamp") ||
            meta.value("deletionGracePeriodSeconds", std::int64_t(0)) > grace) {
            meta["deletionTimestamp"] =
                sim::formatTimestamp(ctx.now() + std::max<std::int64_t>(grace, 0) * sim::kSecond);
            meta["deletionGracePeriodSeconds"] = std::max<std::int64_t>(grace, 0);
        }
        if (!finalizers.empty())
            meta["finalizers"] = finalizers;
        if (terminatingNamespace)
            obj["status"]["phase"] = "Terminating";
        if (sameIgnoringVersion(obj, current))
            return fail(200, current);
        p.stage = Stage::DeleteWrite;
        p.object = std::move(obj);
        if (req.dryRun)
            return fail(200, p.object);
        sendPut(ctx, op, p, false);
        ctx.describe("api.delete", req.resource + "/" + req.name,
                     "DELETE " + req.path() + ": graceful, setting deletionTimestamp (" +
                         std::to_string(grace) + "s grace)");
        return;
    }

    // update and patch
    json updated;
    if (req.verb == "patch") {
        PatchResult pr = applyPatch(current, req.body, req.patchType);
        if (!pr.error.empty())
            return fail(422, statusFailure(422, "Invalid", pr.error));
        updated = std::move(pr.object);
        if (auto errs = model::checkSchema(updated); !errs.empty())
            return fail(400, badRequest(kind->kind + " in version \"" + kind->version +
                                        "\" cannot be handled as a " + kind->kind + ": " +
                                        joinMessages(errs)));
    } else {
        updated = req.body;
        if (!updated.is_object())
            return fail(400, badRequest("the body of the request was in an unknown format"));
        updated["kind"] = kind->kind;
        updated["apiVersion"] = kind->apiVersion();
        if (auto errs = model::checkSchema(updated); !errs.empty())
            return fail(400, badRequest(kind->kind + " in version \"" + kind->version +
                                        "\" cannot be handled as a " + kind->kind + ": " +
                                        joinMessages(errs)));
        const std::string bodyName = metadataOf(updated).value("name", "");
        if (bodyName != req.name)
            return fail(400, badRequest("the name of the object (" + bodyName +
                                        ") does not match the name on the URL (" + req.name + ")"));
        const std::string rv = metadataOf(updated).value("resourceVersion", "");
        if (!rv.empty() && rv != current["metadata"].value("resourceVersion", ""))
            return fail(409, conflict(*kind, req.name));
    }
    // namespaces/NAME/finalize writes only spec.finalizers, as the namespace
    // controller uses it.
    if (kind->kind == "Namespace" && req.subresource == "finalize") {
        json keep = current;
        keep["spec"]["finalizers"] =
            model::objectAt(updated, "spec").value("finalizers", json::array());
        updated = keep;
    } else if (hasStatusSubresource(kind->kind)) {
        // Only /status writes status; the main resource keeps it (and vice versa).
        if (req.subresource == "status") {
            json keep = current;
            auto status = updated.find("status");
            keep["status"] = status != updated.end() && status->is_object() ? std::move(*status)
                                                                            : json::object();
            updated = std::move(keep);
        } else if (current.contains("status")) {
            updated["status"] = current["status"];
        }
    }
    if (kind->kind == "Namespace" && req.subresource != "finalize" && current.contains("spec"))
        updated["spec"]["finalizers"] =
            current["spec"].value("finalizers", json::array()); // only /finalize changes them
    json& meta = updated["metadata"];
    for (const char* immutable : {"uid", "creationTimestamp", "deletionTimestamp",
                                  "deletionGracePeriodSeconds", "namespace", "name"}) {
        if (current["metadata"].contains(immutable))
            meta[immutable] = current["metadata"][immutable];
        else
            meta.erase(immutable);
    }
    meta.erase("resourceVersion");
    if (tracksGeneration(kind->kind)) {
        std::int64_t gen = current["metadata"].value("generation", std::int64_t(1));
        meta["generation"] =
            model::memberAt(updated, "spec") != model::memberAt(current, "spec") ? gen + 1 : gen;
    }
    model::applyDefaults(updated);
    if (auto errs = model::validate(updated, &current); !errs.empty())
        return fail(422, invalid(*kind, req.name, errs));
    updated["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"];
    if (updated == current)
        return fail(200, current); // nothing changed: no write, same resourceVersion
    // A terminating object goes once its last finalizer is gone (a namespace also
    // waits for spec.finalizers; a pod for its kubelet's zero-grace delete).
    const bool finalize =
        meta.contains("deletionTimestamp") && meta.value("finalizers", json::array()).empty() &&
        (kind->kind != "Pod" || meta.value("deletionGracePeriodSeconds", std::int64_t(0)) == 0) &&
        (kind->kind != "Namespace" ||
         model::objectAt(updated, "spec").value("finalizers", json::array()).empty());
    p.object = std::move(updated);
    if (req.dryRun)
        return fail(200, p.object);
    if (finalize) {
        p.stage = Stage::DeleteWrite;
        sendDelete(ctx, op, p);
        ctx.describe("api.update", req.resource + "/" + req.name,
                     req.method() + " " + req.path() +
                         ": last finalizer removed, deleting from etcd");
        return;
    }
    p.stage = Stage::UpdateWrite;
    sendPut(ctx, op, p, false);
    ctx.describe("api.update", req.resource + "/" + req.name,
                 req.method() + " " + req.path() + ": compare-and-swap at rev " +
                     std::to_string(p.modRevision));
}

void ApiServer::afterTxn(sim::Context& ctx, std::uint64_t op, Pending& p, const json& res)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    const std::string name = p.object["metadata"].value("name", req.name);
    const std::int64_t revision = res.value("revision", std::int64_t(0));
    auto keyOfObject = [&] {
        return keyFor(*kind, metadataOf(p.object).value("namespace", ""),
                      metadataOf(p.object).value("name", ""));
    };
    if (res.value("succeeded", false) &&
        (p.stage == Stage::BindingWrite || req.subresource == "eviction")) {
        if (p.stage == Stage::BindingWrite && watchCached(kind)) {
            const std::string key = keyOfObject();
            json bound = std::move(p.object);
            stampRevision(bound, revision);
            m_watchCache.keepWritten(key, revision, std::make_shared<const json>(std::move(bound)));
        }
        reply(ctx, p.client, p.clientId, 201, statusSuccess(name, kind->groupResource()), req);
        m_pending.erase(op);
        return;
    }
    if (res.value("succeeded", false)) {
        // A delete that wrote nothing new keeps the object's resourceVersion.
        const bool unchanged = p.stage == Stage::DeleteWrite && p.current && *p.current == p.object;
        const std::string key = keyOfObject();
        json obj = std::move(p.object); // the operation ends here
        if (unchanged)
            obj["metadata"]["resourceVersion"] =
                model::memberAt(model::objectAt(*p.current, "metadata"), "resourceVersion");
        else
            stampRevision(obj, revision);
        auto shared = std::make_shared<const json>(std::move(obj));
        // The reply's object is what the watch will bring back for a put (a delete's
        // watch event is made from the previous object instead).
        if ((p.stage == Stage::CreateWrite || p.stage == Stage::UpdateWrite) && watchCached(kind))
            m_watchCache.keepWritten(key, revision, shared);
        reply(ctx, p.client, p.clientId, p.stage == Stage::CreateWrite ? 201 : 200,
              std::move(shared), req);
        m_pending.erase(op);
        return;
    }
    if (p.stage == Stage::CreateWrite) {
        reply(ctx, p.client, p.clientId, 409, alreadyExists(*kind, name), req);
        m_pending.erase(op);
        return;
    }
    const bool explicitVersion =
        req.verb == "update" && !metadataOf(req.body).value("resourceVersion", "").empty();
    const json& failureRange = res["responses"][0]["range"];
    // A try that started from the watch cache's copy is retried from etcd's (the
    // conflict may only mean the cache was behind).
    if ((explicitVersion && !p.fromCache) || failureRange["kvs"].empty() ||
        p.attempts >= kMaxAttempts) {
        if (failureRange["kvs"].empty())
            reply(ctx, p.client, p.clientId, 404, notFound(*kind, name), req);
        else
            reply(ctx, p.client, p.clientId, 409, conflict(*kind, name), req);
        m_pending.erase(op);
        return;
    }
    // Someone wrote in between: retry from the fresh copy, as GuaranteedUpdate does.
    // By what was asked, not by the write it led to: an update that removed the last
    // finalizer wrote a delete, and is retried as that update (not as a DELETE).
    p.stage = req.subresource == "binding"                            ? Stage::BindingRead
              : req.verb == "delete" || req.subresource == "eviction" ? Stage::DeleteRead
                                                                      : Stage::UpdateRead;
    afterRead(ctx, op, p, failureRange);
}

} // namespace kubelab::api
