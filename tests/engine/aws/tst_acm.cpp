// ACM on the virtual clock, driven through the shell's aws command in an AWS-only world:
// expiry notices, managed renewal, the account's DaysBeforeExpiry, the Config rule,
// reimport, rewind and determinism.
#include <QtTest>

#include "tests/engine/aws/aws_account_lab.h"

using namespace kubelab;
using kubelab::testing::AwsAccountLab;
using nlohmann::json;

namespace {
std::vector<std::int64_t> daysOf(const std::vector<json>& events)
{
    std::vector<std::int64_t> days;
    for (const json& e : events)
        days.push_back(e["detail"]["DaysToExpiry"].get<std::int64_t>());
    return days;
}

std::vector<std::int64_t> countdown(std::int64_t from)
{
    std::vector<std::int64_t> v;
    for (std::int64_t d = from; d >= 0; --d)
        v.push_back(d);
    return v;
}

std::string compliance(AwsAccountLab& lab)
{
    const json out = lab.json("aws configservice describe-compliance-by-config-rule");
    return out["ComplianceByConfigRules"][0]["Compliance"]["ComplianceType"];
}

// Requests a public certificate and lets DNS validation finish; its ARN.
std::string requestIssued(AwsAccountLab& lab, const std::string& domain)
{
    const std::string arn =
        lab.json("aws acm request-certificate --domain-name " + domain)["CertificateArn"];
    lab.runDays(1.0 / 24);
    return arn;
}
} // namespace

class tst_Acm : public QObject
{
    Q_OBJECT
private slots:
    // An imported certificate gets one Approaching Expiration event a day from the
    // threshold (45 days, or the account's DaysBeforeExpiry) until it expires, and is
    // never renewed: no Certificate Available RENEWAL, no Expired event, status EXPIRED.
    void importedNotices_data()
    {
        QTest::addColumn<int>("validDays");
        QTest::addColumn<int>("daysBeforeExpiry"); // 0: not set
        QTest::addColumn<int>("firstNotice");
        QTest::newRow("50 days, default 45") << 50 << 0 << 45;
        QTest::newRow("50 days, DaysBeforeExpiry 10") << 50 << 10 << 10;
        QTest::newRow("50 days, DaysBeforeExpiry 45") << 50 << 45 << 45;
        QTest::newRow("40 days: at once") << 40 << 0 << 39;
    }
    void importedNotices()
    {
        QFETCH(int, validDays);
        QFETCH(int, daysBeforeExpiry);
        QFETCH(int, firstNotice);
        AwsAccountLab lab;
        if (daysBeforeExpiry) {
            lab.sh("aws acm put-account-configuration --idempotency-token t1 --expiry-events "
                   "DaysBeforeExpiry=" + std::to_string(daysBeforeExpiry));
            QVERIFY2(lab.ok(), lab.err().c_str());
        }
        const sim::Time notAfter = validDays * sim::kDay; // 09:00 UTC, day `validDays`
        const std::string arn = lab.import("shop.example.com", notAfter);
        QVERIFY2(!arn.empty(), lab.err().c_str());
        lab.runDays(validDays + 5);

        const auto notices = lab.events("ACM Certificate Approaching Expiration");
        QCOMPARE(daysOf(notices), countdown(firstNotice));
        // One a day, at 00:00 UTC, the last on the day it expires.
        for (size_t i = 1; i < notices.size(); ++i) {
            sim::Time a = 0, b = 0;
            QVERIFY(aws::parseTimestamp(notices[i - 1]["time"], &a));
            QVERIFY(aws::parseTimestamp(notices[i]["time"], &b));
            QCOMPARE(b - a, sim::kDay);
        }
        QCOMPARE(notices.front()["detail"]["CommonName"], json("shop.example.com"));
        QCOMPARE(notices.front()["resources"][0], json(arn));
        QCOMPARE(notices.front()["source"], json("aws.acm"));
        QCOMPARE(lab.events("ACM Certificate Available").size(), size_t(1)); // the IMPORT
        QCOMPARE(lab.events("ACM Certificate Available")[0]["detail"]["Action"], json("IMPORT"));
        QVERIFY(lab.events("ACM Certificate Expired").empty());
        QCOMPARE(lab.acm().certificate(arn)->status, std::string("EXPIRED"));
        QVERIFY(lab.acm().certificate(arn)->renewalStatus.empty());
        QCOMPARE(lab.json("aws acm describe-certificate --certificate-arn " + arn)["Certificate"]
                          ["RenewalEligibility"],
                 json("INELIGIBLE"));
    }

