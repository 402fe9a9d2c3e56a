// The FailedScheduling message, end to end through the framework: exact kube-scheduler
// v1.31 strings, including the preemption part and the histogram order.
#include <QtTest>

#include "sched_fixtures.h"

using namespace schedtest;

namespace {
const char* const kCluster =
    R"([{"name":"control-plane","taints":[{"key":"node-role.kubernetes.io/control-plane",)"
    R"("effect":"NoSchedule"}]},{"name":"worker-1"},{"name":"worker-2"},{"name":"worker-3"}])";
}

class tst_FailedSchedulingMessage : public QObject
{
    Q_OBJECT

private slots:
    void message_data();
    void message();
    void histogram();
    void feasibleNodesToFind_data();
    void feasibleNodesToFind();
};

void tst_FailedSchedulingMessage::message_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("message"); // empty: scheduled
    QTest::newRow("fits") << R"({"cpu":"1"})" << kCluster << "";
    QTest::newRow("3-cpu")
        << R"({"cpu":"3"})" << kCluster
        << "0/4 nodes are available: 1 node(s) had untolerated taint "
           "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 "
           "nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption "
           "victims found for incoming pod..";
    QTest::newRow("selector")
        << R"({"spec":{"nodeSelector":{"disk":"ssd"}}})" << kCluster
        << "0/4 nodes are available: 1 node(s) had untolerated taint "
           "{node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node "
           "affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not "
           "helpful for scheduling..";
    QTest::newRow("never-preempts")
        << R"({"cpu":"3","spec":{"preemptionPolicy":"Never"}})" << kCluster
        << "0/4 nodes are available: 1 node(s) had untolerated taint "
           "{node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. not eligible due "
           "to preemptionPolicy=Never..";
    QTest::newRow("cpu-and-memory")
        << R"({"cpu":"3","memory":"5Gi"})"
        << R"([{"name":"a"},{"name":"b","cpu":"4"}])"
        << "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: "
           "0/2 nodes are available: 2 No preemption victims found for incoming pod..";
    QTest::newRow("preemption-candidate")
        << R"({"cpu":"2","priority":1000})"
        << R"([{"name":"a","running":[{"name":"low","cpu":"1","priority":10}]}])"
        << "0/1 nodes are available: 1 Insufficient cpu.";
    QTest::newRow("no-nodes") << R"({})"
                              << "[]"
                              << "no nodes available to schedule pods";
}

void tst_FailedSchedulingMessage::message()
{
    QFETCH(QString, pod);
    QFETCH(QString, nodes);
    QFETCH(QString, message);
    const Nodes ns = schedtest::nodes(nodes);
    const Snapshot snap = snapshotOf(ns);
    Framework fw;
    kubelab::sim::Rng rng(1);
    std::size_t next = 0;
    Explanation explanation;
    ExplanationRecorder recorder(explanation);
    ScheduleResult r = fw.schedule(schedtest::pod(pod), snap, rng, next, recorder);
    QCOMPARE(QString::fromStdString(r.message), message);
    QCOMPARE(r.outcome == ScheduleResult::Outcome::Scheduled, message.isEmpty());
}

void tst_FailedSchedulingMessage::histogram()
{
    // Sorted as strings, count included: "10 ..." sorts before "2 ...".
    NodeStatusMap m;
    for (int i = 0; i < 10; ++i)
        m["n" + std::to_string(i)] = Status::unschedulable("Insufficient memory");
    m["x"] = Status::unschedulable("Insufficient cpu");
    m["y"] = Status::unschedulable("Insufficient cpu");
    QCOMPARE(QString::fromStdString(fitErrorMessage(12, "", m, "")),
             QString("0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu."));
    QVERIFY(QString::fromStdString(fitErrorMessage(12, "", m, "")) !=
            QString("0/12 nodes are available: 2 Insufficient cpu, 10 Insufficient memory."));
}

void tst_FailedSchedulingMessage::feasibleNodesToFind_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("percentage");
    QTest::addColumn<int>("expected");
    QTest::newRow("small") << 50 << 0 << 50;
    QTest::newRow("100") << 100 << 0 << 100;           // 50 - 0 = 50% of 100 = 50 -> at least 100
    QTest::newRow("1000") << 1000 << 0 << 420;         // 50 - 8 = 42%
    QTest::newRow("5000") << 5000 << 0 << 500;         // 50 - 40 = 10%
    QTest::newRow("6000-floor-5") << 6000 << 0 << 300; // 50 - 48 = 2% -> 5%
    QTest::newRow("configured") << 1000 << 20 << 200;
}

void tst_FailedSchedulingMessage::feasibleNodesToFind()
{
    QFETCH(int, nodes);
    QFETCH(int, percentage);
    QFETCH(int, expected);
    QCOMPARE(int(Framework::numFeasibleNodesToFind(nodes, percentage)), expected);
}

QTEST_GUILESS_MAIN(tst_FailedSchedulingMessage)
#include "tst_failed_scheduling_message.moc"
