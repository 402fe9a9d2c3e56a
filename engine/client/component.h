#pragma once
// Base of every in-cluster component that talks to the API server (controller manager,
// scheduler, kubelet): informers fed by watches, asynchronous API requests whose
// responses come back tagged, a coalescing work timer, and Event recording. All state is
// data, so components clone for checkpoints.
//
// A derived component registers informers in its constructor, then reacts in
// onWatchEvent / onResponse / onTimer / onWork. Writes go only through request().
#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/client/informer.h"
#include "engine/sim/actor.h"

namespace kubelab::client {

class Component : public sim::Actor
{
public:
    Component(std::string name, std::string apiServer, std::string componentName);

    void start(sim::Context& ctx) final;
    void receive(sim::Context& ctx, const sim::Message& message) final;

    const std::string& apiServer() const { return m_apiServer; }
    // The name written as an Event's source.component ("replicaset-controller", ...).
    const std::string& componentName() const { return m_component; }
    const Informer* informer(const std::string& id) const;
    bool allSynced() const;
    // A stopped component ignores every message until started again (faults).
    bool running() const { return m_running; }

protected:
    void addInformer(const std::string& id, InformerSpec spec);
    Informer& informerRef(const std::string& id) { return m_informers.at(id); }

    // Sends an API request; `tag` comes back with the response in onResponse. A write
    // (create, update, patch, delete) counts as activity for `settle` unless `routine`
    // (heartbeats, status refreshes that change nothing a learner waits for).
    std::uint64_t request(sim::Context& ctx, api::Request request,
                          nlohmann::json tag = nlohmann::json::object(), bool routine = false);
    // Asks for onWork() after `delay` (coalesced: one pending work timer at a time).
    void scheduleWork(sim::Context& ctx, sim::Duration delay = 0);
    // Records a core/v1 Event about `involved` (an object), aggregating repeats into a
    // count as client-go's event correlator does. type: "Normal" or "Warning".
    // `component` overrides source.component (a controller inside the manager).
    void recordEvent(sim::Context& ctx, const nlohmann::json& involved, const std::string& type,
                     const std::string& reason, const std::string& message,
                     const std::string& fieldPath = {}, const std::string& component = {});
    // Host written into Events' source.host (kubelets set their node).
    void setEventHost(std::string host) { m_eventHost = std::move(host); }

    // Hooks. The default trace line for each event is set before the hook runs; a hook
    // may replace it with ctx.describe().
    virtual void onStart(sim::Context&) {}
    virtual void onWatchEvent(sim::Context&, const std::string& /*informerId*/,
                              const std::string& /*type*/, const nlohmann::json& /*object*/,
                              const nlohmann::json& /*previous*/)
    {}
    virtual void onSynced(sim::Context&) {}
    virtual void onResponse(sim::Context&, const nlohmann::json& /*tag*/,
                            const api::Response& /*response*/)
    {}
    virtual void onTimer(sim::Context&, const sim::Message&) {}
    virtual void onWork(sim::Context&) {}
    // Messages that are neither API traffic nor timers (e.g. CRI replies).
    virtual void onMessage(sim::Context&, const sim::Message&) {}

    // Fault control: a stopped component drops its informers; starting it again re-lists.
    void stopComponent(sim::Context& ctx);
    void startComponent(sim::Context& ctx);

private:
    void openWatches(sim::Context& ctx);

    std::string m_apiServer;
    std::string m_component;
    std::string m_eventHost;
    std::map<std::string, Informer> m_informers;
    std::map<std::uint64_t, nlohmann::json> m_pending;    // request id -> tag
    std::map<std::uint64_t, std::string> m_watchRequests; // request id -> informer id
    std::uint64_t m_nextRequest = 1;
    bool m_workScheduled = false;
    bool m_running = true;
    bool m_announcedSync = false;
    std::uint64_t m_epoch = 0; // bumps on restart so stale replies are ignored
    struct EventRecord
    {
        std::uint64_t suffix = 0; // the Event's name is the object's name, ".", this in hex
        std::int64_t count = 0;
        std::uint64_t lastUsed = 0; // key in m_eventUse
    };
    // The key client-go's event logger correlates by (source, object, type, reason,
    // message), held as 128 bits of its SHA-256: a kubelet keeps one per event of every pod
    // on its node, and the text would be most of what it holds.
    using EventKey = std::pair<std::uint64_t, std::uint64_t>;
    // Correlation key -> Event written, for the most recently used kEventCacheSize keys
    // (client-go's event correlator keeps an LRU cache of 4096, maxLruCacheEntries).
    static constexpr std::size_t kEventCacheSize = 4096;
    static EventKey eventKey(std::initializer_list<std::string_view> parts);
    struct EventKeyHash
    {
        std::size_t operator()(const EventKey& k) const { return std::size_t(k.first); }
    };
    std::unordered_map<EventKey, EventRecord, EventKeyHash> m_events;
    // Use order -> correlation key, built when the cache first fills (from each record's
    // lastUsed) and kept from then on: a kubelet, with a few events per pod on its node,
    // seldom fills it and so never pays for the order.
    std::map<std::uint64_t, EventKey> m_eventUse;
    std::uint64_t m_eventUses = 0;
    std::uint64_t m_eventsWritten = 0; // new Events, for unique names
};

} // namespace kubelab::client
