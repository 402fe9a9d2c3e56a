#include "engine/node/probes.h"

#include "engine/model/json_view.h"

namespace kubelab::node {

using nlohmann::json;

ProbeSpec ProbeSpec::fromContainer(const json& container, ProbeType type)
{
    ProbeSpec s;
    const json p = container.value(Prober::fieldName(type), json());
    if (!p.is_object())
        return s;
    s.defined = true;
    s.probe = p;
    for (const char* h : {"exec", "httpGet", "tcpSocket", "grpc"})
        if (p.contains(h))
            s.handler = h;
    s.initialDelay = p.value("initialDelaySeconds", 0) * sim::kSecond;
    s.period = std::max(1, p.value("periodSeconds", 10)) * sim::kSecond;
    s.successThreshold = std::max(1, p.value("successThreshold", 1));
    s.failureThreshold = std::max(1, p.value("failureThreshold", 3));
    return s;
}

const char* Prober::typeName(ProbeType type)
{
    switch (type) {
    case ProbeType::Liveness: return "Liveness";
    case ProbeType::Readiness: return "Readiness";
    case ProbeType::Startup: return "Startup";
    }
    return "";
}

const char* Prober::fieldName(ProbeType type)
{
    switch (type) {
    case ProbeType::Liveness: return "livenessProbe";
    case ProbeType::Readiness: return "readinessProbe";
    case ProbeType::Startup: return "startupProbe";
    }
    return "";
}

bool Prober::passes(ProbeType type, const ContainerBehavior& b, sim::Duration age)
{
    switch (type) {
    case ProbeType::Liveness: return !(b.livenessFailAfter && age >= *b.livenessFailAfter);
    case ProbeType::Readiness:
        return age >= b.readyAfter && !(b.readinessFailAfter && age >= *b.readinessFailAfter);
    case ProbeType::Startup: return age >= b.startupAfter;
    }
    return true;
}

std::string Prober::failureOutput(ProbeType type, const ProbeSpec& spec, const ContainerBehavior& b,
                                  const json& container, const std::string& podIp)
{
    const json& p = spec.probe;
    // A named port resolves through the container's ports.
    auto port = [&](const json& handler) {
        const json& v = model::memberAt(handler, "port");
        if (v.is_number())
            return std::to_string(v.get<int>());
        for (const auto& cp : model::memberAt(container, "ports"))
            if (cp.value("name", "") == v.get<std::string>())
                return std::to_string(cp.value("containerPort", 0));
        return v.is_string() ? v.get<std::string>() : std::string("0");
    };
    // A process that is not serving yet refuses connections; one that has gone bad
    // answers with an error.
    const bool notServingYet = type != ProbeType::Liveness && !b.readinessFailAfter;
    if (spec.handler == "httpGet") {
        const json h = p["httpGet"];
        const std::string url =
            std::string(h.value("scheme", "HTTP") == "HTTPS" ? "https" : "http") + "://" + podIp +
            ":" + port(h) + h.value("path", "/");
        if (notServingYet)
            return "Get \"" + url + "\": dial tcp " + podIp + ":" + port(h) +
                   ": connect: connection refused";
        return "HTTP probe failed with statuscode: 500";
    }
    if (spec.handler == "tcpSocket")
        return "dial tcp " + podIp + ":" + port(p["tcpSocket"]) + ": connect: connection refused";
    if (spec.handler == "grpc")
        return "timeout: failed to connect service \"" + podIp + ":" + port(p["grpc"]) +
               "\" within 1s";
    const json& cmd = model::objectAt(p, "exec").value("command", json::array());
    if (!b.probeFailOutput.empty())
        return b.probeFailOutput;
    if (cmd.size() >= 2 && cmd[0] == "cat")
        return "cat: can't open '" + cmd[1].get<std::string>() + "': No such file or directory";
    return "";
}

bool Prober::record(ProbeState& s, const ProbeSpec& spec, bool success)
{
    if (success) {
        ++s.successes;
        s.failures = 0;
        if (!s.passing && s.successes >= spec.successThreshold) {
            s.passing = true;
            return true;
        }
    } else {
        ++s.failures;
        s.successes = 0;
        if (s.passing && s.failures >= spec.failureThreshold) {
            s.passing = false;
            return true;
        }
        // Liveness and startup act on the threshold even from their initial result.
        if (!s.passing && s.failures == spec.failureThreshold)
            return true;
    }
    return false;
}

ProbeState Prober::initial(ProbeType type)
{
    ProbeState s;
    s.active = true;
    s.passing = type == ProbeType::Liveness;
    return s;
}

} // namespace kubelab::node
