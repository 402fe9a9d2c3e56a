#pragma once
// The simulated network: actors live on hosts; a message between two hosts takes the
// link's latency. Links are symmetric. Deterministic: no jitter unless a fault adds it.
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/sim/time.h"

namespace kubelab::sim {

class Network
{
public:
    // Latency for messages within one host (loopback) and between any two hosts
    // without an explicit link.
    void setLocalLatency(Duration d) { m_local = d; }
    void setDefaultLatency(Duration d) { m_default = d; }
    void setLinkLatency(const std::string& a, const std::string& b, Duration d);

    Duration latency(std::string_view fromHost, std::string_view toHost) const;

    void placeActor(const std::string& actor, const std::string& host);
    // The actor's host; an actor never placed is its own host (then the reference is to
    // `actor` itself).
    const std::string& hostOf(const std::string& actor) const;

private:
    Duration m_local = 50 * kMicrosecond;
    Duration m_default = 500 * kMicrosecond;
    // Both directions of each link, looked up without building keys (every send asks).
    std::map<std::string, std::map<std::string, Duration, std::less<>>, std::less<>> m_links;
    std::unordered_map<std::string, std::string> m_actorHost; // looked up for every message
};

} // namespace kubelab::sim
