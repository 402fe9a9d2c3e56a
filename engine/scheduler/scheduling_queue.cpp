#include "engine/scheduler/scheduling_queue.h"

namespace kubelab::scheduler {

sim::Duration SchedulingQueue::backoffDuration(int attempts)
{
    sim::Duration d = kInitialBackoff;
    for (int i = 1; i < attempts; ++i) {
        if (d > kMaxBackoff - d)
            return kMaxBackoff;
        d += d;
    }
    return d;
}

sim::Time SchedulingQueue::backoffExpiry(const QueuedPod& p) const
{
    return p.timestamp + backoffDuration(p.attempts);
}

void SchedulingQueue::pushActive(QueuedPod pod)
{
    m_active.insert({pod.priority, pod.timestamp, pod.key});
    m_pods[pod.key] = std::move(pod);
}

void SchedulingQueue::pushBackoffOrActive(QueuedPod pod, sim::Time now)
{
    const sim::Time expiry = backoffExpiry(pod);
    if (pod.attempts > 0 && expiry > now) {
        m_backoff.insert({expiry, pod.key});
        m_pods[pod.key] = std::move(pod);
    } else {
        pushActive(std::move(pod));
    }
}

void SchedulingQueue::add(const std::string& key, std::int32_t priority, sim::Time now)
{
    if (m_pods.count(key))
        return;
    QueuedPod p;
    p.key = key;
    p.priority = priority;
    p.timestamp = now;
    pushActive(std::move(p));
}

void SchedulingQueue::update(const std::string& key, std::int32_t priority, sim::Time now)
{
    auto it = m_pods.find(key);
    if (it == m_pods.end()) {
        add(key, priority, now);
        return;
    }
    QueuedPod p = it->second;
    remove(key);
    p.priority = priority;
    // An updated pod may now be schedulable: kube-scheduler moves it out of
    // unschedulablePods (to backoffQ while its backoff lasts).
    pushBackoffOrActive(std::move(p), now);
}

void SchedulingQueue::remove(const std::string& key)
{
    auto it = m_pods.find(key);
    if (it == m_pods.end())
        return;
    const QueuedPod& p = it->second;
    m_active.erase({p.priority, p.timestamp, p.key});
    m_backoff.erase({backoffExpiry(p), p.key});
    m_unschedulable.erase(p.key);
    m_pods.erase(it);
}

bool SchedulingQueue::contains(const std::string& key) const
{
    return m_pods.count(key) > 0;
}

std::string SchedulingQueue::where(const std::string& key) const
{
    auto it = m_pods.find(key);
    if (it == m_pods.end())
        return "";
    if (m_unschedulable.count(key))
        return "unschedulable";
    if (m_active.count({it->second.priority, it->second.timestamp, key}))
        return "active";
    return "backoff";
}

std::optional<QueuedPod> SchedulingQueue::pop(sim::Time now)
{
    if (m_active.empty())
        return std::nullopt;
    const std::string key = m_active.begin()->key;
    m_active.erase(m_active.begin());
    auto it = m_pods.find(key);
    QueuedPod p = std::move(it->second);
    m_pods.erase(it);
    ++p.attempts;
    if (p.initialAttempt < 0)
        p.initialAttempt = now;
    return p;
}

void SchedulingQueue::addUnschedulable(QueuedPod pod, sim::Time now, bool error)
{
    remove(pod.key);
    pod.timestamp = now;
    if (error) {
        m_backoff.insert({backoffExpiry(pod), pod.key});
    } else {
        m_unschedulable.insert(pod.key);
    }
    m_pods[pod.key] = std::move(pod);
}

int SchedulingQueue::moveOnEvent(const std::set<std::string>& plugins, sim::Time now)
{
    std::vector<std::string> moving;
    for (const auto& key : m_unschedulable) {
        const QueuedPod& p = m_pods.at(key);
        bool interested = plugins.empty() || p.unschedulablePlugins.empty();
        for (const auto& name : p.unschedulablePlugins)
            interested = interested || plugins.count(name) > 0;
        if (interested)
            moving.push_back(key);
    }
    for (const auto& key : moving) {
        m_unschedulable.erase(key);
        QueuedPod p = std::move(m_pods.at(key));
        m_pods.erase(key);
        pushBackoffOrActive(std::move(p), now);
    }
    return static_cast<int>(moving.size());
}

int SchedulingQueue::flushBackoff(sim::Time now)
{
    int moved = 0;
    while (!m_backoff.empty() && m_backoff.begin()->first <= now) {
        const std::string key = m_backoff.begin()->second;
        m_backoff.erase(m_backoff.begin());
        QueuedPod p = std::move(m_pods.at(key));
        m_pods.erase(key);
        pushActive(std::move(p));
        ++moved;
    }
    return moved;
}

int SchedulingQueue::flushLeftover(sim::Time now)
{
    std::vector<std::string> moving;
    for (const auto& key : m_unschedulable)
        if (now - m_pods.at(key).timestamp > kMaxInUnschedulable)
            moving.push_back(key);
    for (const auto& key : moving) {
        m_unschedulable.erase(key);
        QueuedPod p = std::move(m_pods.at(key));
        m_pods.erase(key);
        pushBackoffOrActive(std::move(p), now);
    }
    return static_cast<int>(moving.size());
}

std::optional<sim::Time> SchedulingQueue::nextBackoffExpiry() const
{
    if (m_backoff.empty())
        return std::nullopt;
    return m_backoff.begin()->first;
}

std::optional<sim::Time> SchedulingQueue::nextLeftoverExpiry() const
{
    std::optional<sim::Time> out;
    for (const auto& key : m_unschedulable) {
        const sim::Time t = m_pods.at(key).timestamp + kMaxInUnschedulable;
        if (!out || t < *out)
            out = t;
    }
    return out;
}

nlohmann::json SchedulingQueue::toJson() const
{
    nlohmann::json j = {{"active", nlohmann::json::array()},
                        {"backoff", nlohmann::json::array()},
                        {"unschedulable", nlohmann::json::array()}};
    for (const auto& a : m_active)
        j["active"].push_back(a.key);
    for (const auto& [t, key] : m_backoff)
        j["backoff"].push_back(key);
    for (const auto& key : m_unschedulable)
        j["unschedulable"].push_back(key);
    return j;
}

} // namespace kubelab::scheduler
