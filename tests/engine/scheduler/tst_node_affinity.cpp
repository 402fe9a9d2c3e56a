// NodeAffinity: nodeSelector, required terms (ORed terms, ANDed requirements, operators),
// preferred weights; and NodePorts' host port conflicts.
#include <QtTest>

#include "engine/scheduler/plugins/node_affinity.h"
#include "engine/scheduler/plugins/node_ports.h"
#include "sched_fixtures.h"

using namespace schedtest;

namespace {
QString required(const char* terms)
{
    return QString(R"({"spec":{"affinity":{"nodeAffinity":{)"
                   R"("requiredDuringSchedulingIgnoredDuringExecution":)"
                   R"({"nodeSelectorTerms":%1}}}}})")
        .arg(terms);
}
} // namespace

class tst_NodeAffinity : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
    void ports_data();
    void ports();
};

void tst_NodeAffinity::filter_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("node");
    QTest::addColumn<bool>("fits");
    const char* ssd = R"([{"labels":{"disk":"ssd","cores":"8"}}])";
    QTest::newRow("no-constraints") << "{}" << ssd << true;
    QTest::newRow("selector-match") << R"({"spec":{"nodeSelector":{"disk":"ssd"}}})" << ssd << true;
    QTest::newRow("selector-miss") << R"({"spec":{"nodeSelector":{"disk":"hdd"}}})" << ssd << false;
    QTest::newRow("in") << required(R"([{"matchExpressions":[{"key":"disk","operator":"In",)"
                                    R"("values":["ssd","nvme"]}]}])")
                        << ssd << true;
    QTest::newRow("not-in") << required(R"([{"matchExpressions":[{"key":"disk",)"
                                        R"("operator":"NotIn","values":["ssd"]}]}])")
                            << ssd << false;
    QTest::newRow("exists") << required(R"([{"matchExpressions":[{"key":"disk",)"
                                        R"("operator":"Exists"}]}])")
                            << ssd << true;
    QTest::newRow("does-not-exist") << required(R"([{"matchExpressions":[{"key":"disk",)"
                                                R"("operator":"DoesNotExist"}]}])")
                                    << ssd << false;
    QTest::newRow("gt") << required(R"([{"matchExpressions":[{"key":"cores","operator":"Gt",)"
                                    R"("values":["4"]}]}])")
                        << ssd << true;
    QTest::newRow("lt") << required(R"([{"matchExpressions":[{"key":"cores","operator":"Lt",)"
                                    R"("values":["4"]}]}])")
                        << ssd << false;
    QTest::newRow("terms-ored")
        << required(R"([{"matchExpressions":[{"key":"disk","operator":"In","values":["hdd"]}]},)"
                    R"({"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}])")
        << ssd << true;
    QTest::newRow("match-fields")
        << required(R"([{"matchFields":[{"key":"metadata.name","operator":"In",)"
                    R"("values":["n1"]}]}])")
        << ssd << true;
    QTest::newRow("match-fields-miss")
        << required(R"([{"matchFields":[{"key":"metadata.name","operator":"In",)"
                    R"("values":["n2"]}]}])")
        << ssd << false;
    QTest::newRow("empty-terms") << required("[]") << ssd << false;
}

void tst_NodeAffinity::filter()
{
    QFETCH(QString, pod);
    QFETCH(QString, node);
    QFETCH(bool, fits);
    NodeAffinity p;
    Status s = runFilter(p, schedtest::pod(pod), nodes(node), 0);
    QCOMPARE(s.ok(), fits);
    if (!fits) {
        QCOMPARE(codeName(s), QString("UnschedulableAndUnresolvable"));
        QCOMPARE(QString::fromStdString(s.message()),
                 QString("node(s) didn't match Pod's node affinity/selector"));
    }
}

void tst_NodeAffinity::score_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("scores");
    const QString pref =
        R"({"spec":{"affinity":{"nodeAffinity":{)"
        R"("preferredDuringSchedulingIgnoredDuringExecution":[)"
        R"({"weight":80,"preference":{"matchExpressions":[{"key":"disk","operator":"In",)"
        R"("values":["ssd"]}]}},{"weight":20,"preference":{"matchExpressions":[{"key":"zone",)"
        R"("operator":"In","values":["a"]}]}}]}}}})";
    QTest::newRow("weights") << pref << "100,20,0";
    QTest::newRow("no-preference") << "{}"
                                   << "skip";
}

void tst_NodeAffinity::score()
{
    QFETCH(QString, pod);
    QFETCH(QString, scores);
    NodeAffinity p;
    const auto ns = nodes(R"([{"name":"a","labels":{"disk":"ssd","zone":"a"}},)"
                          R"({"name":"b","labels":{"zone":"a"}},{"name":"c"}])");
    QCOMPARE(join(runScore(p, schedtest::pod(pod), ns)), scores);
}

void tst_NodeAffinity::ports_data()
{
    QTest::addColumn<QString>("port");
    QTest::addColumn<bool>("fits");
    QTest::newRow("free") << R"({"containerPort":80,"hostPort":8081})" << true;
    QTest::newRow("taken") << R"({"containerPort":80,"hostPort":8080})" << false;
    QTest::newRow("other-protocol")
        << R"({"containerPort":80,"hostPort":8080,"protocol":"UDP"})" << true;
    QTest::newRow("specific-ip-vs-any")
        << R"({"containerPort":80,"hostPort":8080,"hostIP":"10.0.0.1"})" << false;
    QTest::newRow("no-host-port") << R"({"containerPort":8080})" << true;
}

void tst_NodeAffinity::ports()
{
    QFETCH(QString, port);
    QFETCH(bool, fits);
    auto container = [](const QString& p) {
        return QString(R"({"spec":{"containers":[{"name":"c","ports":[%1]}]}})").arg(p);
    };
    nlohmann::json running =
        nlohmann::json::parse(container(R"({"containerPort":80,"hostPort":8080})").toStdString());
    running["name"] = "a";
    nlohmann::json n = {{"running", {running}}};
    NodePorts p;
    Status s = runFilter(p, schedtest::pod(container(port)), {node(n)}, 0);
    QCOMPARE(s.ok(), fits);
    if (!fits)
        QCOMPARE(QString::fromStdString(s.message()),
                 QString("node(s) didn't have free ports for the requested pod ports"));
}

QTEST_GUILESS_MAIN(tst_NodeAffinity)
#include "tst_node_affinity.moc"
