#pragma once
// kube-scheduler's PriorityQueue (pkg/scheduler/internal/queue, v1.31) in virtual time:
//  - activeQ: pods ready to try, highest .spec.priority first, then the earliest queue
//    timestamp (the PrioritySort plugin), then the key so ties are deterministic;
//  - backoffQ: pods waiting out their backoff (1s doubling per attempt up to 10s);
//  - unschedulablePods: pods that failed, parked until a cluster event that could make
//    them schedulable moves them (to backoffQ if still backing off, else activeQ), or
//    until they have waited 5 minutes (the periodic leftover flush).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::scheduler {

struct QueuedPod
{
    std::string key;
    std::int32_t priority = 0;
    sim::Time timestamp = 0;       // when it last entered the queue
    sim::Time initialAttempt = -1; // first pop
    int attempts = 0;
    // Plugins that rejected it in its last attempt (QueueingHint-style filtering).
    std::set<std::string> unschedulablePlugins;
};

class SchedulingQueue
{
public:
    static constexpr sim::Duration kInitialBackoff = 1 * sim::kSecond;
    static constexpr sim::Duration kMaxBackoff = 10 * sim::kSecond;
    static constexpr sim::Duration kMaxInUnschedulable = 5 * 60 * sim::kSecond;
    static constexpr sim::Duration kLeftoverFlushPeriod = 30 * sim::kSecond;

    // A new pending pod (or one whose spec changed): into activeQ unless already queued.
    void add(const std::string& key, std::int32_t priority, sim::Time now);
    // A queued pod changed: parked pods go back to activeQ (backoffQ if backing off).
    void update(const std::string& key, std::int32_t priority, sim::Time now);
    void remove(const std::string& key);
    bool contains(const std::string& key) const;

    // The next pod to schedule, counted as an attempt.
    std::optional<QueuedPod> pop(sim::Time now);
    // After a failed attempt: unschedulable pods park in unschedulablePods; pods that
    // failed for an error (bind failure) go straight to backoffQ.
    void addUnschedulable(QueuedPod pod, sim::Time now, bool error);
    // A cluster event: moves parked pods rejected by one of `plugins` (all when empty).
    // Returns how many moved.
    int moveOnEvent(const std::set<std::string>& plugins, sim::Time now);
    // Moves pods whose backoff ended to activeQ; returns how many.
    int flushBackoff(sim::Time now);
    // Moves pods parked longer than 5 minutes; returns how many.
    int flushLeftover(sim::Time now);

    // Backoff of a pod after `attempts` attempts: 1s, 2s, 4s, 8s, 10s, 10s...
    static sim::Duration backoffDuration(int attempts);
    // When the earliest backoff ends (nullopt when backoffQ is empty).
    std::optional<sim::Time> nextBackoffExpiry() const;
    // When the earliest parked pod reaches 5 minutes (nullopt when none are parked).
    std::optional<sim::Time> nextLeftoverExpiry() const;

    std::size_t activeSize() const { return m_active.size(); }
    std::size_t backoffSize() const { return m_backoff.size(); }
    std::size_t unschedulableSize() const { return m_unschedulable.size(); }
    bool activeEmpty() const { return m_active.empty(); }
    // Which sub-queue holds `key`: "active", "backoff", "unschedulable" or "".
    std::string where(const std::string& key) const;
    nlohmann::json toJson() const;

private:
    struct ActiveOrder
    {
        std::int32_t priority;
        sim::Time timestamp;
        std::string key;
        bool operator<(const ActiveOrder& o) const
        {
            if (priority != o.priority)
                return priority > o.priority;
            if (timestamp != o.timestamp)
                return timestamp < o.timestamp;
            return key < o.key;
        }
    };
    void pushActive(QueuedPod pod);
    void pushBackoffOrActive(QueuedPod pod, sim::Time now);
    sim::Time backoffExpiry(const QueuedPod& p) const;

    std::map<std::string, QueuedPod> m_pods; // every queued pod by key
    std::set<ActiveOrder> m_active;
    std::set<std::pair<sim::Time, std::string>> m_backoff; // (expiry, key)
    std::set<std::string> m_unschedulable;
};

} // namespace kubelab::scheduler
