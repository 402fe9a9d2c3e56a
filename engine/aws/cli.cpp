#include "engine/aws/cli.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;
using K = OptionKind;

const std::vector<CliCommand>& cliCommands()
{
    static const std::vector<CliCommand> commands = {
        {"acm", "delete-certificate", "DeleteCertificate", kAcm,
         {{"--certificate-arn", "CertificateArn", K::String, true}}},
        {"acm", "describe-certificate", "DescribeCertificate", kAcm,
         {{"--certificate-arn", "CertificateArn", K::String, true}}},
        {"acm", "get-account-configuration", "GetAccountConfiguration", kAcm, {}},
        {"acm", "import-certificate", "ImportCertificate", kAcm,
         {{"--certificate", "Certificate", K::File, true},
          {"--private-key", "PrivateKey", K::File, true},
          {"--certificate-chain", "CertificateChain", K::File, false},
          {"--certificate-arn", "CertificateArn", K::String, false}}},
        {"acm", "list-certificates", "ListCertificates", kAcm,
         {{"--certificate-statuses", "CertificateStatuses", K::StringList, false}}},
        {"acm", "put-account-configuration", "PutAccountConfiguration", kAcm,
         {{"--expiry-events", "ExpiryEvents", K::Shorthand, false},
          {"--idempotency-token", "IdempotencyToken", K::String, true}}},
        {"acm", "request-certificate", "RequestCertificate", kAcm,
         {{"--domain-name", "DomainName", K::String, true},
          {"--validation-method", "ValidationMethod", K::String, false},
          {"--subject-alternative-names", "SubjectAlternativeNames", K::StringList, false},
          {"--certificate-authority-arn", "CertificateAuthorityArn", K::String, false},
          {"--idempotency-token", "IdempotencyToken", K::String, false}}},
        {"cloudwatch", "get-metric-statistics", "GetMetricStatistics", kCloudWatch,
         {{"--namespace", "Namespace", K::String, true},
          {"--metric-name", "MetricName", K::String, true},
          {"--dimensions", "Dimensions", K::ShorthandList, false},
          {"--start-time", "StartTime", K::Timestamp, true},
          {"--end-time", "EndTime", K::Timestamp, true},
          {"--period", "Period", K::Integer, true},
          {"--statistics", "Statistics", K::StringList, false}}},
        {"configservice", "describe-compliance-by-config-rule", "DescribeComplianceByConfigRule",
         kConfig, {{"--config-rule-names", "ConfigRuleNames", K::StringList, false}}},
        {"configservice", "describe-config-rules", "DescribeConfigRules", kConfig, {}},
        {"configservice", "get-compliance-details-by-config-rule",
         "GetComplianceDetailsByConfigRule", kConfig,
         {{"--config-rule-name", "ConfigRuleName", K::String, true},
          {"--compliance-types", "ComplianceTypes", K::StringList, false}}},
        {"configservice", "put-config-rule", "PutConfigRule", kConfig,
         {{"--config-rule", "ConfigRule", K::Json, true}}},
        {"elbv2", "create-listener", "CreateListener", kElb,
         {{"--load-balancer-arn", "LoadBalancerArn", K::String, true},
          {"--protocol", "Protocol", K::String, false},
          {"--port", "Port", K::Integer, false},
          {"--certificates", "Certificates", K::ShorthandList, false},
          {"--ssl-policy", "SslPolicy", K::String, false},
          {"--default-actions", "DefaultActions", K::ShorthandList, true}}},
        {"elbv2", "create-load-balancer", "CreateLoadBalancer", kElb,
         {{"--name", "Name", K::String, true},
          {"--type", "Type", K::String, false},
          {"--scheme", "Scheme", K::String, false},
          {"--subnets", "Subnets", K::StringList, false},
          {"--security-groups", "SecurityGroups", K::StringList, false}}},
        {"elbv2", "delete-listener", "DeleteListener", kElb,
         {{"--listener-arn", "ListenerArn", K::String, true}}},
        {"elbv2", "delete-load-balancer", "DeleteLoadBalancer", kElb,
         {{"--load-balancer-arn", "LoadBalancerArn", K::String, true}}},
        {"elbv2", "describe-listeners", "DescribeListeners", kElb,
         {{"--load-balancer-arn", "LoadBalancerArn", K::String, false},
          {"--listener-arns", "ListenerArns", K::StringList, false}}},
        {"elbv2", "describe-load-balancers", "DescribeLoadBalancers", kElb,
         {{"--names", "Names", K::StringList, false},
          {"--load-balancer-arns", "LoadBalancerArns", K::StringList, false}}},
        {"elbv2", "modify-listener", "ModifyListener", kElb,
         {{"--listener-arn", "ListenerArn", K::String, true},
          {"--protocol", "Protocol", K::String, false},
          {"--port", "Port", K::Integer, false},
          {"--certificates", "Certificates", K::ShorthandList, false},
          {"--ssl-policy", "SslPolicy", K::String, false},
          {"--default-actions", "DefaultActions", K::ShorthandList, false}}},
        {"events", "delete-rule", "DeleteRule", kEvents, {{"--name", "Name", K::String, true}}},
        {"events", "list-rules", "ListRules", kEvents, {}},
        {"events", "list-targets-by-rule", "ListTargetsByRule", kEvents,
         {{"--rule", "Rule", K::String, true}}},
        {"events", "put-rule", "PutRule", kEvents,
         {{"--name", "Name", K::String, true},
          {"--event-pattern", "EventPattern", K::JsonText, false},
          {"--state", "State", K::String, false},
          {"--description", "Description", K::String, false}}},
        {"events", "put-targets", "PutTargets", kEvents,
         {{"--rule", "Rule", K::String, true},
          {"--targets", "Targets", K::ShorthandList, true}}},
        {"events", "remove-targets", "RemoveTargets", kEvents,
         {{"--rule", "Rule", K::String, true}, {"--ids", "Ids", K::StringList, true}}},
        {"sns", "confirm-subscription", "ConfirmSubscription", kSns,
         {{"--topic-arn", "TopicArn", K::String, true}, {"--token", "Token", K::String, true}}},
        {"sns", "create-topic", "CreateTopic", kSns, {{"--name", "Name", K::String, true}}},
        {"sns", "list-subscriptions-by-topic", "ListSubscriptionsByTopic", kSns,
         {{"--topic-arn", "TopicArn", K::String, true}}},
        {"sns", "list-topics", "ListTopics", kSns, {}},
        {"sns", "publish", "Publish", kSns,
         {{"--topic-arn", "TopicArn", K::String, true},
          {"--message", "Message", K::String, true},
          {"--subject", "Subject", K::String, false}}},
        {"sns", "subscribe", "Subscribe", kSns,
         {{"--topic-arn", "TopicArn", K::String, true},
          {"--protocol", "Protocol", K::String, true},
          {"--notification-endpoint", "Endpoint", K::String, false}}},
    };
    return commands;
}

