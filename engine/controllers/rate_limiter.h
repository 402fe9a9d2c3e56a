#pragma once
// client-go's DefaultControllerRateLimiter, which every kube-controller-manager work queue
// uses: a key that failed waits for the longer of two delays,
//   per key   5 ms, doubling with each failure since the key was last forgotten, at most
//             1,000 s (ItemExponentialFailureRateLimiter);
//   overall   a token bucket of 10 per second with a burst of 100, shared by every key of
//             the queue (BucketRateLimiter over golang.org/x/time/rate).
// Both are asked on every retry, as MaxOfRateLimiter does, so a retry spends a token even
// when its own back-off is the longer wait. Plain data: it copies with its controller.
#include <cstdint>
#include <map>
#include <string>

#include "engine/sim/time.h"

namespace kubelab::controllers {

class RateLimiter
{
public:
    static constexpr sim::Duration kBaseDelay = 5 * sim::kMillisecond;
    static constexpr sim::Duration kMaxDelay = 1000 * sim::kSecond;
    static constexpr std::int64_t kPerSecond = 10;
    static constexpr std::int64_t kBurst = 100;

    // How long `key` waits before its next try (AddRateLimited's delay), counting this try.
    sim::Duration when(const std::string& key, sim::Time now);
    // The key succeeded: its next failure starts again from the base delay.
    void forget(const std::string& key) { m_failures.erase(key); }
    // Failures since the key was last forgotten (NumRequeues).
    int numRequeues(const std::string& key) const;

private:
    static constexpr sim::Duration kTokenInterval = sim::kSecond / kPerSecond;

    std::map<std::string, int> m_failures;
    // The bucket's tokens as the time they took to refill: kBurst tokens is full, below
    // zero is the wait for the next one. Full until first used, as rate.Limiter starts.
    sim::Duration m_credit = kBurst * kTokenInterval;
    sim::Time m_last = 0;
};

} // namespace kubelab::controllers
