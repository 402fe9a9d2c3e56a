// EventBridge event patterns: a table of (pattern, event, matches?) and of patterns that
// EventBridge refuses, with the reason a learner reads.
#include <QtTest>

#include "engine/aws/event_pattern.h"

using namespace kubelab;
using nlohmann::json;

namespace {
const char* kEvent = R"({"version":"0","id":"x","detail-type":"ACM Certificate Approaching Expiration",
  "source":"aws.acm","account":"123456789012","region":"us-east-1",
  "resources":["arn:aws:acm:us-east-1:123456789012:certificate/abc"],
  "detail":{"DaysToExpiry":12,"CommonName":"shop.example.com"}})";
}

class tst_EventPattern : public QObject
{
    Q_OBJECT
private slots:
    void match_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("matches");
        QTest::newRow("source") << R"({"source":["aws.acm"]})" << true;
        QTest::newRow("other source") << R"({"source":["aws.ec2"]})" << false;
        QTest::newRow("detail-type") << R"({"source":["aws.acm"],"detail-type":["ACM Certificate Approaching Expiration"]})" << true;
        QTest::newRow("other detail-type") << R"({"source":["aws.acm"],"detail-type":["ACM Certificate Expired"]})" << false;
        QTest::newRow("one of two") << R"({"detail-type":["ACM Certificate Expired","ACM Certificate Approaching Expiration"]})" << true;
        QTest::newRow("nested detail") << R"({"detail":{"CommonName":["shop.example.com"]}})" << true;
        QTest::newRow("nested detail, other") << R"({"detail":{"CommonName":["www.example.com"]}})" << false;
        QTest::newRow("numeric below 14") << R"({"detail":{"DaysToExpiry":[{"numeric":["<=",14]}]}})" << true;
        QTest::newRow("numeric below 10") << R"({"detail":{"DaysToExpiry":[{"numeric":["<",10]}]}})" << false;
        QTest::newRow("prefix") << R"({"detail":{"CommonName":[{"prefix":"shop."}]}})" << true;
        QTest::newRow("prefix, other") << R"({"detail":{"CommonName":[{"prefix":"www."}]}})" << false;
        QTest::newRow("suffix") << R"({"detail":{"CommonName":[{"suffix":".example.com"}]}})" << true;
        QTest::newRow("anything-but") << R"({"detail-type":[{"anything-but":"ACM Certificate Expired"}]})" << true;
        QTest::newRow("anything-but, same") << R"({"detail-type":[{"anything-but":["ACM Certificate Approaching Expiration"]}]})" << false;
        QTest::newRow("exists") << R"({"detail":{"DaysToExpiry":[{"exists":true}]}})" << true;
        QTest::newRow("exists false") << R"({"detail":{"DaysToExpiry":[{"exists":false}]}})" << false;
        QTest::newRow("missing field") << R"({"detail":{"Action":["RENEWAL"]}})" << false;
        QTest::newRow("resources array") << R"({"resources":[{"prefix":"arn:aws:acm:"}]})" << true;
    }
    void match()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, matches);
        QCOMPARE(kubelab::aws::checkEventPattern(pattern.toStdString()), std::string());
        QCOMPARE(aws::matchesEventPattern(json::parse(pattern.toStdString()), json::parse(kEvent)),
                 matches);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << "{source" << "Unrecognized token: the pattern is not valid JSON";
        QTest::newRow("leaf string") << R"({"source":"aws.acm"})" << R"("source" must be an object or an array)";
        QTest::newRow("nested leaf") << R"({"detail":{"DaysToExpiry":3}})" << R"("detail.DaysToExpiry" must be an object or an array)";
        QTest::newRow("empty array") << R"({"source":[]})" << "Empty arrays are not allowed";
        QTest::newRow("empty") << "{}" << "Empty objects are not allowed";
        QTest::newRow("bad numeric") << R"({"detail":{"DaysToExpiry":[{"numeric":["~",3]}]}})" << R"(Unrecognized numeric range operator: "~")";
        QTest::newRow("bad filter") << R"({"source":[{"regex":"a.*"}]})" << "Unrecognized match type regex";
    }
    void invalid()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, reason);
        QCOMPARE(QString::fromStdString(aws::checkEventPattern(pattern.toStdString())), reason);
    }
};

QTEST_GUILESS_MAIN(tst_EventPattern)
#include "tst_event_pattern.moc"
