#include "engine/scheduler/scheduler.h"

#include "engine/model/json_view.h"
#include "engine/model/priority.h"
#include "engine/scheduler/plugins/default_binder.h"
#include "engine/scheduler/plugins/inter_pod_affinity.h"
#include "engine/scheduler/plugins/node_ports.h"
#include "engine/scheduler/plugins/node_resources_fit.h"
#include "engine/scheduler/plugins/pod_topology_spread.h"
#include "engine/scheduler/plugins/volume_binding.h"
#include "engine/sim/time.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

const char* const kSchedulerName = "default-scheduler";

bool terminal(const json& pod)
{
    const std::string_view phase = model::stringAtPath(pod, "status.phase");
    return phase == "Succeeded" || phase == "Failed";
}

// What a cycle reads from a pod; status-only writes (our own condition patches) must
// not send a parked pod back to the queue.
json schedulingRelevant(const json& pod)
{
    if (!pod.is_object())
        return json();
    const json& meta = model::objectAt(pod, "metadata");
    return {{"spec", model::objectAt(pod, "spec")},
            {"labels", model::objectAt(meta, "labels")},
            {"deleting", meta.contains("deletionTimestamp")}};
}

// What nodeSchedulingPropertiesChange compares (v1.31); image lists and heartbeats
// change nothing a filter reads.
json nodeRelevant(const json& node)
{
    if (!node.is_object())
        return json();
    const json& status = model::objectAt(node, "status");
    return {{"labels", model::objectAtPath(node, "metadata.labels")},
            {"spec", model::objectAt(node, "spec")},
            {"allocatable", model::objectAt(status, "allocatable")}};
}

// Cluster events and the plugins whose rejections they can undo (EventsToRegister).
const std::set<std::string>& assignedPodDeleted()
{
    static const std::set<std::string> s = {NodeResourcesFit::kName, NodePorts::kName,
                                            InterPodAffinity::kName, PodTopologySpread::kName};
    return s;
}

const std::set<std::string>& assignedPodAdded()
{
    static const std::set<std::string> s = {InterPodAffinity::kName, PodTopologySpread::kName};
    return s;
}

} // namespace

Scheduler::Scheduler(std::string name, std::string apiServer)
    : ActorBase(std::move(name), std::move(apiServer), kSchedulerName)
{
    auto spec = [](const char* group, const char* resource) {
        client::InformerSpec s;
        s.group = group;
        s.resource = resource;
        return s;
    };
    addInformer("pods", spec("", "pods"));
    addInformer("nodes", spec("", "nodes"));
    addInformer("priorityclasses", spec("scheduling.k8s.io", "priorityclasses"));
    addInformer("persistentvolumeclaims", spec("", "persistentvolumeclaims"));
    addInformer("persistentvolumes", spec("", "persistentvolumes"));
    addInformer("storageclasses", spec("storage.k8s.io", "storageclasses"));
}

StorageListers Scheduler::storage() const
{
    return {informer("persistentvolumeclaims"), informer("persistentvolumes"),
            informer("storageclasses")};
}

void Scheduler::onStorageEvent(sim::Context& ctx)
{
    // PreBind's wait: pods whose claims are now all bound go on to binding.
    for (auto it = m_volumeWait.begin(); it != m_volumeWait.end();) {
        const std::shared_ptr<const PodInfo> pod = it->second.pod;
        if (!VolumeBinding::claimsBound(*pod, storage())) {
            ++it;
            continue;
        }
        const std::string node = it->second.node;
        m_binding[pod->key] = it->second.queued;
        it = m_volumeWait.erase(it);
        request(ctx, DefaultBinder::bindingRequest(*pod, node),
                {{"bind", pod->key}, {"node", node}, {"what", "binding " + pod->key}});
    }
    // A claim bound, a volume or a class added may let a parked pod fit.
    m_queue.moveOnEvent({VolumeBinding::kName}, ctx.now());
}

std::optional<json> Scheduler::explanation(const std::string& podKey) const
{
    auto it = m_explanations.find(podKey);
    if (it == m_explanations.end())
        return std::nullopt;
    return it->second.second->toJson();
}

void Scheduler::onStart(sim::Context&)
{
    // (Re)starting: the informers re-list everything, so rebuild from their events.
    m_cache.clear();
    m_queue = SchedulingQueue();
    m_pending.clear();
    m_binding.clear();
    m_backoffTimerAt = -1;
    m_flushTimerAt = -1;
}

void Scheduler::onSynced(sim::Context& ctx)
{
    kick(ctx);
}

std::optional<std::int32_t> Scheduler::priorityOf(const json& pod) const
{
    // The Priority admission plugin resolves priorityClassName; where the API server has
    // not (spec.priority still 0), the scheduler looks the class up itself.
    const json& spec = model::objectAt(pod, "spec");
    const std::string cls(model::stringAt(spec, "priorityClassName"));
    if (model::intAt(spec, "priority") != 0)
        return std::nullopt;
    for (const model::SystemPriorityClass& system : model::kSystemPriorityClasses)
        if (cls == system.name)
            return system.value;
    const client::Informer* pcs = informer("priorityclasses");
    if (!pcs)
        return std::nullopt;
    if (!cls.empty()) {
        if (const json* pc = pcs->get(cls))
            return static_cast<std::int32_t>(model::intAt(*pc, "value"));
        return std::nullopt;
    }
    for (const auto& [key, pc] : pcs->objects())
        if (model::boolAt(pc, "globalDefault"))
            return static_cast<std::int32_t>(model::intAt(pc, "value"));
    return std::nullopt;
}

