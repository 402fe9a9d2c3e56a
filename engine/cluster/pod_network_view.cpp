#include "engine/cluster/pod_network_view.h"

#include "engine/cluster/cluster.h"

namespace kubelab::cluster {

net::NetworkObjects PodNetworkView::objects() const
{
    net::NetworkObjects o;
    o.services = m_cluster.objects("services");
    o.slices = m_cluster.objects("endpointslices");
    o.pods = m_cluster.objects("pods");
    return o;
}

std::optional<net::DnsAnswer> PodNetworkView::query(const std::string& server,
                                                    const std::string& qname,
                                                    const std::string& qtype) const
{
    return net::dnsExchange(objects(), server, qname, qtype);
}

net::Connection PodNetworkView::connectTo(const std::string& node, const std::string& ip, int port,
                                          sim::Rng& rng) const
{
    // The objects live in the watch cache, which nothing changes while a command runs:
    // the connection's pod pointer stays valid for the caller.
    return net::connect(objects(), node, ip, port, rng);
}

} // namespace kubelab::cluster
