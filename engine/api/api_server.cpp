// The API server actor's front: its message dispatch, request routing, the bootstrap
// objects, replies, and the registry watch that feeds the watch cache (WatchCache). Reads
// and watches are in api_server_read.cpp, writes in api_server_write.cpp, as
// kube-apiserver's generic registry (registry/generic/registry/store.go) serves both
// through one storage.Interface fronted by the Cacher.
#include "engine/api/api_server.h"
#include "engine/api/coredns_addon.h"

#include "engine/api/status.h"
#include "engine/model/json_view.h"
#include "engine/model/priority.h"
#include "engine/store/mvcc_store.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
// kube-apiserver compacts etcd every 5 minutes (--etcd-compaction-interval).
constexpr sim::Duration kCompactionInterval = 5 * sim::kMinute;

std::string reasonPhrase(int code)
{
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 422: return "Unprocessable Entity";
    case 500: return "Internal Server Error";
    case 504: return "Gateway Timeout";
    }
    return "";
}
} // namespace

ApiServer::ApiServer(std::string name, std::string etcdMember, std::string advertiseAddress)
    : ActorBase(std::move(name)), m_etcd(std::move(etcdMember)),
      m_advertiseAddress(std::move(advertiseAddress))
{}

std::string ApiServer::keyFor(const model::KindInfo& kind, const std::string& ns,
                              const std::string& name) const
{
    std::string key = kind.registryPrefix() + "/";
    if (kind.namespaced && !ns.empty())
        key += ns + "/";
    return key + name;
}

void ApiServer::start(sim::Context& ctx)
{
    // One watch over the whole registry feeds the watch cache, as the cacher does.
    ctx.send(m_etcd, "etcd.watch",
             {{"watch_id", "registry"},
              {"key", "/registry/"},
              {"range_end", store::prefixEnd("/registry/")},
              {"start_revision", 1}});
    ctx.timer(kCompactionInterval, "timer.compact", json::object(), true);
}

namespace {
// One of the objects a new cluster starts with, created through this server's own request
// path as `user` (kube-apiserver for its own objects, kubectl for what kind installs).
void sendBootstrap(sim::Context& ctx, const std::string& self, const std::string& id,
                   const std::string& group, const std::string& resource, const std::string& ns,
                   const std::string& user, const std::string& agent, json body)
{
    Request r;
    r.verb = "create";
    r.group = group;
    r.resource = resource;
    r.ns = ns;
    r.user = user;
    r.userAgent = agent;
    r.body = std::move(body);
    ctx.send(self, "api.request", {{"id", id}, {"request", r.toJson()}});
}
} // namespace

