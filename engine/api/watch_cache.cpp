#include "engine/api/watch_cache.h"

#include <algorithm>

#include "engine/model/json_view.h"

namespace kubelab::api {

using nlohmann::json;

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

namespace {
// What a watcher sees of a deleted object: its last version at the deleting revision.
std::shared_ptr<const json> deletedObject(const json& last, std::int64_t revision)
{
    json gone = last;
    stampRevision(gone, revision);
    return std::make_shared<const json>(std::move(gone));
}

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

std::string watchTrigger(const CacheWatcher& w)
{
    const char* field = triggerField(w.kind);
    if (!field || !w.fields)
        return {};
    for (const FieldSelector::Term& t : w.fields->terms())
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

WatchCache::WatchCache(size_t historyLimit) : m_historyLimit(historyLimit) {}

std::int64_t WatchCache::oldestRevision() const
{
    return m_history.empty() ? m_revision : m_history.front().revision - 1;
}

void WatchCache::keepWritten(const std::string& key, std::int64_t revision, CachedObject object)
{
    // Bounded, should the registry watch stop bringing writes back (it only saves work).
    if (m_written.size() >= 4096)
        m_written.clear();
    m_written[key] = {revision, std::move(object)};
}

WatchCache::Applied WatchCache::apply(const json& events, WatchSink& sink)
{
    Applied applied;
    for (const auto& ej : events) {
        const json& kv = model::objectAt(ej, "kv");
        const std::string key(model::stringAt(kv, "key"));
        if (!watchCached(kindForKey(key))) {
            // Not cached: only the revision counts, so that the cache knows how far
            // etcd's stream has come (a consistent list waits for it).
            m_revision = std::max(m_revision, kv.value("mod_revision", std::int64_t(0)));
            ++applied.uncached;
            applied.lastUncached = key;
            continue;
        }
        // The previous object is the one the cache holds (decoded from the same etcd
        // value at the previous event).
        auto cached = m_objects.find(key);
        CachedObject written;
        if (auto w = m_written.find(key); w != m_written.end()) {
            const std::int64_t revision = kv.value("mod_revision", std::int64_t(0));
            if (w->second.first == revision) // eventOf leaves it aside for a delete
                written = std::move(w->second.second);
            if (w->second.first <= revision)
                m_written.erase(w);
        }
        CacheEvent ce =
            eventOf(ej, cached != m_objects.end() ? cached->second : nullptr, std::move(written));
        if (ce.type == "DELETED")
            m_objects.erase(ce.key);
        else
            m_objects[ce.key] = ce.object;
        m_revision = std::max(m_revision, ce.revision);
        remember(ce, ej);
        dispatch(ce, sink);
        ++applied.cached;
        applied.last = ce.type + " " + ce.key;
    }
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        const std::string id = *it++; // catchUp starts it: it leaves the set
        CacheWatcher& w = m_watchers.at(id);
        if (w.startRevision <= m_revision)
            catchUp(id, w, sink);
    }
    return applied;
}

CacheEvent WatchCache::eventOf(const json& ej, CachedObject known, CachedObject written)
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

void WatchCache::remember(const CacheEvent& ce, const json& etcdEvent)
{
    auto stored = [](const json& kv, const CachedObject& decoded) {
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
    while (m_history.size() > m_historyLimit) {
        const std::string key = std::move(m_history.front().key);
        m_history.pop_front();
        auto newest = m_newestStored.find(key);
        if (newest != m_newestStored.end() && newest->second.expired())
            m_newestStored.erase(newest);
    }
}

WatchCache::CachedObject WatchCache::StoredVersion::object() const
{
    if (auto alive = decoded.lock())
        return alive;
    return std::make_shared<const json>(objectFromValue(value, modRevision));
}

CacheEvent WatchCache::HistoryEvent::event() const
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

void WatchCache::addWatcher(const std::string& id, CacheWatcher watcher, WatchSink& sink)
{
    removeWatcher(id);
    m_watchIndex[watcher.kind][watchTrigger(watcher)].insert(id);
    const bool waits = !watcher.started;
    if (waits)
        m_waiting.insert(id);
    CacheWatcher& w = m_watchers.emplace(id, std::move(watcher)).first->second;
    if (waits && w.startRevision <= m_revision)
        catchUp(id, w, sink);
}

void WatchCache::removeWatcher(const std::string& id)
{
    auto it = m_watchers.find(id);
    if (it == m_watchers.end())
        return;
    m_watchIndex[it->second.kind][watchTrigger(it->second)].erase(id);
    m_waiting.erase(id);
    m_watchers.erase(it);
}

CacheWatcher* WatchCache::watcher(const std::string& id)
{
    auto it = m_watchers.find(id);
    return it == m_watchers.end() ? nullptr : &it->second;
}

void WatchCache::dispatch(const CacheEvent& e, WatchSink& sink)
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
    for (const std::string& id : candidates) {
        const CacheWatcher& w = m_watchers.at(id);
        if (w.started && e.revision > w.startRevision)
            w.deliver(sink, e);
    }
}

void WatchCache::catchUp(const std::string& id, CacheWatcher& w, WatchSink& sink)
{
    m_waiting.erase(id);
    if (w.startRevision < 0) {
        const std::string prefix = w.kind ? w.kind->registryPrefix() + "/" : std::string();
        for (auto it = m_objects.lower_bound(prefix);
             it != m_objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
            if (w.wants(it->first, *it->second))
                w.send(sink, "ADDED", it->second);
        w.sendInitialEventsEnd(sink, m_revision);
        w.startRevision = m_revision;
        w.started = true;
        return;
    }
    w.started = true;
    for (const auto& e : m_history)
        if (e.revision > w.startRevision)
            w.deliver(sink, e.event()); // replay through the same filter as live events
    w.startRevision = m_revision;
}

} // namespace kubelab::api
