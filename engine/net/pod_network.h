#pragma once
// What a pod's traffic meets on its way out: the cluster DNS behind the kube-dns Service
// and connections to ClusterIPs and pod IPs. The container runtime (engine/node) holds a
// PodNetwork and asks it while a container's nslookup, wget or curl runs; the cluster
// (engine/cluster/pod_network_view.*) implements it over the API server's watch cache, and
// the functions here are pure, so tests call them on objects of their own.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/net/dns.h"
#include "engine/sim/rng.h"

namespace kubelab::net {

// One snapshot of the objects traffic depends on (all namespaces).
struct NetworkObjects
{
    std::vector<const nlohmann::json*> services, slices, pods;
};

// The Service whose ClusterIP is `ip`, the Running pod whose IP it is (null if none), and
// whether a Service has `port` for TCP. connect and the packet trace ask them.
const nlohmann::json* serviceAt(const NetworkObjects& objects, const std::string& ip);
const nlohmann::json* podAt(const NetworkObjects& objects, const std::string& ip);
bool servesTcpPort(const nlohmann::json& service, int port);

// One DNS query sent to `server` from a pod: CoreDNS answers at the kube-dns Service's
// ClusterIP (through kube-proxy, to one of its ready endpoints) when it has a ready
// endpoint for 53/UDP, the node's resolver (kNodeDnsIp) answers from upstream; otherwise
// nothing answers (nullopt: the resolver times out).
std::optional<DnsAnswer> dnsExchange(const NetworkObjects& objects, const std::string& server,
                                     const std::string& qname, const std::string& qtype);

// A TCP connection from a pod on `node` to ip:port.
struct Connection
{
    enum class Result { Connected, Refused, TimedOut } result = Result::TimedOut;
    std::string service;  // "ns/name" when ip is a ClusterIP
    std::vector<std::string> chains; // the nat chains walked: KUBE-SERVICES, KUBE-SVC-..., KUBE-SEP-...
    std::string endpoint; // "ip:port" the packet was DNATed (or sent) to
    const nlohmann::json* pod = nullptr; // the pod at the endpoint, when known
    int port = 0;                        // the pod's port
};

// Walks the nat table kube-proxy programs on `node` (buildNatTable of `objects`): the
// KUBE-SERVICES rule for ip:port, then the KUBE-SVC chain's rules, each taken with its
// probability (drawn from `rng`), then the KUBE-SEP chain's DNAT. A ClusterIP port without
// endpoints is refused (kube-proxy's REJECT rule in the filter table); a pod IP is reached
// directly; any other address times out.
Connection connect(const NetworkObjects& objects, const std::string& node, const std::string& ip,
                   int port, sim::Rng& rng);

// The pod network as the runtime of one node sees it: the cluster gives each runtime one.
class PodNetwork
{
public:
    virtual ~PodNetwork() = default;
    virtual std::optional<DnsAnswer> query(const std::string& server, const std::string& qname,
                                           const std::string& qtype) const = 0;
    virtual Connection connectTo(const std::string& node, const std::string& ip, int port,
                                 sim::Rng& rng) const = 0;
};

} // namespace kubelab::net
