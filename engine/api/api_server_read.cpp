// The read half of the API server: get, list (from etcd, or from the watch cache once it
// has caught up with etcd's revision), watch, pods/log proxied to the pod's kubelet, and
// the read a write starts from (sendRead), as kube-apiserver's generic registry serves
// Get, List and Watch (registry/generic/registry/store.go) through the Cacher (WatchCache
// here). Watches of kinds the cache leaves out are served from etcd, as the etcd3 store's
// watcher (storage/etcd3/watcher.go) serves them. Called from ApiServer's request routing
// and its etcd and kubelet replies (api_server.cpp).
#include "engine/api/api_server.h"

#include <algorithm>

#include "engine/api/base64.h"
#include "engine/api/field_selector.h"
#include "engine/api/status.h"
#include "engine/model/json_view.h"
#include "engine/model/selector.h"
#include "engine/printers/table.h"
#include "engine/store/mvcc_store.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
bool labelMatches(const json& obj, const std::string& selector)
{
    if (selector.empty())
        return true;
    auto sel = model::LabelSelector::parse(selector);
    return sel && sel->matches(model::objectAtPath(obj, "metadata.labels"));
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

bool ApiServer::beginList(sim::Context& ctx, std::uint64_t op, Pending& p,
                          const model::KindInfo& kind)
{
    const Request& req = *p.request;
    std::string error;
    if (!req.labelSelector.empty() && !model::LabelSelector::parse(req.labelSelector, &error)) {
        reply(ctx, p.client, p.clientId, 400, badRequest(error), req);
        return false;
    }
    if (!req.fieldSelector.empty() && !FieldSelector::parse(req.fieldSelector, kind.kind, &error)) {
        reply(ctx, p.client, p.clientId, 400, badRequest(error), req);
        return false;
    }
    std::int64_t atRevision = 0;
    if (!req.continueToken.empty()) {
        auto raw = base64Decode(req.continueToken);
        json token = raw ? json::parse(*raw, nullptr, false) : json();
        if (!token.is_object() || !token.contains("rv") || !token.contains("start")) {
            reply(ctx, p.client, p.clientId, 400,
                  badRequest("continue key is not valid: incorrect encoded start "
                             "resourceVersion (version meta.k8s.io/v1)"),
                  req);
            return false;
        }
        atRevision = token["rv"].get<std::int64_t>();
    }
    const std::string prefix = keyFor(kind, req.ns, "");
    if (req.continueToken.empty() && req.limit == 0 && req.resourceVersion.empty() &&
        watchCached(&kind)) {
        // A consistent list served from the watch cache (kube-apiserver's
        // ConsistentListFromCache, on by default since v1.31): etcd is asked only
        // for its current revision, and the cache answers once it has caught up.
        p.stage = Stage::ListCache;
        ctx.send(m_etcd, "etcd.range",
                 {{"id", op},
                  {"key", prefix},
                  {"range_end", store::prefixEnd(prefix)},
                  {"count_only", true}});
    } else {
        p.stage = Stage::List;
        ctx.send(m_etcd, "etcd.range",
                 {{"id", op},
                  {"key", prefix},
                  {"range_end", store::prefixEnd(prefix)},
                  {"revision", atRevision}});
    }
    return true;
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
    const std::int64_t cacheRevision = m_watchCache.revision();
    if (cacheRevision < etcdRevision) {
        // The cache is behind what etcd has committed: read the list from etcd instead.
        p.stage = Stage::List;
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
    const auto& objects = m_watchCache.objects();
    for (auto it = objects.lower_bound(prefix);
         it != objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
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
        reply(ctx, p.client, p.clientId, 200, table->finish(std::to_string(cacheRevision)), req);
        m_pending.erase(op);
        return;
    }
    json list = {{"apiVersion", kind->apiVersion()},
                 {"kind", kind->kind + "List"},
                 {"metadata", {{"resourceVersion", std::to_string(cacheRevision)}}}};
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
        json token = {{"v", "meta.k8s.io/v1"},
                      {"rv", listRevision},
                      {"start", lastKey + std::string(1, '\0')}};
        list["metadata"]["continue"] = base64Encode(token.dump());
        if (req.labelSelector.empty() && req.fieldSelector.empty())
            list["metadata"]["remainingItemCount"] = remaining;
    }
    reply(ctx, p.client, p.clientId, 200, printed(*kind, req, std::move(list), ctx.now()), req);
    m_pending.erase(op);
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
    const std::string watchId = "w" + std::to_string(m_nextWatch++);
    const std::string wid = client + "/" + watchId;
    CacheWatcher w(client, watchId, req, id);
    EventSender sink(ctx);
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
        m_watchCache.addWatcher(wid, std::move(w), sink);
        startUncachedWatch(ctx, wid, *m_watchCache.watcher(wid));
        return;
    }
    if (!fromNow) {
        std::int64_t rv = std::strtoll(req.resourceVersion.c_str(), nullptr, 10);
        if (!m_watchCache.canResumeFrom(rv)) {
            reply(ctx, client, id, 410,
                  gone("too old resource version: " + std::to_string(rv) + " (" +
                       std::to_string(m_watchCache.oldestRevision()) + ")"),
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
    m_watchCache.addWatcher(wid, std::move(w), sink); // caught up at once if it can be
}

void ApiServer::startUncachedWatch(sim::Context& ctx, const std::string& wid, CacheWatcher& w)
{
    const std::string prefix = keyFor(*w.kind, w.request.ns, "");
    if (w.startRevision < 0) {
        // The initial state first, from a list at etcd's current revision.
        const std::uint64_t op = newOp();
        Pending p;
        p.client = w.client;
        p.clientId = w.requestId;
        p.request = std::make_shared<const Request>(w.request);
        p.stage = Stage::WatchList;
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
    CacheWatcher* w = m_watchCache.watcher(wid);
    if (!w)
        return; // closed while the list was read
    EventSender sink(ctx);
    for (const auto& kv : model::memberAt(res, "kvs")) {
        auto object = std::make_shared<const json>(objectFromKv(kv));
        if (w->wants(kv.value("key", ""), *object))
            w->send(sink, "ADDED", std::move(object));
    }
    const std::int64_t revision = res.value("revision", std::int64_t(0));
    w->sendInitialEventsEnd(sink, revision);
    w->startRevision = revision;
    startUncachedWatch(ctx, wid, *w);
}

void ApiServer::handleUncachedWatch(sim::Context& ctx, const std::string& wid,
                                    const sim::Message& m)
{
    CacheWatcher* w = m_watchCache.watcher(wid);
    if (!w)
        return; // closed; its etcd watch is being canceled
    EventSender sink(ctx);
    if (m.body.value("canceled", false)) {
        // As kube-apiserver's etcd3 watcher does (interpretWatchError), the watch ends
        // with an ERROR event: 410 Expired when etcd has compacted the revision.
        const std::string error = m.body.value("error", "");
        w->sendError(sink, error.find("compacted") != std::string::npos
                               ? gone("The resourceVersion for the provided watch is too old.")
                               : internalError(error));
        ctx.describe("api.watch", w->client, "watch " + w->watchId + " ended: " + error);
        m_watchCache.removeWatcher(wid);
        return;
    }
    size_t sent = 0;
    for (const auto& ej : model::memberAt(m.body, "events")) {
        const CacheEvent ce = WatchCache::eventOf(ej, nullptr);
        w->deliver(sink, ce);
        w->startRevision = std::max(w->startRevision, ce.revision);
        ++sent;
    }
    if (sent > 0)
        ctx.describe("api.watch", w->client,
                     "watch " + w->watchId + ": " + std::to_string(sent) + " event(s) from etcd",
                     {{"events", sent}, {"revision", w->startRevision}});
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
        const auto& cache = m_watchCache.objects();
        if (auto cached = cache.find(key); cached != cache.end()) {
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
    auto it = m_watchCache.objects().find(keyFor(*kind, req.ns, req.name));
    if (it == m_watchCache.objects().end()) {
        reply(ctx, client, id, 404, notFound(*kind, req.name), req);
        return;
    }
    const std::string node(model::stringAt(model::objectAt(*it->second, "spec"), "nodeName"));
    if (node.empty()) {
        reply(ctx, client, id, 400,
              badRequest("pod " + req.name + " does not have a host assigned"), req);
        return;
    }
    // As kube-apiserver does, logs come from the kubelet of the pod's node, and exec and
    // port-forward streams run there.
    const bool exec = req.subresource == "exec";
    const bool forward = req.subresource == "portforward";
    const std::uint64_t op = newOp();
    Pending p;
    p.client = client;
    p.clientId = id;
    p.request = request;
    p.stage = Stage::Logs;
    m_pending[op] = std::move(p);
    json body = req.body.is_object() ? req.body : json::object();
    body["id"] = op;
    body["namespace"] = req.ns;
    body["name"] = req.name;
    ctx.send("kubelet-" + node,
             forward ? "kubelet.portforward" : exec ? "kubelet.exec" : "kubelet.logs", body);
    ctx.describe("api.request", "pods/" + req.name + "/" + req.subresource,
                 (exec || forward ? "POST " : "GET ") + req.path() + " from " + client +
                     ": asking kubelet on " + node,
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
        reply(ctx, it->second.client, it->second.clientId, 200,
              m.body.contains("result") ? m.body["result"] : json(m.body.value("text", "")), req);
    else
        reply(ctx, it->second.client, it->second.clientId, code,
              statusFailure(code, code == 404 ? "NotFound" : "BadRequest",
                            m.body.value("message", "")),
              req);
    m_pending.erase(it);
}

} // namespace kubelab::api
