#pragma once
// The API server as an actor: the only door to the cluster store. It takes api.request
// messages (from kubectl, controllers, kubelets, later the HTTPS front), runs admission
// (defaulting, validation, namespace lifecycle), reads and writes etcd through messages,
// keeps a watch cache fed by one etcd watch, and streams watch events to clients.
//
// Messages in:  api.request {id, request}      api.watch.cancel {watch_id}
//               etcd.*.result, etcd.watch.events (from its etcd member)
//               kubelet.logs.result {id, code, text|message}
// Messages out: api.response {id, response}    api.watch.event {watch_id, request_id,
//               type, object}                  kubelet.logs {id, namespace, name,
//               container, previous, tailLines} to "kubelet-<node>"
// Subresources: pods/binding and pods/eviction (POST), pods/log (GET, proxied to the
// kubelet), */status (PUT/PATCH).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/api/field_selector.h"
#include "engine/api/request.h"
#include "engine/model/selector.h"
#include "engine/model/kinds.h"
#include "engine/sim/actor.h"

namespace kubelab::api {

class ApiServer : public sim::ActorBase<ApiServer>
{
public:
    ApiServer(std::string name, std::string etcdMember);

    void start(sim::Context& ctx) override;
    void receive(sim::Context& ctx, const sim::Message& message) override;

    // Read-only views for inspectors and tests: the watch cache (etcd key -> object with
    // resourceVersion set; no events, see watchCached) and the revision it has caught up
    // to. Objects are immutable and shared with watch events, informers and rewind
    // checkpoints.
    using CachedObject = std::shared_ptr<const nlohmann::json>;
    const std::map<std::string, CachedObject>& cache() const { return m_cache; }
    std::int64_t cacheRevision() const { return m_cacheRevision; }

    // Objects the API server creates for itself when it starts, as kube-apiserver's
    // bootstrap controllers do: the system namespaces and the `kubernetes` Service.
    static constexpr const char* kSystemNamespaces[] = {"default", "kube-node-lease",
                                                        "kube-public", "kube-system"};

private:
    struct Pending
    {
        std::string client;
        nlohmann::json clientId;
        // Shared with the message it came in (a component's typed request): not copied.
        std::shared_ptr<const Request> request;
        std::string stage;
        nlohmann::json object;  // the object being written
        // The stored object read before a write (the watch cache's, shared, or etcd's).
        std::shared_ptr<const nlohmann::json> current;
        std::int64_t modRevision = 0;
        int attempts = 0;
        // GuaranteedUpdate's cached existing object: the first try starts from the watch
        // cache's copy (no etcd read); if that copy turns out stale (the write's compare
        // fails) or the try ends without a write, etcd is read and the try made again.
        bool cacheTried = false;
        bool fromCache = false;
        std::string watchId; // "watch.list": the uncached watch whose initial list this is
    };
    struct CacheEvent
    {
        std::int64_t revision = 0;
        std::string type; // ADDED, MODIFIED, DELETED
        std::string key;
        std::shared_ptr<const nlohmann::json> object;   // shared with every watcher
        std::shared_ptr<const nlohmann::json> previous; // null for ADDED
    };
    // One version of an object in the history, as etcd stored it: its text is a fifth of
    // what the decoded object takes, and the history holds 20,000 of them while only the
    // newest version of each object is in the cache. Immutable once made.
    struct StoredVersion
    {
        std::string value;
        std::int64_t modRevision = 0;
        // The decoded object, while anything still holds it (the cache, a watcher).
        std::weak_ptr<const nlohmann::json> decoded;
        // The object as the cache gave it out: the decoded one if alive, else decoded anew.
        std::shared_ptr<const nlohmann::json> object() const;
    };
    // A history event: a CacheEvent whose objects are kept as text.
    struct HistoryEvent
    {
        std::int64_t revision = 0;
        std::string type;
        std::string key;
        std::shared_ptr<const StoredVersion> object;   // null for DELETED
        std::shared_ptr<const StoredVersion> previous; // null for ADDED
        CacheEvent event() const;
    };
    struct Watcher
    {
        std::string client;
        Request request;
        // Parsed once: the kind and selectors every event is checked against.
        const model::KindInfo* kind = nullptr;
        std::optional<model::LabelSelector> labels;
        std::optional<FieldSelector> fields;
        std::int64_t startRevision = 0; // deliver events after this revision
        bool started = false;
        nlohmann::json requestId; // the client's request id, echoed in every event
    };

