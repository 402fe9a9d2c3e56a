#include "engine/aws/config_service.h"

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {
constexpr const char* kIdentifier = "ACM_CERTIFICATE_EXPIRATION_CHECK";
constexpr sim::Duration kPeriod = 24 * sim::kHour;
} // namespace

std::string ConfigService::evaluate(const Resource& r, int days, sim::Time now)
{
    if (r.status == "EXPIRED" || r.notAfter - now <= days * sim::kDay)
        return "NON_COMPLIANT";
    return "COMPLIANT";
}

int ConfigService::evaluateRule(sim::Context& ctx, Rule& rule, const std::string& only)
{
    int changed = 0;
    rule.invoked = ctx.now();
    for (const auto& [arn, r] : m_resources) {
        if (!only.empty() && arn != only)
            continue;
        if (r.status == "PENDING_VALIDATION")
            continue;
        const std::string verdict = evaluate(r, rule.daysToExpiration, ctx.now());
        Evaluation& e = rule.evaluations[arn];
        if (e.compliance != verdict) {
            e.compliance = verdict;
            ++changed;
        }
        e.recorded = ctx.now();
    }
    return changed;
}

ordered_json ConfigService::call(sim::Context& ctx, const std::string& op, const json& params)
{
    if (op == "PutConfigRule") {
        const json rule = params.value("ConfigRule", json::object());
        const std::string name = requiredString(rule, "ConfigRuleName");
        const json source = rule.value("Source", json::object());
        if (source.value("Owner", "") != "AWS" ||
            source.value("SourceIdentifier", "") != kIdentifier)
            throw ServiceError("InvalidParameterValueException",
                               "The sourceIdentifier " + source.value("SourceIdentifier", "") +
                                   " is invalid. KubeLab models one AWS managed rule: Owner AWS, "
                                   "SourceIdentifier ACM_CERTIFICATE_EXPIRATION_CHECK.");
        int days = 14;
        if (rule.contains("InputParameters")) {
            const json in = json::parse(rule["InputParameters"].get<std::string>(), nullptr, false);
            if (in.is_discarded() || !in.is_object())
                throw ServiceError("InvalidParameterValueException",
                                   "Blank spaces are not acceptable for input parameter: "
                                   "InputParameters must be a JSON object as a string.");
            if (in.contains("daysToExpiration")) {
                const json& d = in["daysToExpiration"];
                const std::string text = d.is_string() ? d.get<std::string>() : d.dump();
                if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
                    throw ServiceError("InvalidParameterValueException",
                                       "Unexpected value for parameter daysToExpiration: " + text +
                                           " (expected a whole number of days)");
                days = std::stoi(text);
            }
        }
        const bool fresh = !m_rules.count(name);
        Rule& r = m_rules[name];
        r.name = name;
        r.daysToExpiration = days;
        if (fresh) {
            r.id = "config-rule-" + hexDigits(ctx.rng(), 6);
            r.arn = std::string("arn:aws:config:") + kRegion + ":" + kAccount + ":config-rule/" + r.id;
            ctx.timer(kPeriod, "config.evaluate", {{"rule", name}}, true);
        }
        r.evaluations.clear();
        evaluateRule(ctx, r);
        ctx.describe("aws.request", "config/rule/" + name,
                     "PutConfigRule " + name + " (daysToExpiration " + std::to_string(days) +
                         "): evaluated " + std::to_string(r.evaluations.size()) + " certificate(s)");
        return ordered_json::object();
    }
    if (op == "DescribeComplianceByConfigRule") {
        const json names = params.value("ConfigRuleNames", json::array());
        for (const json& n : names)
            if (!m_rules.count(n.get<std::string>()))
                throw ServiceError("NoSuchConfigRuleException",
                                   "The ConfigRule '" + n.get<std::string>() +
                                       "' provided in the request is invalid. Please check the "
                                       "configRule name.");
        ordered_json list = ordered_json::array();
        for (const auto& [name, r] : m_rules) {
            if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end())
                continue;
            int bad = 0;
            for (const auto& [arn, e] : r.evaluations)
                bad += e.compliance == "NON_COMPLIANT";
            ordered_json c;
            c["ComplianceType"] = r.evaluations.empty() ? "INSUFFICIENT_DATA"
                                  : bad                 ? "NON_COMPLIANT"
                                                        : "COMPLIANT";
            if (bad)
                c["ComplianceContributorCount"] = {{"CappedCount", bad}, {"CapExceeded", false}};
            ordered_json o;
            o["ConfigRuleName"] = name;
            o["Compliance"] = c;
            list.push_back(o);
        }
        return {{"ComplianceByConfigRules", list}};
    }
    if (op == "GetComplianceDetailsByConfigRule") {
        const std::string name = requiredString(params, "ConfigRuleName");
        auto it = m_rules.find(name);
        if (it == m_rules.end())
            throw ServiceError("NoSuchConfigRuleException",
                               "The ConfigRule '" + name +
                                   "' provided in the request is invalid. Please check the "
                                   "configRule name.");
        const json types = params.value("ComplianceTypes", json::array());
        ordered_json list = ordered_json::array();
        for (const auto& [arn, e] : it->second.evaluations) {
            if (!types.empty() && std::find(types.begin(), types.end(), e.compliance) == types.end())
                continue;
            ordered_json q;
            q["ConfigRuleName"] = name;
            q["ResourceType"] = "AWS::ACM::Certificate";
            q["ResourceId"] = arn;
            q["EvaluationMode"] = "DETECTIVE";
            ordered_json o;
            o["EvaluationResultIdentifier"] = {{"EvaluationResultQualifier", q},
                                               {"OrderingTimestamp", cliTimestamp(e.recorded)}};
            o["ComplianceType"] = e.compliance;
            o["ResultRecordedTime"] = cliTimestamp(e.recorded);
            o["ConfigRuleInvokedTime"] = cliTimestamp(it->second.invoked);
            list.push_back(o);
        }
        return {{"EvaluationResults", list}};
    }
    if (op == "DescribeConfigRules") {
        ordered_json list = ordered_json::array();
        for (const auto& [name, r] : m_rules) {
            ordered_json o;
            o["ConfigRuleName"] = name;
            o["ConfigRuleArn"] = r.arn;
            o["ConfigRuleId"] = r.id;
            o["Source"] = {{"Owner", "AWS"}, {"SourceIdentifier", kIdentifier}};
            o["InputParameters"] =
                json({{"daysToExpiration", std::to_string(r.daysToExpiration)}}).dump();
            o["MaximumExecutionFrequency"] = "TwentyFour_Hours";
            o["ConfigRuleState"] = "ACTIVE";
            list.push_back(o);
        }
        return {{"ConfigRules", list}};
    }
    throw ServiceError("UnknownOperationException", "KubeLab's AWS Config has no operation " + op);
}