namespace {
struct UsageError
{
    std::string message;
};

const char* kUsage = "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] "
                     "[parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> "
                     "help\n  aws <command> <subcommand> help\n\n";

std::string choices(const std::vector<std::string>& names)
{
    std::string out;
    for (size_t i = 0; i < names.size(); i += 2) {
        std::string left = names[i];
        if (i + 1 < names.size())
            left += std::string(left.size() < 41 ? 41 - left.size() : 1, ' ') + "| " + names[i + 1];
        out += left + "\n";
    }
    return out;
}

// "fileb://x", "file://x": the file's text ("/dev/stdin" or "-": the here-document).
std::string readArgFile(const std::string& flag, const std::string& value, const CliEnvironment& env,
                        bool required)
{
    std::string path;
    for (const char* scheme : {"fileb://", "file://"})
        if (value.rfind(scheme, 0) == 0)
            path = value.substr(std::string(scheme).size());
    if (path.empty()) {
        if (required)
            throw UsageError{"argument " + flag + ": give the file as fileb://PATH (e.g. " + flag +
                             " fileb://cert.pem; fileb:///dev/stdin reads a here-document)"};
        return value;
    }
    if (path == "/dev/stdin" || path == "-") {
        if (env.stdinText.empty())
            throw UsageError{"argument " + flag + ": " + value +
                             " reads standard input, but none was given (add <<EOF)"};
        return env.stdinText;
    }
    auto text = env.readFile ? env.readFile(path) : std::nullopt;
    if (!text)
        throw UsageError{"Unable to load paramfile " + value +
                         ": [Errno 2] No such file or directory: '" + path + "'"};
    return *text;
}

json scalar(const std::string& key, const std::string& v)
{
    static const std::set<std::string> textKeys = {"Id",          "Value",      "Name",
                                                    "Arn",         "StatusCode", "MessageBody",
                                                    "ContentType", "CertificateArn"};
    if (!v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos &&
        !textKeys.count(key))
        return std::stoll(v);
    return v;
}

// aws-cli's shorthand syntax for a structure: Key=Value,Key=Value, where a value may be
// a structure in braces (Key={A=1,B=2}) or a list in brackets (Key=[a,b]).
class Shorthand
{
public:
    Shorthand(const std::string& flag, const std::string& text) : m_flag(flag), m_text(text) {}

