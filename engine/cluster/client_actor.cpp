#include "engine/cluster/client_actor.h"

#include "engine/cluster/pod_network_view.h"
#include "engine/model/json_view.h"

namespace kubelab::cluster {

void ClientActor::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "api.response") {
        const std::uint64_t id = m.body.value("id", std::uint64_t(0));
        static const nlohmann::json none;
        const Arrived r{m.body.value("code", 500), m.object};
        const nlohmann::json& body = r.body ? *r.body : none;
        std::string what;
        if (body.is_object() && body.value("kind", "") == "Status")
            what = body.value("message", "");
        else if (body.is_object() && body.contains("items"))
            what = std::to_string(body["items"].size()) + " item(s)";
        else if (body.is_object() && body.value("kind", "") == "Table" && body.contains("rows"))
            what = "Table of " + std::to_string(body["rows"].size()) + " row(s)";
        else if (body.is_object() && body.contains("metadata"))
            what = body.value("kind", "") + " " + body["metadata"].value("name", "");
        ctx.describe("api.response", m.from,
                     "got " + std::to_string(r.code) + (what.empty() ? "" : ": " + what),
                     {{"id", id}, {"code", r.code}});
        m_responses[id] = r;
    } else if (m.kind == "api.watch.event") {
        nlohmann::json event = m.body;
        if (m.object)
            event["object"] = *m.object;
        const auto& obj = model::objectAt(event, "object");
        ctx.describe("api.watch.event", m.from,
                     "watch event " + m.body.value("type", "") + " " + obj.value("kind", "") + " " +
                         model::objectAt(obj, "metadata").value("name", ""));
        m_watchEvents.push_back(std::move(event));
    } else if (m.kind == "net.trace.request" && m_network) {
        const std::uint64_t id = m.body.value("id", std::uint64_t(0));
        const std::string from = m.body.value("from", ""), to = m.body.value("to", "");
        const int port = m.body.value("port", 0);
        TraceResult result;
        result.trace = m_network->trace(from, to, port, m.body.value("namespace", "default"),
                                        ctx.rng(), &result.error);
        const std::string what = "trace packet " + from + " -> " + to + ":" + std::to_string(port);
        if (result.trace) {
            const auto& t = *result.trace;
            int draws = 0;
            for (const auto& h : t.hops)
                draws += h.draw >= 0 ? 1 : 0;
            std::string summary = what + ": " + t.outcome;
            if (!t.endpointPod.empty())
                summary += (t.delivered ? " at " : ", endpoint ") + t.endpointPod;
            else if (!t.endpointIp.empty() && t.outcome != "nxdomain")
                summary += " (" + t.endpointIp + ")";
            if (!t.endpointNode.empty())
                summary += " on " + t.endpointNode;
            summary += " (" + std::to_string(t.hops.size()) + " hops, " + std::to_string(draws) +
                       " draws)";
            ctx.describe(net::kPacketTraceKind, t.endpointPod.empty() ? "net" : "pods/" + t.endpointPod,
                         summary, nlohmann::json(t));
        } else {
            ctx.describe(net::kPacketTraceKind, "net", what + ": " + result.error,
                         {{"error", result.error}});
        }
        m_traces[id] = std::move(result);
    }
}

std::optional<ClientActor::TraceResult> ClientActor::takeTrace(std::uint64_t id)
{
    auto it = m_traces.find(id);
    if (it == m_traces.end())
        return std::nullopt;
    TraceResult r = std::move(it->second);
    m_traces.erase(it);
    return r;
}

std::optional<api::Response> ClientActor::takeResponse(std::uint64_t id)
{
    auto it = m_responses.find(id);
    if (it == m_responses.end())
        return std::nullopt;
    api::Response r{it->second.code, it->second.body ? *it->second.body : nlohmann::json()};
    m_responses.erase(it);
    return r;
}

} // namespace kubelab::cluster