    // DaysBeforeExpiry outside 1-45 is refused, as the API does.
    void daysBeforeExpiryRange()
    {
        AwsAccountLab lab;
        lab.sh("aws acm put-account-configuration --idempotency-token t --expiry-events "
               "DaysBeforeExpiry=46");
        QVERIFY(!lab.ok());
        QVERIFY2(lab.err().find("(ValidationException) when calling the PutAccountConfiguration "
                                "operation") != std::string::npos,
                 lab.err().c_str());
        lab.sh("aws acm put-account-configuration --idempotency-token t --expiry-events "
               "DaysBeforeExpiry=1");
        QVERIFY(lab.ok());
        QCOMPARE(lab.acm().daysBeforeExpiry(), std::optional<int>(1));
        lab.sh("aws acm put-account-configuration --expiry-events DaysBeforeExpiry=5");
        QVERIFY(!lab.ok()); // aws-cli requires the token
        QVERIFY(lab.err().find("the following arguments are required: --idempotency-token") !=
                std::string::npos);
    }

    // An Amazon-issued certificate in use renews on its own: a 198-day one (issued from
    // 2026-02-18) from 45 days before expiry, a 395-day one (issued before) from 60; the
    // ARN stays, NotAfter moves, RenewalSummary says SUCCESS and ACM sends Certificate
    // Available with Action RENEWAL. Not in use, it is ineligible: it expires and ACM
    // sends Certificate Expired.
    void amazonRenewal_data()
    {
        QTest::addColumn<int>("requestOnDay");
        QTest::addColumn<bool>("inUse");
        QTest::addColumn<int>("validity");
        QTest::addColumn<int>("window"); // 0: never renewed
        QTest::newRow("198 days, in use") << 45 << true << 198 << 45;
        QTest::newRow("395 days, in use") << 1 << true << 395 << 60;
        QTest::newRow("198 days, not in use") << 45 << false << 198 << 0;
    }
    void amazonRenewal()
    {
        QFETCH(int, requestOnDay);
        QFETCH(bool, inUse);
        QFETCH(int, validity);
        QFETCH(int, window);
        AwsAccountLab lab;
        lab.runDays(requestOnDay);
        const std::string arn = requestIssued(lab, "api.example.com");
        const aws::Certificate first = *lab.acm().certificate(arn);
        QCOMPARE(first.status, std::string("ISSUED"));
        QCOMPARE(first.notAfter - first.notBefore, validity * sim::kDay);
        if (inUse) // what a load balancer's HTTPS listener will send
            lab.cluster().post({"elb", aws::kAcm, "acm.associate",
                                {{"CertificateArn", arn},
                                 {"ResourceArn", "arn:aws:elasticloadbalancing:us-east-1:"
                                                 "123456789012:loadbalancer/app/shop/1"}}});
        lab.runDays(validity + 2);

        const auto renewals = [&] {
            std::vector<json> out;
            for (const json& e : lab.events("ACM Certificate Available"))
                if (e["detail"]["Action"] == "RENEWAL")
                    out.push_back(e);
            return out;
        }();
        const aws::Certificate* now = lab.acm().certificate(arn);
        if (!window) {
            QVERIFY(renewals.empty());
            QCOMPARE(now->status, std::string("EXPIRED"));
            QCOMPARE(lab.events("ACM Certificate Expired").size(), size_t(1));
            QCOMPARE(lab.events("ACM Certificate Expired")[0]["detail"]["CertificateType"],
                     json("AMAZON_ISSUED"));
            // Public certificates get expiry notices from 30 days.
            QCOMPARE(daysOf(lab.events("ACM Certificate Approaching Expiration")).front(), 30);
            return;
        }
        QCOMPARE(renewals.size(), size_t(1));
        sim::Time renewedAt = 0;
        QVERIFY(aws::parseTimestamp(renewals[0]["time"], &renewedAt));
        QVERIFY2(first.notAfter - renewedAt <= window * sim::kDay &&
                     first.notAfter - renewedAt > (window - 1) * sim::kDay,
                 aws::isoTimestamp(renewedAt).c_str());
        QCOMPARE(now->status, std::string("ISSUED"));
        QCOMPARE(now->renewalStatus, std::string("SUCCESS"));
        QVERIFY(now->notAfter > first.notAfter);
        QCOMPARE(now->notAfter - now->notBefore, 198 * sim::kDay); // renewed after 2026-02-18
        QVERIFY(lab.events("ACM Certificate Expired").empty());
        const json d = lab.json("aws acm describe-certificate --certificate-arn " + arn);
        QCOMPARE(d["Certificate"]["RenewalSummary"]["RenewalStatus"], json("SUCCESS"));
        QCOMPARE(d["Certificate"]["RenewalEligibility"], json("ELIGIBLE"));
        // The listener's question: valid before the old NotAfter and after it.
        QVERIFY(lab.acm().validAt(arn, first.notAfter + sim::kDay).valid);
        QVERIFY(!lab.acm().validAt(arn, now->notAfter).valid);
    }

