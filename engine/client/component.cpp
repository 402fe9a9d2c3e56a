#include "engine/client/component.h"

#include <cstdio>

#include "engine/model/json_view.h"
#include "engine/model/kinds.h"
#include "engine/sim/time.h"
#include "engine/sim/trace.h"

namespace kubelab::client {

using nlohmann::json;

Component::Component(std::string name, std::string apiServer, std::string componentName)
    : Actor(std::move(name)), m_apiServer(std::move(apiServer)),
      m_component(std::move(componentName))
{}

void Component::addInformer(const std::string& id, InformerSpec spec)
{
    m_informers.emplace(id, Informer(std::move(spec)));
}

const Informer* Component::informer(const std::string& id) const
{
    auto it = m_informers.find(id);
    return it == m_informers.end() ? nullptr : &it->second;
}

bool Component::allSynced() const
{
    for (const auto& [id, inf] : m_informers)
        if (!inf.synced())
            return false;
    return true;
}

void Component::start(sim::Context& ctx)
{
    openWatches(ctx);
    onStart(ctx);
}

void Component::openWatches(sim::Context& ctx)
{
    for (auto& [id, inf] : m_informers) {
        inf.reset();
        api::Request r;
        r.verb = "watch";
        r.group = inf.spec().group;
        r.version = inf.spec().version;
        r.resource = inf.spec().resource;
        r.ns = inf.spec().ns;
        r.labelSelector = inf.spec().labelSelector;
        r.fieldSelector = inf.spec().fieldSelector;
        r.user = "system:" + m_component;
        r.userAgent = m_component;
        const std::uint64_t rid = request(ctx, r, {{"watch", id}});
        m_watchRequests[rid] = id;
    }
    m_announcedSync = m_informers.empty();
}

std::uint64_t Component::request(sim::Context& ctx, api::Request request, json tag, bool routine)
{
    if (!routine && request.verb != "get" && request.verb != "list" && request.verb != "watch")
        ctx.activity();
    const std::uint64_t id = (m_epoch << 32) | m_nextRequest++;
    auto payload = std::make_shared<api::RequestPayload>(std::move(request));
    api::Request& r = payload->request;
    if (r.user == "kubernetes-admin")
        r.user = "system:" + m_component;
    if (r.userAgent == "kubectl")
        r.userAgent = m_component;
    m_pending[id] = std::move(tag);
    ctx.send(m_apiServer, "api.request", json{{"id", id}},
             std::shared_ptr<const sim::Payload>(std::move(payload)));
    return id;
}

void Component::scheduleWork(sim::Context& ctx, sim::Duration delay)
{
    if (m_workScheduled)
        return;
    m_workScheduled = true;
    ctx.timer(delay, "timer.work", {{"epoch", m_epoch}});
}

void Component::stopComponent(sim::Context& ctx)
{
    m_running = false;
    ++m_epoch;
    m_pending.clear();
    m_watchRequests.clear();
    m_workScheduled = false;
    for (auto& [id, inf] : m_informers)
        inf.reset();
    (void)ctx;
}

void Component::startComponent(sim::Context& ctx)
{
    m_running = true;
    ++m_epoch;
    openWatches(ctx);
    onStart(ctx);
}

void Component::receive(sim::Context& ctx, const sim::Message& m)
{
    if (!m_running && m.kind != "fault.start") {
        ctx.describe("stopped", m.from, name() + " is stopped: dropped " + m.kind);
        return;
    }
    if (m.kind == "fault.stop") {
        stopComponent(ctx);
        ctx.describe("fault", "", name() + " stopped");
        return;
    }
    if (m.kind == "fault.start") {
        if (m_running) {
            ctx.describe("fault", "", name() + " is already running");
            return;
        }
        startComponent(ctx);
        ctx.describe("fault", "", name() + " started again: re-listing and watching");
        return;
    }
    if (m.kind == "api.watch.event") {
        const std::uint64_t rid = m.body.value("request_id", std::uint64_t(0));
        auto w = m_watchRequests.find(rid);
        if (w == m_watchRequests.end()) {
            ctx.describe("api.watch.event", m.from, "stale watch event ignored");
            return;
        }
        Informer& inf = m_informers.at(w->second);
        const std::string type = m.body.value("type", "");
        if (type == "BOOKMARK") {
            inf.markSynced();
            ctx.describe("informer.synced", w->second,
                         name() + ": " + w->second + " informer synced (" +
                             std::to_string(inf.objects().size()) + " objects)");
            if (!m_announcedSync && allSynced()) {
                m_announcedSync = true;
                onSynced(ctx);
            }
            return;
        }
        SharedObject object =
            m.object ? m.object : std::make_shared<const json>(m.body.value("object", json()));
        SharedObject previous;
        const std::string key = inf.apply(type, object, &previous);
        ctx.describe("informer.event", w->second + "/" + key,
                     name() + " sees " + type + " " + object->value("kind", w->second) + " " + key);
        static const json kNone;
        onWatchEvent(ctx, w->second, type, *object, previous ? *previous : kNone);
        return;
    }
    if (m.kind == "api.response") {
        const std::uint64_t id = m.body.value("id", std::uint64_t(0));
        auto it = m_pending.find(id);
        if (it == m_pending.end()) {
            ctx.describe("api.response", m.from, "stale response ignored");
            return;
        }
        json tag = std::move(it->second);
        m_pending.erase(it);
        api::Response r = api::Response::fromMessage(m);
        if (tag.contains("watch")) {
            ctx.describe("api.watch", m.from,
                         name() + " watching " + tag["watch"].get<std::string>() +
                             (r.ok() ? "" : " failed: " + r.body.value("message", "")));
            return;
        }
        if (tag.contains("event")) {
            ctx.describe("event.recorded", m.from,
                         name() + " recorded Event " + tag["event"].get<std::string>() + " (" +
                             std::to_string(r.code) + ")");
            return;
        }
        ctx.describe("api.response", m.from,
                     name() + " got " + std::to_string(r.code) +
                         (tag.contains("what") ? " for " + tag["what"].get<std::string>() : ""));
        onResponse(ctx, tag, r);
        return;
    }
    if (m.kind == "timer.work") {
        if (m.body.value("epoch", std::uint64_t(0)) != m_epoch)
            return;
        m_workScheduled = false;
        ctx.describe("work", "", name() + " works its queue");
        onWork(ctx);
        return;
    }
    if (m.kind.rfind("timer.", 0) == 0) {
        ctx.describe(m.kind, "", name() + " " + m.kind.substr(6));
        onTimer(ctx, m);
        return;
    }
    onMessage(ctx, m);
}

Component::EventKey Component::eventKey(std::initializer_list<std::string_view> parts)
{
    // Each part after its length, so that ("ab","c") and ("a","bc") differ; the first 128
    // bits of the SHA-256 the trace uses.
    std::string framed;
    for (std::string_view part : parts)
        framed.append(std::to_string(part.size())).append(":").append(part);
    const std::string hex = sim::sha256Hex(framed);
    return {std::stoull(hex.substr(0, 16), nullptr, 16),
            std::stoull(hex.substr(16, 16), nullptr, 16)};
}

void Component::recordEvent(sim::Context& ctx, const json& involved, const std::string& type,
                            const std::string& reason, const std::string& message,
                            const std::string& fieldPath, const std::string& component)
{
    const std::string source = component.empty() ? m_component : component;
    const json& meta = model::objectAt(involved, "metadata");
    const std::string uid = meta.value("uid", "");
    const std::string ns =
        meta.value("namespace", "").empty() ? "default" : meta.value("namespace", "");
    const std::string stamp = sim::formatTimestamp(ctx.now());
    const EventKey correlation =
        eventKey({source, m_eventHost, involved.value("kind", ""), ns, meta.value("name", ""),
                  fieldPath, uid, involved.value("apiVersion", ""), type, reason, message});
    auto eventName = [&meta](std::uint64_t suffix) {
        char hex[32];
        std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(suffix));
        return meta.value("name", "") + "." + hex;
    };
    auto it = m_events.find(correlation);
    if (it != m_events.end()) {
        ++it->second.count;
        const std::uint64_t before = it->second.lastUsed;
        it->second.lastUsed = ++m_eventUses;
        if (!m_eventUse.empty()) {
            m_eventUse.erase(before);
            m_eventUse[m_eventUses] = correlation;
        }
        api::Request r;
        r.verb = "patch";
        r.resource = "events";
        r.ns = ns;
        r.name = eventName(it->second.suffix);
        r.patchType = "application/merge-patch+json";
        r.body = {{"count", it->second.count}, {"lastTimestamp", stamp}};
        request(ctx, std::move(r), {{"event", reason}});
        return;
    }
    const std::uint64_t suffix =
        std::uint64_t(sim::kEpochUnixSeconds * sim::kSecond + ctx.now()) + m_eventsWritten;
    json ref = {{"kind", involved.value("kind", "")},
                {"name", meta.value("name", "")},
                {"apiVersion", involved.value("apiVersion", "")}};
    if (!meta.value("namespace", "").empty())
        ref["namespace"] = meta.value("namespace", "");
    if (!uid.empty())
        ref["uid"] = uid;
    if (!meta.value("resourceVersion", "").empty())
        ref["resourceVersion"] = meta.value("resourceVersion", "");
    if (!fieldPath.empty())
        ref["fieldPath"] = fieldPath;
    json sourceJson = {{"component", source}};
    if (!m_eventHost.empty())
        sourceJson["host"] = m_eventHost;
    api::Request r;
    r.verb = "create";
    r.resource = "events";
    r.ns = ns;
    r.body = {{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", eventName(suffix)}, {"namespace", ns}}},
              {"involvedObject", ref},
              {"reason", reason},
              {"message", message},
              {"source", sourceJson},
              {"firstTimestamp", stamp},
              {"lastTimestamp", stamp},
              {"count", 1},
              {"type", type},
              {"eventTime", nullptr},
              {"reportingComponent", source},
              {"reportingInstance", m_eventHost.empty() ? name() : m_eventHost}};
    ++m_eventsWritten;
    if (m_events.size() >= kEventCacheSize) {
        if (m_eventUse.empty())
            for (const auto& [key, record] : m_events)
                m_eventUse[record.lastUsed] = key;
        m_events.erase(m_eventUse.begin()->second); // the least recently used
        m_eventUse.erase(m_eventUse.begin());
    }
    m_events[correlation] = EventRecord{suffix, 1, ++m_eventUses};
    if (!m_eventUse.empty())
        m_eventUse[m_eventUses] = correlation;
    request(ctx, std::move(r), {{"event", reason}});
}

} // namespace kubelab::client
