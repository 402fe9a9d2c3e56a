#include "engine/controllers/controller_manager.h"

namespace kubelab::controllers {

using nlohmann::json;

namespace {

client::InformerSpec watchOf(std::string group, std::string resource, std::string ns = {})
{
    client::InformerSpec spec;
    spec.group = std::move(group);
    spec.resource = std::move(resource);
    spec.ns = std::move(ns);
    spec.indexControllers = true; // the controllers list children by owner
    return spec;
}

} // namespace

ControllerManager::ControllerManager(std::string name, std::string apiServer)
    : ActorBase(std::move(name), std::move(apiServer), "kube-controller-manager")
{
    addInformer("pods", watchOf("", "pods"));
    addInformer("nodes", watchOf("", "nodes"));
    addInformer("namespaces", watchOf("", "namespaces"));
    addInformer("leases", watchOf("coordination.k8s.io", "leases", "kube-node-lease"));
    addInformer("replicasets", watchOf("apps", "replicasets"));
    addInformer("deployments", watchOf("apps", "deployments"));
    addInformer("statefulsets", watchOf("apps", "statefulsets"));
    addInformer("daemonsets", watchOf("apps", "daemonsets"));
    addInformer("jobs", watchOf("batch", "jobs"));
    addInformer("persistentvolumes", watchOf("", "persistentvolumes"));
    addInformer("persistentvolumeclaims", watchOf("", "persistentvolumeclaims"));
    addInformer("storageclasses", watchOf("storage.k8s.io", "storageclasses"));
    addInformer("services", watchOf("", "services"));
    addInformer("endpointslices", watchOf("discovery.k8s.io", "endpointslices"));
}

std::vector<Controller*> ControllerManager::controllers()
{
    return {&m_nodeLifecycle, &m_taintEviction,     &m_deployments, &m_replicaSets,
            &m_statefulSets,  &m_daemonSets,        &m_jobs,        &m_garbageCollector,
            &m_namespaces,    &m_persistentVolumes, &m_localPath,   &m_endpointSlices};
}

Controller* ControllerManager::controller(const std::string& name)
{
    for (Controller* c : controllers())
        if (c->name() == name)
            return c;
    return nullptr;
}

const client::Informer& ControllerManager::cache(const std::string& id) const
{
    const client::Informer* inf = informer(id);
    return inf ? *inf : m_empty;
}

void ControllerManager::call(sim::Context& ctx, const std::string& controller, api::Request request,
                             json tag, bool routine)
{
    tag["ctl"] = controller;
    ++m_callsThisReconcile;
    request.user = "system:serviceaccount:kube-system:" + controller;
    request.userAgent = "kube-controller-manager/" + controller;
    Component::request(ctx, std::move(request), std::move(tag), routine);
}

void ControllerManager::event(sim::Context& ctx, const std::string& component, const json& involved,
                              const std::string& type, const std::string& reason,
                              const std::string& message)
{
    recordEvent(ctx, involved, type, reason, message, {}, component);
}

void ControllerManager::requeueAfter(sim::Context& ctx, const std::string& controller,
                                     const std::string& key, sim::Duration after, bool periodic)
{
    // client-go's delaying queue: a key waits once, for the earliest time asked; a later
    // request while it waits changes nothing, an earlier one moves it forward.
    const sim::Time readyAt = ctx.now() + after;
    auto [it, added] = m_waiting.try_emplace(controller + '\n' + key, readyAt);
    // (A time already past is a timer lost while the manager was stopped: asked anew.)
    if (!added && it->second >= ctx.now() && it->second <= readyAt)
        return;
    it->second = readyAt;
    ctx.timer(after, "timer.requeue", {{"ctl", controller}, {"key", key}, {"at", readyAt}},
              periodic);
}

void ControllerManager::scheduleIfQueued(sim::Context& ctx)
{
    if (!allSynced())
        return;
    for (Controller* c : controllers())
        if (!c->queue().empty()) {
            scheduleWork(ctx);
            return;
        }
}

void ControllerManager::onStart(sim::Context& ctx)
{
    ctx.timer(kMonitorPeriod, "timer.monitor", json::object(), true);
}

void ControllerManager::onSynced(sim::Context& ctx)
{
    for (Controller* c : controllers())
        c->onSynced(*this);
    scheduleIfQueued(ctx);
}

void ControllerManager::onWatchEvent(sim::Context& ctx, const std::string& informerId,
                                     const std::string& type, const json& object,
                                     const json& previous)
{
    for (Controller* c : controllers())
        c->onWatchEvent(*this, informerId, type, object, previous);
    for (Controller* c : controllers())
        c->afterWatchEvent(*this, ctx);
    scheduleIfQueued(ctx);
}

void ControllerManager::onResponse(sim::Context& ctx, const json& tag,
                                   const api::Response& response)
{
    if (Controller* c = controller(tag.value("ctl", "")))
        c->onResponse(*this, ctx, tag, response);
    scheduleIfQueued(ctx);
}

void ControllerManager::onTimer(sim::Context& ctx, const sim::Message& message)
{
    if (message.kind == "timer.monitor") {
        ctx.timer(kMonitorPeriod, "timer.monitor", json::object(), true);
        ctx.describe("controller.monitor", "", name() + ": node monitor tick");
        if (allSynced())
            for (Controller* c : controllers())
                c->onTick(*this, ctx);
        scheduleIfQueued(ctx);
        return;
    }
    if (message.kind == "timer.requeue") {
        const std::string key = message.body.value("key", "");
        const std::string ctl = message.body.value("ctl", "");
        auto waiting = m_waiting.find(ctl + '\n' + key);
        if (waiting == m_waiting.end() ||
            waiting->second != message.body.value("at", sim::Time(0))) {
            ctx.describe("controller.requeue", key,
                         ctl + ": " + key + " was requeued for another time: nothing to do");
            return;
        }
        m_waiting.erase(waiting);
        if (Controller* c = controller(ctl)) {
            c->queue().add(key);
            ctx.describe("controller.requeue", key,
                         c->name() + ": " + key + " is due for another look");
        }
        scheduleIfQueued(ctx);
    }
}

void ControllerManager::onWork(sim::Context& ctx)
{
    if (!allSynced())
        return;
    for (Controller* c : controllers()) {
        if (auto key = c->queue().pop()) {
            m_callsThisReconcile = 0;
            c->reconcile(*this, ctx, *key);
            // Nothing left to write: the sync succeeded (client-go's Forget).
            if (m_callsThisReconcile == 0)
                c->queue().rateLimiter().forget(*key);
            break;
        }
    }
    scheduleIfQueued(ctx);
}

} // namespace kubelab::controllers
