#pragma once
// Base of the controllers the ControllerManager hosts. A controller reacts to informer
// events by queueing keys, reconciles one key at a time from the caches (ControllerHost),
// and writes only through host.call(). Its state is plain data so the manager copies
// with it for checkpoints.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/controllers/controller_host.h"
#include "engine/controllers/work_queue.h"

namespace kubelab::controllers {

class Controller
{
public:
    virtual ~Controller() = default;

    // The Events' source.component and the tag routing responses back here.
    virtual std::string name() const = 0;
    // Informer event (ADDED/MODIFIED/DELETED); `previous` is null for ADDED.
    virtual void onWatchEvent(const ControllerHost& host, const std::string& informer,
                              const std::string& type, const nlohmann::json& object,
                              const nlohmann::json& previous) = 0;
    // After a watch event has gone to every controller, with the context to set timers
    // (delayed queueing); most controllers need none.
    virtual void afterWatchEvent(ControllerHost&, sim::Context&) {}
    // All caches synced: queue everything this controller owns.
    virtual void onSynced(const ControllerHost& host) = 0;
    virtual void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) = 0;
    virtual void onResponse(ControllerHost&, sim::Context&, const nlohmann::json& /*tag*/,
                            const api::Response&)
    {}
    // The manager's periodic tick (node-monitor-period); most controllers ignore it.
    virtual void onTick(ControllerHost&, sim::Context&) {}

    WorkQueue& queue() { return m_queue; }
    const WorkQueue& queue() const { return m_queue; }

protected:
    // A write for `key` failed: look again after the queue's rate-limited delay
    // (client-go's AddRateLimited), never at once. The manager forgets a key's failures
    // when a reconcile of it needs no write.
    void retry(ControllerHost& host, sim::Context& ctx, const std::string& key)
    {
        host.requeueAfter(ctx, name(), key, m_queue.rateLimiter().when(key, ctx.now()));
    }

    WorkQueue m_queue;
};

} // namespace kubelab::controllers
