#include "engine/node/backoff.h"

#include <algorithm>

namespace kubelab::node {

sim::Duration Backoff::get(const std::string& key) const
{
    auto it = m_entries.find(key);
    return it == m_entries.end() ? 0 : it->second.backoff;
}

void Backoff::next(const std::string& key, sim::Time eventTime)
{
    auto it = m_entries.find(key);
    if (it == m_entries.end() || expired(eventTime, it->second.lastUpdate)) {
        m_entries[key] = Entry{kInitial, eventTime};
        return;
    }
    it->second.backoff = std::min(it->second.backoff * 2, kMax);
    it->second.lastUpdate = eventTime;
}

bool Backoff::inBackOffSince(const std::string& key, sim::Time eventTime, sim::Time now) const
{
    auto it = m_entries.find(key);
    if (it == m_entries.end() || expired(eventTime, it->second.lastUpdate))
        return false;
    return now - eventTime < it->second.backoff;
}

bool Backoff::inBackOffSinceUpdate(const std::string& key, sim::Time now) const
{
    auto it = m_entries.find(key);
    if (it == m_entries.end() || expired(now, it->second.lastUpdate))
        return false;
    return now - it->second.lastUpdate < it->second.backoff;
}

sim::Time Backoff::expiresAt(const std::string& key) const
{
    auto it = m_entries.find(key);
    return it == m_entries.end() ? 0 : it->second.lastUpdate + it->second.backoff;
}

void Backoff::gc(sim::Time now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();)
        it = expired(now, it->second.lastUpdate) ? m_entries.erase(it) : std::next(it);
}

} // namespace kubelab::node
