#include "engine/api/cache_watcher.h"

#include "engine/api/watch_cache.h"

namespace kubelab::api {

using nlohmann::json;

CacheWatcher::CacheWatcher(std::string from, std::string id, const Request& req, json reqId)
    : client(std::move(from)), watchId(std::move(id)), request(req),
      kind(model::kindByResource(req.group, req.resource)), requestId(std::move(reqId))
{
    if (!req.labelSelector.empty())
        labels = model::LabelSelector::parse(req.labelSelector);
    if (!req.fieldSelector.empty())
        fields = FieldSelector::parse(req.fieldSelector, kind->kind, nullptr);
}

bool CacheWatcher::wants(const std::string& key, const json& object) const
{
    if (!object.is_object() || !kind || kindForKey(key) != kind)
        return false;
    const json& meta = object["metadata"];
    if (!request.ns.empty() && meta.value("namespace", "") != request.ns)
        return false;
    if (!request.name.empty() && meta.value("name", "") != request.name)
        return false;
    if (labels && !labels->matches(meta.contains("labels") ? meta["labels"] : json()))
        return false;
    if (fields && !fields->matches(object))
        return false;
    return true;
}

void CacheWatcher::deliver(WatchSink& sink, const CacheEvent& e) const
{
    const bool now = e.type != "DELETED" && e.object && wants(e.key, *e.object);
    const bool before = e.previous && wants(e.key, *e.previous);
    const char* type = nullptr;
    if (e.type == "DELETED")
        type = before ? "DELETED" : nullptr;
    else if (now && before)
        type = "MODIFIED";
    else if (now)
        type = "ADDED";
    else if (before)
        type = "DELETED"; // it left the selector: watchers see it go
    if (type)
        send(sink, type, e.object);
}

void CacheWatcher::send(WatchSink& sink, const char* type, std::shared_ptr<const json> object) const
{
    sink.send(client, {{"watch_id", watchId}, {"request_id", requestId}, {"type", type}},
              std::move(object));
}

void CacheWatcher::sendInitialEventsEnd(WatchSink& sink, std::int64_t revision) const
{
    sink.send(client,
              {{"watch_id", watchId},
               {"request_id", requestId},
               {"type", "BOOKMARK"},
               {"object",
                {{"metadata",
                  {{"resourceVersion", std::to_string(revision)},
                   {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}}}},
              nullptr);
}

void CacheWatcher::sendError(WatchSink& sink, json status) const
{
    sink.send(client,
              {{"watch_id", watchId},
               {"request_id", requestId},
               {"type", "ERROR"},
               {"object", std::move(status)}},
              nullptr);
}

} // namespace kubelab::api
