#include "engine/sim/network.h"

namespace kubelab::sim {

void Network::setLinkLatency(const std::string& a, const std::string& b, Duration d)
{
    m_links[a][b] = d;
    m_links[b][a] = d;
}

Duration Network::latency(std::string_view fromHost, std::string_view toHost) const
{
    if (fromHost == toHost)
        return m_local;
    auto from = m_links.find(fromHost);
    if (from == m_links.end())
        return m_default;
    auto it = from->second.find(toHost);
    return it == from->second.end() ? m_default : it->second;
}

void Network::placeActor(const std::string& actor, const std::string& host)
{
    m_actorHost[actor] = host;
}

const std::string& Network::hostOf(const std::string& actor) const
{
    auto it = m_actorHost.find(actor);
    return it == m_actorHost.end() ? actor : it->second;
}

} // namespace kubelab::sim