void ConfigService::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "config.evaluate") {
        const std::string name = m.body.value("rule", "");
        auto it = m_rules.find(name);
        if (it == m_rules.end())
            return;
        ctx.timer(kPeriod, "config.evaluate", {{"rule", name}}, true);
        const int changed = evaluateRule(ctx, it->second);
        if (changed)
            ctx.activity();
        ctx.describe("config.evaluate", "config/rule/" + name,
                     "periodic evaluation of " + name + ": " +
                         std::to_string(it->second.evaluations.size()) + " certificate(s), " +
                         std::to_string(changed) + " changed compliance");
        return;
    }
    if (m.kind != "config.configuration-item")
        return;
    const std::string arn = m.body.value("resourceId", "");
    if (m.body.value("deleted", false)) {
        m_resources.erase(arn);
        for (auto& [name, r] : m_rules)
            r.evaluations.erase(arn);
        ctx.describe("config.item", "config", "configuration item: " + arn + " deleted");
        return;
    }
    m_resources[arn] = {m.body.value("status", ""), m.body.value("notAfter", sim::Time(0))};
    std::string verdicts;
    for (auto& [name, r] : m_rules) {
        evaluateRule(ctx, r, arn);
        if (r.evaluations.count(arn))
            verdicts += ", " + name + ": " + r.evaluations[arn].compliance;
    }
    ctx.describe("config.item", "config",
                 "configuration item: " + arn + " " + m.body.value("status", "") + verdicts);
}

} // namespace kubelab::aws
