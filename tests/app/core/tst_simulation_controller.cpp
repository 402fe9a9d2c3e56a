// SimulationController's commands: a long command lets the event loop turn while it steps
// the cluster (timers fire, the window can paint), and a second command arriving in one of
// those turns (a notes button) is refused as busy instead of stepping the cluster twice.
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "app/core/simulation_controller.h"
#include "engine/cluster/cluster.h"

using kubelab::app::SimulationController;

class tst_SimulationController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void longCommandTurnsTheEventLoop()
    {
        SimulationController c(1);
        int turns = 0;
        QTimer beat;
        beat.setInterval(0);
        connect(&beat, &QTimer::timeout, [&turns] { ++turns; });
        beat.start();
        QSignalSpy advanced(&c, &SimulationController::advanced);
        // Thousands of events inside one call: the loop must have turned during it.
        QVERIFY(c.runScript("kubectl create deployment web --image=nginx --replicas=20\n"
                            "settle\nrun 2m\n"));
        QVERIFY2(turns > 0, "the event loop never ran while the command stepped");
        QVERIFY(advanced.count() >= 1);
        QCOMPARE(c.cluster().objects("pods", "default").size(), size_t(20));
        // Outside a command the cluster does not yield: stepping it directly (as the
        // engine's own callers do) never re-enters the event loop.
        turns = 0;
        QVERIFY(c.runCommand("kubectl scale deployment web --replicas=9"));
        turns = 0;
        c.cluster().settle(10 * kubelab::sim::kMinute, 10 * kubelab::sim::kSecond);
        QCOMPARE(turns, 0);
        QCOMPARE(c.cluster().objects("pods", "default").size(), size_t(9));
    }

    void secondCommandIsRefusedWhileOneRuns()
    {
        SimulationController c(1);
        QStringList errors;
        connect(&c, &SimulationController::commandOutput, [&errors](const QString& t, bool err) {
            if (err)
                errors << t;
        });
        bool nestedOk = true, nestedRan = false;
        quint64 nestedStepped = 0;
        QTimer::singleShot(0, &c, [&] {
            nestedRan = true;
            const quint64 before = c.position();
            nestedOk = c.runCommand("kubectl scale deployment web --replicas=1");
            nestedStepped = c.position() - before;
            QVERIFY(!c.step()); // stepping from outside waits too
        });
        QVERIFY(c.runScript("kubectl create deployment web --image=nginx --replicas=3\n"
                            "settle\n"));
        QVERIFY(nestedRan);
        QVERIFY(!nestedOk);
        QCOMPARE(nestedStepped, quint64(0));
        QVERIFY(!errors.isEmpty());
        QVERIFY(errors.first().startsWith("busy:"));
        // The first command was not disturbed, and once it is over commands run again.
        QCOMPARE(c.cluster().objects("pods", "default").size(), size_t(3));
        QVERIFY(c.runCommand("kubectl scale deployment web --replicas=1"));
    }
};

QTEST_MAIN(tst_SimulationController)
#include "tst_simulation_controller.moc"
