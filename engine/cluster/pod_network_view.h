#pragma once
// The pod network each container runtime asks while a container's nslookup, wget or curl
// runs: the net layer's pure functions (net::dnsExchange, net::connect) over the API
// server's watch cache at that moment. It stands in for what CoreDNS's and kube-proxy's
// informers hold, which trail the cache by a watch event's latency.
#include <optional>

#include "engine/net/packet_trace.h"
#include "engine/net/pod_network.h"

namespace kubelab::cluster {

class Cluster;

class PodNetworkView : public net::PodNetwork
{
public:
    // `cluster` owns the runtimes that hold this view, so it outlives them.
    explicit PodNetworkView(const Cluster& cluster) : m_cluster(cluster) {}

    std::optional<net::DnsAnswer> query(const std::string& server, const std::string& qname,
                                        const std::string& qtype) const override;
    net::Connection connectTo(const std::string& node, const std::string& ip, int port,
                              sim::Rng& rng) const override;
    // `trace packet`: net::tracePacket over the cache's objects, each node's nat table as
    // its kube-proxy last programmed it (stale when that kube-proxy is stopped), and the
    // container images' listening ports (node::sh::serverReply). The kubectl client actor
    // calls it inside its net.trace event, with that event's RNG.
    std::optional<net::PacketTrace> trace(const std::string& from, const std::string& to,
                                          int port, const std::string& defaultNamespace,
                                          sim::Rng& rng, std::string* error) const;

private:
    net::NetworkObjects objects() const;
    const Cluster& m_cluster;
};

} // namespace kubelab::cluster
