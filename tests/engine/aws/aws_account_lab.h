#pragma once
// The AWS account alone (a topology without a control plane), driven through the shell's
// `aws` and `inbox` commands as a learner drives it (ClusterLab's sh), with read-only
// views of the service actors. Shared by the tests under tests/engine/aws.
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/aws/acm_service.h"
#include "engine/aws/aws_common.h"
#include "engine/aws/event_bridge.h"
#include "engine/aws/sns_service.h"
#include "engine/cluster/cluster.h"
#include "tests/engine/cluster_lab.h"

namespace kubelab::testing {

inline cluster::Topology awsOnly()
{
    cluster::Topology t;
    t.controlPlanes = 0;
    t.workers.clear();
    return t;
}

class AwsAccountLab : public ClusterLab
{
public:
    explicit AwsAccountLab(std::uint64_t seed = 7, cluster::Topology topology = awsOnly())
        : ClusterLab(seed, std::move(topology))
    {}

    std::string err() const { return lastError(); }
    nlohmann::json json(const std::string& line, const std::string& stdinText = {})
    {
        const std::string out = sh(line, stdinText);
        return out.empty() ? nlohmann::json() : nlohmann::json::parse(out);
    }

    // A fake PEM certificate (README: Importing) and its key, as one here-document.
    static std::string pem(const std::string& cn, sim::Time notBefore, sim::Time notAfter)
    {
        return "-----BEGIN CERTIFICATE-----\nSubject: CN=" + cn +
               "\nIssuer: CN=Example CA\nNot Before: " + aws::isoTimestamp(notBefore) +
               "\nNot After: " + aws::isoTimestamp(notAfter) +
               "\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nx\n"
               "-----END PRIVATE KEY-----\n";
    }
    // Imports (or reimports over `arn`) a certificate valid until `notAfter`; its ARN.
    std::string import(const std::string& cn, sim::Time notAfter, const std::string& arn = {})
    {
        const auto out = json("aws acm import-certificate --certificate fileb:///dev/stdin "
                              "--private-key fileb:///dev/stdin" +
                                  (arn.empty() ? "" : " --certificate-arn " + arn),
                              pem(cn, now() - sim::kDay, notAfter));
        return out.value("CertificateArn", "");
    }

    void runDays(double days)
    {
        cluster().runUntil(now() + sim::Duration(days * double(sim::kDay)));
    }

    const aws::AcmService& acm() { return *cluster().sim().actorAs<aws::AcmService>(aws::kAcm); }
    // Events put on the default bus so far, parsed, of one detail-type (all when empty).
    std::vector<nlohmann::json> events(const std::string& detailType = {})
    {
        std::vector<nlohmann::json> out;
        for (const auto& text : cluster().sim().actorAs<aws::EventBridge>(aws::kEvents)->events()) {
            auto e = nlohmann::json::parse(text);
            if (detailType.empty() || e["detail-type"] == detailType)
                out.push_back(e);
        }
        return out;
    }
    const std::vector<aws::Mailbox::Mail>& mail()
    {
        return cluster().sim().actorAs<aws::Mailbox>(aws::kMailbox)->mail();
    }
};

} // namespace kubelab::testing
