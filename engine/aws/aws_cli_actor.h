#pragma once
// The learner's aws-cli on the workstation: sends "aws.request" messages to the service
// actors and keeps each "aws.response" until a synchronous caller (the shell) takes it.
#include <cstdint>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

class AwsCliActor : public sim::ActorBase<AwsCliActor>
{
public:
    // kCli, or kCurl for the workstation's curl (same protocol, answers by request id).
    explicit AwsCliActor(const char* name = kCli) : ActorBase(name) {}
    void receive(sim::Context& ctx, const sim::Message& message) override;
    // The reply to request `id` if it has arrived (the "aws.response" body).
    std::optional<nlohmann::json> takeResponse(std::uint64_t id);

private:
    std::map<std::uint64_t, nlohmann::json> m_responses;
};

} // namespace kubelab::aws
