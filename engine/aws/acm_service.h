#pragma once
// AWS Certificate Manager in one region: certificates requested from Amazon (public or
// from a private CA) or imported, the daily check that sends the expiry events and the
// DaysToExpiry metric, managed renewal of the certificates it issued, and the account's
// expiry-event setting. It tells EventBridge (events), CloudWatch (metrics) and Config
// (configuration items) by message, as ACM's integrations do.
#include <map>
#include <optional>
#include <string>

#include "engine/aws/aws_common.h"
#include "engine/aws/certificate.h"

namespace kubelab::aws {

class AcmService : public sim::ActorBase<AcmService, Service>
{
public:
    AcmService() : ActorBase(kAcm) {}

    // Read-only views (the shell, the app, a future load balancer's listener): the
    // certificate with this ARN, or null.
    const Certificate* certificate(const std::string& arn) const;
    const std::map<std::string, Certificate>& certificates() const { return m_certs; }
    // May `arn` be served at `t`? The seam an HTTPS listener uses (not found: invalid).
    Validity validAt(const std::string& arn, sim::Time t) const;
    // The account's DaysBeforeExpiry, if PutAccountConfiguration set it.
    std::optional<int> daysBeforeExpiry() const { return m_daysBeforeExpiry; }

    // Messages it takes besides API requests:
    //   acm.associate {CertificateArn, ResourceArn, RequestId?}   a load balancer starts
    //       using it (InUseBy); with RequestId, answered by acm.associated {RequestId,
    //       Certificate (deployedCopy) or error}
    //   acm.disassociate {CertificateArn, ResourceArn}  and stops
    // While a certificate is in use, each renewal, re-import and its expiry are deployed
    // to the load balancers: elb.certificate {Certificate} to the elb actor.
    // Its own timers: acm.daily (00:00 UTC), acm.expire, acm.validated, acm.renewed.

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    Certificate& find(const std::string& arn, const std::string& operation);
    std::string newArn(sim::Context& ctx);
    nlohmann::ordered_json request(sim::Context& ctx, const nlohmann::json& params);
    nlohmann::ordered_json import(sim::Context& ctx, const nlohmann::json& params);
    nlohmann::ordered_json list(const nlohmann::json& params) const;
    void daily(sim::Context& ctx);
    void issue(sim::Context& ctx, Certificate& cert, const std::string& action);
    void armDaily(sim::Context& ctx);
    void armExpiry(sim::Context& ctx, const Certificate& cert);
    // Sends an aws.acm event to EventBridge.
    void publishEvent(sim::Context& ctx, const Certificate& cert, const std::string& detailType,
              nlohmann::ordered_json detail);
    // Tells AWS Config the certificate's current configuration.
    void record(sim::Context& ctx, const Certificate& cert, bool deleted = false);
    // Sends the certificate's current copy to the load balancers using it.
    void deploy(sim::Context& ctx, const Certificate& cert);
    int threshold(const Certificate& cert) const;

    std::map<std::string, Certificate> m_certs; // by ARN
    std::uint64_t m_nextOrder = 1;
    std::optional<int> m_daysBeforeExpiry;
    bool m_dailyArmed = false;
};

} // namespace kubelab::aws