    // api_server.cpp: dispatch, reads, watch cache, watches
    void handleRequest(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                       std::shared_ptr<const Request> request);
    void handleEtcdReply(sim::Context& ctx, const sim::Message& m);
    void handleEtcdWatch(sim::Context& ctx, const sim::Message& m);
    // An etcd watch event (store::Event's JSON form, read in place: the value is parsed
    // once, not copied) as a watch-cache event. `known` is the object already decoded for
    // the key's previous version, if there is one: shared instead of decoding it again.
    // `written` is the object this API server wrote at the event's revision, if it kept
    // it (see m_written): the event's object without parsing etcd's text back.
    static CacheEvent cacheEventOf(const nlohmann::json& etcdEvent,
                                   std::shared_ptr<const nlohmann::json> known,
                                   std::shared_ptr<const nlohmann::json> written = nullptr);
    static std::shared_ptr<const nlohmann::json> deletedObject(const nlohmann::json& last,
                                                               std::int64_t revision);
    void finishGet(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void finishList(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void finishListFromCache(sim::Context& ctx, std::uint64_t op, Pending& p,
                             const nlohmann::json& res);
    void startWatch(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                    const Request& req);
    void catchUpWatcher(sim::Context& ctx, const std::string& watchId, Watcher& w);
    void sendInitialEventsEnd(sim::Context& ctx, const std::string& watchId, const Watcher& w,
                              std::int64_t revision);
    // Watches of kinds the watch cache leaves out (events) are served from etcd, each
    // through its own etcd watch, as kube-apiserver does without a cacher.
    void startUncachedWatch(sim::Context& ctx, const std::string& wid, Watcher& w);
    void finishUncachedWatchList(sim::Context& ctx, std::uint64_t op, Pending& p,
                                 const nlohmann::json& res);
    void handleUncachedWatch(sim::Context& ctx, const std::string& wid, const sim::Message& m);
    void dispatchEvent(sim::Context& ctx, const CacheEvent& e);
    static bool watcherWants(const Watcher& w, const std::string& key,
                             const nlohmann::json& object);
    void deliverTo(sim::Context& ctx, const std::string& key, const Watcher& w,
                   const CacheEvent& e);
    void reply(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
               int code, nlohmann::json body, const Request& req);
    void reply(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
               int code, std::shared_ptr<const nlohmann::json> body, const Request& req);
    // Keeps what a write stored (with its resourceVersion) until etcd's watch brings the
    // write back, for cacheEventOf.
    void keepWritten(const std::string& key, std::int64_t revision,
                     std::shared_ptr<const nlohmann::json> object);
    void bootstrap(sim::Context& ctx);
    void proxyLogs(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                   std::shared_ptr<const Request> request);
    void finishLogs(sim::Context& ctx, const sim::Message& m);

    // api_server_write.cpp: create, update, patch, delete
    void beginCreate(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                     std::shared_ptr<const Request> request, const model::KindInfo& kind);
    void continueWrite(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void afterRead(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    // The body of afterRead once the current object is known (from etcd or the cache).
    void afterReadObject(sim::Context& ctx, std::uint64_t op, Pending& p,
                         std::shared_ptr<const nlohmann::json> current, std::int64_t modRevision);
    void afterTxn(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void sendPut(sim::Context& ctx, std::uint64_t op, Pending& p, bool create);
    void sendDelete(sim::Context& ctx, std::uint64_t op, Pending& p);
    void sendRead(sim::Context& ctx, std::uint64_t op, Pending& p);
    std::optional<nlohmann::json> admitCreate(sim::Context& ctx, const Request& req,
                                              const model::KindInfo& kind,
                                              nlohmann::json& object);

    std::uint64_t newOp() { return m_nextOp++; }
    std::string keyFor(const model::KindInfo& kind, const std::string& ns,
                       const std::string& name) const;

    std::string m_etcd;
    std::uint64_t m_nextOp = 1;
    std::map<std::uint64_t, Pending> m_pending;
    std::map<std::string, CachedObject> m_cache;
    std::int64_t m_cacheRevision = 0;
    // etcd key -> the revision this API server last wrote it at and the object it wrote
    // there, resourceVersion set: what decoding etcd's value would give, already decoded.
    // Taken when the registry watch brings that revision; dropped when it brings a later one.
    std::map<std::string, std::pair<std::int64_t, CachedObject>> m_written;
    std::deque<HistoryEvent> m_history; // recent events for watches that resume
    // Each key's newest version in m_history, so that the next event's previous version
    // shares its text (keys whose versions all left the history are dropped).
    std::unordered_map<std::string, std::weak_ptr<const StoredVersion>> m_newestStored;
    void remember(const CacheEvent& ce, const nlohmann::json& etcdEvent);
    std::map<std::string, Watcher> m_watchers; // "client/id"
    // Watchers by kind and, for pods watched with spec.nodeName=NODE (every kubelet's
    // watch), by that node: kube-apiserver's watch-cache trigger index, so an event is
    // checked against the watchers that could want it instead of all of them.
    std::map<const model::KindInfo*, std::map<std::string, std::set<std::string>>> m_watchIndex;
    std::set<std::string> m_waitingWatchers; // not started: waiting for the cache to catch up
    void addWatcher(const std::string& wid, Watcher w);
    void removeWatcher(const std::string& wid);
    std::uint64_t m_nextWatch = 1;
    std::int64_t m_compactCandidate = 0;
    bool m_bootstrapped = false;
};

// Sets metadata.resourceVersion to etcd's revision, as the API server gives objects out.
void stampRevision(nlohmann::json& object, std::int64_t revision);
// Decodes an etcd value into the object with metadata.resourceVersion set.
nlohmann::json objectFromKv(const nlohmann::json& kv);
// The same from the value's text and its mod revision.
nlohmann::json objectFromValue(const std::string& value, std::int64_t modRevision);
// The kind whose registry prefix `key` falls under, or nullptr.
const model::KindInfo* kindForKey(const std::string& key);
// Whether the watch cache keeps objects of this kind. Not events: kube-apiserver's
// DefaultWatchCacheSizes turns the cache off for them (size 0), so their reads, lists and
// watches go to etcd. Events are most of what a cluster writes and few read them.
bool watchCached(const model::KindInfo* kind);

} // namespace kubelab::api
