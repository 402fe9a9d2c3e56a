// Elastic Load Balancing with ACM, driven through the shell's aws and curl commands in an
// AWS-only world: a listener serves its certificate until expiry, fails TLS after it and
// serves again after a re-import; an Amazon-issued certificate in use renews and the
// listener never fails; imported certificates get daily notices and no renewal; the API's
// errors; the lab checks that read listeners; determinism.
#include <QtTest>

#include "engine/aws/elb_service.h"
#include "engine/lab/check.h"
#include "engine/lab/cluster_reader.h"
#include "tests/engine/aws/aws_account_lab.h"

using namespace kubelab;
using kubelab::testing::AwsAccountLab;
using nlohmann::json;

namespace {
const std::string kBody = "Welcome to the shop";

// A load balancer "shop", active, with an HTTPS listener on 443 serving `certArn`.
struct Shop
{
    std::string lbArn, dnsName, listenerArn;
};

Shop openShop(AwsAccountLab& lab, const std::string& certArn)
{
    Shop s;
    const json lb = lab.json("aws elbv2 create-load-balancer --name shop");
    s.lbArn = lb["LoadBalancers"][0]["LoadBalancerArn"];
    s.dnsName = lb["LoadBalancers"][0]["DNSName"];
    lab.cluster().runUntil(lab.now() + 3 * sim::kMinute);
    const json l = lab.json("aws elbv2 create-listener --load-balancer-arn " + s.lbArn +
                            " --protocol HTTPS --port 443 --certificates CertificateArn=" +
                            certArn +
                            " --default-actions 'Type=fixed-response,FixedResponseConfig={"
                            "StatusCode=200,ContentType=text/plain,MessageBody=" +
                            kBody + "}'");
    if (l.contains("Listeners"))
        s.listenerArn = l["Listeners"][0]["ListenerArn"];
    return s;
}

// curl https://shop.example.com/ through the load balancer: {exit code, stdout, stderr}.
struct Curl
{
    bool ok;
    std::string out, err;
};
Curl curl(AwsAccountLab& lab, const Shop& shop, const std::string& flags = {})
{
    const std::string out = lab.sh("curl " + flags + " --connect-to shop.example.com:443:" +
                                   shop.dnsName + ":443 https://shop.example.com/");
    return {lab.ok(), out, lab.err()};
}

const aws::ElbService& elb(AwsAccountLab& lab)
{
    return *lab.cluster().sim().actorAs<aws::ElbService>(aws::kElb);
}

bool holds(AwsAccountLab& lab, const std::string& check)
{
    return lab::Check::parse(check, {}).evaluate(lab::ClusterReader(lab.cluster())).holds;
}
} // namespace

