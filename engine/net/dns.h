#pragma once
// Cluster DNS: what CoreDNS answers with kubeadm's Corefile (the kubernetes plugin for
// cluster.local with `pods insecure`, `fallthrough in-addr.arpa ip6.arpa`, then `forward .
// /etc/resolv.conf`), and the stub resolver a container's libc runs over its resolv.conf
// (search list, ndots). Pure functions of the Services and EndpointSlices passed in, as
// buildNatTable is: the container shell's nslookup, wget and curl (engine/node) call them
// through the cluster's pod network (engine/cluster/pod_network.*); tests call them
// directly. engine/net/README.md lists each fact and where it comes from.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::net {

inline constexpr const char* kClusterDomain = "cluster.local";
// kubeadm's clusterDNS: the tenth address of the Service range, the kube-dns Service.
inline constexpr const char* kClusterDnsIp = "10.96.0.10";
// The node's own resolver: the gateway of kind's docker network, which forwards to the
// host's resolvers. dnsPolicy Default and CoreDNS's forward plugin use it.
inline constexpr const char* kNodeDnsIp = "172.18.0.1";

struct DnsRecord
{
    std::string name; // the owner, fully qualified, without the final dot
    std::string type; // A, CNAME, SRV, PTR
    std::string data; // A: the address; CNAME, PTR, SRV: the target name
    int priority = 0, weight = 0, port = 0; // SRV
    int ttl = 30;                           // the Corefile's `ttl 30`

    // As dig prints it: "web.default.svc.cluster.local. 30 IN A 10.96.12.7".
    std::string text() const;
};

struct DnsAnswer
{
    std::string rcode = "NOERROR"; // NOERROR (with no records: the name has no such type) or NXDOMAIN
    std::vector<DnsRecord> records;
    std::string plugin; // who answered: "kubernetes" or "forward"
};

// What CoreDNS's kubernetes plugin knows: Services and EndpointSlices of every namespace.
// Endpoints count when ready (a condition left unset counts as ready), or all of them for
// a Service with publishNotReadyAddresses.
class DnsZone
{
public:
    DnsZone(const std::vector<const nlohmann::json*>& services,
            const std::vector<const nlohmann::json*>& slices,
            std::string domain = kClusterDomain);

    // CoreDNS's answer to `qname` (any case, final dot optional) of type `qtype` (A, SRV,
    // PTR, ...): the kubernetes plugin for names under the cluster domain and for reverse
    // names it knows, the forward plugin (upstreamAnswer) for everything else. An
    // ExternalName Service answers with its CNAME and, for an A query, the target's
    // addresses from upstream.
    DnsAnswer answer(const std::string& qname, const std::string& qtype) const;

private:
    struct Endpoint
    {
        std::string ip, name; // name: the hostname, or the address with dashes
        std::vector<std::pair<std::string, std::pair<std::string, int>>> ports; // name, (proto, port)
    };
    struct Service
    {
        std::string name, ns, type, clusterIp, externalName;
        bool headless = false;
        std::vector<std::pair<std::string, std::pair<std::string, int>>> ports;
        std::vector<Endpoint> endpoints;
    };
    std::optional<DnsAnswer> kubernetes(const std::string& qname, const std::string& qtype) const;
    std::optional<DnsAnswer> reverse(const std::string& qname) const;
    const Service* find(const std::string& ns, const std::string& name) const;

    std::string m_domain;
    std::vector<Service> m_services; // by namespace, then name
    std::vector<std::string> m_namespaces;
};

// The upstream behind `forward . /etc/resolv.conf`: a fixed table of well-known external
// names (the README lists it); any other name is NXDOMAIN.
DnsAnswer upstreamAnswer(const std::string& qname, const std::string& qtype);

struct ResolvConf
{
    std::vector<std::string> nameservers, searches;
    std::vector<std::pair<std::string, std::string>> options; // ("ndots", "5"), ("edns0", "")

    int ndots() const; // 1 when not set, as in glibc and musl
    // The file the kubelet writes: search, nameserver, then options lines.
    std::string text() const;
};

// The resolv.conf the kubelet writes for `pod` (pkg/kubelet/network/dns): ClusterFirst (the
// default) gives `search <ns>.svc.<domain> svc.<domain> <domain>`, the cluster DNS and
// ndots:5; Default (and ClusterFirst with hostNetwork) the node's; None only dnsConfig;
// dnsConfig's nameservers, searches and options are merged in for every policy.
ResolvConf podResolvConf(const nlohmann::json& pod, const std::string& domain = kClusterDomain,
                         const std::string& clusterDns = kClusterDnsIp);
// A kind node's /etc/resolv.conf.
ResolvConf nodeResolvConf();
// Reads search, domain, nameserver and options lines (what a container's libc does).
ResolvConf parseResolvConf(const std::string& text);

// Sends one query to the nameserver at `server`: its answer, or nullopt when none comes
// (the resolver's timeout).
using DnsTransport = std::function<std::optional<DnsAnswer>(
    const std::string& server, const std::string& qname, const std::string& qtype)>;

struct DnsQuery
{
    std::string server, name, type;
    std::optional<DnsAnswer> answer; // nullopt: no server answered
};

struct Resolution
{
    std::vector<DnsQuery> queries; // in the order they were sent
    bool timedOut = false;         // no nameserver answered: the search stopped there
    std::string name;              // the name that answered, fully qualified
    std::vector<DnsRecord> records;

    bool found() const { return !records.empty(); }
    std::vector<std::string> addresses() const; // the A records' addresses, in order
};

// res_search: a name ending in "." is asked as it is; one with at least ndots dots is
// asked as it is first, then with each search suffix; one with fewer dots with each
// suffix first and as it is last. NXDOMAIN and empty answers go on to the next
// candidate; each nameserver is tried in turn when one does not answer, and when none
// does the search stops.
Resolution resolve(const ResolvConf& conf, const std::string& name, const std::string& qtype,
                   const DnsTransport& transport);

// "10.244.1.5" -> "5.1.244.10.in-addr.arpa"; empty when `ip` is not an IPv4 address.
std::string reverseName(const std::string& ip);
bool isIpv4(const std::string& text);

} // namespace kubelab::net
