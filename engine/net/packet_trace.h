#pragma once
// A packet trace: one TCP connection walked hop by hop through the cluster network, as a
// learner would piece it together from tcpdump and `iptables -t nat -L -v` on each node:
// the DNS lookup, each nat chain and rule matched on the node the packet enters, the
// probability drawn for each KUBE-SVC rule, the DNAT, the route to the endpoint's node by
// podCIDR, the masquerade, the delivery (or refusal, or silence) and the way back.
//
// tracePacket is a pure function of the objects and of each node's nat table as its
// kube-proxy last programmed it, so a stopped kube-proxy's stale rules are what the packet
// walks. The shell's `trace packet` runs it inside an engine event (`net.trace`, its detail
// this struct's JSON) so the draws come from the seeded RNG and rewind with the rest; the
// app decodes that record with packetTraceFromRecord and draws the path on its map. The
// fields below are what the app reads: keep them stable.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/net/nat_table.h"
#include "engine/net/pod_network.h"
#include "engine/sim/rng.h"
#include "engine/sim/trace.h"

namespace kubelab::net {

struct PacketHop
{
    std::string node;  // where it happens: a node's name, "" outside the cluster
    std::string step;  // "dns", "chain", "dnat", "route", "masquerade", "deliver", "reply", "drop"
    std::string chain; // the nat chain of a "chain"/"dnat"/"masquerade" hop (KUBE-SVC-...)
    std::string rule;  // the matched rule as iptables-save prints it ("-A CHAIN ..."), if any
    std::string text;  // one line a learner reads
    // A --probability rule: the number drawn (0 <= draw < 1) and the rule's probability as
    // iptables-save prints it; the rule matches when draw < probability. -1 and "" otherwise.
    double draw = -1;
    std::string probability;
};

struct PacketTrace
{
    std::string from;     // as given: "shop/client", "worker-1", "outside"
    std::string fromNode; // the node the packet leaves from ("" for outside)
    std::string fromIp;   // its source address
    std::string to;       // as given: "web", "10.96.12.7", "worker-2:30080", "pod/web-1"
    std::string toIp;     // the address connected to (after DNS), "" when the name did not resolve
    int port = 0;         // the port connected to
    std::vector<PacketHop> hops;
    bool delivered = false;
    std::string endpointPod;  // "ns/name" of the pod that got the packet (or would have)
    std::string endpointNode; // the node it lives on (or the podCIDR's node)
    std::string endpointIp;   // "ip:port" after DNAT
    std::string outcome;      // "delivered", "refused", "timeout", "nxdomain"
};

void to_json(nlohmann::json& j, const PacketHop& h);
void from_json(const nlohmann::json& j, PacketHop& h);
void to_json(nlohmann::json& j, const PacketTrace& t);
void from_json(const nlohmann::json& j, PacketTrace& t);

// The record kind `trace packet` writes.
inline constexpr const char* kPacketTraceKind = "net.trace";

// The trace a `net.trace` record carries in its detail; nullopt for any other record (or a
// detail that does not decode). The app calls it on the records it shows.
std::optional<PacketTrace> packetTraceFromRecord(const sim::TraceRecord& record);

// One node as the trace sees it: its address, its podCIDR and the nat table its kube-proxy
// keeps (null when it has programmed none yet).
struct TraceNode
{
    std::string name, ip, podCidr;
    const NatTable* table = nullptr;
    bool apiServer = false; // kube-apiserver listens on 6443 here (a control-plane node)
};

// Everything a trace reads: the objects (from the API server's cache: what CoreDNS and the
// pods' state are), the nodes in order, and whether a pod's image listens on a port (the
// container shell's rule, node::sh::serverReply, passed in by the caller above this layer).
struct TraceWorld
{
    NetworkObjects objects;
    std::vector<TraceNode> nodes;
    std::function<bool(const nlohmann::json& pod, int port)> listens;
};

// An address as seen from outside the cluster (TEST-NET-3, RFC 5737).
inline constexpr const char* kOutsideClientIp = "203.0.113.10";

// Traces a connection from `from` ("[ns/]pod" or "pod/NAME", a node's name, or "outside")
// to `to` (a pod "pod/NAME" or "ns/NAME", an IP, a DNS name, or "NODE" with the port a
// NodePort) on `port`. `defaultNamespace` places a bare pod name. Each --probability rule
// draws once from `rng`. Returns nullopt with *error for a source or destination that
// does not exist ("no pod \"x\" in namespace \"default\"").
std::optional<PacketTrace> tracePacket(const TraceWorld& world, const std::string& from,
                                       const std::string& to, int port, sim::Rng& rng,
                                       std::string* error,
                                       const std::string& defaultNamespace = "default");

// The trace as the shell prints it: a numbered walk, then the outcome.
std::string formatPacketTrace(const PacketTrace& trace);

} // namespace kubelab::net