void Scheduler::onWatchEvent(sim::Context& ctx, const std::string& informerId,
                             const std::string& type, const json& object, const json& previous)
{
    if (informerId == "pods")
        onPodEvent(ctx, type, object, previous);
    else if (informerId == "nodes")
        onNodeEvent(ctx, type, object, previous);
    else if (informerId != "priorityclasses")
        onStorageEvent(ctx);
    kick(ctx);
}

void Scheduler::onPodEvent(sim::Context& ctx, const std::string& type, const json& pod,
                           const json& previous)
{
    const std::string key = client::Informer::keyOf(pod);
    const json& spec = model::objectAt(pod, "spec");
    const std::string nodeName(model::stringAt(spec, "nodeName"));
    if (type == "DELETED" || terminal(pod)) {
        m_queue.remove(key);
        m_pending.erase(key);
        if (m_cache.hasPod(key)) {
            m_cache.removePod(key);
            m_queue.moveOnEvent(assignedPodDeleted(), ctx.now());
        }
        return;
    }
    auto info = std::make_shared<PodInfo>(
        podInfoFromJson(pod, priorityOf(pod), nodeName.empty(), &m_labelSets));
    if (!nodeName.empty()) {
        // Bound (by us or anyone): account it on its node; it is no longer pending.
        const bool wasKnown = m_cache.hasPod(key) && !m_cache.isAssumed(key);
        const bool labelsChanged =
            !previous.is_object() || model::objectAtPath(previous, "metadata.labels") !=
                                         model::objectAtPath(pod, "metadata.labels");
        m_cache.addOrUpdatePod(info);
        m_queue.remove(key);
        m_pending.erase(key);
        if (!wasKnown || labelsChanged)
            m_queue.moveOnEvent(assignedPodAdded(), ctx.now());
        return;
    }
    if (model::stringAt(spec, "schedulerName", kSchedulerName) != kSchedulerName ||
        info->terminating)
        return;
    if (m_cache.isAssumed(key) || m_binding.count(key))
        return; // our binding is in flight
    m_pending[key] = info;
    if (!m_queue.contains(key))
        m_queue.add(key, info->priority, ctx.now());
    else if (schedulingRelevant(pod) != schedulingRelevant(previous))
        m_queue.update(key, info->priority, ctx.now());
}

void Scheduler::onNodeEvent(sim::Context& ctx, const std::string& type, const json& node,
                            const json& previous)
{
    const std::string name(model::stringAtPath(node, "metadata.name"));
    if (type == "DELETED") {
        m_cache.removeNode(name);
        return;
    }
    m_cache.setNode(node);
    // A new node, or a change a plugin looks at (not heartbeats), may let parked pods fit.
    if (type == "ADDED" || nodeRelevant(node) != nodeRelevant(previous))
        m_queue.moveOnEvent({}, ctx.now());
}

void Scheduler::kick(sim::Context& ctx)
{
    if (!allSynced())
        return;
    const sim::Time now = ctx.now();
    if (!m_queue.activeEmpty())
        scheduleWork(ctx);
    auto stale = [now](sim::Time armed, sim::Time want) { return armed < now || want < armed; };
    if (auto at = m_queue.nextBackoffExpiry(); at && stale(m_backoffTimerAt, *at)) {
        m_backoffTimerAt = std::max(*at, now);
        ctx.timer(m_backoffTimerAt - now, "timer.backoff", {{"at", m_backoffTimerAt}});
    }
    if (auto at = m_queue.nextLeftoverExpiry(); at && stale(m_flushTimerAt, *at)) {
        // flushUnschedulablePodsLeftover runs every 30s: the first tick after the
        // earliest parked pod reaches 5 minutes.
        const sim::Duration p = SchedulingQueue::kLeftoverFlushPeriod;
        sim::Time tick = ((*at + p - 1) / p) * p;
        if (tick <= *at)
            tick += p;
        m_flushTimerAt = std::max(tick, now);
        ctx.timer(m_flushTimerAt - now, "timer.flush", {{"at", m_flushTimerAt}}, true);
    }
}

void Scheduler::onTimer(sim::Context& ctx, const sim::Message& m)
{
    const sim::Time at = m.body.value("at", sim::Time(-1));
    if (m.kind == "timer.backoff") {
        if (at == m_backoffTimerAt)
            m_backoffTimerAt = -1;
        const int moved = m_queue.flushBackoff(ctx.now());
        ctx.describe("scheduler.queue", "",
                     name() + " backoff over: " + std::to_string(moved) +
                         " pod(s) back to activeQ");
    } else if (m.kind == "timer.flush") {
        if (at == m_flushTimerAt)
            m_flushTimerAt = -1;
        const int moved = m_queue.flushLeftover(ctx.now());
        if (moved > 0)
            ctx.activity();
        ctx.describe("scheduler.queue", "",
                     name() + " flushes unschedulablePods: " + std::to_string(moved) +
                         " pod(s) waited over 5m");
    }
    kick(ctx);
}

} // namespace kubelab::scheduler
