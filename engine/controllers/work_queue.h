#pragma once
// A controller's work queue: object keys ("ns/name"), deduplicated and handed out in
// key order, like client-go's rate-limited workqueue. Delays are the host's requeueAfter;
// the rate limiter says how long a failed key waits (Controller::retry).
#include <optional>
#include <set>
#include <string>

#include "engine/controllers/rate_limiter.h"

namespace kubelab::controllers {

class WorkQueue
{
public:
    void add(const std::string& key) { m_keys.insert(key); }
    bool empty() const { return m_keys.empty(); }
    std::size_t size() const { return m_keys.size(); }
    bool contains(const std::string& key) const { return m_keys.count(key) > 0; }
    std::optional<std::string> pop()
    {
        if (m_keys.empty())
            return std::nullopt;
        std::string key = *m_keys.begin();
        m_keys.erase(m_keys.begin());
        return key;
    }

    RateLimiter& rateLimiter() { return m_rateLimiter; }
    const RateLimiter& rateLimiter() const { return m_rateLimiter; }

private:
    std::set<std::string> m_keys;
    RateLimiter m_rateLimiter;
};

} // namespace kubelab::controllers
