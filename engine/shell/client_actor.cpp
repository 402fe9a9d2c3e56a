#include "engine/shell/client_actor.h"

#include "engine/model/json_view.h"

namespace kubelab::shell {

void ClientActor::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "api.response") {
        const std::uint64_t id = m.body.value("id", std::uint64_t(0));
        api::Response r = api::Response::fromMessage(m);
        std::string what;
        if (r.body.is_object() && r.body.value("kind", "") == "Status")
            what = r.body.value("message", "");
        else if (r.body.is_object() && r.body.contains("items"))
            what = std::to_string(r.body["items"].size()) + " item(s)";
        else if (r.body.is_object() && r.body.contains("metadata"))
            what = r.body.value("kind", "") + " " + r.body["metadata"].value("name", "");
        ctx.describe("api.response", m.from,
                     "got " + std::to_string(r.code) + (what.empty() ? "" : ": " + what),
                     {{"id", id}, {"code", r.code}});
        m_responses[id] = std::move(r);
    } else if (m.kind == "api.watch.event") {
        nlohmann::json event = m.body;
        if (m.object)
            event["object"] = *m.object;
        const auto& obj = model::objectAt(event, "object");
        ctx.describe("api.watch.event", m.from,
                     "watch event " + m.body.value("type", "") + " " + obj.value("kind", "") +
                         " " + model::objectAt(obj, "metadata").value("name", ""));
        m_watchEvents.push_back(std::move(event));
    }
}

std::optional<api::Response> ClientActor::takeResponse(std::uint64_t id)
{
    auto it = m_responses.find(id);
    if (it == m_responses.end())
        return std::nullopt;
    api::Response r = std::move(it->second);
    m_responses.erase(it);
    return r;
}

} // namespace kubelab::shell