    json parse()
    {
        json o = structure('\0');
        if (m_i < m_text.size())
            fail("Expected: ',', received: '" + std::string(1, m_text[m_i]) + "'");
        return o;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw UsageError{"Error parsing parameter '" + m_flag + "': " + what + " for input:\n" +
                         m_text};
    }
    // Key=Value pairs up to `close` (or the end).
    json structure(char close)
    {
        json o = json::object();
        while (true) {
            const size_t b = m_i;
            while (m_i < m_text.size() && m_text[m_i] != '=' && m_text[m_i] != ',' &&
                   m_text[m_i] != close)
                ++m_i;
            const std::string key = m_text.substr(b, m_i - b);
            if (m_i >= m_text.size() || m_text[m_i] != '=' || key.empty()) {
                std::string item = m_text.substr(b, m_i - b);
                fail("Expected: '=', received: '" + (item.empty() ? std::string("EOF") : item) + "'");
            }
            ++m_i;
            o[key] = value(key, close);
            if (m_i < m_text.size() && m_text[m_i] == ',') {
                ++m_i;
                continue;
            }
            return o;
        }
    }
    json value(const std::string& key, char close)
    {
        if (m_i < m_text.size() && m_text[m_i] == '{') {
            ++m_i;
            json inner = structure('}');
            expect('}');
            return inner;
        }
        if (m_i < m_text.size() && m_text[m_i] == '[') {
            ++m_i;
            json list = json::array();
            while (m_i < m_text.size() && m_text[m_i] != ']') {
                list.push_back(scalar(key, word(']')));
                if (m_i < m_text.size() && m_text[m_i] == ',')
                    ++m_i;
            }
            expect(']');
            return list;
        }
        return scalar(key, word(close));
    }
    std::string word(char close)
    {
        const size_t b = m_i;
        while (m_i < m_text.size() && m_text[m_i] != ',' && m_text[m_i] != close)
            ++m_i;
        return m_text.substr(b, m_i - b);
    }
    void expect(char c)
    {
        if (m_i >= m_text.size() || m_text[m_i] != c)
            fail("Expected: '" + std::string(1, c) + "', received: '" +
                 (m_i < m_text.size() ? std::string(1, m_text[m_i]) : std::string("EOF")) + "'");
        ++m_i;
    }

    const std::string& m_flag;
    const std::string& m_text;
    size_t m_i = 0;
};

json shorthand(const std::string& flag, const std::string& text)
{
    return Shorthand(flag, text).parse();
}

json parseJson(const std::string& flag, const std::string& text)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        throw UsageError{"Error parsing parameter '" + flag + "': Invalid JSON:\n" + text};
    return j;
}

json convert(const CliOption& o, const std::vector<std::string>& values, const CliEnvironment& env)
{
    const std::string& v = values.front();
    switch (o.kind) {
    case K::String:
        return v;
    case K::Integer:
        if (v.empty() || v.find_first_not_of("-0123456789") != std::string::npos)
            throw UsageError{"argument " + o.flag + ": invalid int value: '" + v + "'"};
        return std::stoll(v);
    case K::Timestamp: {
        sim::Time t = 0;
        if (!parseTimestamp(v, &t))
            throw UsageError{"argument " + o.flag + ": Unable to parse timestamp '" + v +
                             "' (use 2026-01-05T09:00:00Z, 2026-01-05 or Unix seconds)"};
        return t;
    }
    case K::File:
        return readArgFile(o.flag, v, env, true);
    case K::JsonText:
        return parseJson(o.flag, readArgFile(o.flag, v, env, false)).dump();
    case K::Json:
        return parseJson(o.flag, readArgFile(o.flag, v, env, false));
    case K::Shorthand:
        return v.rfind("{", 0) == 0 ? parseJson(o.flag, v) : shorthand(o.flag, v);
    case K::ShorthandList: {
        if (v.rfind("[", 0) == 0 || v.rfind("file://", 0) == 0)
            return parseJson(o.flag, readArgFile(o.flag, v, env, false));
        json list = json::array();
        for (const std::string& item : values)
            list.push_back(shorthand(o.flag, item));
        return list;
    }
    case K::StringList:
        return values;
    }
    return v;
}

CliResult usage(const std::string& message)
{
    return {"", std::string(kUsage) + "aws: error: " + message + "\n", 252};
}

std::string help(const std::string& service)
{
    std::ostringstream out;
    if (service.empty()) {
        out << "KubeLab's aws: an aws-cli subset against the simulated AWS account "
            << kAccount << " in " << kRegion << ".\n\nusage: aws <command> <subcommand> "
            << "[parameters]\n\nAvailable commands:\n";
        std::set<std::string> services;
        for (const auto& c : cliCommands())
            services.insert(c.service);
        for (const auto& s : services)
            out << "  " << s << "\n";
        out << "\nThe e-mail SNS delivers is read with `inbox`; a load balancer (elbv2) answers "
               "`curl https://DNSNAME/`.\n";
        return out.str();
    }
    out << "usage: aws " << service << " <subcommand> [parameters]\n\nAvailable subcommands:\n";
    for (const auto& c : cliCommands()) {
        if (c.service != service)
            continue;
        out << "  " << c.command;
        for (const auto& o : c.options)
            out << " " << (o.required ? "" : "[") << o.flag << " VALUE"
                << (o.kind == K::StringList || o.kind == K::ShorthandList ? "..." : "")
                << (o.required ? "" : "]");
        out << "\n";
    }
    return out.str();
}
} // namespace

