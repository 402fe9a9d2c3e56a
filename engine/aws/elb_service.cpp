#include "engine/aws/elb_service.h"

#include <algorithm>
#include <regex>
#include <set>

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {
// AWS documents no provisioning time; creating an ALB typically takes a few minutes.
constexpr sim::Duration kProvisioning = 3 * sim::kMinute;
// Route 53's hosted zone of us-east-1's Application Load Balancers (DNSName's alias target).
constexpr const char* kHostedZone = "Z35SXDOTRQ7X7K";
// The policy a new HTTPS listener gets when the request names none.
constexpr const char* kDefaultSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const char* kDefaultSubnets[] = {"subnet-0a3f1c2d4e5b60711", "subnet-0b4e2d3c5f6a71822"};
const char* kZones[] = {"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"};

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Does certificate name `pattern` (perhaps "*.example.com") cover `host`, as a TLS
// client's host name check decides (a wildcard covers one label)?
bool nameMatches(const std::string& pattern, const std::string& host)
{
    const std::string p = lower(pattern), h = lower(host);
    if (p.rfind("*.", 0) != 0)
        return p == h;
    const auto dot = h.find('.');
    return dot != std::string::npos && dot > 0 && h.substr(dot) == p.substr(1);
}

std::vector<std::string> strings(const json& params, const char* name)
{
    std::vector<std::string> out;
    if (auto it = params.find(name); it != params.end() && it->is_array())
        for (const json& v : *it)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

ServiceError notFound(const char* what)
{
    return ServiceError(std::string(what) + "NotFound",
                        std::string("One or more ") + (std::string(what) == "LoadBalancer"
                                                           ? "load balancers"
                                                           : "listeners") +
                            " not found");
}
} // namespace

const Certificate* ElbService::deployed(const std::string& arn) const
{
    auto it = m_deployed.find(arn);
    return it == m_deployed.end() ? nullptr : &it->second;
}

ordered_json ElbService::describe(const LoadBalancer& lb) const
{
    ordered_json o;
    o["LoadBalancerArn"] = lb.arn;
    o["DNSName"] = lb.dnsName;
    o["CanonicalHostedZoneId"] = kHostedZone;
    o["CreatedTime"] = cliTimestamp(lb.createdAt);
    o["LoadBalancerName"] = lb.name;
    o["Scheme"] = lb.scheme;
    o["VpcId"] = "vpc-0c1d2e3f4a5b6c7d8";
    o["State"] = {{"Code", lb.state}};
    o["Type"] = lb.type;
    ordered_json zones = ordered_json::array();
    for (size_t i = 0; i < lb.subnets.size(); ++i)
        zones.push_back({{"ZoneName", kZones[i % 4]}, {"SubnetId", lb.subnets[i]}});
    o["AvailabilityZones"] = zones;
    o["SecurityGroups"] = {"sg-0d1e2f3a4b5c6d7e8"};
    o["IpAddressType"] = "ipv4";
    return o;
}

ordered_json ElbService::describe(const Listener& l) const
{
    ordered_json o;
    o["ListenerArn"] = l.arn;
    o["LoadBalancerArn"] = l.loadBalancerArn;
    o["Port"] = l.port;
    o["Protocol"] = l.protocol;
    if (!l.certificates.empty()) {
        ordered_json certs = ordered_json::array();
        for (const std::string& c : l.certificates)
            certs.push_back({{"CertificateArn", c}});
        o["Certificates"] = certs;
        o["SslPolicy"] = l.sslPolicy;
    }
    o["DefaultActions"] = l.defaultActions;
    return o;
}

std::string ElbService::verifyResult(const Listener& l, sim::Time t) const
{
    const Certificate* c = l.certificates.empty() ? nullptr : deployed(l.certificates.front());
    if (!c)
        return "no certificate";
    if (t < c->notBefore)
        return "certificate is not yet valid";
    if (t >= c->notAfter)
        return "certificate has expired";
    return "ok";
}

ElbService::LoadBalancer& ElbService::findLb(const std::string& arn)
{
    auto it = m_lbs.find(arn);
    if (it == m_lbs.end())
        throw notFound("LoadBalancer");
    return it->second;
}

ElbService::Listener& ElbService::findListener(const std::string& arn)
{
    auto it = m_listeners.find(arn);
    if (it == m_listeners.end())
        throw notFound("Listener");
    return it->second;
}

ordered_json ElbService::createLoadBalancer(sim::Context& ctx, const json& params)
{
    const std::string name = requiredString(params, "Name");
    static const std::regex valid("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
    if (name.size() > 32)
        throw ServiceError("ValidationError",
                           "The load balancer name '" + name + "' cannot be longer than '32' characters");
    if (!std::regex_match(name, valid) || name.rfind("internal-", 0) == 0)
        throw ServiceError("ValidationError",
                           "The load balancer name '" + name + "' may contain only alphanumeric "
                           "characters and hyphens, must not begin or end with a hyphen, and must "
                           "not begin with 'internal-'");
    const std::string type = optionalString(params, "Type", "application");
    if (type != "application")
        throw ServiceError("ValidationError",
                           "KubeLab models Application Load Balancers only (--type application), "
                           "not '" + type + "'");
    std::vector<std::string> subnets = strings(params, "Subnets");
    if (params.contains("Subnets") && subnets.size() < 2)
        throw ServiceError("ValidationError",
                           "At least two subnets in two different Availability Zones must be "
                           "specified");
    if (subnets.empty())
        subnets = {kDefaultSubnets[0], kDefaultSubnets[1]};
    for (const auto& [arn, lb] : m_lbs)
        if (lb.name == name) // CreateLoadBalancer is idempotent for one name
            return {{"LoadBalancers", {describe(lb)}}};
    LoadBalancer lb;
    lb.name = name;
    lb.type = type;
    lb.scheme = optionalString(params, "Scheme", "internet-facing");
    lb.state = "provisioning";
    lb.subnets = subnets;
    lb.createdAt = ctx.now();
    lb.order = m_nextOrder++;
    lb.arn = std::string("arn:aws:elasticloadbalancing:") + kRegion + ":" + kAccount +
             ":loadbalancer/app/" + name + "/" + hexDigits(ctx.rng(), 16);
    lb.dnsName = name + "-" + std::to_string(1000000000 + ctx.rng().below(9000000000ULL)) + "." +
                 kRegion + ".elb.amazonaws.com";
    m_lbs[lb.arn] = lb;
    ctx.timer(kProvisioning, "elb.provisioned", {{"LoadBalancerArn", lb.arn}});
    ctx.describe("aws.request", "elb/" + name,
                 "CreateLoadBalancer " + name + " -> " + lb.dnsName + " (provisioning)");
    return {{"LoadBalancers", {describe(lb)}}};
}

ordered_json ElbService::describeLoadBalancers(const json& params) const
{
    const std::vector<std::string> names = strings(params, "Names");
    const std::vector<std::string> arns = strings(params, "LoadBalancerArns");
    std::vector<const LoadBalancer*> out;
    for (const auto& [arn, lb] : m_lbs)
        if ((names.empty() || std::count(names.begin(), names.end(), lb.name)) &&
            (arns.empty() || std::count(arns.begin(), arns.end(), lb.arn)))
            out.push_back(&lb);
    if (out.size() < names.size() + arns.size())
        throw ServiceError("LoadBalancerNotFound",
                           names.empty() ? "One or more load balancers not found"
                                         : "Load balancers '[" + [&] {
                                               std::string s;
                                               for (const auto& n : names)
                                                   s += (s.empty() ? "" : ", ") + n;
                                               return s;
                                           }() + "]' not found");
    std::sort(out.begin(), out.end(),
              [](const LoadBalancer* a, const LoadBalancer* b) { return a->order < b->order; });
    ordered_json list = ordered_json::array();
    for (const LoadBalancer* lb : out)
        list.push_back(describe(*lb));
    return {{"LoadBalancers", list}};
}

ordered_json ElbService::describeListeners(const json& params)
{
    const std::string lbArn = optionalString(params, "LoadBalancerArn");
    const std::vector<std::string> arns = strings(params, "ListenerArns");
    if (lbArn.empty() && arns.empty())
        throw ServiceError("ValidationError",
                           "You must specify either listener ARNs or a load balancer ARN");
    if (!lbArn.empty())
        findLb(lbArn);
    std::vector<const Listener*> out;
    for (const std::string& a : arns)
        out.push_back(&findListener(a));
    if (arns.empty())
        for (const auto& [arn, l] : m_listeners)
            if (l.loadBalancerArn == lbArn)
                out.push_back(&l);
    std::sort(out.begin(), out.end(),
              [](const Listener* a, const Listener* b) { return a->order < b->order; });
    ordered_json list = ordered_json::array();
    for (const Listener* l : out)
        list.push_back(describe(*l));
    return {{"Listeners", list}};
}

ElbService::Listener ElbService::listenerFrom(const json& params, Listener l, bool create)
{
    if (create) {
        l.loadBalancerArn = requiredString(params, "LoadBalancerArn");
        findLb(l.loadBalancerArn);
    }
    if (params.contains("Protocol"))
        l.protocol = requiredString(params, "Protocol");
    if (l.protocol != "HTTP" && l.protocol != "HTTPS")
        throw ServiceError("ValidationError", "Listener protocol '" + l.protocol +
                                                  "' must be one of 'HTTPS, HTTP'");
    if (params.contains("Port")) {
        if (!params["Port"].is_number_integer())
            throw ServiceError("ValidationError", "Port must be a whole number");
        l.port = params["Port"].get<int>();
    }
    if (l.port < 1 || l.port > 65535)
        throw ServiceError("ValidationError",
                           "1 validation error detected: Value '" + std::to_string(l.port) +
                               "' at 'port' failed to satisfy constraint: Member must have value "
                               "between 1 and 65535");
    if (params.contains("Certificates")) {
        l.certificates.clear();
        for (const json& c : params["Certificates"])
            if (c.is_object() && c.contains("CertificateArn") && c["CertificateArn"].is_string())
                l.certificates.push_back(c["CertificateArn"].get<std::string>());
            else
                throw ServiceError("ValidationError",
                                   "Each certificate needs CertificateArn (--certificates "
                                   "CertificateArn=arn:aws:acm:...)");
        if (l.certificates.size() > 1)
            throw ServiceError("ValidationError",
                               "You must provide exactly one certificate (the listener's "
                               "default certificate)");
    }
    if (l.protocol == "HTTPS" && l.certificates.empty())
        throw ServiceError("ValidationError", "A certificate must be specified for HTTPS listeners");
    if (l.protocol == "HTTP" && !l.certificates.empty())
        throw ServiceError("ValidationError", "A certificate cannot be specified for HTTP listeners");
    l.sslPolicy = l.protocol == "HTTPS" ? optionalString(params, "SslPolicy",
                                                          l.sslPolicy.empty() ? kDefaultSslPolicy
                                                                              : l.sslPolicy)
                                        : "";
    if (params.contains("DefaultActions")) {
        const json& actions = params["DefaultActions"];
        if (!actions.is_array() || actions.empty())
            throw ServiceError("ValidationError", "A listener must have at least one default action");
        l.defaultActions = ordered_json::array();
        for (const json& a : actions) {
            const std::string type = a.is_object() ? a.value("Type", "") : "";
            if (type != "fixed-response")
                throw ServiceError("ValidationError",
                                   "KubeLab's load balancer answers with fixed-response actions "
                                   "only (no target groups), not '" + type + "'");
            const json cfg = a.value("FixedResponseConfig", json::object());
            if (!cfg.contains("StatusCode"))
                throw ServiceError("ValidationError",
                                   "A fixed-response action must have a status code");
            const std::string code = cfg["StatusCode"].is_string()
                                         ? cfg["StatusCode"].get<std::string>()
                                         : cfg["StatusCode"].dump();
            static const std::regex status("[245][0-9][0-9]");
            if (!std::regex_match(code, status))
                throw ServiceError("ValidationError",
                                   "1 validation error detected: Value '" + code +
                                       "' at 'statusCode' failed to satisfy constraint: Member "
                                       "must satisfy regular expression pattern: ^(2|4|5)\\d\\d$");
            ordered_json fixed;
            fixed["MessageBody"] = cfg.value("MessageBody", "");
            fixed["StatusCode"] = code;
            fixed["ContentType"] = cfg.value("ContentType", "text/plain");
            ordered_json action;
            action["Type"] = type;
            action["FixedResponseConfig"] = fixed;
            l.defaultActions.push_back(action);
        }
    }
    if (l.defaultActions.empty())
        throw ServiceError("ValidationError", "A listener must have at least one default action");
    return l;
}

const ElbService::Listener* ElbService::samePort(const Listener& l) const
{
    for (const auto& [arn, other] : m_listeners)
        if (arn != l.arn && other.loadBalancerArn == l.loadBalancerArn && other.port == l.port)
            return &other;
    return nullptr;
}

void ElbService::receive(sim::Context& ctx, const sim::Message& message)
{
    const std::string op = message.body.value("operation", "");
    if (message.kind != "aws.request" || (op != "CreateListener" && op != "ModifyListener")) {
        Service::receive(ctx, message);
        return;
    }
    // A listener change may need ACM's word on its certificate: answered once it comes.
    const std::uint64_t id = message.body.value("id", std::uint64_t(0));
    const json params = message.body.value("params", json::object());
    Pending p;
    p.id = id;
    p.from = message.from;
    p.operation = op;
    p.create = op == "CreateListener";
    try {
        Listener base;
        if (!p.create) {
            base = findListener(requiredString(params, "ListenerArn"));
            p.previous = base.certificates;
        }
        p.listener = listenerFrom(params, base, p.create);
        if (const Listener* other = samePort(p.listener)) {
            // CreateListener is idempotent: the same settings again get the same listener.
            if (!p.create || other->protocol != p.listener.protocol ||
                other->certificates != p.listener.certificates ||
                other->sslPolicy != p.listener.sslPolicy ||
                other->defaultActions != p.listener.defaultActions)
                throw ServiceError("DuplicateListener",
                                   "A listener already exists on this port for this load "
                                   "balancer '" + p.listener.loadBalancerArn + "'");
            ctx.describe("aws.request", name(), op + ": the same listener exists: " + other->arn);
            ctx.send(message.from, "aws.response",
                     responseBody(id, op, ordered_json{{"Listeners", {describe(*other)}}}));
            return;
        }
    } catch (const ServiceError& e) {
        ctx.describe("aws.request", name(), op + " -> " + e.code + ": " + e.what());
        ctx.send(message.from, "aws.response", errorBody(id, op, e));
        return;
    }
    if (p.create) {
        const std::string& lbArn = p.listener.loadBalancerArn;
        const std::string lbPath = lbArn.substr(lbArn.find(":loadbalancer/") + 14);
        p.listener.arn = std::string("arn:aws:elasticloadbalancing:") + kRegion + ":" + kAccount +
                         ":listener/" + lbPath + "/" + hexDigits(ctx.rng(), 16);
        p.listener.order = m_nextOrder++;
    }
    startListenerChange(ctx, std::move(p));
}

void ElbService::startListenerChange(sim::Context& ctx, Pending p)
{
    const bool needsAcm = !p.listener.certificates.empty() &&
                          p.listener.certificates != p.previous;
    if (!needsAcm) {
        commit(ctx, p);
        return;
    }
    const std::string cert = p.listener.certificates.front();
    ctx.send(kAcm, "acm.associate",
             {{"CertificateArn", cert},
              {"ResourceArn", p.listener.loadBalancerArn},
              {"RequestId", p.id}});
    ctx.describe("aws.request", name(),
                 p.operation + ": asks ACM for certificate " + cert + " for " +
                     p.listener.loadBalancerArn);
    m_pending[p.id] = std::move(p);
}

void ElbService::commit(sim::Context& ctx, const Pending& p)
{
    m_listeners[p.listener.arn] = p.listener;
    std::vector<std::string> dropped;
    for (const std::string& c : p.previous)
        if (std::find(p.listener.certificates.begin(), p.listener.certificates.end(), c) ==
            p.listener.certificates.end())
            dropped.push_back(c);
    release(ctx, p.listener.loadBalancerArn, dropped);
    const Listener& l = m_listeners[p.listener.arn];
    ctx.describe("aws.request", "elb/" + findLb(l.loadBalancerArn).name,
                 p.operation + " " + l.protocol + ":" + std::to_string(l.port) +
                     (l.certificates.empty() ? "" : " with certificate " + l.certificates[0]) +
                     " -> " + l.arn);
    ctx.send(p.from, "aws.response",
             responseBody(p.id, p.operation, ordered_json{{"Listeners", {describe(l)}}}));
}

void ElbService::release(sim::Context& ctx, const std::string& lbArn,
                         const std::vector<std::string>& certificates)
{
    for (const std::string& c : certificates) {
        const bool stillUsed = std::any_of(m_listeners.begin(), m_listeners.end(), [&](auto& e) {
            return e.second.loadBalancerArn == lbArn &&
                   std::count(e.second.certificates.begin(), e.second.certificates.end(), c);
        });
        if (!stillUsed)
            ctx.send(kAcm, "acm.disassociate", {{"CertificateArn", c}, {"ResourceArn", lbArn}});
    }
}

ordered_json ElbService::deleteListener(sim::Context& ctx, const std::string& arn)
{
    const Listener l = findListener(arn);
    m_listeners.erase(arn);
    release(ctx, l.loadBalancerArn, l.certificates);
    ctx.describe("aws.request", "elb/" + findLb(l.loadBalancerArn).name,
                 "DeleteListener " + l.protocol + ":" + std::to_string(l.port));
    return ordered_json::object();
}

ordered_json ElbService::call(sim::Context& ctx, const std::string& op, const json& params)
{
    if (op == "CreateLoadBalancer")
        return createLoadBalancer(ctx, params);
    if (op == "DescribeLoadBalancers")
        return describeLoadBalancers(params);
    if (op == "DescribeListeners")
        return describeListeners(params);
    if (op == "DeleteListener")
        return deleteListener(ctx, requiredString(params, "ListenerArn"));
    if (op == "DeleteLoadBalancer") {
        const std::string arn = requiredString(params, "LoadBalancerArn");
        auto it = m_lbs.find(arn);
        if (it == m_lbs.end()) // deleting what is gone succeeds, as in AWS
            return ordered_json::object();
        std::vector<std::string> listeners;
        for (const auto& [larn, l] : m_listeners)
            if (l.loadBalancerArn == arn)
                listeners.push_back(larn);
        for (const std::string& larn : listeners)
            deleteListener(ctx, larn);
        ctx.describe("aws.request", "elb/" + it->second.name,
                     "DeleteLoadBalancer " + it->second.name + " and its " +
                         std::to_string(listeners.size()) + " listener(s)");
        m_lbs.erase(it);
        return ordered_json::object();
    }
    throw ServiceError("InvalidAction", "KubeLab's Elastic Load Balancing has no operation " + op);
}

void ElbService::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "elb.provisioned") {
        auto it = m_lbs.find(m.body.value("LoadBalancerArn", ""));
        if (it == m_lbs.end()) {
            ctx.describe(m.kind, "elb", "provisioned: the load balancer was deleted meanwhile");
            return;
        }
        it->second.state = "active";
        ctx.describe(m.kind, "elb/" + it->second.name,
                     it->second.name + " is active: " + it->second.dnsName + " resolves");
    } else if (m.kind == "acm.associated") {
        auto it = m_pending.find(m.body.value("RequestId", std::uint64_t(0)));
        if (it == m_pending.end())
            return;
        const Pending p = std::move(it->second);
        m_pending.erase(it);
        if (m.body.contains("error")) {
            const ServiceError e("CertificateNotFound",
                                 "Certificate '" + p.listener.certificates.front() + "' not found");
            ctx.describe("aws.request", name(), p.operation + " -> " + e.code + ": " + e.what());
            ctx.send(p.from, "aws.response", errorBody(p.id, p.operation, e));
            return;
        }
        const Certificate c = fromDeployedCopy(m.body["Certificate"]);
        m_deployed[c.arn] = c;
        if (!m_lbs.count(p.listener.loadBalancerArn)) {
            const ServiceError e = notFound("LoadBalancer");
            ctx.send(p.from, "aws.response", errorBody(p.id, p.operation, e));
            return;
        }
        commit(ctx, p);
    } else if (m.kind == "elb.certificate") {
        const Certificate c = fromDeployedCopy(m.body["Certificate"]);
        m_deployed[c.arn] = c;
        ctx.describe(m.kind, "elb",
                     "ACM deployed " + c.domainName + " (" + c.status + ", valid until " +
                         isoTimestamp(c.notAfter) + ") to the load balancers using it");
    } else if (m.kind == "elb.connect") {
        const json reply = connect(ctx, m.body);
        ctx.send(m.from, "aws.response", reply);
    }
}

