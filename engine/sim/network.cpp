#include "engine/sim/network.h"

namespace kubelab::sim {

void Network::setLinkLatency(const std::string& a, const std::string& b, Duration d)
{
    m_links[{std::min(a, b), std::max(a, b)}] = d;
}

Duration Network::latency(const std::string& fromHost, const std::string& toHost) const
{
    if (fromHost == toHost)
        return m_local;
    auto it = m_links.find({std::min(fromHost, toHost), std::max(fromHost, toHost)});
    return it == m_links.end() ? m_default : it->second;
}

void Network::placeActor(const std::string& actor, const std::string& host)
{
    m_actorHost[actor] = host;
}

std::string Network::hostOf(const std::string& actor) const
{
    auto it = m_actorHost.find(actor);
    return it == m_actorHost.end() ? actor : it->second;
}

} // namespace kubelab::sim
