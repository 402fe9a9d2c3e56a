#pragma once
// Amazon SNS: topics and their subscriptions. An e-mail subscription waits for the
// owner's confirmation (a message with a token lands in the inbox); once confirmed, every
// message published to the topic is delivered to it as an e-mail (to the mailbox actor).
#include <map>
#include <string>
#include <vector>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

class SnsService : public sim::ActorBase<SnsService, Service>
{
public:
    SnsService() : ActorBase(kSns) {}

    struct Subscription
    {
        std::string arn; // "pending confirmation" until confirmed
        std::string protocol, endpoint, token;
        bool confirmed = false;
    };
    struct Topic
    {
        std::string name, arn;
        std::vector<Subscription> subscriptions; // in subscribing order
    };
    const std::map<std::string, Topic>& topics() const { return m_topics; } // by ARN

    // Takes "sns.publish" {TopicArn, Message, Subject?} from EventBridge.

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    Topic& find(const std::string& arn);
    int publish(sim::Context& ctx, Topic& topic, const std::string& subject,
                const std::string& message);
    std::map<std::string, Topic> m_topics;
};

// The learner's e-mail inbox: every message SNS sends to an e-mail endpoint.
class Mailbox : public sim::ActorBase<Mailbox>
{
public:
    Mailbox() : ActorBase(kMailbox) {}

    struct Mail
    {
        sim::Time received = 0;
        std::string from, to, subject, body;
    };
    const std::vector<Mail>& mail() const { return m_mail; }

    // Takes "mail.deliver" {From, To, Subject, Body}.
    void receive(sim::Context& ctx, const sim::Message& message) override;

private:
    std::vector<Mail> m_mail;
};

} // namespace kubelab::aws
