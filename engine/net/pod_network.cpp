#include "engine/net/pod_network.h"

#include "engine/model/json_view.h"
#include "engine/net/nat_table.h"

namespace kubelab::net {

using nlohmann::json;

const json* serviceAt(const NetworkObjects& objects, const std::string& ip)
{
    for (const json* s : objects.services)
        if (model::textAtPath(*s, "spec.clusterIP") == ip)
            return s;
    return nullptr;
}

const json* podAt(const NetworkObjects& objects, const std::string& ip)
{
    for (const json* p : objects.pods)
        if (model::textAtPath(*p, "status.podIP") == ip &&
            model::textAtPath(*p, "status.phase") == "Running")
            return p;
    return nullptr;
}

bool servesTcpPort(const json& service, int port)
{
    for (const auto& p : model::memberAt(model::objectAt(service, "spec"), "ports"))
        if (p.value("port", 0) == port && p.value("protocol", "TCP") == "TCP")
            return true;
    return false;
}

std::optional<DnsAnswer> dnsExchange(const NetworkObjects& objects, const std::string& server,
                                     const std::string& qname, const std::string& qtype)
{
    if (server == kNodeDnsIp)
        return upstreamAnswer(qname, qtype);
    const json* svc = serviceAt(objects, server);
    if (!svc)
        return std::nullopt;
    // CoreDNS answers only if one of the Service's ready endpoints serves 53/UDP.
    const std::string ns = model::textAtPath(*svc, "metadata.namespace");
    const std::string name = model::textAtPath(*svc, "metadata.name");
    bool serving = false;
    for (const json* slice : objects.slices) {
        if (model::textAtPath(*slice, "metadata.namespace") != ns ||
            model::textAt(model::objectAtPath(*slice, "metadata.labels"),
                          "kubernetes.io/service-name") != name)
            continue;
        bool udp53 = false;
        for (const auto& p : model::memberAt(*slice, "ports"))
            udp53 = udp53 || (p.value("port", 0) == 53 && p.value("protocol", "TCP") == "UDP");
        for (const auto& e : model::memberAt(*slice, "endpoints")) {
            const json& ready = model::memberAt(model::objectAt(e, "conditions"), "ready");
            serving = serving || (udp53 && (!ready.is_boolean() || ready.get<bool>()));
        }
    }
    if (!serving)
        return std::nullopt;
    return DnsZone(objects.services, objects.slices).answer(qname, qtype);
}

Connection connect(const NetworkObjects& objects, const std::string& node, const std::string& ip,
                   int port, sim::Rng& rng)
{
    Connection c;
    if (const json* svc = serviceAt(objects, ip)) {
        c.service = model::textAtPath(*svc, "metadata.namespace") + "/" +
                    model::textAtPath(*svc, "metadata.name");
        const bool hasPort = servesTcpPort(*svc, port);
        ProxyConfig config;
        config.nodeName = node;
        const NatTable table = buildNatTable(objects.services, objects.slices, config);
        std::string chain = kServicesChain;
        c.chains.push_back(chain);
        // At most KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP: a bound that also guards a loop.
        for (int depth = 0; depth < 4; ++depth) {
            auto rules = table.chains.find(chain);
            if (rules == table.chains.end())
                break;
            std::string next;
            for (const Rule& r : rules->second) {
                if (chain == kServicesChain) {
                    if (r.dest == ip + "/32" && r.protocol == "tcp" && r.dport == port) {
                        next = r.target;
                        break;
                    }
                    continue;
                }
                if (r.target == kMarkMasqChain)
                    continue;
                if (r.target == "DNAT") {
                    const std::string prefix = "--to-destination ";
                    c.endpoint = r.targetArgs.rfind(prefix, 0) == 0
                                     ? r.targetArgs.substr(prefix.size())
                                     : r.targetArgs;
                    break;
                }
                if (!r.probability.empty() && rng.unit() >= std::stod(r.probability))
                    continue;
                next = r.target;
                break;
            }
            if (!c.endpoint.empty() || next.empty())
                break;
            chain = next;
            c.chains.push_back(chain);
        }
        if (c.endpoint.empty()) {
            c.result = hasPort ? Connection::Result::Refused : Connection::Result::TimedOut;
            return c;
        }
    } else {
        c.endpoint = ip + ":" + std::to_string(port);
    }
    const size_t colon = c.endpoint.rfind(':');
    const std::string podIp = c.endpoint.substr(0, colon);
    c.port = std::atoi(c.endpoint.substr(colon + 1).c_str());
    c.pod = podAt(objects, podIp);
    // The pod decides whether something listens (the caller knows its images); an address
    // no pod holds is routed nowhere.
    c.result = c.pod ? Connection::Result::Connected : Connection::Result::TimedOut;
    return c;
}

} // namespace kubelab::net
