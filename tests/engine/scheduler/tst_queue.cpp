// The scheduling queue: PrioritySort order, backoff durations, unschedulablePods moves
// on cluster events and the 5-minute leftover flush.
#include <QtTest>

#include "engine/scheduler/scheduling_queue.h"

using namespace kubelab;
using namespace kubelab::scheduler;

namespace {
constexpr sim::Duration kS = sim::kSecond;
}

class tst_Queue : public QObject
{
    Q_OBJECT

private slots:
    void order_data();
    void order();
    void backoff_data();
    void backoff();
    void unschedulableMoves_data();
    void unschedulableMoves();
    void leftoverFlush();
};

void tst_Queue::order_data()
{
    QTest::addColumn<QString>("adds"); // key:priority:time ...
    QTest::addColumn<QString>("popped");
    QTest::newRow("fifo") << "a:0:1 b:0:2 c:0:3"
                          << "a b c";
    QTest::newRow("priority-first") << "a:0:1 b:100:2 c:0:3"
                                    << "b a c";
    QTest::newRow("not-fifo-when-priority") << "a:0:1 b:100:2 c:0:3"
                                            << "b a c";
    QTest::newRow("same-time-by-key") << "b:0:1 a:0:1"
                                      << "a b";
    QTest::newRow("negative-priority-last") << "a:-5:1 b:0:2"
                                            << "b a";
}

void tst_Queue::order()
{
    QFETCH(QString, adds);
    QFETCH(QString, popped);
    SchedulingQueue q;
    for (const QString& a : adds.split(' ')) {
        const auto parts = a.split(':');
        q.add(parts[0].toStdString(), parts[1].toInt(), parts[2].toLongLong() * kS);
    }
    QStringList out;
    while (auto p = q.pop(10 * kS))
        out << QString::fromStdString(p->key);
    QCOMPARE(out.join(' '), popped);
}

void tst_Queue::backoff_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("1") << 1 << qint64(1);
    QTest::newRow("2") << 2 << qint64(2);
    QTest::newRow("3") << 3 << qint64(4);
    QTest::newRow("4") << 4 << qint64(8);
    QTest::newRow("5-capped") << 5 << qint64(10);
    QTest::newRow("9-capped") << 9 << qint64(10);
}

void tst_Queue::backoff()
{
    QFETCH(int, attempts);
    QFETCH(qint64, seconds);
    QCOMPARE(qint64(SchedulingQueue::backoffDuration(attempts)), seconds * kS);
    // An errored pod waits out exactly that backoff in backoffQ.
    SchedulingQueue q;
    q.add("p", 0, 0);
    QueuedPod p = *q.pop(0);
    p.attempts = attempts;
    q.addUnschedulable(p, 100 * kS, true);
    QCOMPARE(QString::fromStdString(q.where("p")), QString("backoff"));
    QCOMPARE(q.flushBackoff(100 * kS + seconds * kS - 1), 0);
    QCOMPARE(q.flushBackoff(100 * kS + seconds * kS), 1);
    QCOMPARE(QString::fromStdString(q.where("p")), QString("active"));
}

void tst_Queue::unschedulableMoves_data()
{
    QTest::addColumn<QString>("rejectedBy");
    QTest::addColumn<QString>("event"); // plugins the event can help ("" = all)
    QTest::addColumn<int>("after");     // seconds after the failure
    QTest::addColumn<QString>("where");
    QTest::newRow("node-added-any") << "NodeResourcesFit"
                                    << "" << 5 << "active";
    QTest::newRow("pod-deleted-helps-fit") << "NodeResourcesFit"
                                           << "NodeResourcesFit" << 5 << "active";
    QTest::newRow("pod-deleted-no-help-for-taint") << "TaintToleration"
                                                   << "NodeResourcesFit" << 5 << "unschedulable";
    QTest::newRow("still-backing-off") << "NodeResourcesFit"
                                       << "" << 0 << "backoff";
}

void tst_Queue::unschedulableMoves()
{
    QFETCH(QString, rejectedBy);
    QFETCH(QString, event);
    QFETCH(int, after);
    QFETCH(QString, where);
    SchedulingQueue q;
    q.add("p", 0, 0);
    QueuedPod p = *q.pop(0);
    p.unschedulablePlugins = {rejectedBy.toStdString()};
    q.addUnschedulable(p, 0, false);
    QCOMPARE(QString::fromStdString(q.where("p")), QString("unschedulable"));
    std::set<std::string> plugins;
    if (!event.isEmpty())
        plugins.insert(event.toStdString());
    q.moveOnEvent(plugins, after * kS);
    QCOMPARE(QString::fromStdString(q.where("p")), where);
}

void tst_Queue::leftoverFlush()
{
    SchedulingQueue q;
    q.add("p", 0, 0);
    QueuedPod p = *q.pop(0);
    q.addUnschedulable(p, 0, false);
    QCOMPARE(q.nextLeftoverExpiry().value(), 5 * 60 * kS);
    QCOMPARE(q.flushLeftover(5 * 60 * kS), 0); // "longer than" 5 minutes
    QCOMPARE(q.flushLeftover(5 * 60 * kS + 30 * kS), 1);
    QCOMPARE(QString::fromStdString(q.where("p")), QString("active"));
}

QTEST_GUILESS_MAIN(tst_Queue)
#include "tst_queue.moc"
