#pragma once
// kube-scheduler as an actor: watches pods, nodes and PriorityClasses, runs the
// scheduling framework for each pending pod one cycle per event, reserves the chosen node
// in its cache, binds through the API server, and keeps an explanation of every attempt
// for learners. Follows kube-scheduler v1.31 (pkg/scheduler/schedule_one.go).
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/client/component.h"
#include "engine/scheduler/cache.h"
#include "engine/scheduler/explanation.h"
#include "engine/scheduler/framework.h"
#include "engine/scheduler/scheduling_queue.h"

namespace kubelab::scheduler {

class Scheduler : public sim::ActorBase<Scheduler, client::Component>
{
public:
    Scheduler(std::string name, std::string apiServer);

    // The explanation of the last scheduling attempt for pod "namespace/name", or nothing
    // (kept for the 512 pods tried most recently).
    // Read by the shell's `explain pod NAME` and the app's inspector.
    std::optional<nlohmann::json> explanation(const std::string& podKey) const;
    // The queue as {active, backoff, unschedulable} pod keys (inspector, tests).
    nlohmann::json queueState() const { return m_queue.toJson(); }

protected:
    void onStart(sim::Context& ctx) override;
    void onWatchEvent(sim::Context& ctx, const std::string& informerId, const std::string& type,
                      const nlohmann::json& object, const nlohmann::json& previous) override;
    void onSynced(sim::Context& ctx) override;
    void onResponse(sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;
    void onTimer(sim::Context& ctx, const sim::Message& message) override;
    void onWork(sim::Context& ctx) override;

private:
    void onPodEvent(sim::Context& ctx, const std::string& type, const nlohmann::json& pod,
                    const nlohmann::json& previous);
    void onNodeEvent(sim::Context& ctx, const std::string& type, const nlohmann::json& node,
                     const nlohmann::json& previous);
    std::optional<std::int32_t> priorityOf(const nlohmann::json& pod) const;
    void handleFailure(sim::Context& ctx, QueuedPod qp, const PodInfo& pod, ScheduleResult& result);
    void updateCondition(sim::Context& ctx, const PodInfo& pod, const std::string& reason,
                         const std::string& message, const std::string& nominated);
    void preempt(sim::Context& ctx, const PodInfo& pod, const PostFilterResult& pf);
    StorageListers storage() const;
    void onStorageEvent(sim::Context& ctx);
    // Keeps the work timer and the backoff / leftover timers armed for what is queued.
    void kick(sim::Context& ctx);

    Cache m_cache;
    LabelSets m_labelSets; // shared by the PodInfos of pods with equal labels
    SchedulingQueue m_queue;
    Framework m_framework;
    // Pending pods this scheduler is responsible for, parsed.
    std::map<std::string, std::shared_ptr<const PodInfo>> m_pending;
    // Pods whose binding is in flight: their queue record, to retry if binding fails.
    std::map<std::string, QueuedPod> m_binding;
    // Pods assumed on a node whose claims are being provisioned or bound there: VolumeBinding's
    // PreBind, which waits for them before the pod is bound.
    struct VolumeWait
    {
        QueuedPod queued;
        std::shared_ptr<const PodInfo> pod;
        std::string node;
    };
    std::map<std::string, VolumeWait> m_volumeWait;
    // The last attempt's explanation per pod, for the most recently tried
    // kMaxExplanations pods (each holds a verdict per node and plugin). Typed, turned into
    // JSON only when read, and immutable behind a shared pointer, so a rewind checkpoint
    // shares them instead of copying every verdict.
    static constexpr std::size_t kMaxExplanations = 512;
    void keepExplanation(const std::string& podKey, Explanation explanation);
    std::map<std::string, std::pair<std::uint64_t, std::shared_ptr<const Explanation>>>
        m_explanations;
    std::map<std::uint64_t, std::string> m_explanationOrder; // seq -> pod key
    std::uint64_t m_nextExplanation = 0;
    std::size_t m_nextStartIndex = 0;
    sim::Time m_backoffTimerAt = -1;
    sim::Time m_flushTimerAt = -1;
};

} // namespace kubelab::scheduler
