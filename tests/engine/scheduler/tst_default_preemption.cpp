// DefaultPreemption: victims of lower priority only, reprieve of the most important,
// the choice of node, and the reasons when preemption cannot help.
#include <QtTest>

#include "engine/scheduler/plugins/default_preemption.h"
#include "sched_fixtures.h"

using namespace schedtest;

class tst_DefaultPreemption : public QObject
{
    Q_OBJECT

private slots:
    void preempt_data();
    void preempt();
};

void tst_DefaultPreemption::preempt_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("nominated"); // empty: no candidate
    QTest::addColumn<QString>("victims");
    QTest::newRow("evict-low")
        << R"({"cpu":"2","priority":1000})"
        << R"([{"name":"a","running":[{"name":"low","cpu":"1","priority":10}]}])"
        << "a"
        << "default/low";
    QTest::newRow("equal-priority-not-victim")
        << R"({"cpu":"2","priority":10})"
        << R"([{"name":"a","running":[{"name":"low","cpu":"1","priority":10}]}])"
        << ""
        << "";
    QTest::newRow("reprieve-higher")
        << R"({"cpu":"1","priority":1000})"
        << R"([{"name":"a","running":[{"name":"p5","cpu":"1","priority":5},)"
           R"({"name":"p50","cpu":"1","priority":50}]}])"
        << "a"
        << "default/p5";
    QTest::newRow("cheapest-node")
        << R"({"cpu":"1","priority":1000})"
        << R"([{"name":"a","running":[{"name":"a500","cpu":"2","priority":500}]},)"
           R"({"name":"b","running":[{"name":"b100","cpu":"2","priority":100}]}])"
        << "b"
        << "default/b100";
    QTest::newRow("too-big-anyway")
        << R"({"cpu":"3","priority":1000})"
        << R"([{"name":"a","running":[{"name":"low","cpu":"1","priority":10}]}])"
        << ""
        << "";
}

void tst_DefaultPreemption::preempt()
{
    QFETCH(QString, pod);
    QFETCH(QString, nodes);
    QFETCH(QString, nominated);
    QFETCH(QString, victims);
    const Nodes ns = schedtest::nodes(nodes);
    const Snapshot snap = snapshotOf(ns);
    Framework fw;
    kubelab::sim::Rng rng(1);
    std::size_t next = 0;
    NoRecorder none;
    ScheduleResult r = fw.schedule(schedtest::pod(pod), snap, rng, next, none);
    QCOMPARE(int(r.outcome), int(ScheduleResult::Outcome::Unschedulable));
    QCOMPARE(QString::fromStdString(r.postFilter.nominatedNode), nominated);
    QStringList v;
    for (const auto& p : r.postFilter.victims)
        v << QString::fromStdString(p->key);
    QCOMPARE(v.join(','), victims);
    QCOMPARE(r.postFilter.status.ok(), !nominated.isEmpty());
}

QTEST_GUILESS_MAIN(tst_DefaultPreemption)
#include "tst_default_preemption.moc"