class tst_Elb : public QObject
{
    Q_OBJECT
private slots:
    // An imported certificate valid 50 more days: the listener serves it until NotAfter,
    // every client that verifies fails the handshake after it (curl 60, "certificate has
    // expired"), -k still gets the page, and a re-import (same ARN, new dates) brings the
    // site back with no change to the listener.
    void importedListenerFailsAfterExpiryUntilReimport()
    {
        AwsAccountLab lab;
        const sim::Time notAfter = lab.now() + 50 * sim::kDay;
        const std::string arn = lab.import("shop.example.com", notAfter);
        const Shop shop = openShop(lab, arn);
        QVERIFY2(!shop.listenerArn.empty(), lab.err().c_str());
        QCOMPARE(lab.acm().certificate(arn)->inUseBy, std::vector<std::string>{shop.lbArn});

        Curl c = curl(lab, shop);
        QVERIFY2(c.ok, c.err.c_str());
        QCOMPARE(c.out, kBody + "\n");
        QVERIFY(holds(lab, "count(listeners{Port=443, tls=ok}) == 1"));

        lab.cluster().runUntil(notAfter - sim::kMinute);
        QVERIFY(curl(lab, shop).ok);
        QVERIFY(lab.acm().validAt(arn, lab.now()).valid);

        lab.cluster().runUntil(notAfter + sim::kMinute);
        c = curl(lab, shop);
        QVERIFY(!c.ok);
        QVERIFY(c.out.empty());
        QVERIFY2(c.err.rfind("curl: (60) SSL certificate problem: certificate has expired\n"
                             "More details here: https://curl.se/docs/sslcerts.html\n",
                             0) == 0,
                 c.err.c_str());
        // The listener's verdict is ACM's: both say the certificate cannot be served now.
        QVERIFY(!lab.acm().validAt(arn, lab.now()).valid);
        QVERIFY(!holds(lab, "count(listeners{Port=443, tls=ok}) == 1"));
        QVERIFY(holds(lab, "one(listeners{Port=443}).tls == \"certificate has expired\""));
        QCOMPARE(lab.acm().certificate(arn)->status, std::string("EXPIRED"));
        c = curl(lab, shop, "-k");
        QVERIFY(c.ok);
        QCOMPARE(c.out, kBody + "\n");
        lab.runDays(3); // still failing days later: nobody renews an imported certificate
        QVERIFY(!curl(lab, shop).ok);

        const std::string again = lab.import("shop.example.com", lab.now() + 180 * sim::kDay, arn);
        QCOMPARE(again, arn);
        c = curl(lab, shop);
        QVERIFY2(c.ok, c.err.c_str());
        QCOMPARE(c.out, kBody + "\n");
        QVERIFY(holds(lab, "count(listeners{Port=443, tls=ok}) == 1"));
        const json listeners =
            lab.json("aws elbv2 describe-listeners --load-balancer-arn " + shop.lbArn);
        QCOMPARE(listeners["Listeners"][0]["Certificates"][0]["CertificateArn"], json(arn));
    }