CliResult runCli(const std::vector<std::string>& argsIn, const CliEnvironment& env)
{
    // Global options first, wherever they are.
    std::vector<std::string> args;
    for (size_t i = 0; i < argsIn.size(); ++i) {
        const std::string& a = argsIn[i];
        std::string value;
        const bool global = a == "--output" || a == "--region" || a.rfind("--output=", 0) == 0 ||
                            a.rfind("--region=", 0) == 0;
        if (a == "--no-cli-pager")
            continue;
        if (!global) {
            args.push_back(a);
            continue;
        }
        const auto eq = a.find('=');
        if (eq != std::string::npos)
            value = a.substr(eq + 1);
        else if (i + 1 < argsIn.size())
            value = argsIn[++i];
        else
            return usage("argument " + a + ": expected one argument");
        if (a.rfind("--output", 0) == 0 && value != "json")
            return usage("argument --output: KubeLab prints aws output as json only (got " +
                         value + ")");
        if (a.rfind("--region", 0) == 0 && value != kRegion)
            return usage(std::string("argument --region: KubeLab's AWS account lives in ") +
                         kRegion + " only (got " + value + ")");
    }
    std::vector<std::string> services;
    for (const auto& c : cliCommands())
        if (std::find(services.begin(), services.end(), c.service) == services.end())
            services.push_back(c.service);
    if (args.empty())
        return usage("the following arguments are required: command");
    if (args[0] == "help")
        return {help(""), "", 0};
    if (std::find(services.begin(), services.end(), args[0]) == services.end())
        return usage("argument command: Invalid choice, valid choices are:\n\n" + choices(services));
    if (args.size() > 1 && args[1] == "help")
        return {help(args[0]), "", 0};
    std::vector<std::string> commands;
    for (const auto& c : cliCommands())
        if (c.service == args[0])
            commands.push_back(c.command);
    if (args.size() < 2)
        return usage("the following arguments are required: operation");
    auto cmd = std::find_if(cliCommands().begin(), cliCommands().end(), [&](const CliCommand& c) {
        return c.service == args[0] && c.command == args[1];
    });
    if (cmd == cliCommands().end())
        return usage("argument operation: Invalid choice, valid choices are:\n\n" +
                     choices(commands));
    json params = json::object();
    std::vector<std::string> unknown;
    std::set<std::string> given;
    try {
        for (size_t i = 2; i < args.size(); ++i) {
            std::string flag = args[i];
            std::vector<std::string> values;
            if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
                values.push_back(flag.substr(eq + 1));
                flag = flag.substr(0, eq);
            }
            auto opt = std::find_if(cmd->options.begin(), cmd->options.end(),
                                    [&](const CliOption& o) { return o.flag == flag; });
            if (opt == cmd->options.end()) {
                unknown.push_back(flag);
                continue;
            }
            const bool many = opt->kind == K::StringList || opt->kind == K::ShorthandList;
            while (values.empty() || many) {
                if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0)
                    break;
                values.push_back(args[++i]);
            }
            if (values.empty())
                throw UsageError{"argument " + flag + ": expected " +
                                 (many ? "at least one argument" : "one argument")};
            params[opt->param] = convert(*opt, values, env);
            given.insert(flag);
        }
    } catch (const UsageError& e) {
        return usage(e.message);
    }
    std::string missing;
    for (const auto& o : cmd->options)
        if (o.required && !given.count(o.flag))
            missing += (missing.empty() ? "" : ", ") + o.flag;
    if (!missing.empty())
        return usage("the following arguments are required: " + missing);
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown)
            list += (list.empty() ? "" : ", ") + u;
        return usage("Unknown options: " + list);
    }
    const json reply = env.call(cmd->actor, cmd->operation, params);
    if (reply.contains("error")) {
        const json& e = reply["error"];
        return {"",
                "\nAn error occurred (" + e.value("code", "") + ") when calling the " +
                    cmd->operation + " operation: " + e.value("message", "") + "\n",
                254};
    }
    const ordered_json result = ordered_json::parse(reply.value("result", "{}"));
    if (result.empty())
        return {"", "", 0};
    return {result.dump(4) + "\n", "", 0};
}

} // namespace kubelab::aws
