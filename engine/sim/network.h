#pragma once
// The simulated network: actors live on hosts; a message between two hosts takes the
// link's latency. Links are symmetric. Deterministic: no jitter unless a fault adds it.
#include <map>
#include <string>
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

    Duration latency(const std::string& fromHost, const std::string& toHost) const;

    void placeActor(const std::string& actor, const std::string& host);
    std::string hostOf(const std::string& actor) const;

private:
    Duration m_local = 50 * kMicrosecond;
    Duration m_default = 500 * kMicrosecond;
    std::map<std::pair<std::string, std::string>, Duration> m_links;
    std::map<std::string, std::string> m_actorHost;
};

} // namespace kubelab::sim