json ElbService::connect(sim::Context& ctx, const json& r)
{
    const std::uint64_t id = r.value("id", std::uint64_t(0));
    const std::string scheme = r.value("Scheme", "https");
    const std::string host = r.value("Host", "");
    const std::string target = r.value("ConnectTo", host);
    const int port = r.value("Port", scheme == "https" ? 443 : 80);
    const bool insecure = r.value("Insecure", false);
    const std::string url = scheme + "://" + host + r.value("Path", "/");
    json result = {{"exitCode", 0}, {"body", ""}, {"error", ""}};
    std::string story;
    auto fail = [&](int code, const std::string& error, const std::string& why) {
        result["exitCode"] = code;
        result["error"] = error;
        story = why;
    };
    const LoadBalancer* lb = nullptr;
    for (const auto& [arn, candidate] : m_lbs)
        if (lower(candidate.dnsName) == lower(target))
            lb = &candidate;
    const Listener* listener = nullptr;
    if (lb)
        for (const auto& [arn, l] : m_listeners)
            if (l.loadBalancerArn == lb->arn && l.port == port)
                listener = &l;
    if (!lb || lb->state != "active") {
        fail(6, "Could not resolve host: " + target,
             lb ? lb->name + " is still provisioning: its DNS name does not resolve yet"
                : "no load balancer has the DNS name " + target);
    } else if (!listener) {
        fail(7,
             "Failed to connect to " + target + " port " + std::to_string(port) + " after " +
                 std::to_string(r.value("RoundTripMs", 0)) + " ms: Couldn't connect to server",
             lb->name + " has no listener on port " + std::to_string(port));
    } else if (scheme == "https" && listener->protocol == "HTTP") {
        fail(35, "error:0A00010B:SSL routines::wrong version number",
             "port " + std::to_string(port) + " speaks HTTP, not TLS");
    } else if (scheme == "https") {
        const Certificate* c = deployed(listener->certificates.front());
        const std::string verdict = verifyResult(*listener, ctx.now());
        bool named = false;
        if (c)
            for (const std::string& n : c->subjectAlternativeNames.empty()
                                            ? std::vector<std::string>{c->domainName}
                                            : c->subjectAlternativeNames)
                named = named || nameMatches(n, host);
        const std::string shown = c ? c->domainName + " (valid " + isoTimestamp(c->notBefore) +
                                          " to " + isoTimestamp(c->notAfter) + ")"
                                    : "no certificate";
        if (!insecure && verdict != "ok")
            fail(60, "SSL certificate problem: " + verdict,
                 "the TLS handshake fails: the listener presents " + shown + ", " + verdict);
        else if (!insecure && !named)
            fail(60, "SSL: no alternative certificate subject name matches target host name '" +
                         host + "'",
                 "the TLS handshake fails: the listener presents " + shown +
                     ", which does not name " + host);
        else
            story = "TLS handshake with " + shown + (insecure ? ", not verified (-k)" : ", ok");
    } else if (listener->protocol == "HTTPS") {
        result["body"] = "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS "
                         "port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1>"
                         "</center>\r\n<center>The plain HTTP request was sent to HTTPS port"
                         "</center>\r\n</body>\r\n</html>\r\n";
        story = "plain HTTP to an HTTPS listener: 400";
    }
    if (result["exitCode"] == 0 && result["body"] == "") {
        const json& action = listener->defaultActions.front();
        const json fixed = action.value("FixedResponseConfig", json::object());
        result["body"] = fixed.value("MessageBody", "");
        result["status"] = fixed.value("StatusCode", "200");
        story += "; fixed response " + fixed.value("StatusCode", "200");
    }
    const std::string summary =
        "curl " + url + (result["exitCode"] == 0 ? " -> " : " -> exit " +
                                                           result["exitCode"].dump() + ": ") +
        story;
    ctx.describe("elb.connect", lb ? "elb/" + lb->name : "elb", summary,
                 {{"url", url}, {"target", target}, {"result", result}});
    return {{"id", id}, {"operation", "Connect"}, {"result", result.dump()}, {"summary", summary}};
}

} // namespace kubelab::aws
