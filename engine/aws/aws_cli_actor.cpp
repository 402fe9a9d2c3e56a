#include "engine/aws/aws_cli_actor.h"

namespace kubelab::aws {

void AwsCliActor::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind != "aws.response")
        return;
    const std::uint64_t id = m.body.value("id", std::uint64_t(0));
    const std::string op = m.body.value("operation", "");
    if (m.body.contains("summary"))
        ctx.describe("aws.response", m.from, m.body["summary"].get<std::string>());
    else if (m.body.contains("error"))
        ctx.describe("aws.response", m.from,
                     op + " failed: " + m.body["error"].value("code", ""));
    else
        ctx.describe("aws.response", m.from, op + " OK");
    m_responses[id] = m.body;
}

std::optional<nlohmann::json> AwsCliActor::takeResponse(std::uint64_t id)
{
    auto it = m_responses.find(id);
    if (it == m_responses.end())
        return std::nullopt;
    nlohmann::json body = std::move(it->second);
    m_responses.erase(it);
    return body;
}

} // namespace kubelab::aws
