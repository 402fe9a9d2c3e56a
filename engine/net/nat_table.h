#pragma once
// The nat table kube-proxy programs on one node in iptables mode, built as
// pkg/proxy/iptables/proxier.go's syncProxyRules writes it (v1.32), and printed as
// `iptables-save -t nat` prints it. buildNatTable is a pure function of the Services and
// EndpointSlices a kube-proxy sees; KubeProxy calls it on every sync, the shell's
// `iptables NODE` prints the result, and tests read the rules.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::net {

// One rule, in the fields kube-proxy uses. text() lays them out in iptables-save's order:
// the addresses and protocol first, then the matches in the order they were given
// (comment, mark, addrtype, tcp/udp, statistic), then the target.
struct Rule
{
    bool notSource = false;
    std::string source;   // "10.244.0.0/16", "10.244.1.5/32"
    std::string dest;     // "10.96.0.1/32"
    std::string protocol; // "tcp", "udp", "sctp"
    std::string comment;
    std::string mark;        // "! --mark 0x4000/0x4000"
    std::string addrType;    // "--dst-type LOCAL"
    bool protoMatch = false; // -m tcp
    int dport = 0;
    std::string probability; // as iptables-save prints it: "0.33333333349"
    std::string target;      // a chain, DNAT, MARK, RETURN, MASQUERADE
    std::string targetArgs;  // "--to-destination 10.244.1.5:80"

    std::string text() const; // the rule as iptables-save prints it, without "-A CHAIN "
};

// The chains in iptables-save's order (built-in ones first, then the others by name) and
// each one's rules in order.
struct NatTable
{
    std::map<std::string, std::vector<Rule>> chains; // user-defined chains
    std::vector<Rule> prerouting, input, output, postrouting;
    int servicePorts = 0; // service ports with rules
    int endpoints = 0;    // KUBE-SEP chains

    // `iptables-save -t nat` at virtual time `now` (the header's date).
    std::string save(sim::Time now) const;
    int ruleCount() const;
};

// What a kube-proxy knows of its node: --hostname-override and --cluster-cidr (kubeadm's
// podSubnet, 10.244.0.0/16 for flannel).
struct ProxyConfig
{
    std::string nodeName;
    std::string nodeIp;
    std::string clusterCidr = "10.244.0.0/16";
};

// The rules for `services` and their `slices` (all namespaces). Endpoints are ready ones
// (or, when none is, serving and terminating ones, as kube-proxy falls back to); headless
// and ExternalName Services and Services without endpoints get no nat rules.
NatTable buildNatTable(const std::vector<const nlohmann::json*>& services,
                       const std::vector<const nlohmann::json*>& slices, const ProxyConfig& config);

// Chain-name prefixes and fixed chains, for readers of the table.
inline constexpr const char* kServicesChain = "KUBE-SERVICES";
inline constexpr const char* kNodePortsChain = "KUBE-NODEPORTS";
inline constexpr const char* kMarkMasqChain = "KUBE-MARK-MASQ";
inline constexpr const char* kPostroutingChain = "KUBE-POSTROUTING";

} // namespace kubelab::net