    // An e-mail validated certificate needs its owner to approve the renewal: ACM says so
    // with Renewal Action Required at 45, 30, 15, 7, 3 and 1 days, and (nobody approving
    // in KubeLab) it expires. A DNS-validated one in use renews without a word.
    void renewalActionRequired_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("actionEvents");
        QTest::newRow("EMAIL") << "EMAIL" << 6;
        QTest::newRow("DNS") << "DNS" << 0;
    }
    void renewalActionRequired()
    {
        QFETCH(QString, method);
        QFETCH(int, actionEvents);
        AwsAccountLab lab;
        lab.runDays(45);
        const std::string arn = lab.json("aws acm request-certificate --domain-name "
                                         "mail.example.com --validation-method " +
                                         method.toStdString())["CertificateArn"];
        lab.runDays(1.0 / 24);
        lab.cluster().post({"elb", aws::kAcm, "acm.associate",
                            {{"CertificateArn", arn}, {"ResourceArn", "arn:aws:elb:listener"}}});
        lab.runDays(200);
        const auto actions = lab.events("ACM Certificate Renewal Action Required");
        QCOMPARE(int(actions.size()), actionEvents);
        if (actionEvents) {
            // The first when renewal falls due (45 days before expiry, 44 whole days left
            // at the next daily check), then on the documented days.
            QCOMPARE(daysOf(actions), (std::vector<std::int64_t>{44, 30, 15, 7, 3, 1}));
            QCOMPARE(actions[0]["detail"]["RenewalStatusReason"], json("PENDING_DOMAIN_VALIDATION"));
            QCOMPARE(lab.acm().certificate(arn)->status, std::string("EXPIRED"));
            QCOMPARE(lab.acm().certificate(arn)->renewalStatus, std::string("PENDING_VALIDATION"));
        } else {
            QCOMPARE(lab.acm().certificate(arn)->status, std::string("ISSUED"));
        }
    }

    // acm-certificate-expiration-check turns NON_COMPLIANT once a certificate expires
    // within daysToExpiration (at the rule's daily evaluation), and a reimport of a
    // renewed certificate makes it COMPLIANT again straight away.
    void configRule_data()
    {
        QTest::addColumn<QString>("parameters");
        QTest::addColumn<int>("days");
        QTest::newRow("default 14") << "" << 14;
        QTest::newRow("30") << ",\"InputParameters\":\"{\\\"daysToExpiration\\\":\\\"30\\\"}\"" << 30;
    }
    void configRule()
    {
        QFETCH(QString, parameters);
        QFETCH(int, days);
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", 50 * sim::kDay);
        lab.sh("aws configservice put-config-rule --config-rule '{\"ConfigRuleName\":"
               "\"acm-certificate-expiration-check\",\"Source\":{\"Owner\":\"AWS\","
               "\"SourceIdentifier\":\"ACM_CERTIFICATE_EXPIRATION_CHECK\"}" +
               parameters.toStdString() + "}'");
        QVERIFY2(lab.ok(), lab.err().c_str());
        QCOMPARE(compliance(lab), std::string("COMPLIANT"));
        sim::Time flipped = -1;
        for (int hour = 0; hour < 50 * 24 && flipped < 0; ++hour) {
            lab.runDays(1.0 / 24);
            if (compliance(lab) == "NON_COMPLIANT")
                flipped = lab.now();
        }
        QVERIFY(flipped > 0);
        const sim::Duration left = 50 * sim::kDay - flipped;
        QVERIFY2(left <= days * sim::kDay && left > (days - 1) * sim::kDay,
                 sim::formatDuration(left).c_str());
        const json detail = lab.json("aws configservice get-compliance-details-by-config-rule "
                                     "--config-rule-name acm-certificate-expiration-check");
        QCOMPARE(detail["EvaluationResults"][0]["EvaluationResultIdentifier"]
                       ["EvaluationResultQualifier"]["ResourceId"],
                 json(arn));
        QCOMPARE(lab.import("shop.example.com", 200 * sim::kDay, arn), arn);
        lab.runDays(1.0 / 24 / 60);
        QCOMPARE(compliance(lab), std::string("COMPLIANT"));
        const auto available = lab.events("ACM Certificate Available");
        QCOMPARE(available.back()["detail"]["Action"], json("REIMPORT"));
    }

    // The whole path to the learner: rule -> SNS topic -> confirmed e-mail subscription
    // -> inbox; an unconfirmed subscription gets nothing.
    void notificationsReachInbox()
    {
        AwsAccountLab lab;
        const std::string topic =
            lab.json("aws sns create-topic --name cert-expiry")["TopicArn"];
        QCOMPARE(topic, std::string("arn:aws:sns:us-east-1:123456789012:cert-expiry"));
        QCOMPARE(lab.json("aws sns subscribe --topic-arn " + topic +
                          " --protocol email --notification-endpoint ops@example.com")
                     ["SubscriptionArn"],
                 json("pending confirmation"));
        lab.sh("aws events put-rule --name expiry --event-pattern "
               "'{\"source\":[\"aws.acm\"],\"detail-type\":[\"ACM Certificate Approaching "
               "Expiration\"]}'");
        QVERIFY2(lab.ok(), lab.err().c_str());
        lab.sh("aws events put-targets --rule expiry --targets Id=1,Arn=" + topic);
        QVERIFY2(lab.ok(), lab.err().c_str());
        lab.import("shop.example.com", 47 * sim::kDay);
        lab.runDays(3);
        QCOMPARE(lab.mail().size(), size_t(1)); // only the confirmation: not confirmed yet
        const std::string body = lab.mail()[0].body;
        const auto at = body.find("--token ");
        QVERIFY(at != std::string::npos);
        const std::string token = body.substr(at + 8, 32);
        lab.sh("aws sns confirm-subscription --topic-arn " + topic + " --token " + token);
        QVERIFY2(lab.ok(), lab.err().c_str());
        lab.runDays(3);
        QCOMPARE(lab.mail().size(), size_t(4)); // three daily notices since
        const json event = json::parse(lab.mail()[1].body.substr(0, lab.mail()[1].body.find("\n")));
        QCOMPARE(event["detail-type"], json("ACM Certificate Approaching Expiration"));
        QCOMPARE(event["detail"]["DaysToExpiry"], json(43));
        QCOMPARE(lab.mail()[1].subject, std::string("AWS Notification Message"));
        QVERIFY(lab.sh("inbox").find("4  2026-01-11T00:00:00Z  ops@example.com  AWS Notification "
                                     "Message") != std::string::npos);
    }

    // DaysToExpiry in CloudWatch: one datapoint a day per certificate, none once expired.
    void daysToExpiryMetric()
    {
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", 5 * sim::kDay);
        lab.runDays(8);
        const json out = lab.json(
            "aws cloudwatch get-metric-statistics --namespace AWS/CertificateManager "
            "--metric-name DaysToExpiry --dimensions Name=CertificateArn,Value=" + arn +
            " --start-time 2026-01-05T00:00:00Z --end-time 2026-01-15T00:00:00Z --period 86400 "
            "--statistics Minimum");
        QVERIFY2(lab.ok(), lab.err().c_str());
        std::vector<double> values;
        for (const json& p : out["Datapoints"])
            values.push_back(p["Minimum"].get<double>());
        QCOMPARE(values, (std::vector<double>{4, 3, 2, 1, 0}));
        QCOMPARE(out["Datapoints"][0]["Timestamp"], json("2026-01-06T00:00:00+00:00"));
    }

    // aws-cli's error forms: the service's, and its own usage errors.
    void cliErrors()
    {
        AwsAccountLab lab;
        const std::string missing =
            "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000";
        lab.sh("aws acm describe-certificate --certificate-arn " + missing);
        QVERIFY(!lab.ok());
        QCOMPARE(lab.err(), "\nAn error occurred (ResourceNotFoundException) when calling the "
                            "DescribeCertificate operation: Could not find certificate " +
                                missing + ".\n");
        lab.sh("aws acm describe-certificate");
        QVERIFY(lab.err().find("aws: error: the following arguments are required: "
                               "--certificate-arn") != std::string::npos);
        lab.sh("aws acm describe-certificat --certificate-arn x");
        QVERIFY(lab.err().find("argument operation: Invalid choice") != std::string::npos);
        lab.sh("aws acm list-certificates --colour red");
        QVERIFY(lab.err().find("Unknown options: --colour") != std::string::npos);
        QCOMPARE(lab.sh("aws acm list-certificates"),
                 std::string("{\n    \"CertificateSummaryList\": []\n}\n"));
        QVERIFY(lab.ok());
        lab.sh("aws events put-rule --name r --event-pattern '{\"source\":\"aws.acm\"}'");
        QCOMPARE(lab.err(), std::string("\nAn error occurred (InvalidEventPatternException) when "
                                        "calling the PutRule operation: Event pattern is not "
                                        "valid. Reason: \"source\" must be an object or an "
                                        "array\n"));
        lab.sh("kubectl get pods");
        QVERIFY(lab.err().find("no Kubernetes cluster") != std::string::npos);
    }

    // Rewind takes the AWS account back too, and replaying repeats it byte for byte.
    void rewindRestoresAccount()
    {
        AwsAccountLab lab;
        lab.runDays(1);
        const std::uint64_t before = lab.cluster().sim().processed();
        const std::string arn = lab.import("shop.example.com", 20 * sim::kDay);
        lab.runDays(10);
        const std::uint64_t after = lab.cluster().sim().processed();
        const std::string hash = lab.cluster().sim().trace().sha256();
        const size_t notices = lab.events("ACM Certificate Approaching Expiration").size();
        QVERIFY(notices > 5);
        QVERIFY(lab.cluster().rewindTo(before));
        QVERIFY(lab.acm().certificates().empty());
        QVERIFY(lab.events().empty());
        while (lab.cluster().sim().processed() < after)
            QVERIFY(lab.cluster().step());
        QVERIFY(lab.acm().certificate(arn));
        QCOMPARE(lab.events("ACM Certificate Approaching Expiration").size(), notices);
        QCOMPARE(lab.cluster().sim().trace().sha256(), hash);
    }

    // Same seed, same commands: same ARNs and trace; another seed: other ARNs.
    void deterministic()
    {
        auto run = [](std::uint64_t seed) {
            AwsAccountLab lab(seed);
            const std::string arn = lab.import("shop.example.com", 30 * sim::kDay);
            lab.sh("aws sns create-topic --name t");
            lab.runDays(31);
            return std::make_pair(arn, lab.cluster().sim().trace().sha256());
        };
        const auto a = run(7), b = run(7), c = run(8);
        QCOMPARE(a, b);
        QVERIFY(a.first != c.first);
        QVERIFY(a.second != c.second);
    }

    // Months of virtual time in the AWS-only world take no time at all.
    void longRunsAreCheap()
    {
        AwsAccountLab lab;
        requestIssued(lab, "api.example.com");
        QElapsedTimer timer;
        timer.start();
        lab.sh("run 400d");
        QVERIFY(lab.ok());
        QVERIFY2(timer.elapsed() < 5000, std::to_string(timer.elapsed()).c_str());
        QVERIFY(lab.cluster().sim().processed() < 10000);
    }
};

QTEST_GUILESS_MAIN(tst_Acm)
#include "tst_acm.moc"
