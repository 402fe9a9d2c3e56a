#pragma once
// Per-key exponential back-off, as client-go's flowcontrol.Backoff that the kubelet uses
// for restarting crashed containers (CrashLoopBackOff) and for image pulls
// (ImagePullBackOff): 10 s, doubling per failure, capped at 5 min; an entry whose last
// failure is more than twice the cap (10 min) old starts over.
#include <map>
#include <string>

#include "engine/sim/time.h"

namespace kubelab::node {

class Backoff
{
public:
    static constexpr sim::Duration kInitial = 10 * sim::kSecond;
    static constexpr sim::Duration kMax = 300 * sim::kSecond;

    // The current back-off for `key` (0 when none).
    sim::Duration get(const std::string& key) const;
    // Records a failure at `eventTime`: the first (or first after expiry) gets kInitial,
    // later ones double up to kMax.
    void next(const std::string& key, sim::Time eventTime);
    // Whether `now` is still within the back-off that began at `eventTime` (the
    // container's finish time): kubelet's IsInBackOffSince.
    bool inBackOffSince(const std::string& key, sim::Time eventTime, sim::Time now) const;
    // Same, measured from the last recorded failure: IsInBackOffSinceUpdate (image pulls).
    bool inBackOffSinceUpdate(const std::string& key, sim::Time now) const;
    // When the back-off started by the last failure ends (0 when none).
    sim::Time expiresAt(const std::string& key) const;
    void reset(const std::string& key) { m_entries.erase(key); }
    // Drops entries expired at `now`.
    void gc(sim::Time now);

private:
    struct Entry
    {
        sim::Duration backoff = 0;
        sim::Time lastUpdate = 0;
    };
    static bool expired(sim::Time eventTime, sim::Time lastUpdate)
    {
        return eventTime - lastUpdate > 2 * kMax;
    }
    std::map<std::string, Entry> m_entries;
};

} // namespace kubelab::node
