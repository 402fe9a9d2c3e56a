#include "engine/net/packet_trace.h"

#include <cstdint>
#include <cstdio>

#include "engine/model/json_view.h"

namespace kubelab::net {

using nlohmann::json;

void to_json(json& j, const PacketHop& h)
{
    j = json{{"node", h.node},   {"step", h.step}, {"chain", h.chain},
             {"rule", h.rule},   {"text", h.text}, {"draw", h.draw},
             {"probability", h.probability}};
}

void from_json(const json& j, PacketHop& h)
{
    h.node = j.value("node", "");
    h.step = j.value("step", "");
    h.chain = j.value("chain", "");
    h.rule = j.value("rule", "");
    h.text = j.value("text", "");
    h.draw = j.value("draw", -1.0);
    h.probability = j.value("probability", "");
}

void to_json(json& j, const PacketTrace& t)
{
    j = json{{"from", t.from},
             {"fromNode", t.fromNode},
             {"fromIp", t.fromIp},
             {"to", t.to},
             {"toIp", t.toIp},
             {"port", t.port},
             {"hops", t.hops},
             {"delivered", t.delivered},
             {"endpointPod", t.endpointPod},
             {"endpointNode", t.endpointNode},
             {"endpointIp", t.endpointIp},
             {"outcome", t.outcome}};
}

void from_json(const json& j, PacketTrace& t)
{
    t.from = j.value("from", "");
    t.fromNode = j.value("fromNode", "");
    t.fromIp = j.value("fromIp", "");
    t.to = j.value("to", "");
    t.toIp = j.value("toIp", "");
    t.port = j.value("port", 0);
    t.hops.clear();
    if (j.contains("hops") && j["hops"].is_array())
        for (const auto& h : j["hops"])
            t.hops.push_back(h.get<PacketHop>());
    t.delivered = j.value("delivered", false);
    t.endpointPod = j.value("endpointPod", "");
    t.endpointNode = j.value("endpointNode", "");
    t.endpointIp = j.value("endpointIp", "");
    t.outcome = j.value("outcome", "");
}

std::optional<PacketTrace> packetTraceFromRecord(const sim::TraceRecord& record)
{
    if (record.kind != kPacketTraceKind)
        return std::nullopt;
    try {
        const json detail = record.detailJson();
        if (!detail.is_object() || !detail.contains("hops"))
            return std::nullopt;
        return detail.get<PacketTrace>();
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

namespace {

std::optional<std::uint32_t> parseIp(const std::string& text)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 ||
        b > 255 || c > 255 || d > 255)
        return std::nullopt;
    return (a << 24) | (b << 16) | (c << 8) | d;
}

// Whether `ip` is in `cidr` ("10.244.0.0/16"; a bare address is a /32).
bool inCidr(const std::string& ip, const std::string& cidr)
{
    const size_t slash = cidr.find('/');
    const auto net = parseIp(cidr.substr(0, slash));
    const auto addr = parseIp(ip);
    if (!net || !addr)
        return false;
    const int bits = slash == std::string::npos ? 32 : std::atoi(cidr.c_str() + slash + 1);
    const std::uint32_t mask = bits <= 0 ? 0 : bits >= 32 ? ~0u : ~0u << (32 - bits);
    return (*net & mask) == (*addr & mask);
}

std::uint32_t hexValue(const std::string& text)
{
    return std::uint32_t(std::strtoul(text.c_str(), nullptr, 16));
}

// "V/M" of a mark match or --set-xmark.
std::pair<std::uint32_t, std::uint32_t> valueMask(const std::string& text)
{
    const size_t slash = text.find('/');
    if (slash == std::string::npos)
        return {hexValue(text), ~0u};
    return {hexValue(text.substr(0, slash)), hexValue(text.substr(slash + 1))};
}

std::string withoutPrefix(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

std::string drawText(double d)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", d);
    return buf;
}

constexpr std::uint32_t kMasqBit = 0x4000; // kube-proxy's --masquerade-bit 14

struct Packet
{
    std::string src, dst;
    int dport = 0;
    std::uint32_t mark = 0;
    bool masqueraded = false;
};

// Walks nat chains as netfilter does for the first packet of a connection: each chain's
// rules in order, a jump to a user chain returning at its end or at RETURN, DNAT and
// MASQUERADE ending the table's traversal.
class ChainWalker
{
public:
    ChainWalker(const NatTable& table, const TraceNode& node, sim::Rng& rng, Packet& packet,
                std::vector<PacketHop>& hops)
        : m_table(table), m_node(node), m_rng(rng), m_packet(packet), m_hops(hops)
    {}

    // Walks a built-in chain ("PREROUTING", "OUTPUT", "POSTROUTING").
    void walkBuiltin(const std::string& name)
    {
        const std::vector<Rule>& rules = name == "PREROUTING" ? m_table.prerouting
                                         : name == "OUTPUT"   ? m_table.output
                                                              : m_table.postrouting;
        walk(name, rules, 0);
    }

private:
    enum class Verdict { Continue, Stop };

    bool matches(const Rule& r) const
    {
        if (!r.source.empty() && inCidr(m_packet.src, r.source) == r.notSource)
            return false;
        if (!r.dest.empty() && !inCidr(m_packet.dst, r.dest))
            return false;
        if (!r.protocol.empty() && r.protocol != "tcp")
            return false;
        if (r.dport != 0 && r.dport != m_packet.dport)
            return false;
        if (!r.mark.empty()) {
            const bool negate = r.mark.rfind("! ", 0) == 0;
            const auto [value, mask] = valueMask(withoutPrefix(
                withoutPrefix(r.mark, negate ? "! " : ""), "--mark "));
            if (((m_packet.mark & mask) == value) == negate)
                return false;
        }
        if (r.addrType == "--dst-type LOCAL" && m_packet.dst != m_node.ip &&
            !inCidr(m_packet.dst, "127.0.0.0/8"))
            return false;
        return true;
    }

    PacketHop hop(const std::string& chain, const Rule& r, std::string step, std::string text)
    {
        PacketHop h;
        h.node = m_node.name;
        h.step = std::move(step);
        h.chain = chain;
        h.rule = "-A " + chain + " " + r.text();
        h.text = std::move(text);
        return h;
    }

    Verdict walk(const std::string& chain, const std::vector<Rule>& rules, int depth)
    {
        if (depth > 8) // iptables refuses loops; a bound keeps a bad table from hanging us
            return Verdict::Stop;
        for (const Rule& r : rules) {
            if (!matches(r))
                continue;
            const bool drawn = !r.probability.empty(); // its hop already says where it goes
            if (drawn) {
                const double draw = m_rng.unit();
                const bool taken = draw < std::stod(r.probability);
                PacketHop h = hop(chain, r, "chain",
                                  chain + ": drew " + drawText(draw) + (taken ? " < " : " >= ") +
                                      r.probability + (taken ? ": jump to " + r.target
                                                             : ": not taken, next rule"));
                h.draw = draw;
                h.probability = r.probability;
                m_hops.push_back(std::move(h));
                if (!taken)
                    continue;
            }
            const std::string quoted = r.comment.empty() ? "" : " \"" + r.comment + "\"";
            if (r.target == "DNAT") {
                const std::string to = withoutPrefix(r.targetArgs, "--to-destination ");
                m_hops.push_back(hop(chain, r, "dnat",
                                     chain + ": DNAT " + m_packet.dst + ":" +
                                         std::to_string(m_packet.dport) + " -> " + to));
                const size_t colon = to.rfind(':');
                m_packet.dst = to.substr(0, colon);
                if (colon != std::string::npos)
                    m_packet.dport = std::atoi(to.c_str() + colon + 1);
                return Verdict::Stop;
            }
            if (r.target == "MASQUERADE") {
                m_packet.masqueraded = true;
                m_hops.push_back(hop(chain, r, "masquerade",
                                     chain + ": MASQUERADE: source " + m_packet.src + " -> " +
                                         m_node.ip + " (" + m_node.name + "'s address)"));
                m_packet.src = m_node.ip;
                return Verdict::Stop;
            }
            if (r.target == "MARK") {
                const auto [value, mask] = valueMask(withoutPrefix(r.targetArgs, "--set-xmark "));
                m_packet.mark = (m_packet.mark & ~mask) ^ value;
                m_hops.push_back(hop(chain, r, "chain",
                                     chain + (m_packet.mark & kMasqBit
                                                  ? ": mark 0x4000: masquerade this connection "
                                                    "on the way out"
                                                  : ": clear the mark 0x4000")));
                continue;
            }
            if (r.target == "RETURN") {
                m_hops.push_back(hop(chain, r, "chain",
                                     chain + ": " +
                                         (r.mark.empty() ? "RETURN"
                                                         : "not marked for masquerade: RETURN, "
                                                           "the source stays " + m_packet.src)));
                return Verdict::Continue;
            }
            if (r.target == "ACCEPT")
                return Verdict::Stop;
            const auto next = m_table.chains.find(r.target);
            if (next == m_table.chains.end())
                continue; // a target this table does not hold
            if (!drawn)
                m_hops.push_back(hop(chain, r, "chain", chain + ":" + quoted + " -> " + r.target));
            if (walk(r.target, next->second, depth + 1) == Verdict::Stop)
                return Verdict::Stop;
        }
        return Verdict::Continue;
    }

    const NatTable& m_table;
    const TraceNode& m_node;
    sim::Rng& m_rng;
    Packet& m_packet;
    std::vector<PacketHop>& m_hops;
};

std::string ns(const json& o)
{
    return model::textAtPath(o, "metadata.namespace");
}

std::string name(const json& o)
{
    return model::textAtPath(o, "metadata.name");
}

const json* findPod(const NetworkObjects& objects, const std::string& podNs,
                    const std::string& podName)
{
    for (const json* p : objects.pods)
        if (ns(*p) == podNs && name(*p) == podName)
            return p;
    return nullptr;
}

const TraceNode* nodeNamed(const TraceWorld& world, const std::string& n)
{
    for (const auto& node : world.nodes)
        if (node.name == n)
            return &node;
    return nullptr;
}

const TraceNode* nodeWithIp(const TraceWorld& world, const std::string& ip)
{
    for (const auto& node : world.nodes)
        if (node.ip == ip)
            return &node;
    return nullptr;
}

const TraceNode* nodeForPodIp(const TraceWorld& world, const std::string& ip)
{
    for (const auto& node : world.nodes)
        if (!node.podCidr.empty() && inCidr(ip, node.podCidr))
            return &node;
    return nullptr;
}

// "pod/NAME", "NS/NAME" -> (ns, name); a bare name is in `defaultNs`.
std::pair<std::string, std::string> podRef(const std::string& text, const std::string& defaultNs)
{
    const std::string t = withoutPrefix(withoutPrefix(text, "pods/"), "pod/");
    if (t != text)
        return {defaultNs, t};
    const size_t slash = t.find('/');
    if (slash == std::string::npos)
        return {defaultNs, t};
    return {t.substr(0, slash), t.substr(slash + 1)};
}

std::string dnsLine(const DnsQuery& q)
{
    std::string line = q.type + "? " + q.name + " -> " + q.server + ": ";
    if (!q.answer)
        return line + "no answer (timed out)";
    line += q.answer->rcode;
    for (const auto& r : q.answer->records)
        line += ", " + r.type + " " + r.data;
    return line + " (" + q.answer->plugin + ")";
}

} // namespace

std::optional<PacketTrace> tracePacket(const TraceWorld& world, const std::string& from,
                                       const std::string& to, int port, sim::Rng& rng,
                                       std::string* error, const std::string& defaultNamespace)
{
    auto failed = [error](std::string message) -> std::optional<PacketTrace> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    PacketTrace t;
    t.from = from;
    t.to = to;
    t.port = port;
    if (port < 1 || port > 65535)
        return failed("invalid port " + std::to_string(port) + ": a port is 1-65535");

    // The source.
    const json* srcPod = nullptr;
    std::string srcNs = defaultNamespace;
    if (from == "outside") {
        t.fromIp = kOutsideClientIp;
    } else if (const TraceNode* n = from.find('/') == std::string::npos ? nodeNamed(world, from)
                                                                         : nullptr) {
        t.fromNode = n->name;
        t.fromIp = n->ip;
    } else {
        const auto [podNs, podName] = podRef(from, defaultNamespace);
        srcPod = findPod(world.objects, podNs, podName);
        if (!srcPod)
            return failed("no pod \"" + podName + "\" in namespace \"" + podNs +
                          "\" and no node of that name (a source is [NS/]POD, NODE or outside)");
        srcNs = podNs;
        t.fromNode = model::textAtPath(*srcPod, "spec.nodeName");
        t.fromIp = model::textAtPath(*srcPod, "status.podIP");
        if (t.fromIp.empty() || model::textAtPath(*srcPod, "status.phase") != "Running")
            return failed("pod " + podNs + "/" + podName + " is not running (phase " +
                          model::textAtPath(*srcPod, "status.phase") + "): it sends nothing");
    }
    const std::string where = t.fromNode;

    // The destination address: a pod, a node, an address or a name to resolve.
    if (to.rfind("pod/", 0) == 0 || to.rfind("pods/", 0) == 0 ||
        (to.find('/') != std::string::npos)) {
        const auto [podNs, podName] = podRef(to, srcNs);
        const json* pod = findPod(world.objects, podNs, podName);
        if (!pod)
            return failed("no pod \"" + podName + "\" in namespace \"" + podNs + "\"");
        t.toIp = model::textAtPath(*pod, "status.podIP");
        if (t.toIp.empty())
            return failed("pod " + podNs + "/" + podName + " has no IP yet (phase " +
                          model::textAtPath(*pod, "status.phase") + ")");
    } else if (const TraceNode* n = nodeNamed(world, to)) {
        t.toIp = n->ip;
    } else if (isIpv4(to)) {
        t.toIp = to;
    } else {
        const ResolvConf conf = srcPod ? podResolvConf(*srcPod) : nodeResolvConf();
        const auto transport = [&](const std::string& server, const std::string& qname,
                                   const std::string& qtype) {
            return dnsExchange(world.objects, server, qname, qtype);
        };
        const Resolution res = resolve(conf, to, "A", transport);
        for (const auto& q : res.queries) {
            PacketHop h;
            h.node = where;
            h.step = "dns";
            h.text = dnsLine(q);
            t.hops.push_back(std::move(h));
        }
        const auto addresses = res.addresses();
        if (addresses.empty()) {
            PacketHop h;
            h.node = where;
            h.step = "drop";
            h.text = res.timedOut ? "no nameserver answered: the lookup of " + to + " timed out"
                                  : to + " does not resolve (NXDOMAIN): nothing is sent";
            t.hops.push_back(std::move(h));
            t.outcome = res.timedOut ? "timeout" : "nxdomain";
            return t;
        }
        t.toIp = addresses.front();
    }

    Packet packet{t.fromIp, t.toIp, port, 0, false};
    auto note = [&t](const std::string& node, const std::string& step, const std::string& text) {
        PacketHop h;
        h.node = node;
        h.step = step;
        h.text = text;
        t.hops.push_back(std::move(h));
    };

    // The node whose nat table the packet meets first.
    const TraceNode* node = nullptr;
    std::string builtin = "PREROUTING";
    if (from == "outside") {
        node = nodeWithIp(world, t.toIp);
        if (!node) {
            note("", "drop",
                 "outside the cluster nothing routes to " + t.toIp +
                     " (only the nodes' addresses are reachable; ClusterIPs and pod IPs are "
                     "internal): the connection times out");
            t.outcome = "timeout";
            return t;
        }
        note("", "route",
             "the client " + t.fromIp + " sends to " + t.toIp + ":" + std::to_string(port) +
                 ", which arrives on " + node->name);
    } else {
        node = nodeNamed(world, t.fromNode);
        if (!srcPod)
            builtin = "OUTPUT";
        if (!node)
            return failed("no node \"" + t.fromNode + "\" for the source");
        note(node->name, "route",
             std::string(srcPod ? "the pod sends " : node->name + " sends ") + t.fromIp +
                 " -> " + t.toIp + ":" + std::to_string(port) + "; " + node->name +
                 "'s nat table sees it in " + builtin);
    }

    if (node->table) {
        ChainWalker(*node->table, *node, rng, packet, t.hops).walkBuiltin(builtin);
    } else {
        note(node->name, "chain", "kube-proxy has programmed no rules on " + node->name);
    }

    // Routing after the nat table.
    const TraceNode* dstNode = nodeWithIp(world, packet.dst);
    const TraceNode* podNode = dstNode ? nullptr : nodeForPodIp(world, packet.dst);
    const std::string target = packet.dst + ":" + std::to_string(packet.dport);
    t.endpointIp = target;
    if (!dstNode && !podNode) {
        if (const json* svc = serviceAt(world.objects, packet.dst)) {
            if (servesTcpPort(*svc, packet.dport)) {
                note(node->name, "drop",
                     "no rule matched: service " + ns(*svc) + "/" + name(*svc) +
                         " has no ready endpoint, and kube-proxy's REJECT (filter table) "
                         "answers with ICMP port unreachable");
                t.outcome = "refused";
                return t;
            }
        }
        note(node->name, "drop",
             "no rule matched and nothing routes " + packet.dst +
                 ": the packet is dropped and the connection times out");
        t.outcome = "timeout";
        return t;
    }
    const TraceNode* exitNode = dstNode ? dstNode : podNode;
    t.endpointNode = exitNode->name;
    if (exitNode != node)
        note(node->name, "route",
             podNode ? node->name + " -> " + exitNode->name + ": " + packet.dst + " is in " +
                           exitNode->name + "'s podCIDR " + exitNode->podCidr +
                           " (across the pod network, flannel's VXLAN)"
                     : node->name + " -> " + exitNode->name + ": " + packet.dst + " is " +
                           exitNode->name + "'s address");
    else
        note(node->name, "route",
             podNode ? packet.dst + " is in this node's podCIDR " + node->podCidr +
                           ": straight to the pod's veth"
                     : packet.dst + " is this node's own address");
    // Routed out (to a pod's veth or across the network) it meets POSTROUTING; a packet
    // for this node's own address goes up to INPUT instead.
    if (node->table && (exitNode != node || podNode))
        ChainWalker(*node->table, *node, rng, packet, t.hops).walkBuiltin("POSTROUTING");

    // Delivery.
    const std::string back =
        packet.masqueraded ? packet.src + " (" + node->name + ", masqueraded)" : packet.src;
    const std::string seen = t.toIp + ":" + std::to_string(port);
    const std::string unNat =
        target != seen ? "; conntrack on " + node->name + " reverses the DNAT, so the client sees " +
                             seen
                       : "";
    if (dstNode) {
        if (exitNode->apiServer && packet.dport == 6443) {
            note(exitNode->name, "deliver",
                 "kube-apiserver on " + exitNode->name + " accepts the connection on " + target +
                     " (from " + packet.src + ")");
            note(exitNode->name, "reply", "the reply from " + target + " goes back to " + back + unNat);
            t.delivered = true;
            t.outcome = "delivered";
            return t;
        }
        note(exitNode->name, "drop",
             "nothing listens on " + target + " on " + exitNode->name +
                 ": the node answers with a TCP RST");
        t.outcome = "refused";
        return t;
    }
    const json* pod = podAt(world.objects, packet.dst);
    if (!pod) {
        note(exitNode->name, "drop",
             "no pod on " + exitNode->name + " has " + packet.dst +
                 " (deleted, or never there): the packet is dropped and the client retransmits "
                 "its SYN until the connection times out");
        t.outcome = "timeout";
        return t;
    }
    t.endpointPod = ns(*pod) + "/" + name(*pod);
    const bool listening = world.listens && world.listens(*pod, packet.dport);
    if (!listening) {
        note(exitNode->name, "deliver",
             "pod " + t.endpointPod + " gets the SYN but nothing listens on port " +
                 std::to_string(packet.dport) + ": it answers with a TCP RST");
        note(exitNode->name, "reply", "the RST goes back to " + back + unNat + ": connection refused");
        t.outcome = "refused";
        return t;
    }
    note(exitNode->name, "deliver",
         "pod " + t.endpointPod + " on " + exitNode->name + " accepts the connection on port " +
             std::to_string(packet.dport) + " (from " + packet.src + ")");
    note(exitNode->name, "reply",
         "the reply from " + target + " goes back to " + back + unNat);
    t.delivered = true;
    t.outcome = "delivered";
    return t;
}

std::string formatPacketTrace(const PacketTrace& trace)
{
    std::string out = "trace packet " + trace.from;
    if (!trace.fromIp.empty())
        out += " (" + trace.fromIp + (trace.fromNode.empty() ? "" : " on " + trace.fromNode) + ")";
    out += " -> " + trace.to + ":" + std::to_string(trace.port);
    if (!trace.toIp.empty() && trace.toIp != trace.to)
        out += " (" + trace.toIp + ")";
    out += "\n";
    int n = 0;
    for (const auto& h : trace.hops) {
        char num[16];
        std::snprintf(num, sizeof num, "%3d. ", ++n);
        out += num;
        out += "[" + (h.node.empty() ? std::string("outside") : h.node) + "] " + h.step + ": " +
               h.text + "\n";
        if (!h.rule.empty())
            out += "       " + h.rule + "\n";
    }
    out += "outcome: " + trace.outcome;
    if (trace.outcome == "delivered")
        out += " to " + trace.endpointPod + " (" + trace.endpointIp + ") on " + trace.endpointNode;
    else if (!trace.endpointIp.empty() && trace.outcome != "nxdomain")
        out += " (" + trace.endpointIp + (trace.endpointNode.empty() ? "" : " on " + trace.endpointNode) + ")";
    out += "\n";
    return out;
}

} // namespace kubelab::net
