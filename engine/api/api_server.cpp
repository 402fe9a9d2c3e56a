#include "engine/api/api_server.h"

#include <algorithm>

#include "engine/api/base64.h"
#include "engine/api/field_selector.h"
#include "engine/api/status.h"
#include "engine/model/json_view.h"
#include "engine/model/priority.h"
#include "engine/model/selector.h"
#include "engine/printers/table.h"
#include "engine/store/mvcc_store.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
// kube-apiserver compacts etcd every 5 minutes (--etcd-compaction-interval).
constexpr sim::Duration kCompactionInterval = 5 * sim::kMinute;
// Recent events kept for watches that resume from a resourceVersion.
constexpr size_t kHistoryLimit = 20000;

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

bool labelMatches(const json& obj, const std::string& selector)
{
    if (selector.empty())
        return true;
    auto sel = model::LabelSelector::parse(selector);
    const json& labels = obj.contains("metadata") && obj["metadata"].contains("labels")
                             ? obj["metadata"]["labels"]
                             : json();
    return sel && sel->matches(labels);
}

// Server-side printing: `body` (an object or a List) as a Table when the request's
// Accept header asks for one, else unchanged.
json printed(const model::KindInfo& kind, const Request& req, json body, sim::Time now)
{
    if (!printers::acceptsTable(req.accept))
        return body;
    return printers::toTable(kind, body, now, printers::parseIncludeObject(req.includeObject));
}
} // namespace

void stampRevision(json& object, std::int64_t revision)
{
    object["metadata"]["resourceVersion"] = std::to_string(revision);
}

json objectFromValue(const std::string& value, std::int64_t modRevision)
{
    json obj = json::parse(value, nullptr, false);
    if (obj.is_discarded() || !obj.is_object())
        obj = json::object();
    stampRevision(obj, modRevision);
    return obj;
}

json objectFromKv(const json& kv)
{
    const json& value = model::memberAt(kv, "value");
    static const std::string none;
    return objectFromValue(value.is_string() ? value.get_ref<const std::string&>() : none,
                           kv.value("mod_revision", std::int64_t(0)));
}

const model::KindInfo* kindForKey(const std::string& key)
{
    // Registry prefixes have two or three path segments ("/registry/pods",
    // "/registry/services/specs"): try the key's prefixes at each slash, longest first.
    static const std::map<std::string, const model::KindInfo*> byPrefix = [] {
        std::map<std::string, const model::KindInfo*> m;
        for (const auto& k : model::allKinds())
            m[k.registryPrefix()] = &k;
        return m;
    }();
    const size_t second = key.find('/', 1);
    const size_t third = second == std::string::npos ? second : key.find('/', second + 1);
    const size_t fourth = third == std::string::npos ? third : key.find('/', third + 1);
    for (size_t cut : {fourth, third}) {
        if (cut == std::string::npos)
            continue;
        auto it = byPrefix.find(key.substr(0, cut));
        if (it != byPrefix.end())
            return it->second;
    }
    return nullptr;
}

bool watchCached(const model::KindInfo* kind)
{
    return kind && kind->kind != "Event";
}

ApiServer::ApiServer(std::string name, std::string etcdMember)
    : ActorBase(std::move(name)), m_etcd(std::move(etcdMember))
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

