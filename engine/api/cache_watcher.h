#pragma once
// One client's watch as the watch cache serves it, as kube-apiserver's cacheWatcher
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go): the request parsed
// once, the revision it has seen up to, and the filter that turns a cache event into what
// this watcher sees (an object leaving its selector is DELETED for it).
// Called by WatchCache (live events, catching up) and by ApiServer (the watches of kinds
// the cache leaves out, served from etcd). It sends nothing itself: events go to a
// WatchSink, which the API server turns into api.watch.event messages.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/field_selector.h"
#include "engine/api/request.h"
#include "engine/model/kinds.h"
#include "engine/model/selector.h"

namespace kubelab::api {

// A change to one object, as the watch cache hands it to watchers.
struct CacheEvent
{
    std::int64_t revision = 0;
    std::string type; // ADDED, MODIFIED, DELETED
    std::string key;
    std::shared_ptr<const nlohmann::json> object;   // shared with every watcher
    std::shared_ptr<const nlohmann::json> previous; // null for ADDED
};

// Where watch events go. The API server sends each to `client` as an api.watch.event
// message with `body` and the shared `object` (null when the body carries the object).
class WatchSink
{
public:
    virtual void send(const std::string& client, nlohmann::json body,
                      std::shared_ptr<const nlohmann::json> object) = 0;

protected:
    ~WatchSink() = default;
};

struct CacheWatcher
{
    // Parses the request's selectors, which the caller has checked.
    CacheWatcher(std::string client, std::string watchId, const Request& request,
                 nlohmann::json requestId);

    // Whether `object` (at etcd key `key`) is in this watch: its kind, namespace, name and
    // selectors.
    bool wants(const std::string& key, const nlohmann::json& object) const;
    // Sends `e` as this watcher sees it: MODIFIED while the object stays in the watch,
    // ADDED when it enters, DELETED when it is deleted or leaves; nothing otherwise.
    void deliver(WatchSink& sink, const CacheEvent& e) const;
    // Sends one event of `type` carrying `object`.
    void send(WatchSink& sink, const char* type,
              std::shared_ptr<const nlohmann::json> object) const;
    // As with WatchList (sendInitialEvents), a bookmark marks the end of the initial state,
    // so informers know they have synced.
    void sendInitialEventsEnd(WatchSink& sink, std::int64_t revision) const;
    // Ends the watch with an ERROR event carrying `status`.
    void sendError(WatchSink& sink, nlohmann::json status) const;

    std::string client;
    std::string watchId; // "w3": the id the client knows the watch by
    Request request;
    const model::KindInfo* kind = nullptr;
    std::optional<model::LabelSelector> labels;
    std::optional<FieldSelector> fields;
    std::int64_t startRevision = 0; // deliver events after this revision
    bool started = false;
    nlohmann::json requestId; // the client's request id, echoed in every event
};

} // namespace kubelab::api
