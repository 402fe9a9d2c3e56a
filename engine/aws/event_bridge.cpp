#include "engine/aws/event_bridge.h"

#include <algorithm>
#include <regex>

#include "engine/aws/event_pattern.h"

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

EventBridge::Rule& EventBridge::find(const std::string& name)
{
    auto it = m_rules.find(name);
    if (it == m_rules.end())
        throw ServiceError("ResourceNotFoundException",
                           "Rule " + name + " does not exist on EventBus default.");
    return it->second;
}

ordered_json EventBridge::call(sim::Context& ctx, const std::string& op, const json& params)
{
    if (op == "PutRule") {
        const std::string name = requiredString(params, "Name");
        static const std::regex valid(R"([\.\-_A-Za-z0-9]{1,64})");
        if (!std::regex_match(name, valid))
            throw ServiceError("ValidationException",
                               "1 validation error detected: Value '" + name +
                                   "' at 'name' failed to satisfy constraint: Member must satisfy "
                                   "regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        const std::string pattern = optionalString(params, "EventPattern");
        if (pattern.empty())
            throw ServiceError("ValidationException",
                               "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        if (const std::string reason = checkEventPattern(pattern); !reason.empty())
            throw ServiceError("InvalidEventPatternException",
                               "Event pattern is not valid. Reason: " + reason);
        Rule& r = m_rules[name];
        r.name = name;
        r.arn = std::string("arn:aws:events:") + kRegion + ":" + kAccount + ":rule/" + name;
        r.pattern = json::parse(pattern).dump();
        r.state = optionalString(params, "State", "ENABLED");
        if (r.state != "ENABLED" && r.state != "DISABLED")
            throw ServiceError("ValidationException",
                               "1 validation error detected: Value '" + r.state +
                                   "' at 'state' failed to satisfy constraint: Member must satisfy "
                                   "enum value set: [ENABLED, DISABLED]");
        r.description = optionalString(params, "Description");
        ctx.describe("aws.request", "events/rule/" + name,
                     "PutRule " + name + " " + r.state + " pattern " + r.pattern);
        return {{"RuleArn", r.arn}};
    }
    if (op == "PutTargets") {
        Rule& r = find(requiredString(params, "Rule"));
        if (!params.contains("Targets") || !params["Targets"].is_array() ||
            params["Targets"].empty())
            throw ServiceError("ValidationException",
                               "1 validation error detected: Value null at 'targets' failed to "
                               "satisfy constraint: Member must not be null");
        std::string added;
        for (const json& t : params["Targets"]) {
            const std::string id = requiredString(t, "Id"), arn = requiredString(t, "Arn");
            if (arn.rfind("arn:", 0) != 0)
                throw ServiceError("ValidationException",
                                   "Parameter " + arn + " is not valid. Reason: Provided Arn is "
                                   "not in correct format.");
            auto it = std::find_if(r.targets.begin(), r.targets.end(),
                                   [&](const Target& x) { return x.id == id; });
            if (it != r.targets.end())
                it->arn = arn;
            else
                r.targets.push_back({id, arn});
            added += (added.empty() ? "" : ", ") + id + " -> " + arn;
        }
        std::sort(r.targets.begin(), r.targets.end(),
                  [](const Target& a, const Target& b) { return a.id < b.id; });
        ctx.describe("aws.request", "events/rule/" + r.name, "PutTargets " + r.name + ": " + added);
        return {{"FailedEntryCount", 0}, {"FailedEntries", ordered_json::array()}};
    }
    if (op == "ListRules") {
        ordered_json list = ordered_json::array();
        for (const auto& [name, r] : m_rules) {
            ordered_json o;
            o["Name"] = r.name;
            o["Arn"] = r.arn;
            o["EventPattern"] = r.pattern;
            o["State"] = r.state;
            if (!r.description.empty())
                o["Description"] = r.description;
            o["EventBusName"] = "default";
            list.push_back(o);
        }
        return {{"Rules", list}};
    }
    if (op == "ListTargetsByRule") {
        const Rule& r = find(requiredString(params, "Rule"));
        ordered_json list = ordered_json::array();
        for (const Target& t : r.targets)
            list.push_back({{"Id", t.id}, {"Arn", t.arn}});
        return {{"Targets", list}};
    }
    if (op == "DeleteRule") {
        const std::string name = requiredString(params, "Name");
        if (!find(name).targets.empty())
            throw ServiceError("ValidationException", "Rule can't be deleted since it has targets.");
        m_rules.erase(name);
        return ordered_json::object();
    }
    if (op == "RemoveTargets") {
        Rule& r = find(requiredString(params, "Rule"));
        for (const json& id : params.value("Ids", json::array()))
            r.targets.erase(std::remove_if(r.targets.begin(), r.targets.end(),
                                           [&](const Target& t) { return t.id == id; }),
                            r.targets.end());
        return {{"FailedEntryCount", 0}, {"FailedEntries", ordered_json::array()}};
    }
    throw ServiceError("UnknownOperationException", "KubeLab's EventBridge has no operation " + op);
}

void EventBridge::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind != "events.put-events")
        return;
    const ordered_json in = ordered_json::parse(m.body.value("event", "{}"));
    ordered_json event;
    for (const auto& [k, v] : in.items()) {
        event[k] = v;
        if (k == "version")
            event["id"] = ctx.rng().uuid();
    }
    const std::string text = event.dump();
    m_events.push_back(text);
    const json plain = json::parse(text);
    std::string matched;
    int deliveries = 0;
    for (const auto& [name, r] : m_rules) {
        if (r.state != "ENABLED" || !matchesEventPattern(json::parse(r.pattern), plain))
            continue;
        matched += (matched.empty() ? "" : ", ") + name;
        for (const Target& t : r.targets) {
            if (t.arn.rfind("arn:aws:sns:", 0) == 0) {
                ctx.send(kSns, "sns.publish",
                         {{"TopicArn", t.arn}, {"Message", text}, {"From", "events/rule/" + name}});
                ++deliveries;
            }
        }
    }
    const std::string what = plain.value("detail-type", "event");
    const std::string res =
        plain.contains("resources") && !plain["resources"].empty() ? plain["resources"][0].get<std::string>() : "";
    std::string summary = what;
    if (plain.contains("detail") && plain["detail"].contains("CommonName"))
        summary += " " + plain["detail"]["CommonName"].get<std::string>();
    if (plain.contains("detail") && plain["detail"].contains("DaysToExpiry"))
        summary += " (DaysToExpiry " + plain["detail"]["DaysToExpiry"].dump() + ")";
    summary += matched.empty() ? ": no rule matches"
                               : ": matches " + matched + ", " + std::to_string(deliveries) +
                                     " SNS target(s)";
    ctx.describe("events.event", "events/default", summary, json::parse(text));
}

} // namespace kubelab::aws
