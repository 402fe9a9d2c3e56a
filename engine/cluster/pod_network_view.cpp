#include "engine/cluster/pod_network_view.h"

#include "engine/cluster/cluster.h"
#include "engine/net/kube_proxy.h"
#include "engine/node/sh_runner.h"

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

std::optional<net::PacketTrace> PodNetworkView::trace(const std::string& from,
                                                      const std::string& to, int port,
                                                      const std::string& defaultNamespace,
                                                      sim::Rng& rng, std::string* error) const
{
    net::TraceWorld world;
    world.objects = objects();
    const auto configs = m_cluster.nodeConfigs();
    std::vector<net::NatTable> tables(configs.size()); // alive while the trace reads them
    for (size_t i = 0; i < configs.size(); ++i) {
        const auto& c = configs[i];
        net::TraceNode n;
        n.name = c.name;
        n.ip = c.internalIp();
        n.podCidr = c.podCidr();
        // The API server runs on the first control-plane node (the kubernetes endpoint).
        n.apiServer = i == 0 && c.controlPlane;
        const auto* proxy = m_cluster.sim().actorAs<net::KubeProxy>("kube-proxy-" + c.name);
        if (proxy && proxy->programmed()) {
            tables[i] = proxy->natTable();
            n.table = &tables[i];
        }
        world.nodes.push_back(std::move(n));
    }
    world.listens = [](const nlohmann::json& pod, int p) {
        return node::sh::serverReply(pod, p, "/").has_value();
    };
    return net::tracePacket(world, from, to, port, rng, error, defaultNamespace);
}

} // namespace kubelab::cluster
