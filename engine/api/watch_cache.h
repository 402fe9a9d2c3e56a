#pragma once
// The API server's watch cache, as kube-apiserver's Cacher and watchCache
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go, watch_cache.go): the newest
// version of every cached object and the revision the cache has caught up to, a history
// of recent events for watches that resume from a resourceVersion, and the watchers,
// indexed by kind and by spec.nodeName / metadata.name as the Cacher's trigger index is.
// ApiServer owns one: it feeds it the events of its one etcd watch over the registry
// (apply), reads objects from it (gets before writes, consistent lists, admission), and
// adds and removes watchers. The cache does no I/O: what it sends to watchers goes to a
// WatchSink the caller gives it.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/api/cache_watcher.h"
#include "engine/model/kinds.h"

namespace kubelab::api {

class WatchCache
{
public:
    using CachedObject = std::shared_ptr<const nlohmann::json>;
    // Recent events kept for watches that resume from a resourceVersion.
    static constexpr size_t kDefaultHistoryLimit = 20000;

    explicit WatchCache(size_t historyLimit = kDefaultHistoryLimit);

    // etcd key -> object with resourceVersion set. Objects are immutable and shared with
    // watch events, informers and rewind checkpoints.
    const std::map<std::string, CachedObject>& objects() const { return m_objects; }
    // The etcd revision the cache has caught up to (uncached kinds' writes count too).
    std::int64_t revision() const { return m_revision; }
    // The oldest revision a watch may resume from: every event after it is in the history.
    std::int64_t oldestRevision() const;
    bool canResumeFrom(std::int64_t revision) const { return revision >= oldestRevision(); }

    // Keeps what a write stored (with its resourceVersion) until the registry watch brings
    // the write back, so that the event's object is this one instead of etcd's text parsed
    // again. Called by the API server when a write of a cached kind succeeds.
    void keepWritten(const std::string& key, std::int64_t revision, CachedObject object);

    // What one batch of the registry watch changed, for the trace.
    struct Applied
    {
        size_t cached = 0;        // events of cached kinds, applied and sent to watchers
        size_t uncached = 0;      // events of kinds the cache leaves out: only their revision
        std::string last;         // "MODIFIED /registry/pods/default/web-1"
        std::string lastUncached; // the key
    };
    // Applies a batch of the registry watch (etcd.watch.events' `events`, store::Event's
    // JSON form) in order: each event updates the objects and the history and goes to the
    // watchers that want it; then the watchers waiting for the cache to catch up start.
    Applied apply(const nlohmann::json& events, WatchSink& sink);

    // Adds a watcher under `id` ("client/w3"), replacing one there. A watcher of a cached
    // kind (not started) whose start revision the cache has reached is caught up at once:
    // with a start revision below 0 it gets the current objects as ADDED and a bookmark,
    // else the history's events after its start revision; otherwise it waits for apply.
    void addWatcher(const std::string& id, CacheWatcher watcher, WatchSink& sink);
    void removeWatcher(const std::string& id);
    // The watcher under `id`, or null.
    CacheWatcher* watcher(const std::string& id);

    // An etcd watch event (store::Event's JSON form, read in place: the value is parsed
    // once, not copied) as a cache event. `known` is the object already decoded for the
    // key's previous version, if there is one: shared instead of decoding it again.
    // `written` is the object the API server wrote at the event's revision, if it kept it.
    static CacheEvent eventOf(const nlohmann::json& etcdEvent, CachedObject known,
                              CachedObject written = nullptr);

private:
    // One version of an object in the history, as etcd stored it: its text is a fifth of
    // what the decoded object takes, and the history holds many of them while only the
    // newest version of each object is in the cache. Immutable once made.
    struct StoredVersion
    {
        std::string value;
        std::int64_t modRevision = 0;
        // The decoded object, while anything still holds it (the cache, a watcher).
        std::weak_ptr<const nlohmann::json> decoded;
        // The object as the cache gave it out: the decoded one if alive, else decoded anew.
        CachedObject object() const;
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

    void remember(const CacheEvent& ce, const nlohmann::json& etcdEvent);
    void dispatch(const CacheEvent& e, WatchSink& sink);
    void catchUp(const std::string& id, CacheWatcher& w, WatchSink& sink);

    size_t m_historyLimit;
    std::map<std::string, CachedObject> m_objects;
    std::int64_t m_revision = 0;
    // etcd key -> the revision the API server last wrote it at and the object it wrote
    // there, resourceVersion set: what decoding etcd's value would give, already decoded.
    // Taken when the registry watch brings that revision; dropped when it brings a later one.
    std::map<std::string, std::pair<std::int64_t, CachedObject>> m_written;
    std::deque<HistoryEvent> m_history; // recent events for watches that resume
    // Each key's newest version in m_history, so that the next event's previous version
    // shares its text (keys whose versions all left the history are dropped).
    std::unordered_map<std::string, std::weak_ptr<const StoredVersion>> m_newestStored;
    std::map<std::string, CacheWatcher> m_watchers; // "client/id"
    // Watchers by kind and, for pods watched with spec.nodeName=NODE (every kubelet's
    // watch), by that node: kube-apiserver's watch-cache trigger index, so an event is
    // checked against the watchers that could want it instead of all of them.
    std::map<const model::KindInfo*, std::map<std::string, std::set<std::string>>> m_watchIndex;
    std::set<std::string> m_waiting; // not started: waiting for the cache to catch up
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
