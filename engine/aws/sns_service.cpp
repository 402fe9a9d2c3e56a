#include "engine/aws/sns_service.h"

#include <regex>

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {
constexpr const char* kFrom = "AWS Notifications <no-reply@sns.amazonaws.com>";

std::string footer(const SnsService::Subscription& s)
{
    return "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or "
           "visit the link below to unsubscribe:\nhttps://sns." +
           std::string(kRegion) + ".amazonaws.com/unsubscribe.html?SubscriptionArn=" + s.arn +
           "&Endpoint=" + s.endpoint +
           "\n\nPlease do not reply directly to this email. If you have any questions or comments "
           "regarding this email, please contact us at https://aws.amazon.com/support\n";
}
} // namespace

SnsService::Topic& SnsService::find(const std::string& arn)
{
    auto it = m_topics.find(arn);
    if (it == m_topics.end())
        throw ServiceError("NotFound", "Topic does not exist");
    return it->second;
}

int SnsService::publish(sim::Context& ctx, Topic& topic, const std::string& subject,
                        const std::string& message)
{
    int sent = 0;
    for (const Subscription& s : topic.subscriptions) {
        if (!s.confirmed || (s.protocol != "email" && s.protocol != "email-json"))
            continue;
        ctx.send(kMailbox, "mail.deliver",
                 {{"From", kFrom},
                  {"To", s.endpoint},
                  {"Subject", subject.empty() ? "AWS Notification Message" : subject},
                  {"Body", message + footer(s)}});
        ++sent;
    }
    return sent;
}

ordered_json SnsService::call(sim::Context& ctx, const std::string& op, const json& params)
{
    if (op == "CreateTopic") {
        const std::string name = requiredString(params, "Name");
        static const std::regex valid(R"([A-Za-z0-9_-]{1,256})");
        if (!std::regex_match(name, valid))
            throw ServiceError("InvalidParameter",
                               "Invalid parameter: Topic Name");
        const std::string arn = std::string("arn:aws:sns:") + kRegion + ":" + kAccount + ":" + name;
        Topic& t = m_topics[arn];
        t.name = name;
        t.arn = arn;
        ctx.describe("aws.request", "sns/" + name, "CreateTopic " + name + " -> " + arn);
        return {{"TopicArn", arn}};
    }
    if (op == "ListTopics") {
        ordered_json list = ordered_json::array();
        for (const auto& [arn, t] : m_topics)
            list.push_back({{"TopicArn", arn}});
        return {{"Topics", list}};
    }
    if (op == "Subscribe") {
        Topic& t = find(requiredString(params, "TopicArn"));
        const std::string protocol = requiredString(params, "Protocol");
        const std::string endpoint = optionalString(params, "Endpoint");
        if (protocol != "email" && protocol != "email-json")
            throw ServiceError("InvalidParameter",
                               "Invalid parameter: KubeLab delivers only the email and email-json "
                               "protocols (got " + protocol + ")");
        static const std::regex mail(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
        if (!std::regex_match(endpoint, mail))
            throw ServiceError("InvalidParameter", "Invalid parameter: Email address");
        for (const Subscription& s : t.subscriptions)
            if (s.protocol == protocol && s.endpoint == endpoint)
                return {{"SubscriptionArn", s.confirmed ? s.arn : "pending confirmation"}};
        Subscription s;
        s.protocol = protocol;
        s.endpoint = endpoint;
        s.arn = t.arn + ":" + ctx.rng().uuid();
        s.token = hexDigits(ctx.rng(), 32);
        t.subscriptions.push_back(s);
        ctx.send(kMailbox, "mail.deliver",
                 {{"From", "AWS Notifications <no-reply@sns.amazonaws.com>"},
                  {"To", endpoint},
                  {"Subject", "AWS Notification - Subscription Confirmation"},
                  {"Body", "You have chosen to subscribe to the topic:\n" + t.arn +
                               "\n\nTo confirm this subscription, click or visit the link below "
                               "(If this was in error no action is necessary):\nConfirm "
                               "subscription: in KubeLab, run\n  aws sns confirm-subscription "
                               "--topic-arn " + t.arn + " --token " + s.token +
                               "\n\nPlease do not reply directly to this email.\n"}});
        ctx.describe("aws.request", "sns/" + t.name,
                     "Subscribe " + protocol + ":" + endpoint + " to " + t.name +
                         ": pending confirmation, confirmation sent");
        return {{"SubscriptionArn", "pending confirmation"}};
    }
    if (op == "ConfirmSubscription") {
        Topic& t = find(requiredString(params, "TopicArn"));
        const std::string token = requiredString(params, "Token");
        for (Subscription& s : t.subscriptions)
            if (s.token == token) {
                s.confirmed = true;
                ctx.describe("aws.request", "sns/" + t.name,
                             "ConfirmSubscription " + s.endpoint + " on " + t.name);
                return {{"SubscriptionArn", s.arn}};
            }
        throw ServiceError("InvalidParameter", "Invalid token");
    }
    if (op == "ListSubscriptionsByTopic") {
        Topic& t = find(requiredString(params, "TopicArn"));
        ordered_json list = ordered_json::array();
        for (const Subscription& s : t.subscriptions) {
            ordered_json o;
            o["SubscriptionArn"] = s.confirmed ? s.arn : "PendingConfirmation";
            o["Owner"] = kAccount;
            o["Protocol"] = s.protocol;
            o["Endpoint"] = s.endpoint;
            o["TopicArn"] = t.arn;
            list.push_back(o);
        }
        return {{"Subscriptions", list}};
    }
    if (op == "Publish") {
        Topic& t = find(requiredString(params, "TopicArn"));
        const int n = publish(ctx, t, optionalString(params, "Subject"),
                              requiredString(params, "Message"));
        ctx.describe("aws.request", "sns/" + t.name,
                     "Publish to " + t.name + ": " + std::to_string(n) + " delivery(ies)");
        return {{"MessageId", ctx.rng().uuid()}};
    }
    throw ServiceError("UnknownOperationException", "KubeLab's SNS has no operation " + op);
}

void SnsService::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind != "sns.publish")
        return;
    const std::string arn = m.body.value("TopicArn", "");
    auto it = m_topics.find(arn);
    if (it == m_topics.end()) {
        ctx.describe("sns.publish", "sns", "publish to " + arn + " failed: no such topic");
        return;
    }
    Topic& t = it->second;
    int pending = 0;
    for (const Subscription& s : t.subscriptions)
        pending += !s.confirmed;
    const int n = publish(ctx, t, m.body.value("Subject", ""), m.body.value("Message", ""));
    ctx.describe("sns.publish", "sns/" + t.name,
                 "message from " + m.body.value("From", m.from) + " to " + t.name + ": " +
                     std::to_string(n) + " e-mail(s) sent" +
                     (pending ? ", " + std::to_string(pending) + " subscription(s) unconfirmed"
                              : ""));
}

void Mailbox::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind != "mail.deliver")
        return;
    Mail mail;
    mail.received = ctx.now();
    mail.from = m.body.value("From", "");
    mail.to = m.body.value("To", "");
    mail.subject = m.body.value("Subject", "");
    mail.body = m.body.value("Body", "");
    m_mail.push_back(mail);
    ctx.describe("mail.deliver", "inbox/" + mail.to,
                 "mail " + std::to_string(m_mail.size()) + " for " + mail.to + ": " + mail.subject);
}

} // namespace kubelab::aws
