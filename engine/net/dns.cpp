#include "engine/net/dns.h"

#include <algorithm>
#include <cctype>

#include "engine/model/json_view.h"

namespace kubelab::net {

using nlohmann::json;

namespace {

std::string lowerName(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    while (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

std::vector<std::string> labels(const std::string& name)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i <= name.size()) {
        const size_t dot = std::min(name.find('.', i), name.size());
        out.push_back(name.substr(i, dot - i));
        i = dot + 1;
    }
    return out;
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string dashed(std::string ip)
{
    std::replace(ip.begin(), ip.end(), '.', '-');
    return ip;
}

bool conditionTrue(const json& conditions, const char* name)
{
    const json& v = model::memberAt(conditions, name);
    return !v.is_boolean() || v.get<bool>();
}

DnsAnswer nxdomain(const std::string& plugin)
{
    DnsAnswer a;
    a.rcode = "NXDOMAIN";
    a.plugin = plugin;
    return a;
}

// The forward plugin's upstream: IANA's example domains (at the address they had in
// 2024) and the registry the cluster pulls from. Illustrative and fixed, so that the
// same lookup always gives the same answer.
const std::vector<std::pair<std::string, std::string>>& upstreamTable()
{
    static const std::vector<std::pair<std::string, std::string>> table = {
        {"example.com", "93.184.215.14"},     {"www.example.com", "93.184.215.14"},
        {"example.org", "93.184.215.14"},     {"example.net", "93.184.215.14"},
        {"registry.k8s.io", "34.96.108.209"},
    };
    return table;
}

} // namespace

bool isIpv4(const std::string& text)
{
    const auto parts = labels(text);
    if (parts.size() != 4)
        return false;
    for (const auto& p : parts) {
        if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos)
            return false;
        if (std::stoi(p) > 255 || (p.size() > 1 && p[0] == '0'))
            return false;
    }
    return true;
}

std::string reverseName(const std::string& ip)
{
    if (!isIpv4(ip))
        return {};
    auto p = labels(ip);
    return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + ".in-addr.arpa";
}

std::string DnsRecord::text() const
{
    std::string out = name + ".\t" + std::to_string(ttl) + "\tIN\t" + type + "\t";
    if (type == "SRV")
        out += std::to_string(priority) + " " + std::to_string(weight) + " " +
               std::to_string(port) + " " + data + ".";
    else if (type == "A")
        out += data;
    else
        out += data + ".";
    return out;
}

std::vector<std::string> Resolution::addresses() const
{
    std::vector<std::string> out;
    for (const auto& r : records)
        if (r.type == "A")
            out.push_back(r.data);
    return out;
}

DnsZone::DnsZone(const std::vector<const json*>& services, const std::vector<const json*>& slices,
                 std::string domain)
    : m_domain(std::move(domain))
{
    for (const json* s : services) {
        Service svc;
        svc.name = model::textAtPath(*s, "metadata.name");
        svc.ns = model::textAtPath(*s, "metadata.namespace");
        const json& spec = model::objectAt(*s, "spec");
        svc.type = spec.value("type", "ClusterIP");
        svc.clusterIp = spec.value("clusterIP", "");
        svc.externalName = lowerName(spec.value("externalName", ""));
        svc.headless = svc.clusterIp == "None";
        for (const auto& p : model::memberAt(spec, "ports"))
            svc.ports.push_back({p.value("name", ""),
                                 {lowerName(p.value("protocol", "TCP")), p.value("port", 0)}});
        const bool all = spec.value("publishNotReadyAddresses", false);
        for (const json* slice : slices) {
            if (model::textAtPath(*slice, "metadata.namespace") != svc.ns ||
                model::textAt(model::objectAtPath(*slice, "metadata.labels"),
                              "kubernetes.io/service-name") != svc.name)
                continue;
            std::vector<std::pair<std::string, std::pair<std::string, int>>> ports;
            for (const auto& p : model::memberAt(*slice, "ports"))
                ports.push_back({p.value("name", ""),
                                 {lowerName(p.value("protocol", "TCP")), p.value("port", 0)}});
            for (const auto& e : model::memberAt(*slice, "endpoints")) {
                if (!all && !conditionTrue(model::objectAt(e, "conditions"), "ready"))
                    continue;
                for (const auto& addr : model::memberAt(e, "addresses")) {
                    if (!addr.is_string())
                        continue;
                    Endpoint ep;
                    ep.ip = addr.get<std::string>();
                    ep.name = e.value("hostname", dashed(ep.ip));
                    ep.ports = ports;
                    svc.endpoints.push_back(std::move(ep));
                }
            }
        }
        std::sort(svc.endpoints.begin(), svc.endpoints.end(),
                  [](const Endpoint& a, const Endpoint& b) { return a.ip < b.ip; });
        if (std::find(m_namespaces.begin(), m_namespaces.end(), svc.ns) == m_namespaces.end())
            m_namespaces.push_back(svc.ns);
        m_services.push_back(std::move(svc));
    }
    std::sort(m_services.begin(), m_services.end(), [](const Service& a, const Service& b) {
        return std::tie(a.ns, a.name) < std::tie(b.ns, b.name);
    });
}

const DnsZone::Service* DnsZone::find(const std::string& ns, const std::string& name) const
{
    for (const Service& s : m_services)
        if (s.ns == ns && s.name == name)
            return &s;
    return nullptr;
}

DnsAnswer DnsZone::answer(const std::string& rawName, const std::string& qtype) const
{
    const std::string qname = lowerName(rawName);
    if (endsWith(qname, ".in-addr.arpa") || endsWith(qname, ".ip6.arpa")) {
        // `fallthrough in-addr.arpa ip6.arpa`: what the plugin does not know goes upstream.
        if (auto a = reverse(qname); a && qtype == "PTR")
            return *a;
        return upstreamAnswer(qname, qtype);
    }
    if (qname == m_domain || endsWith(qname, "." + m_domain)) {
        DnsAnswer a = *kubernetes(qname, qtype);
        // An ExternalName's target outside the cluster is looked up upstream.
        if (qtype == "A" && !a.records.empty() && a.records.back().type == "CNAME" &&
            !endsWith(a.records.back().data, "." + m_domain)) {
            DnsAnswer up = upstreamAnswer(a.records.back().data, "A");
            for (auto& r : up.records)
                a.records.push_back(r);
        }
        return a;
    }
    return upstreamAnswer(qname, qtype);
}

std::optional<DnsAnswer> DnsZone::kubernetes(const std::string& qname,
                                             const std::string& qtype) const
{
    DnsAnswer a;
    a.plugin = "kubernetes";
    const std::string zoneless = qname == m_domain ? "" : qname.substr(0, qname.size() - m_domain.size() - 1);
    const std::vector<std::string> l = zoneless.empty() ? std::vector<std::string>{} : labels(zoneless);
    auto record = [&](std::string type, std::string data) {
        DnsRecord r;
        r.name = qname;
        r.type = std::move(type);
        r.data = std::move(data);
        return r;
    };
    if (l.empty() || (l.size() == 1 && (l[0] == "svc" || l[0] == "pod")))
        return a; // the zone and its two subtrees exist, with nothing of their own
    // <a-b-c-d>.<ns>.pod.<domain>: `pods insecure` answers any well-formed address.
    if (l.size() == 3 && l[2] == "pod") {
        std::string ip = l[0];
        std::replace(ip.begin(), ip.end(), '-', '.');
        if (!isIpv4(ip))
            return nxdomain("kubernetes");
        if (qtype == "A")
            a.records.push_back(record("A", ip));
        return a;
    }
    if (l.back() != "svc")
        return nxdomain("kubernetes");
    if (l.size() == 2) { // <ns>.svc: a namespace with Services exists
        return std::find(m_namespaces.begin(), m_namespaces.end(), l[0]) != m_namespaces.end()
                   ? a
                   : nxdomain("kubernetes");
    }
    // _<port>._<proto>.<svc>.<ns>.svc: SRV for a named port.
    if (l.size() == 5 && l[0].size() > 1 && l[0][0] == '_' && l[1].size() > 1 && l[1][0] == '_') {
        const Service* s = find(l[3], l[2]);
        if (!s || s->type == "ExternalName")
            return nxdomain("kubernetes");
        const std::string port = l[0].substr(1), proto = l[1].substr(1);
        const std::string svcName = s->name + "." + s->ns + ".svc." + m_domain;
        std::vector<DnsRecord> srv;
        if (!s->headless) {
            for (const auto& [name, pp] : s->ports)
                if (name == port && pp.first == proto) {
                    DnsRecord r = record("SRV", svcName);
                    r.port = pp.second;
                    srv.push_back(r);
                }
        } else {
            for (const Endpoint& e : s->endpoints)
                for (const auto& [name, pp] : e.ports)
                    if (name == port && pp.first == proto) {
                        DnsRecord r = record("SRV", e.name + "." + svcName);
                        r.port = pp.second;
                        srv.push_back(r);
                    }
        }
        if (srv.empty())
            return nxdomain("kubernetes");
        // CoreDNS spreads the weight: 100 / the number of records, rounded down.
        for (auto& r : srv) {
            r.weight = 100 / int(srv.size());
            if (qtype == "SRV")
                a.records.push_back(r);
        }
        return a;
    }
    if (l.size() == 3) { // <svc>.<ns>.svc
        const Service* s = find(l[1], l[0]);
        if (!s)
            return nxdomain("kubernetes");
        if (s->type == "ExternalName") {
            a.records.push_back(record("CNAME", s->externalName));
            return a;
        }
        if (qtype == "A") {
            if (!s->headless)
                a.records.push_back(record("A", s->clusterIp));
            else
                for (const Endpoint& e : s->endpoints)
                    a.records.push_back(record("A", e.ip));
        }
        if (qtype == "SRV")
            for (const auto& [name, pp] : s->ports) {
                if (name.empty())
                    continue;
                DnsRecord r = record("SRV", s->name + "." + s->ns + ".svc." + m_domain);
                r.port = pp.second;
                r.weight = 100;
                a.records.push_back(r);
            }
        if (s->headless && s->endpoints.empty())
            return nxdomain("kubernetes"); // a headless Service without endpoints
        return a;
    }
    if (l.size() == 4) { // <hostname>.<svc>.<ns>.svc: an endpoint of a headless Service
        const Service* s = find(l[2], l[1]);
        if (s && s->headless)
            for (const Endpoint& e : s->endpoints)
                if (e.name == l[0]) {
                    if (qtype == "A")
                        a.records.push_back(record("A", e.ip));
                    return a;
                }
        return nxdomain("kubernetes");
    }
    return nxdomain("kubernetes");
}

std::optional<DnsAnswer> DnsZone::reverse(const std::string& qname) const
{
    if (!endsWith(qname, ".in-addr.arpa"))
        return std::nullopt;
    auto p = labels(qname.substr(0, qname.size() - std::string(".in-addr.arpa").size()));
    if (p.size() != 4)
        return std::nullopt;
    const std::string ip = p[3] + "." + p[2] + "." + p[1] + "." + p[0];
    DnsAnswer a;
    a.plugin = "kubernetes";
    DnsRecord r;
    r.name = qname;
    r.type = "PTR";
    for (const Service& s : m_services)
        if (!s.headless && s.clusterIp == ip) {
            r.data = s.name + "." + s.ns + ".svc." + m_domain;
            a.records.push_back(r);
            return a;
        }
    for (const Service& s : m_services)
        for (const Endpoint& e : s.endpoints)
            if (e.ip == ip) {
                r.data = e.name + "." + s.name + "." + s.ns + ".svc." + m_domain;
                a.records.push_back(r);
                return a;
            }
    return std::nullopt;
}

DnsAnswer upstreamAnswer(const std::string& rawName, const std::string& qtype)
{
    const std::string qname = lowerName(rawName);
    for (const auto& [name, ip] : upstreamTable())
        if (name == qname) {
            DnsAnswer a;
            a.plugin = "forward";
            if (qtype == "A") {
                DnsRecord r;
                r.name = qname;
                r.type = "A";
                r.data = ip;
                r.ttl = 300;
                a.records.push_back(r);
            }
            return a;
        }
    return nxdomain("forward");
}

int ResolvConf::ndots() const
{
    int n = 1;
    for (const auto& [k, v] : options)
        if (k == "ndots" && !v.empty() && v.find_first_not_of("0123456789") == std::string::npos)
            n = std::min(15, std::stoi(v.substr(0, 3))); // glibc caps it at 15
    return n;
}

std::string ResolvConf::text() const
{
    std::string out;
    if (!searches.empty()) {
        out += "search";
        for (const auto& s : searches)
            out += " " + s;
        out += "\n";
    }
    for (const auto& n : nameservers)
        out += "nameserver " + n + "\n";
    if (!options.empty()) {
        out += "options";
        for (const auto& [k, v] : options)
            out += " " + k + (v.empty() ? "" : ":" + v);
        out += "\n";
    }
    return out;
}

ResolvConf nodeResolvConf()
{
    ResolvConf c;
    c.nameservers = {kNodeDnsIp};
    return c;
}

ResolvConf podResolvConf(const json& pod, const std::string& domain, const std::string& clusterDns)
{
    const json& spec = model::objectAt(pod, "spec");
    const std::string ns = model::textAtPath(pod, "metadata.namespace");
    std::string policy = spec.value("dnsPolicy", "ClusterFirst");
    if (policy == "ClusterFirst" && spec.value("hostNetwork", false))
        policy = "Default"; // only ClusterFirstWithHostNet keeps the cluster DNS there
    ResolvConf c;
    if (policy == "ClusterFirst" || policy == "ClusterFirstWithHostNet") {
        c.nameservers = {clusterDns};
        c.searches = {ns + ".svc." + domain, "svc." + domain, domain};
        c.options = {{"ndots", "5"}};
    } else if (policy == "Default") {
        c = nodeResolvConf();
    }
    const json& cfg = model::objectAt(spec, "dnsConfig");
    for (const auto& n : model::memberAt(cfg, "nameservers"))
        if (n.is_string() && std::find(c.nameservers.begin(), c.nameservers.end(), n) == c.nameservers.end())
            c.nameservers.push_back(n.get<std::string>());
    for (const auto& s : model::memberAt(cfg, "searches"))
        if (s.is_string() && std::find(c.searches.begin(), c.searches.end(), s) == c.searches.end())
            c.searches.push_back(s.get<std::string>());
    for (const auto& o : model::memberAt(cfg, "options")) {
        const std::string name = o.value("name", "");
        const std::string value = o.value("value", "");
        auto same = std::find_if(c.options.begin(), c.options.end(),
                                 [&](const auto& kv) { return kv.first == name; });
        if (same != c.options.end())
            same->second = value;
        else if (!name.empty())
            c.options.push_back({name, value});
    }
    // The kubelet keeps at most 3 nameservers and 32 search domains (validation.go's limits).
    if (c.nameservers.size() > 3)
        c.nameservers.resize(3);
    if (c.searches.size() > 32)
        c.searches.resize(32);
    return c;
}

ResolvConf parseResolvConf(const std::string& text)
{
    ResolvConf c;
    size_t i = 0;
    while (i < text.size()) {
        size_t nl = std::min(text.find('\n', i), text.size());
        std::string line = text.substr(i, nl - i);
        i = nl + 1;
        std::vector<std::string> words;
        size_t j = 0;
        while (j < line.size()) {
            while (j < line.size() && std::isspace(static_cast<unsigned char>(line[j])))
                ++j;
            size_t k = j;
            while (k < line.size() && !std::isspace(static_cast<unsigned char>(line[k])))
                ++k;
            if (k > j)
                words.push_back(line.substr(j, k - j));
            j = k;
        }
        if (words.empty() || words[0][0] == '#' || words[0][0] == ';')
            continue;
        const std::vector<std::string> rest(words.begin() + 1, words.end());
        if (words[0] == "nameserver" && !rest.empty())
            c.nameservers.push_back(rest[0]);
        else if (words[0] == "search" || words[0] == "domain")
            c.searches = rest; // the last search or domain line wins
        else if (words[0] == "options")
            for (const auto& o : rest) {
                const size_t colon = o.find(':');
                c.options.push_back({o.substr(0, colon),
                                     colon == std::string::npos ? "" : o.substr(colon + 1)});
            }
    }
    return c;
}

Resolution resolve(const ResolvConf& conf, const std::string& rawName, const std::string& qtype,
                   const DnsTransport& transport)
{
    Resolution res;
    std::vector<std::string> candidates;
    const std::string name = rawName;
    if (!name.empty() && name.back() == '.') {
        candidates.push_back(name.substr(0, name.size() - 1));
    } else {
        const int dots = int(std::count(name.begin(), name.end(), '.'));
        if (dots >= conf.ndots())
            candidates.push_back(name);
        for (const auto& s : conf.searches)
            candidates.push_back(name + "." + s);
        if (dots < conf.ndots())
            candidates.push_back(name);
    }
    for (const auto& candidate : candidates) {
        std::optional<DnsAnswer> answer;
        for (const auto& server : conf.nameservers) {
            DnsQuery q{server, candidate, qtype, transport(server, candidate, qtype)};
            answer = q.answer;
            res.queries.push_back(std::move(q));
            if (answer)
                break;
        }
        if (!answer) {
            res.timedOut = true;
            return res;
        }
        if (answer->rcode == "NOERROR" && !answer->records.empty()) {
            res.name = lowerName(candidate);
            res.records = answer->records;
            return res;
        }
    }
    return res;
}

} // namespace kubelab::net
