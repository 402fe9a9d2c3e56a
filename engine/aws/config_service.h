#pragma once
// AWS Config with the one managed rule KubeLab models, acm-certificate-expiration-check
// (ACM_CERTIFICATE_EXPIRATION_CHECK, parameter daysToExpiration, default 14). Config
// records each certificate's configuration as ACM reports it and evaluates the rule when
// a certificate changes and periodically (every 24 hours, the managed rule's default).
#include <map>
#include <string>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

class ConfigService : public sim::ActorBase<ConfigService, Service>
{
public:
    ConfigService() : ActorBase(kConfig) {}

    struct Evaluation
    {
        std::string compliance; // COMPLIANT | NON_COMPLIANT
        sim::Time recorded = 0;
    };
    struct Rule
    {
        std::string name, arn, id;
        int daysToExpiration = 14;
        sim::Time invoked = 0;
        std::map<std::string, Evaluation> evaluations; // by certificate ARN
    };
    struct Resource
    {
        std::string status;
        sim::Time notAfter = 0;
    };
    const std::map<std::string, Rule>& rules() const { return m_rules; }

    // Takes "config.configuration-item" {resourceId, status, notAfter, deleted} from ACM;
    // its own timer "config.evaluate" {rule} runs every 24 hours.

    // The rule's verdict on one certificate at `now` (README: how the rule decides).
    static std::string evaluate(const Resource& r, int daysToExpiration, sim::Time now);

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    // Evaluates `rule` on every recorded certificate (or only `only`); the number that changed.
    int evaluateRule(sim::Context& ctx, Rule& rule, const std::string& only = {});
    std::map<std::string, Rule> m_rules;
    std::map<std::string, Resource> m_resources; // by certificate ARN
};

} // namespace kubelab::aws