    // After the first certificate's NotAfter, what a client gets depends on what happened
    // to it: an Amazon-issued certificate in use is renewed (the listener never fails); an
    // imported one is not, unless re-imported in time.
    void listenerAcrossExpiry_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("servesAfter");
        QTest::newRow("amazon-issued, in use: renewed") << "amazon" << true;
        QTest::newRow("imported, re-imported in time") << "reimported" << true;
        QTest::newRow("imported, forgotten") << "imported" << false;
    }
    void listenerAcrossExpiry()
    {
        QFETCH(QString, kind);
        QFETCH(bool, servesAfter);
        AwsAccountLab lab;
        lab.runDays(45); // past 2026-02-18: a public certificate is valid 198 days
        std::string arn;
        if (kind == "amazon") {
            arn = lab.json("aws acm request-certificate --domain-name shop.example.com "
                           "--subject-alternative-names www.shop.example.com")["CertificateArn"];
            lab.runDays(1.0 / 24);
        } else {
            arn = lab.import("shop.example.com", lab.now() + 60 * sim::kDay);
        }
        const Shop shop = openShop(lab, arn);
        QVERIFY2(!shop.listenerArn.empty(), lab.err().c_str());
        const sim::Time firstNotAfter = lab.acm().certificate(arn)->notAfter;
        int failedDays = 0;
        while (lab.now() < firstNotAfter + 5 * sim::kDay) {
            lab.runDays(1);
            if (kind == "reimported" && lab.now() > firstNotAfter - 10 * sim::kDay &&
                lab.acm().certificate(arn)->notAfter == firstNotAfter)
                lab.import("shop.example.com", lab.now() + 300 * sim::kDay, arn);
            if (elb(lab).verifyResult(elb(lab).listeners().at(shop.listenerArn), lab.now()) !=
                "ok")
                ++failedDays;
        }
        const Curl c = curl(lab, shop);
        QCOMPARE(c.ok, servesAfter);
        QCOMPARE(failedDays == 0, servesAfter);
        const aws::Certificate* cert = lab.acm().certificate(arn);
        QCOMPARE(cert->notAfter > firstNotAfter, servesAfter);
        bool renewed = false;
        for (const json& e : lab.events("ACM Certificate Available"))
            renewed = renewed || e["detail"]["Action"] == "RENEWAL";
        QCOMPARE(renewed, kind == "amazon");
        if (kind == "amazon") // renewed 45 days before expiry, same ARN
            QCOMPARE(cert->renewalStatus, std::string("SUCCESS"));
    }

    // An imported certificate behind a listener, 50 days from expiry, with a confirmed
    // e-mail subscription and a rule: one Approaching Expiration e-mail a day from 45 days
    // before expiry to its last day, and no renewal although it is in use.
    void importedNoticesInInbox()
    {
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", lab.now() + 50 * sim::kDay);
        const Shop shop = openShop(lab, arn);
        QVERIFY(!shop.listenerArn.empty());
        const std::string topic =
            lab.json("aws sns create-topic --name cert-expiry")["TopicArn"];
        lab.sh("aws sns subscribe --topic-arn " + topic +
               " --protocol email --notification-endpoint ops@example.com");
        QVERIFY(holds(lab, "subscription(ops@example.com).PendingConfirmation == \"true\""));
        const std::string confirm = lab.mail().back().body;
        const auto at = confirm.find("--token ");
        QVERIFY(at != std::string::npos);
        lab.sh("aws sns confirm-subscription --topic-arn " + topic + " --token " +
               confirm.substr(at + 8, 32));
        QVERIFY2(lab.ok(), lab.err().c_str());
        QVERIFY(holds(lab, "count(subscriptions{Endpoint=ops@example.com, "
                           "PendingConfirmation=false}) == 1"));
        lab.sh("aws events put-rule --name cert-expiry --event-pattern "
               "'{\"source\":[\"aws.acm\"],\"detail-type\":[\"ACM Certificate Approaching "
               "Expiration\"]}'");
        lab.sh("aws events put-targets --rule cert-expiry --targets Id=1,Arn=" + topic);
        QVERIFY(!holds(lab, "count(inbox{Body~\"Approaching Expiration\"}) >= 1"));
        lab.runDays(60);

        std::vector<std::int64_t> days;
        for (const auto& m : lab.mail()) {
            if (m.body.find("ACM Certificate Approaching Expiration") == std::string::npos)
                continue;
            const auto d = m.body.find("\"DaysToExpiry\":");
            days.push_back(std::stoll(m.body.substr(d + 15)));
        }
        std::vector<std::int64_t> expected;
        for (std::int64_t d = 45; d >= 0; --d)
            expected.push_back(d);
        QCOMPARE(days, expected);
        QVERIFY(holds(lab, "count(inbox{Body~\"Approaching Expiration\"}) == 46"));
        for (const json& e : lab.events("ACM Certificate Available"))
            QVERIFY(e["detail"]["Action"] != "RENEWAL");
        QVERIFY(lab.events("ACM Certificate Expired").empty());
        QVERIFY(holds(lab, "certificate(shop.example.com).Status == \"EXPIRED\""));
        QVERIFY(holds(lab, "certificate(shop.example.com).RenewalEligibility == \"INELIGIBLE\""));
    }

    // What a learner gets wrong, with the errors AWS and curl give.
    void errors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("HTTPS without certificate")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTPS --port 443 "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}"
            << "(ValidationError) when calling the CreateListener operation: A certificate "
               "must be specified for HTTPS listeners";
        QTest::newRow("HTTP with certificate")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTP --port 80 "
               "--certificates CertificateArn=CERT "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}"
            << "(ValidationError) when calling the CreateListener operation: A certificate "
               "cannot be specified for HTTP listeners";
        QTest::newRow("unknown certificate")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTPS --port 8443 "
               "--certificates CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/"
               "00000000-0000-4000-8000-000000000000 "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}"
            << "(CertificateNotFound) when calling the CreateListener operation: Certificate "
               "'arn:aws:acm:us-east-1:123456789012:certificate/"
               "00000000-0000-4000-8000-000000000000' not found";
        QTest::newRow("certificate not issued yet")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTPS --port 8443 "
               "--certificates CertificateArn=PENDING "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}"
            << "(CertificateNotFound) when calling the CreateListener operation: Certificate "
               "'PENDING' not found";
        QTest::newRow("duplicate port")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTP --port 443 "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200}"
            << "(DuplicateListener) when calling the CreateListener operation: A listener "
               "already exists on this port for this load balancer 'LB'";
        QTest::newRow("unknown load balancer")
            << "aws elbv2 describe-listeners --load-balancer-arn LB-nope"
            << "(LoadBalancerNotFound) when calling the DescribeListeners operation: One or "
               "more load balancers not found";
        QTest::newRow("one subnet")
            << "aws elbv2 create-load-balancer --name two --subnets subnet-1"
            << "(ValidationError) when calling the CreateLoadBalancer operation: At least two "
               "subnets in two different Availability Zones must be specified";
        QTest::newRow("unknown host") << "curl https://nope.example.com/"
                                      << "curl: (6) Could not resolve host: nope.example.com";
        QTest::newRow("name mismatch")
            << "curl https://DNS/"
            << "curl: (60) SSL: no alternative certificate subject name matches target host "
               "name 'DNS'";
        QTest::newRow("no listener on port")
            << "curl http://DNS/"
            << "curl: (7) Failed to connect to DNS port 80 after 40 ms: Couldn't connect to "
               "server";
        QTest::newRow("bad shorthand")
            << "aws elbv2 create-listener --load-balancer-arn LB --protocol HTTP --port 81 "
               "--default-actions Type=fixed-response,FixedResponseConfig={StatusCode=200"
            << "Error parsing parameter '--default-actions': Expected: '}', received: 'EOF'";
    }
    void errors()
    {
        QFETCH(QString, line);
        QFETCH(QString, error);
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", lab.now() + 50 * sim::kDay);
        const Shop shop = openShop(lab, arn);
        const std::string pending = lab.json(
            "aws acm request-certificate --domain-name api.example.com")["CertificateArn"];
        auto fill = [&](std::string s) {
            for (const auto& [from, to] : {std::pair<std::string, std::string>{"LB", shop.lbArn},
                                           {"CERT", arn},
                                           {"PENDING", pending},
                                           {"DNS", shop.dnsName}})
                for (auto at = s.find(from); at != std::string::npos;
                     at = s.find(from, at + to.size()))
                    if (s.compare(at, from.size() + 5, from + "-nope") != 0)
                        s.replace(at, from.size(), to);
            return s;
        };
        lab.sh(fill(line.toStdString()));
        QVERIFY(!lab.ok());
        const std::string want = fill(error.toStdString());
        QVERIFY2(lab.err().find(want) != std::string::npos,
                 ("wanted: " + want + "\ngot: " + lab.err()).c_str());
        // The same request done right succeeds: the error came from the mistake.
        QVERIFY(lab.json("aws elbv2 describe-listeners --load-balancer-arn " + shop.lbArn)
                    ["Listeners"]
                        .size() == 1);
    }

    // The JSON form of --default-actions gives the listener the shorthand gives; deleting
    // the listener frees the certificate (InUseBy empty, deletable).
    void jsonActionsAndRelease()
    {
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", lab.now() + 50 * sim::kDay);
        const Shop shop = openShop(lab, arn);
        const json viaJson = lab.json(
            "aws elbv2 create-listener --load-balancer-arn " + shop.lbArn +
            " --protocol HTTP --port 80 --default-actions '[{\"Type\":\"fixed-response\","
            "\"FixedResponseConfig\":{\"StatusCode\":\"200\",\"ContentType\":\"text/plain\","
            "\"MessageBody\":\"" +
            kBody + "\"}}]'");
        const json https =
            lab.json("aws elbv2 describe-listeners --listener-arns " + shop.listenerArn);
        QCOMPARE(viaJson["Listeners"][0]["DefaultActions"],
                 https["Listeners"][0]["DefaultActions"]);
        QCOMPARE(lab.sh("curl http://" + shop.dnsName + "/"), kBody + "\n");
        lab.sh("aws acm delete-certificate --certificate-arn " + arn);
        QVERIFY(!lab.ok()); // in use
        lab.sh("aws elbv2 delete-listener --listener-arn " + shop.listenerArn);
        QVERIFY(lab.ok());
        lab.runDays(1.0 / 24);
        QVERIFY(lab.acm().certificate(arn)->inUseBy.empty());
        lab.sh("aws acm delete-certificate --certificate-arn " + arn);
        QVERIFY2(lab.ok(), lab.err().c_str());
    }

    // CreateListener is idempotent: the same settings again return the same listener;
    // other settings on the same port are a DuplicateListener.
    void createListenerIdempotent()
    {
        AwsAccountLab lab;
        const std::string arn = lab.import("shop.example.com", lab.now() + 50 * sim::kDay);
        const Shop shop = openShop(lab, arn);
        const Shop again = openShop(lab, arn);
        QVERIFY2(lab.ok(), lab.err().c_str());
        QCOMPARE(again.listenerArn, shop.listenerArn);
        QCOMPARE(again.lbArn, shop.lbArn); // CreateLoadBalancer is idempotent by name too
        QCOMPARE(elb(lab).listeners().size(), size_t(1));
        lab.sh("aws elbv2 create-listener --load-balancer-arn " + shop.lbArn +
               " --protocol HTTPS --port 443 --certificates CertificateArn=" + arn +
               " --default-actions Type=fixed-response,FixedResponseConfig={StatusCode=404}");
        QVERIFY(lab.err().find("(DuplicateListener)") != std::string::npos);
    }

    // modify-listener --certificates moves the listener to another certificate: ACM's
    // InUseBy follows, and clients see the new one's dates. An unknown certificate is
    // refused and leaves the listener as it was.
    void modifyListenerCertificate()
    {
        AwsAccountLab lab;
        const std::string old = lab.import("shop.example.com", lab.now() + 2 * sim::kDay);
        const std::string fresh = lab.import("shop.example.com", lab.now() + 90 * sim::kDay);
        const Shop shop = openShop(lab, old);
        lab.sh("aws elbv2 modify-listener --listener-arn " + shop.listenerArn +
               " --certificates CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/"
               "00000000-0000-4000-8000-000000000000");
        QVERIFY(lab.err().find("(CertificateNotFound)") != std::string::npos);
        QCOMPARE(elb(lab).listeners().at(shop.listenerArn).certificates,
                 std::vector<std::string>{old});
        lab.runDays(3); // the old one has expired
        QVERIFY(!curl(lab, shop).ok);
        const json modified = lab.json("aws elbv2 modify-listener --listener-arn " +
                                       shop.listenerArn + " --certificates CertificateArn=" +
                                       fresh);
        QCOMPARE(modified["Listeners"][0]["Certificates"][0]["CertificateArn"], json(fresh));
        QCOMPARE(modified["Listeners"][0]["Port"], json(443));
        QVERIFY(curl(lab, shop).ok);
        lab.runDays(1.0 / 24);
        QVERIFY(lab.acm().certificate(old)->inUseBy.empty());
        QCOMPARE(lab.acm().certificate(fresh)->inUseBy, std::vector<std::string>{shop.lbArn});
    }

    // Same seed, same story, byte for byte; another seed, other names.
    void deterministic()
    {
        auto run = [](std::uint64_t seed) {
            AwsAccountLab lab(seed);
            const std::string arn = lab.import("shop.example.com", lab.now() + 2 * sim::kDay);
            const Shop shop = openShop(lab, arn);
            lab.runDays(3);
            curl(lab, shop);
            return std::make_pair(shop.dnsName, lab.cluster().sim().trace().sha256());
        };
        QCOMPARE(run(3), run(3));
        QVERIFY(run(3).first != run(4).first);
    }
};

QTEST_GUILESS_MAIN(tst_Elb)
#include "tst_elb.moc"