void ApiServer::bootstrap(sim::Context& ctx)
{
    // The two system PriorityClasses kube-apiserver creates at start.
    for (const auto& [pcName, value, description] : model::kSystemPriorityClasses) {
        Request pc;
        pc.verb = "create";
        pc.group = "scheduling.k8s.io";
        pc.resource = "priorityclasses";
        pc.user = "system:apiserver";
        pc.userAgent = "kube-apiserver";
        pc.body = {{"apiVersion", "scheduling.k8s.io/v1"},
                   {"kind", "PriorityClass"},
                   {"metadata", {{"name", pcName}}},
                   {"value", value},
                   {"description", description}};
        ctx.send(name(), "api.request",
                 {{"id", std::string("bootstrap-") + pcName}, {"request", pc.toJson()}});
    }
    for (const char* ns : kSystemNamespaces) {
        Request r;
        r.verb = "create";
        r.resource = "namespaces";
        r.user = "system:apiserver";
        r.userAgent = "kube-apiserver";
        r.body = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}};
        ctx.send(name(), "api.request", {{"id", std::string("bootstrap-") + ns},
                                         {"request", r.toJson()}});
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
        if (m.body["id"] == "bootstrap-default" && code == 201) {
            Request svc;
            svc.verb = "create";
            svc.resource = "services";
            svc.ns = "default";
            svc.user = "system:apiserver";
            svc.userAgent = "kube-apiserver";
            svc.body = {{"apiVersion", "v1"},
                        {"kind", "Service"},
                        {"metadata",
                         {{"name", "kubernetes"},
                          {"namespace", "default"},
                          {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
                        {"spec",
                         {{"clusterIP", "10.96.0.1"},
                          {"ports",
                           {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"},
                             {"targetPort", 6443}}}}}}};
            ctx.send(name(), "api.request", {{"id", "bootstrap-kubernetes-service"},
                                             {"request", svc.toJson()}});
        }
        ctx.describe("apiserver.bootstrap", "", "bootstrap " + m.body["id"].get<std::string>() +
                                                    ": " + std::to_string(code) + " " +
                                                    reasonPhrase(code));
    } else if (m.kind == "api.watch.cancel") {
        const std::string key = m.from + "/" + m.body.value("watch_id", "");
        if (auto w = m_watchers.find(key); w != m_watchers.end() && !watchCached(w->second.kind))
            ctx.send(m_etcd, "etcd.watch.cancel", {{"watch_id", key}});
        removeWatcher(key);
        ctx.describe("api.watch", m.from, "watch " + m.body.value("watch_id", "") + " closed");
    } else if (m.kind == "kubelet.logs.result") {
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
        if (m_compactCandidate > 0 && m_compactCandidate < m_cacheRevision) {
            ctx.send(m_etcd, "etcd.compact", {{"id", 0}, {"revision", m_compactCandidate}});
            ctx.describe("etcd.compact", m_etcd,
                         "compact etcd history up to rev " + std::to_string(m_compactCandidate));
        } else {
            ctx.describe("etcd.compact", m_etcd, "no compaction needed");
        }
        m_compactCandidate = m_cacheRevision;
        ctx.timer(kCompactionInterval, "timer.compact", json::object(), true);
    }
}

void ApiServer::reply(sim::Context& ctx, const std::string& client, const json& id, int code,
                      json body, const Request& req)
{
    reply(ctx, client, id, code, std::make_shared<const json>(std::move(body)), req);
}