void ApiServer::bootstrap(sim::Context& ctx)
{
    // The two system PriorityClasses kube-apiserver creates at start.
    for (const auto& [pcName, value, description] : model::kSystemPriorityClasses) {
        sendBootstrap(ctx, name(), std::string("bootstrap-") + pcName, "scheduling.k8s.io",
                      "priorityclasses", "", "system:apiserver", "kube-apiserver",
                      {{"apiVersion", "scheduling.k8s.io/v1"},
                       {"kind", "PriorityClass"},
                       {"metadata", {{"name", pcName}}},
                       {"value", value},
                       {"description", description}});
    }
    // The default StorageClass kind installs while it creates a cluster, served by
    // rancher's local-path provisioner (the controller manager plays that part here).
    sendBootstrap(ctx, name(), "bootstrap-standard", "storage.k8s.io", "storageclasses", "",
                  "kubernetes-admin", "kubectl",
                  {{"apiVersion", "storage.k8s.io/v1"},
                   {"kind", "StorageClass"},
                   {"metadata",
                    {{"name", "standard"},
                     {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
                   {"provisioner", "rancher.io/local-path"},
                   {"reclaimPolicy", "Delete"},
                   {"volumeBindingMode", "WaitForFirstConsumer"}});
    for (const char* ns : kSystemNamespaces) {
        sendBootstrap(ctx, name(), std::string("bootstrap-") + ns, "", "namespaces", "",
                      "system:apiserver", "kube-apiserver",
                      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
    }
}

void ApiServer::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "api.request") {
        if (const auto* typed = dynamic_cast<const RequestPayload*>(m.payload.get()))
            handleRequest(ctx, m.from, model::memberAt(m.body, "id"),
                          std::shared_ptr<const Request>(m.payload, &typed->request));
        else
            handleRequest(ctx, m.from, model::memberAt(m.body, "id"),
                          std::make_shared<const Request>(
                              Request::fromJson(model::objectAt(m.body, "request"))));
    } else if (m.kind == "api.response") {
        // Replies to this server's own bootstrap requests. The `kubernetes` Service
        // waits for its namespace, as the bootstrap controller does.
        const int code = m.body.value("code", 0);
        // Each bootstrap object is created in `default` by the server itself.
        auto createInDefault = [&](const std::string& id, const std::string& group,
                                   const std::string& resource, json body) {
            sendBootstrap(ctx, name(), id, group, resource, "default", "system:apiserver",
                          "kube-apiserver", std::move(body));
        };
        if (m.body["id"] == "bootstrap-default" && code == 201) {
            createInDefault(
                "bootstrap-kubernetes-service", "", "services",
                {{"apiVersion", "v1"},
                 {"kind", "Service"},
                 {"metadata",
                  {{"name", "kubernetes"},
                   {"namespace", "default"},
                   {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
                 {"spec",
                  {{"clusterIP", "10.96.0.1"},
                   {"ports",
                    {{{"name", "https"},
                      {"port", 443},
                      {"protocol", "TCP"},
                      {"targetPort", 6443}}}}}}});
        } else if (m.body["id"] == "bootstrap-kube-system" && code == 201 && m_coreDns) {
            // kubeadm's CoreDNS addon, applied as the cluster's admin.
            for (const AddonObject& o : coreDnsAddon())
                sendBootstrap(ctx, name(),
                              "bootstrap-coredns-" + o.resource.substr(0, o.resource.size() - 1),
                              o.group, o.resource, "kube-system", "kubernetes-admin", "kubeadm",
                              o.body);
        } else if (m.body["id"] == "bootstrap-kubernetes-service" && code == 201 &&
                   !m_advertiseAddress.empty()) {
            // The endpoint reconciler: the `kubernetes` Service leads to this server.
            createInDefault(
                "bootstrap-kubernetes-endpointslice", "discovery.k8s.io", "endpointslices",
                {{"apiVersion", "discovery.k8s.io/v1"},
                 {"kind", "EndpointSlice"},
                 {"metadata",
                  {{"name", "kubernetes"},
                   {"namespace", "default"},
                   {"labels", {{"kubernetes.io/service-name", "kubernetes"}}}}},
                 {"addressType", "IPv4"},
                 {"endpoints",
                  {{{"addresses", {m_advertiseAddress}}, {"conditions", {{"ready", true}}}}}},
                 {"ports", {{{"name", "https"}, {"port", 6443}, {"protocol", "TCP"}}}}});
        }
        ctx.describe("apiserver.bootstrap", "",
                     "bootstrap " + m.body["id"].get<std::string>() + ": " + std::to_string(code) +
                         " " + reasonPhrase(code));
    } else if (m.kind == "api.watch.cancel") {
        const std::string key = m.from + "/" + m.body.value("watch_id", "");
        if (const CacheWatcher* w = m_watchCache.watcher(key); w && !watchCached(w->kind))
            ctx.send(m_etcd, "etcd.watch.cancel", {{"watch_id", key}});
        m_watchCache.removeWatcher(key);
        ctx.describe("api.watch", m.from, "watch " + m.body.value("watch_id", "") + " closed");
    } else if (m.kind == "kubelet.logs.result" || m.kind == "kubelet.exec.result" ||
               m.kind == "kubelet.portforward.result") {
        finishLogs(ctx, m);
    } else if (m.kind == "etcd.watch.events") {
        handleEtcdWatch(ctx, m);
    } else if (m.kind == "etcd.range.result" || m.kind == "etcd.txn.result") {
        handleEtcdReply(ctx, m);
    } else if (m.kind == "etcd.compact.result") {
        ctx.describe("etcd.compact", m_etcd,
                     m.body.value("ok", false) ? "etcd compaction done"
                                               : "etcd compaction: " + m.body.value("error", ""));
    } else if (m.kind == "timer.compact") {
        if (m_compactCandidate > 0 && m_compactCandidate < m_watchCache.revision()) {
            ctx.send(m_etcd, "etcd.compact", {{"id", 0}, {"revision", m_compactCandidate}});
            ctx.describe("etcd.compact", m_etcd,
                         "compact etcd history up to rev " + std::to_string(m_compactCandidate));
        } else {
            ctx.describe("etcd.compact", m_etcd, "no compaction needed");
        }
        m_compactCandidate = m_watchCache.revision();
        ctx.timer(kCompactionInterval, "timer.compact", json::object(), true);
    }
}

void ApiServer::reply(sim::Context& ctx, const std::string& client, const json& id, int code,
                      json body, const Request& req)
{
    reply(ctx, client, id, code, std::make_shared<const json>(std::move(body)), req);
}

void ApiServer::reply(sim::Context& ctx, const std::string& client, const json& id, int code,
                      std::shared_ptr<const json> shared, const Request& req)
{
    const json& body = *shared;
    ctx.send(client, "api.response", {{"id", id}, {"code", code}}, shared);
    std::string what = req.method() + " " + req.path();
    std::string summary = std::to_string(code) + " " + reasonPhrase(code) + " for " + what;
    if (code >= 400 && body.is_object())
        summary += ": " + body.value("message", "");
    json detail = {{"code", code}, {"verb", req.verb}, {"path", req.path()}, {"user", req.user}};
    if (body.is_object() && body.contains("metadata") && body["metadata"].contains("uid"))
        detail["object"] = {{"name", body["metadata"].value("name", "")},
                            {"uid", body["metadata"].value("uid", "")},
                            {"resourceVersion", body["metadata"].value("resourceVersion", "")}};
    ctx.describe("api.response", client, summary, detail);
}

void ApiServer::handleRequest(sim::Context& ctx, const std::string& client, const json& id,
                              std::shared_ptr<const Request> request)
{
    const Request& req = *request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    if (!kind || kind->version != req.version) {
        reply(ctx, client, id, 404,
              statusFailure(404, "NotFound", "the server could not find the requested resource"),
              req);
        return;
    }
    const bool needsName =
        req.verb == "get" || req.verb == "update" || req.verb == "patch" || req.verb == "delete";
    if (needsName && req.name.empty()) {
        reply(ctx, client, id, 405,
              methodNotAllowed("the server does not allow this method on the requested resource"),
              req);
        return;
    }
    if (kind->namespaced && req.ns.empty() && (needsName || req.verb == "create")) {
        reply(ctx, client, id, 400,
              badRequest("an empty namespace may not be set when a resource name is provided"),
              req);
        return;
    }
    // The HTTP handler's limitedReadBody (MaxRequestBodyBytes) refuses a body over 3 MiB
    // before anything decodes it.
    if ((req.verb == "create" || req.verb == "update" || req.verb == "patch") &&
        !req.body.is_null() && encodedSizeAtLeast(req.body) > kMaxRequestBodyBytes) {
        reply(ctx, client, id, 413,
              statusFailure(413, "RequestEntityTooLarge",
                            "Request entity too large: limit is " +
                                std::to_string(kMaxRequestBodyBytes)),
              req);
        return;
    }
    if (req.verb == "watch") {
        startWatch(ctx, client, id, req);
        return;
    }
    if (req.verb == "create" && req.subresource.empty()) {
        beginCreate(ctx, client, id, request, *kind);
        return;
    }
    if (kind->kind == "Pod" && ((req.verb == "get" && req.subresource == "log") ||
                                (req.verb == "create" && (req.subresource == "exec" ||
                                                          req.subresource == "portforward")))) {
        proxyLogs(ctx, client, id, request);
        return;
    }
    const bool binding = req.verb == "create" && req.subresource == "binding";
    const bool eviction = req.verb == "create" && req.subresource == "eviction";
    if (req.verb == "create" && (kind->kind != "Pod" || (!binding && !eviction))) {
        reply(ctx, client, id, 404,
              statusFailure(404, "NotFound", "the server could not find the requested resource"),
              req);
        return;
    }
    if (binding || eviction) {
        const std::uint64_t op = newOp();
        Pending p;
        p.client = client;
        p.clientId = id;
        p.request = request;
        p.stage = binding ? Stage::BindingRead : Stage::DeleteRead;
        sendRead(ctx, op, m_pending[op] = std::move(p)); // may finish at once, from the cache
        // The request is this event's record, whatever the read led to.
        ctx.describe("api.request", "pods/" + req.name + "/" + req.subresource,
                     "POST " + req.path() + " from " + client,
                     {{"request", req.toJson()}, {"client", client}});
        return;
    }
    if (req.verb == "deletecollection") {
        reply(ctx, client, id, 405,
              methodNotAllowed("deletecollection is not supported by this cluster yet; "
                               "delete objects one by one"),
              req);
        return;
    }
    if (req.verb != "get" && req.verb != "list" && req.verb != "update" && req.verb != "patch" &&
        req.verb != "delete") {
        reply(ctx, client, id, 405,
              methodNotAllowed("the server does not allow this method on the requested resource"),
              req);
        return;
    }

    const std::uint64_t op = newOp();
    Pending p;
    p.client = client;
    p.clientId = id;
    p.request = request;
    if (req.verb == "list") {
        if (!beginList(ctx, op, p, *kind))
            return;
    } else if (req.verb == "get") {
        p.stage = Stage::Get;
        ctx.send(m_etcd, "etcd.range", {{"id", op}, {"key", keyFor(*kind, req.ns, req.name)}});
    } else {
        p.stage = req.verb == "delete" ? Stage::DeleteRead : Stage::UpdateRead;
        sendRead(ctx, op, m_pending[op] = std::move(p)); // may finish at once, from the cache
        ctx.describe("api.request", req.resource + (req.name.empty() ? "" : "/" + req.name),
                     req.method() + " " + req.path() + " from " + client,
                     {{"request", req.toJson()}, {"client", client}});
        return;
    }
    m_pending[op] = std::move(p);
    ctx.describe("api.request", req.resource + (req.name.empty() ? "" : "/" + req.name),
                 req.method() + " " + req.path() + " from " + client,
                 {{"request", req.toJson()}, {"client", client}});
}

void ApiServer::handleEtcdReply(sim::Context& ctx, const sim::Message& m)
{
    const std::uint64_t op = m.body.value("id", std::uint64_t(0));
    auto it = m_pending.find(op);
    if (it == m_pending.end()) {
        ctx.describe(m.kind, m_etcd, "late etcd reply for finished request " + std::to_string(op));
        return;
    }
    Pending& p = it->second;
    if (!m.body.value("ok", false)) {
        const Request& req = *p.request;
        const std::string error = m.body.value("error", "unknown etcd error");
        if (error.rfind("etcdserver: ", 0) == 0)
            // ErrorToAPIStatus: an error that is not a Status reaches the client as a 500
            // with no reason and etcd's own words ("etcdserver: request is too large").
            reply(ctx, p.client, p.clientId, 500, statusFailure(500, "", error), req);
        else if (error.find("compacted") != std::string::npos)
            reply(ctx, p.client, p.clientId, 410,
                  gone("The provided continue parameter is too old to display a consistent list "
                       "result. You can start a new list without the continue parameter."),
                  req);
        else
            reply(ctx, p.client, p.clientId, 500, internalError(error), req);
        m_pending.erase(it);
        return;
    }
    const json& result = m.body["result"];
    switch (p.stage) {
    case Stage::Get: finishGet(ctx, op, p, result); break;
    case Stage::List: finishList(ctx, op, p, result); break;
    case Stage::ListCache: finishListFromCache(ctx, op, p, result); break;
    case Stage::WatchList: finishUncachedWatchList(ctx, op, p, result); break;
    default: continueWrite(ctx, op, p, result); break;
    }
}

void ApiServer::handleEtcdWatch(sim::Context& ctx, const sim::Message& m)
{
    if (const std::string watchId = m.body.value("watch_id", ""); watchId != "registry") {
        handleUncachedWatch(ctx, watchId, m);
        return;
    }
    const json& events = model::memberAt(m.body, "events"); // not value(): a copy
    if (m.body.value("canceled", false)) {
        ctx.describe("watch.cache", m_etcd,
                     "etcd canceled the registry watch: " + m.body.value("error", ""));
        return;
    }
    EventSender sink(ctx);
    const WatchCache::Applied applied = m_watchCache.apply(events, sink);
    const std::int64_t revision = m_watchCache.revision();
    if (m.body.value("created", false) && !m_bootstrapped) {
        m_bootstrapped = true;
        bootstrap(ctx);
        ctx.describe("watch.cache", m_etcd,
                     "watch cache started at rev " + std::to_string(revision) +
                         "; creating system namespaces and the kubernetes Service");
        return;
    }
    if (applied.cached == 0 && applied.uncached > 0)
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: skips " +
                         (applied.uncached == 1
                              ? applied.lastUncached
                              : std::to_string(applied.uncached) + " writes of events") +
                         " (rev " + std::to_string(revision) + "): events are not cached",
                     {{"events", 0}, {"uncached", applied.uncached}, {"revision", revision}});
    else if (applied.cached == 1)
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: " + applied.last + " (rev " + std::to_string(revision) + ")",
                     {{"events", applied.cached}, {"revision", revision}});
    else
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: " + std::to_string(applied.cached) + " events up to rev " +
                         std::to_string(revision),
                     {{"events", applied.cached}, {"revision", revision}});
}

} // namespace kubelab::api
