#include "engine/controllers/rate_limiter.h"

#include <algorithm>

namespace kubelab::controllers {

sim::Duration RateLimiter::when(const std::string& key, sim::Time now)
{
    // Per key: base * 2^failures, capped (the cap also guards the shift from overflowing).
    const int failures = m_failures[key]++;
    sim::Duration backoff = kMaxDelay;
    if (failures < 40)
        backoff = std::min(kMaxDelay, kBaseDelay << failures);

    // Overall: refill since the last reservation, take one token, wait if it went below.
    if (now > m_last)
        m_credit = std::min(kBurst * kTokenInterval, m_credit + (now - m_last));
    m_last = std::max(m_last, now);
    m_credit -= kTokenInterval;
    const sim::Duration bucket = m_credit < 0 ? -m_credit : 0;
    return std::max(backoff, bucket);
}

int RateLimiter::numRequeues(const std::string& key) const
{
    const auto it = m_failures.find(key);
    return it == m_failures.end() ? 0 : it->second;
}

} // namespace kubelab::controllers
