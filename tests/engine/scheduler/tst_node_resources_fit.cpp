// NodeResourcesFit: requests (init containers, sidecars), pod count, LeastAllocated score.
#include <QtTest>

#include "engine/scheduler/plugins/node_resources_fit.h"
#include "sched_fixtures.h"

using namespace schedtest;

class tst_NodeResourcesFit : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void requests_data();
    void requests();
    void score_data();
    void score();
};

void tst_NodeResourcesFit::filter_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("fits") << R"({"cpu":"1","memory":"1Gi"})"
                          << R"([{"cpu":"2"}])"
                          << "Success"
                          << "";
    QTest::newRow("cpu") << R"({"cpu":"3"})"
                         << R"([{"cpu":"2"}])"
                         << "Unschedulable"
                         << "Insufficient cpu";
    QTest::newRow("exact-fit") << R"({"cpu":"2"})"
                               << R"([{"cpu":"2"}])"
                               << "Success"
                               << "";
    QTest::newRow("cpu-used") << R"({"cpu":"1500m"})"
                              << R"([{"cpu":"2","running":[{"name":"a","cpu":"1"}]}])"
                              << "Unschedulable"
                              << "Insufficient cpu";
    QTest::newRow("memory") << R"({"memory":"5Gi"})"
                            << R"([{"memory":"4Gi"}])"
                            << "Unschedulable"
                            << "Insufficient memory";
    QTest::newRow("both") << R"({"cpu":"3","memory":"5Gi"})"
                          << R"([{}])"
                          << "Unschedulable"
                          << "Insufficient cpu, Insufficient memory";
    QTest::newRow("too-many-pods") << R"({})"
                                   << R"([{"pods":1,"running":[{"name":"a"}]}])"
                                   << "Unschedulable"
                                   << "Too many pods";
    QTest::newRow("room-for-one") << R"({})"
                                  << R"([{"pods":2,"running":[{"name":"a"}]}])"
                                  << "Success"
                                  << "";
    QTest::newRow("best-effort-on-full-cpu")
        << R"({})"
        << R"([{"cpu":"1","running":[{"name":"a","cpu":"1"}]}])"
        << "Success"
        << "";
}

void tst_NodeResourcesFit::filter()
{
    QFETCH(QString, pod);
    QFETCH(QString, node);
    QFETCH(QString, code);
    QFETCH(QString, reason);
    NodeResourcesFit p;
    Status s = runFilter(p, schedtest::pod(pod), nodes(node), 0);
    QCOMPARE(codeName(s), code);
    QCOMPARE(QString::fromStdString(s.message()), reason);
}

void tst_NodeResourcesFit::requests_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<qint64>("milliCpu");
    QTest::addColumn<qint64>("nonZeroMilliCpu");
    auto c = [](const char* cpu) {
        return QString(R"({"name":"c","resources":{"requests":{"cpu":"%1"}}})").arg(cpu);
    };
    QTest::newRow("sum") << QString(R"({"containers":[%1,%2]})").arg(c("100m"), c("200m"))
                         << qint64(300) << qint64(300);
    QTest::newRow("init-larger")
        << QString(R"({"containers":[%1],"initContainers":[%2]})").arg(c("100m"), c("1"))
        << qint64(1000) << qint64(1000);
    QTest::newRow("init-smaller")
        << QString(R"({"containers":[%1],"initContainers":[%2]})").arg(c("500m"), c("200m"))
        << qint64(500) << qint64(500);
    QTest::newRow("sidecar-adds")
        << QString(R"({"containers":[%1],"initContainers":[{"name":"s","restartPolicy":"Always",)"
                   R"("resources":{"requests":{"cpu":"250m"}}}]})")
               .arg(c("500m"))
        << qint64(750) << qint64(750);
    QTest::newRow("no-requests") << R"({"containers":[{"name":"c"}]})" << qint64(0) << qint64(100);
}

void tst_NodeResourcesFit::requests()
{
    QFETCH(QString, spec);
    QFETCH(qint64, milliCpu);
    QFETCH(qint64, nonZeroMilliCpu);
    const auto j = nlohmann::json::parse(spec.toStdString());
    QCOMPARE(qint64(podRequests(j, false).milliCpu), milliCpu);
    QCOMPARE(qint64(podRequests(j, true).milliCpu), nonZeroMilliCpu);
}

void tst_NodeResourcesFit::score_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("scores");
    // ((cap - req) * 100 / cap) per resource, averaged: 2 CPU / 4Gi nodes.
    QTest::newRow("empty-nodes") << R"({"cpu":"1","memory":"2Gi"})"
                                 << R"([{},{"name":"n2"}])"
                                 << "50,50";
    QTest::newRow("least-allocated-wins")
        << R"({"cpu":"500m","memory":"1Gi"})"
        << R"([{"running":[{"name":"a","cpu":"1","memory":"2Gi"}]},{"name":"n2"}])"
        << "25,75";
    QTest::newRow("non-zero-defaults") << R"({})"
                                       << R"([{"cpu":"1","memory":"1Gi"}])"
                                       << "85"; // (90 + 80) / 2 with 100m and 200Mi
}

void tst_NodeResourcesFit::score()
{
    QFETCH(QString, pod);
    QFETCH(QString, nodes);
    QFETCH(QString, scores);
    NodeResourcesFit p;
    QCOMPARE(join(runScore(p, schedtest::pod(pod), schedtest::nodes(nodes))), scores);
}

QTEST_GUILESS_MAIN(tst_NodeResourcesFit)
#include "tst_node_resources_fit.moc"
