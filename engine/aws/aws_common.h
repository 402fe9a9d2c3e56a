#pragma once
// What every modelled AWS service shares: the one account and region, actor names, time
// formats, and the request/response messages between the aws-cli actor and a service.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/actor.h"
#include "engine/sim/time.h"

namespace kubelab::aws {

// The account and region of every ARN (the account is the one AWS's own examples use).
inline constexpr const char* kAccount = "123456789012";
inline constexpr const char* kRegion = "us-east-1";
// The simulated host the services live on, and the actors (one per service).
inline constexpr const char* kHost = "aws-us-east-1";
inline constexpr const char* kAcm = "acm";
inline constexpr const char* kEvents = "events";
inline constexpr const char* kSns = "sns";
inline constexpr const char* kCloudWatch = "cloudwatch";
inline constexpr const char* kConfig = "config";
inline constexpr const char* kElb = "elb";
inline constexpr const char* kMailbox = "mailbox"; // the learner's e-mail inbox
inline constexpr const char* kCli = "aws-cli";     // on the learner's workstation
inline constexpr const char* kCurl = "curl";       // the workstation's curl (an AwsCliActor)

// True for the AWS account's actors (the services, the mailbox, the aws-cli): views of
// the Kubernetes cluster (the app's sequence diagram) leave them out.
bool isAwsActor(const std::string& name);

// aws-cli's output form of a timestamp: "2026-01-05T09:00:00+00:00".
std::string cliTimestamp(sim::Time t);
// An event's or an e-mail's form: "2026-01-05T09:00:00Z".
std::string isoTimestamp(sim::Time t);
// Parses what aws-cli accepts for a timestamp argument: "2026-01-05", "2026-01-05T09:00:00Z",
// "2026-01-05T09:00:00+00:00" (UTC only) or Unix seconds. False on anything else.
bool parseTimestamp(const std::string& text, sim::Time* t);
// The virtual time of a calendar date (UTC midnight).
sim::Time timeOfDate(int year, int month, int day);

// A service's refusal, as the API returns it: aws-cli prints
// "An error occurred (Code) when calling the Operation operation: message".
struct ServiceError : std::runtime_error
{
    ServiceError(std::string c, const std::string& message)
        : std::runtime_error(message), code(std::move(c))
    {}
    std::string code;
};

// The body of an "aws.request" message: {id, operation, params}. Its reply is an
// "aws.response": {id, operation, result} where result is the response as ordered JSON
// text, or {id, operation, error: {code, message}}.
nlohmann::json responseBody(std::uint64_t id, const std::string& operation,
                            const nlohmann::ordered_json& result);
nlohmann::json errorBody(std::uint64_t id, const std::string& operation, const ServiceError& e);

// Base of every service actor: routes "aws.request" messages to call() and answers them;
// everything else goes to onMessage().
class Service : public sim::Actor
{
public:
    using Actor::Actor;
    void receive(sim::Context& ctx, const sim::Message& message) override;

protected:
    // One API operation. Throws ServiceError; may describe() the trace record itself.
    virtual nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                        const nlohmann::json& params) = 0;
    virtual void onMessage(sim::Context&, const sim::Message&) {}
};

// Parameter helpers for call(): a required or optional string member of `params`.
std::string requiredString(const nlohmann::json& params, const char* name);
std::string optionalString(const nlohmann::json& params, const char* name,
                           const std::string& fallback = {});

// n lower-case hex digits from the simulation's generator.
std::string hexDigits(sim::Rng& rng, int n);

} // namespace kubelab::aws