void ApiServer::keepWritten(const std::string& key, std::int64_t revision,
                            std::shared_ptr<const json> object)
{
    // Bounded, should the registry watch stop bringing writes back (it only saves work).
    if (m_written.size() >= 4096)
        m_written.clear();
    m_written[key] = {revision, std::move(object)};
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
    const bool needsName = req.verb == "get" || req.verb == "update" || req.verb == "patch" ||
                           req.verb == "delete";
    if (needsName && req.name.empty()) {
        reply(ctx, client, id, 405,
              methodNotAllowed("the server does not allow this method on the requested resource"),
              req);
        return;
    }
    if (kind->namespaced && req.ns.empty() &&
        (needsName || req.verb == "create")) {
        reply(ctx, client, id, 400,
              badRequest("an empty namespace may not be set when a resource name is provided"),
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
    if (kind->kind == "Pod" && req.verb == "get" && req.subresource == "log") {
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
        p.stage = binding ? "binding.read" : "delete.read";
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
    if (req.verb != "get" && req.verb != "list" && req.verb != "update" &&
        req.verb != "patch" && req.verb != "delete") {
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
    p.stage = req.verb;
    if (req.verb == "list") {
        std::string error;
        if (!req.labelSelector.empty() && !model::LabelSelector::parse(req.labelSelector, &error)) {
            reply(ctx, client, id, 400, badRequest(error), req);
            return;
        }
        if (!req.fieldSelector.empty() &&
            !FieldSelector::parse(req.fieldSelector, kind->kind, &error)) {
            reply(ctx, client, id, 400, badRequest(error), req);
            return;
        }
        std::int64_t atRevision = 0;
        if (!req.continueToken.empty()) {
            auto raw = base64Decode(req.continueToken);
            json token = raw ? json::parse(*raw, nullptr, false) : json();
            if (!token.is_object() || !token.contains("rv") || !token.contains("start")) {
                reply(ctx, client, id, 400,
                      badRequest("continue key is not valid: incorrect encoded start "
                                 "resourceVersion (version meta.k8s.io/v1)"),
                      req);
                return;
            }
            atRevision = token["rv"].get<std::int64_t>();
        }
        const std::string prefix = keyFor(*kind, req.ns, "");
        if (req.continueToken.empty() && req.limit == 0 && req.resourceVersion.empty() &&
            watchCached(kind)) {
            // A consistent list served from the watch cache (kube-apiserver's
            // ConsistentListFromCache, on by default since v1.31): etcd is asked only
            // for its current revision, and the cache answers once it has caught up.
            p.stage = "list.cache";
            ctx.send(m_etcd, "etcd.range",
                     {{"id", op},
                      {"key", prefix},
                      {"range_end", store::prefixEnd(prefix)},
                      {"count_only", true}});
        } else {
            ctx.send(m_etcd, "etcd.range",
                     {{"id", op},
                      {"key", prefix},
                      {"range_end", store::prefixEnd(prefix)},
                      {"revision", atRevision}});
        }
    } else if (req.verb == "get") {
        ctx.send(m_etcd, "etcd.range", {{"id", op}, {"key", keyFor(*kind, req.ns, req.name)}});
    } else {
        p.stage = req.verb == "delete" ? "delete.read" : "update.read";
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

void ApiServer::sendRead(sim::Context& ctx, std::uint64_t op, Pending& p)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    const std::string key = keyFor(*kind, req.ns, req.name);
    // kube-apiserver's Cacher hands GuaranteedUpdate the watch cache's copy of the object,
    // and etcd3's store tries the write from it without a read; etcd's compare on the mod
    // revision catches a stale copy.
    if (!p.cacheTried) {
        p.cacheTried = true;
        if (auto cached = m_cache.find(key); cached != m_cache.end()) {
            const json& object = *cached->second;
            const std::string rv(
                model::stringAt(model::objectAt(object, "metadata"), "resourceVersion"));
            p.fromCache = true;
            afterReadObject(ctx, op, p, cached->second, rv.empty() ? 0 : std::stoll(rv));
            return;
        }
    }
    p.fromCache = false;
    ctx.send(m_etcd, "etcd.range", {{"id", op}, {"key", key}});
}

void ApiServer::proxyLogs(sim::Context& ctx, const std::string& client, const json& id,
                          std::shared_ptr<const Request> request)
{
    const Request& req = *request;
    const model::KindInfo* kind = model::kindByResource("", "pods");
    auto it = m_cache.find(keyFor(*kind, req.ns, req.name));
    if (it == m_cache.end()) {
        reply(ctx, client, id, 404, notFound(*kind, req.name), req);
        return;
    }
    const std::string node = std::string(model::stringAt(model::objectAt(*it->second, "spec"), "nodeName"));
    if (node.empty()) {
        reply(ctx, client, id, 400,
              badRequest("pod " + req.name + " does not have a host assigned"), req);
        return;
    }
    // As kube-apiserver does, logs come from the kubelet of the pod's node.
    const std::uint64_t op = newOp();
    Pending p;
    p.client = client;
    p.clientId = id;
    p.request = request;
    p.stage = "logs";
    m_pending[op] = std::move(p);
    json body = req.body.is_object() ? req.body : json::object();
    body["id"] = op;
    body["namespace"] = req.ns;
    body["name"] = req.name;
    ctx.send("kubelet-" + node, "kubelet.logs", body);
    ctx.describe("api.request", "pods/" + req.name + "/log",
                 "GET " + req.path() + " from " + client + ": asking kubelet on " + node,
                 {{"request", req.toJson()}, {"client", client}});
}

void ApiServer::finishLogs(sim::Context& ctx, const sim::Message& m)
{
    const std::uint64_t op = m.body.value("id", std::uint64_t(0));
    auto it = m_pending.find(op);
    if (it == m_pending.end())
        return;
    const std::shared_ptr<const Request> request = it->second.request; // outlives erase
    const Request& req = *request;
    const int code = m.body.value("code", 200);
    if (code == 200)
        reply(ctx, it->second.client, it->second.clientId, 200, m.body.value("text", ""), req);
    else
        reply(ctx, it->second.client, it->second.clientId, code,
              statusFailure(code, code == 404 ? "NotFound" : "BadRequest",
                            m.body.value("message", "")),
              req);
    m_pending.erase(it);
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
        if (error.find("compacted") != std::string::npos)
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
    if (p.stage == "get")
        finishGet(ctx, op, p, result);
    else if (p.stage == "list")
        finishList(ctx, op, p, result);
    else if (p.stage == "list.cache")
        finishListFromCache(ctx, op, p, result);
    else if (p.stage == "watch.list")
        finishUncachedWatchList(ctx, op, p, result);
    else
        continueWrite(ctx, op, p, result);
}

void ApiServer::finishGet(sim::Context& ctx, std::uint64_t op, Pending& p, const json& res)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    if (res["kvs"].empty())
        reply(ctx, p.client, p.clientId, 404, notFound(*kind, req.name), req);
    else
        reply(ctx, p.client, p.clientId, 200,
              printed(*kind, req, objectFromKv(res["kvs"][0]), ctx.now()), req);
    m_pending.erase(op);
}

void ApiServer::finishListFromCache(sim::Context& ctx, std::uint64_t op, Pending& p,
                                    const json& res)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    const std::string prefix = keyFor(*kind, req.ns, "");
    const std::int64_t etcdRevision = res.value("revision", std::int64_t(0));
    if (m_cacheRevision < etcdRevision) {
        // The cache is behind what etcd has committed: read the list from etcd instead.
        p.stage = "list";
        ctx.send(m_etcd, "etcd.range",
                 {{"id", op}, {"key", prefix}, {"range_end", store::prefixEnd(prefix)}});
        return;
    }
    std::optional<FieldSelector> fields;
    if (!req.fieldSelector.empty())
        fields = FieldSelector::parse(req.fieldSelector, kind->kind, nullptr);
    std::optional<model::LabelSelector> labels;
    if (!req.labelSelector.empty())
        labels = model::LabelSelector::parse(req.labelSelector);
    // Asked for a Table (kubectl's default output), the rows are printed straight from the
    // cached objects: no object is copied.
    std::optional<printers::TableBuilder> table;
    if (printers::acceptsTable(req.accept))
        table.emplace(*kind, ctx.now(), printers::parseIncludeObject(req.includeObject));
    json items = json::array();
    for (auto it = m_cache.lower_bound(prefix);
         it != m_cache.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        const json& obj = *it->second;
        if (labels && !labels->matches(model::memberAt(model::objectAt(obj, "metadata"), "labels")))
            continue;
        if (fields && !fields->matches(obj))
            continue;
        if (table)
            table->add(obj);
        else
            items.push_back(obj);
    }
    if (table) {
        reply(ctx, p.client, p.clientId, 200, table->finish(std::to_string(m_cacheRevision)),
              req);
        m_pending.erase(op);
        return;
    }
    json list = {{"apiVersion", kind->apiVersion()},
                 {"kind", kind->kind + "List"},
                 {"metadata", {{"resourceVersion", std::to_string(m_cacheRevision)}}}};
    list["items"] = std::move(items); // an initializer list would copy every item
    reply(ctx, p.client, p.clientId, 200, std::move(list), req);
    m_pending.erase(op);
}

void ApiServer::finishList(sim::Context& ctx, std::uint64_t op, Pending& p, const json& res)
{
    const Request& req = *p.request;
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    std::int64_t listRevision = res.value("revision", std::int64_t(0));
    std::string startAfter;
    if (!req.continueToken.empty()) {
        json token = json::parse(*base64Decode(req.continueToken));
        listRevision = token["rv"].get<std::int64_t>();
        startAfter = token["start"].get<std::string>();
    }
    std::optional<FieldSelector> fields;
    if (!req.fieldSelector.empty())
        fields = FieldSelector::parse(req.fieldSelector, kind->kind, nullptr);
    const std::string prefix = keyFor(*kind, req.ns, "");
    json items = json::array();
    std::string lastKey;
    size_t remaining = 0;
    bool more = false;
    for (const auto& kv : res["kvs"]) {
        const std::string key = kv.value("key", "");
        const std::string rel = key.substr(prefix.size());
        if (!startAfter.empty() && rel + std::string(1, '\0') <= startAfter)
            continue;
        json obj = objectFromKv(kv);
        if (!labelMatches(obj, req.labelSelector) || (fields && !fields->matches(obj)))
            continue;
        if (req.limit > 0 && std::int64_t(items.size()) >= req.limit) {
            more = true;
            ++remaining;
            continue;
        }
        items.push_back(std::move(obj));
        lastKey = rel;
    }
    json list = {{"apiVersion", kind->apiVersion()},
                 {"kind", kind->kind + "List"},
                 {"metadata", {{"resourceVersion", std::to_string(listRevision)}}},
                 {"items", items}};
    if (more) {
        json token = {{"v", "meta.k8s.io/v1"}, {"rv", listRevision},
                      {"start", lastKey + std::string(1, '\0')}};
        list["metadata"]["continue"] = base64Encode(token.dump());
        if (req.labelSelector.empty() && req.fieldSelector.empty())
            list["metadata"]["remainingItemCount"] = remaining;
    }
    reply(ctx, p.client, p.clientId, 200, printed(*kind, req, std::move(list), ctx.now()), req);
    m_pending.erase(op);
}

void ApiServer::handleEtcdWatch(sim::Context& ctx, const sim::Message& m)
{
    if (const std::string watchId = m.body.value("watch_id", ""); watchId != "registry") {
        handleUncachedWatch(ctx, watchId, m);
        return;
    }
    const json& events = model::memberAt(m.body, "events"); // not value(): a copy
    if (m.body.value("canceled", false)) {
        ctx.describe("watch.cache", m_etcd, "etcd canceled the registry watch: " +
                                                m.body.value("error", ""));
        return;
    }
    size_t delivered = 0, uncached = 0;
    std::string last, lastUncached;
    for (const auto& ej : events) {
        const json& kv = model::objectAt(ej, "kv");
        const std::string key(model::stringAt(kv, "key"));
        if (!watchCached(kindForKey(key))) {
            // Not cached: only the revision counts, so that the cache knows how far
            // etcd's stream has come (a consistent list waits for it).
            m_cacheRevision = std::max(m_cacheRevision, kv.value("mod_revision", std::int64_t(0)));
            ++uncached;
            lastUncached = key;
            continue;
        }
        // The previous object is the one the cache holds (decoded from the same etcd
        // value at the previous event).
        auto cached = m_cache.find(key);
        std::shared_ptr<const json> written;
        if (auto w = m_written.find(key); w != m_written.end()) {
            const std::int64_t revision = kv.value("mod_revision", std::int64_t(0));
            if (w->second.first == revision) // cacheEventOf leaves it aside for a delete
                written = std::move(w->second.second);
            if (w->second.first <= revision)
                m_written.erase(w);
        }
        CacheEvent ce = cacheEventOf(ej, cached != m_cache.end() ? cached->second : nullptr,
                                     std::move(written));
        if (ce.type == "DELETED")
            m_cache.erase(ce.key);
        else
            m_cache[ce.key] = ce.object;
        m_cacheRevision = std::max(m_cacheRevision, ce.revision);
        remember(ce, ej);
        dispatchEvent(ctx, ce);
        ++delivered;
        last = ce.type + " " + ce.key;
    }
    for (auto it = m_waitingWatchers.begin(); it != m_waitingWatchers.end();) {
        const std::string wid = *it++; // catchUpWatcher starts it: it leaves the set
        Watcher& w = m_watchers.at(wid);
        if (w.startRevision <= m_cacheRevision)
            catchUpWatcher(ctx, wid, w);
    }
    if (m.body.value("created", false) && !m_bootstrapped) {
        m_bootstrapped = true;
        bootstrap(ctx);
        ctx.describe("watch.cache", m_etcd,
                     "watch cache started at rev " + std::to_string(m_cacheRevision) +
                         "; creating system namespaces and the kubernetes Service");
        return;
    }
    if (delivered == 0 && uncached > 0)
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: skips " +
                         (uncached == 1 ? lastUncached
                                        : std::to_string(uncached) + " writes of events") +
                         " (rev " + std::to_string(m_cacheRevision) +
                         "): events are not cached",
                     {{"events", 0}, {"uncached", uncached}, {"revision", m_cacheRevision}});
    else if (delivered == 1)
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: " + last + " (rev " + std::to_string(m_cacheRevision) + ")",
                     {{"events", delivered}, {"revision", m_cacheRevision}});
    else
        ctx.describe("watch.cache", m_etcd,
                     "watch cache: " + std::to_string(delivered) + " events up to rev " +
                         std::to_string(m_cacheRevision),
                     {{"events", delivered}, {"revision", m_cacheRevision}});
}

bool ApiServer::watcherWants(const Watcher& w, const std::string& key, const json& object)
{
    if (!object.is_object() || !w.kind || kindForKey(key) != w.kind)
        return false;
    const json& meta = object["metadata"];
    if (!w.request.ns.empty() && meta.value("namespace", "") != w.request.ns)
        return false;
    if (!w.request.name.empty() && meta.value("name", "") != w.request.name)
        return false;
    if (w.labels && !w.labels->matches(meta.contains("labels") ? meta["labels"] : json()))
        return false;
    if (w.fields && !w.fields->matches(object))
        return false;
    return true;
}

namespace {
const std::string& nodeNameOf(const json& pod)
{
    static const std::string none;
    const json& name = model::memberAt(model::objectAt(pod, "spec"), "nodeName");
    return name.is_string() ? name.get_ref<const std::string&>() : none;
}

// The watch cache's trigger index, as kube-apiserver's: pods are indexed by spec.nodeName
// (each kubelet watches its own), nodes by metadata.name (NodeNameTriggerFunc). A watcher
// whose field selector pins that field is only asked about objects with that value; the
// trigger is "FIELD=VALUE", or "" for watchers asked about every event of the kind.
const char* triggerField(const model::KindInfo* kind)
{
    if (kind && kind->kind == "Pod")
        return "spec.nodeName";
    if (kind && kind->kind == "Node")
        return "metadata.name";
    return nullptr;
}

std::string watchTrigger(const model::KindInfo* kind, const std::optional<FieldSelector>& fields)
{
    const char* field = triggerField(kind);
    if (!field || !fields)
        return {};
    for (const FieldSelector::Term& t : fields->terms())
        if (t.field == field && !t.negated)
            return t.field + "=" + t.value;
    return {};
}

// The trigger an object fires: "spec.nodeName=worker-1", "metadata.name=worker-1".
std::string objectTrigger(const model::KindInfo* kind, const json& object)
{
    const char* field = triggerField(kind);
    if (!field)
        return {};
    if (kind->kind == "Pod")
        return std::string(field) + "=" + nodeNameOf(object);
    return std::string(field) + "=" +
           std::string(model::stringAt(model::objectAt(object, "metadata"), "name"));
}
} // namespace

void ApiServer::addWatcher(const std::string& wid, Watcher w)
{
    removeWatcher(wid);
    m_watchIndex[w.kind][watchTrigger(w.kind, w.fields)].insert(wid);
    if (!w.started)
        m_waitingWatchers.insert(wid);
    m_watchers[wid] = std::move(w);
}

void ApiServer::removeWatcher(const std::string& wid)
{
    auto it = m_watchers.find(wid);
    if (it == m_watchers.end())
        return;
    m_watchIndex[it->second.kind][watchTrigger(it->second.kind, it->second.fields)].erase(wid);
    m_waitingWatchers.erase(wid);
    m_watchers.erase(it);
}

void ApiServer::dispatchEvent(sim::Context& ctx, const CacheEvent& e)
{
    auto index = m_watchIndex.find(kindForKey(e.key));
    if (index == m_watchIndex.end())
        return;
    // In watcher-id order, as if every watcher were asked in turn.
    std::set<std::string> candidates;
    auto add = [&](const std::string& trigger) {
        auto t = index->second.find(trigger);
        if (t != index->second.end())
            candidates.insert(t->second.begin(), t->second.end());
    };
    add("");
    if (triggerField(index->first)) {
        if (e.object)
            add(objectTrigger(index->first, *e.object));
        if (e.previous)
            add(objectTrigger(index->first, *e.previous));
    }
    for (const std::string& wid : candidates) {
        Watcher& w = m_watchers.at(wid);
        if (w.started && e.revision > w.startRevision)
            deliverTo(ctx, wid, w, e);
    }
}

void ApiServer::deliverTo(sim::Context& ctx, const std::string& key, const Watcher& w,
                          const CacheEvent& e)
{
    const bool now = e.type != "DELETED" && e.object && watcherWants(w, e.key, *e.object);
    const bool before = e.previous && watcherWants(w, e.key, *e.previous);
    std::string type;
    if (e.type == "DELETED")
        type = before ? "DELETED" : "";
    else if (now && before)
        type = "MODIFIED";
    else if (now)
        type = "ADDED";
    else if (before)
        type = "DELETED"; // it left the selector: watchers see it go
    if (type.empty())
        return;
    ctx.send(w.client, "api.watch.event",
             {{"watch_id", key.substr(w.client.size() + 1)}, {"request_id", w.requestId},
              {"type", type}},
             e.object);
}

void ApiServer::startWatch(sim::Context& ctx, const std::string& client, const json& id,
                           const Request& req)
{
    const model::KindInfo* kind = model::kindByResource(req.group, req.resource);
    std::string error;
    if (!req.labelSelector.empty() && !model::LabelSelector::parse(req.labelSelector, &error)) {
        reply(ctx, client, id, 400, badRequest(error), req);
        return;
    }
    if (!req.fieldSelector.empty() &&
        !FieldSelector::parse(req.fieldSelector, kind->kind, &error)) {
        reply(ctx, client, id, 400, badRequest(error), req);
        return;
    }
    Watcher w;
    w.client = client;
    w.request = req;
    w.kind = model::kindByResource(req.group, req.resource);
    if (!req.labelSelector.empty())
        w.labels = model::LabelSelector::parse(req.labelSelector);
    if (!req.fieldSelector.empty())
        w.fields = FieldSelector::parse(req.fieldSelector, w.kind->kind, nullptr);
    w.requestId = id;
    const std::string watchId = "w" + std::to_string(m_nextWatch++);
    const bool fromNow = req.resourceVersion.empty() || req.resourceVersion == "0";
    if (!watchCached(w.kind)) {
        // etcd decides whether the resourceVersion is too old (compacted).
        w.startRevision = fromNow ? -1 : std::strtoll(req.resourceVersion.c_str(), nullptr, 10);
        w.started = true;
        reply(ctx, client, id, 200, {{"kind", "WatchStarted"}, {"watchId", watchId}}, req);
        ctx.describe("api.watch", client,
                     "WATCH " + req.path() + " from " + client + " (" + watchId +
                         "), served from etcd: " + w.kind->resource + " are not cached",
                     {{"request", req.toJson()}, {"watchId", watchId}});
        const std::string wid = client + "/" + watchId;
        addWatcher(wid, w);
        startUncachedWatch(ctx, wid, m_watchers.at(wid));
        return;
    }
    if (!fromNow) {
        std::int64_t rv = std::strtoll(req.resourceVersion.c_str(), nullptr, 10);
        const std::int64_t oldest =
            m_history.empty() ? m_cacheRevision : m_history.front().revision - 1;
        if (rv < oldest) {
            reply(ctx, client, id, 410,
                  gone("too old resource version: " + std::to_string(rv) + " (" +
                       std::to_string(oldest) + ")"),
                  req);
            return;
        }
        w.startRevision = rv;
    } else {
        w.startRevision = -1; // initial state as ADDED events, then live
    }
    reply(ctx, client, id, 200, {{"kind", "WatchStarted"}, {"watchId", watchId}}, req);
    ctx.describe("api.watch", client,
                 "WATCH " + req.path() + " from " + client + " (" + watchId + ")",
                 {{"request", req.toJson()}, {"watchId", watchId}});
    const std::string wid = client + "/" + watchId;
    addWatcher(wid, w);
    Watcher& stored = m_watchers.at(wid);
    if (stored.startRevision <= m_cacheRevision)
        catchUpWatcher(ctx, wid, stored);
}

void ApiServer::sendInitialEventsEnd(sim::Context& ctx, const std::string& watchId,
                                     const Watcher& w, std::int64_t revision)
{
    // As with WatchList (sendInitialEvents), a bookmark marks the end of the initial
    // state, so informers know they have synced.
    ctx.send(w.client, "api.watch.event",
             {{"watch_id", watchId},
              {"request_id", w.requestId},
              {"type", "BOOKMARK"},
              {"object",
               {{"metadata",
                 {{"resourceVersion", std::to_string(revision)},
                  {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}}}});
}

void ApiServer::catchUpWatcher(sim::Context& ctx, const std::string& key, Watcher& w)
{
    const std::string watchId = key.substr(w.client.size() + 1);
    m_waitingWatchers.erase(key);
    if (w.startRevision < 0) {
        const std::string prefix = w.kind ? w.kind->registryPrefix() + "/" : std::string();
        for (auto it = m_cache.lower_bound(prefix);
             it != m_cache.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
            if (watcherWants(w, it->first, *it->second))
                ctx.send(w.client, "api.watch.event",
                         {{"watch_id", watchId}, {"request_id", w.requestId}, {"type", "ADDED"}},
                         it->second);
        sendInitialEventsEnd(ctx, watchId, w, m_cacheRevision);
        w.startRevision = m_cacheRevision;
        w.started = true;
        return;
    }
    w.started = true;
    for (const auto& e : m_history)
        if (e.revision > w.startRevision)
            deliverTo(ctx, key, w, e.event()); // replay through the same filter as live events
    w.startRevision = m_cacheRevision;
}

ApiServer::CacheEvent ApiServer::cacheEventOf(const json& ej, std::shared_ptr<const json> known,
                                              std::shared_ptr<const json> written)
{
    const json& kv = model::objectAt(ej, "kv");
    const json& prevKv = model::memberAt(ej, "prev_kv");
    CacheEvent ce;
    ce.revision = kv.value("mod_revision", std::int64_t(0));
    ce.key = std::string(model::stringAt(kv, "key"));
    if (prevKv.is_object())
        ce.previous = known ? std::move(known) : std::make_shared<const json>(objectFromKv(prevKv));
    if (model::stringAt(ej, "type") != "DELETE") {
        ce.type = ce.previous ? "MODIFIED" : "ADDED";
        ce.object = written ? std::move(written) : std::make_shared<const json>(objectFromKv(kv));
    } else {
        ce.type = "DELETED";
        if (ce.previous)
            ce.object = deletedObject(*ce.previous, ce.revision);
    }
    return ce;
}

void ApiServer::remember(const CacheEvent& ce, const json& etcdEvent)
{
    auto stored = [](const json& kv, const std::shared_ptr<const json>& decoded) {
        auto v = std::make_shared<StoredVersion>();
        const json& value = model::memberAt(kv, "value");
        if (value.is_string())
            v->value = value.get_ref<const std::string&>();
        v->modRevision = kv.value("mod_revision", std::int64_t(0));
        v->decoded = decoded;
        return std::shared_ptr<const StoredVersion>(std::move(v));
    };
    HistoryEvent h{ce.revision, ce.type, ce.key, nullptr, nullptr};
    if (ce.previous) {
        const json& prevKv = model::objectAt(etcdEvent, "prev_kv");
        auto newest = m_newestStored.find(ce.key);
        std::shared_ptr<const StoredVersion> known =
            newest != m_newestStored.end() ? newest->second.lock() : nullptr;
        h.previous = known && known->modRevision == prevKv.value("mod_revision", std::int64_t(0))
                         ? std::move(known)
                         : stored(prevKv, ce.previous);
    }
    if (ce.type != "DELETED") {
        h.object = stored(model::objectAt(etcdEvent, "kv"), ce.object);
        m_newestStored[ce.key] = h.object;
    } else {
        m_newestStored.erase(ce.key);
    }
    m_history.push_back(std::move(h));
    while (m_history.size() > kHistoryLimit) {
        const std::string key = std::move(m_history.front().key);
        m_history.pop_front();
        auto newest = m_newestStored.find(key);
        if (newest != m_newestStored.end() && newest->second.expired())
            m_newestStored.erase(newest);
    }
}

std::shared_ptr<const json> ApiServer::StoredVersion::object() const
{
    if (auto alive = decoded.lock())
        return alive;
    return std::make_shared<const json>(objectFromValue(value, modRevision));
}

// What a watcher sees of a deleted object: its last version at the deleting revision.
std::shared_ptr<const json> ApiServer::deletedObject(const json& last, std::int64_t revision)
{
    json gone = last;
    stampRevision(gone, revision);
    return std::make_shared<const json>(std::move(gone));
}

ApiServer::CacheEvent ApiServer::HistoryEvent::event() const
{
    CacheEvent ce;
    ce.revision = revision;
    ce.type = type;
    ce.key = key;
    if (previous)
        ce.previous = previous->object();
    if (object)
        ce.object = object->object();
    else if (ce.previous)
        ce.object = deletedObject(*ce.previous, revision);
    return ce;
}

void ApiServer::startUncachedWatch(sim::Context& ctx, const std::string& wid, Watcher& w)
{
    const std::string prefix = keyFor(*w.kind, w.request.ns, "");
    if (w.startRevision < 0) {
        // The initial state first, from a list at etcd's current revision.
        const std::uint64_t op = newOp();
        Pending p;
        p.client = w.client;
        p.clientId = w.requestId;
        p.request = std::make_shared<const Request>(w.request);
        p.stage = "watch.list";
        p.watchId = wid;
        m_pending[op] = std::move(p);
        ctx.send(m_etcd, "etcd.range",
                 {{"id", op}, {"key", prefix}, {"range_end", store::prefixEnd(prefix)}});
        return;
    }
    ctx.send(m_etcd, "etcd.watch",
             {{"watch_id", wid},
              {"key", prefix},
              {"range_end", store::prefixEnd(prefix)},
              {"start_revision", w.startRevision + 1}});
}

void ApiServer::finishUncachedWatchList(sim::Context& ctx, std::uint64_t op, Pending& p,
                                        const json& res)
{
    const std::string wid = p.watchId;
    m_pending.erase(op);
    auto it = m_watchers.find(wid);
    if (it == m_watchers.end())
        return; // closed while the list was read
    Watcher& w = it->second;
    const std::string watchId = wid.substr(w.client.size() + 1);
    for (const auto& kv : model::memberAt(res, "kvs")) {
        auto object = std::make_shared<const json>(objectFromKv(kv));
        if (watcherWants(w, kv.value("key", ""), *object))
            ctx.send(w.client, "api.watch.event",
                     {{"watch_id", watchId}, {"request_id", w.requestId}, {"type", "ADDED"}},
                     std::move(object));
    }
    const std::int64_t revision = res.value("revision", std::int64_t(0));
    sendInitialEventsEnd(ctx, watchId, w, revision);
    w.startRevision = revision;
    startUncachedWatch(ctx, wid, w);
}

void ApiServer::handleUncachedWatch(sim::Context& ctx, const std::string& wid,
                                    const sim::Message& m)
{
    auto it = m_watchers.find(wid);
    if (it == m_watchers.end())
        return; // closed; its etcd watch is being canceled
    Watcher& w = it->second;
    const std::string watchId = wid.substr(w.client.size() + 1);
    if (m.body.value("canceled", false)) {
        // As kube-apiserver's etcd3 watcher does (interpretWatchError), the watch ends
        // with an ERROR event: 410 Expired when etcd has compacted the revision.
        const std::string error = m.body.value("error", "");
        ctx.send(w.client, "api.watch.event",
                 {{"watch_id", watchId},
                  {"request_id", w.requestId},
                  {"type", "ERROR"},
                  {"object", error.find("compacted") != std::string::npos
                                 ? gone("The resourceVersion for the provided watch is too old.")
                                 : internalError(error)}});
        ctx.describe("api.watch", w.client, "watch " + watchId + " ended: " + error);
        removeWatcher(wid);
        return;
    }
    size_t sent = 0;
    for (const auto& ej : model::memberAt(m.body, "events")) {
        const CacheEvent ce = cacheEventOf(ej, nullptr);
        deliverTo(ctx, wid, w, ce);
        w.startRevision = std::max(w.startRevision, ce.revision);
        ++sent;
    }
    if (sent > 0)
        ctx.describe("api.watch", w.client,
                     "watch " + watchId + ": " + std::to_string(sent) + " event(s) from etcd",
                     {{"events", sent}, {"revision", w.startRevision}});
}

} // namespace kubelab::api
