#pragma once
// Amazon EventBridge's default event bus: rules with event patterns and their targets.
// An event a service puts (ACM's expiry events) gets its id, is matched against every
// enabled rule in name order, and goes to each matching rule's targets; an SNS topic
// target publishes the event's JSON to the topic.
#include <map>
#include <string>
#include <vector>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

class EventBridge : public sim::ActorBase<EventBridge, Service>
{
public:
    EventBridge() : ActorBase(kEvents) {}

    struct Target
    {
        std::string id, arn;
    };
    struct Rule
    {
        std::string name, arn, pattern, state = "ENABLED", description;
        std::vector<Target> targets; // by Id
    };
    const std::map<std::string, Rule>& rules() const { return m_rules; }
    // Events put on the bus so far, as delivered JSON text, oldest first.
    const std::vector<std::string>& events() const { return m_events; }

    // Takes "events.put-events" {event: JSON text} from the services.

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    Rule& find(const std::string& name);
    std::map<std::string, Rule> m_rules;
    std::vector<std::string> m_events;
};

} // namespace kubelab::aws
