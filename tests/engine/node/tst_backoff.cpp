#include <QtTest>

#include "engine/node/backoff.h"

using namespace kubelab;
using node::Backoff;

class tst_Backoff : public QObject
{
    Q_OBJECT
private slots:
    void sequence_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<int>("expectedSeconds");
        QTest::addColumn<bool>("shouldMatch");
        const int expected[] = {10, 20, 40, 80, 160, 300, 300};
        for (int i = 0; i < 7; ++i)
            QTest::addRow("failure %d", i + 1) << i + 1 << expected[i] << true;
        // A check that must fail: no doubling past the cap.
        QTest::newRow("not 320s") << 6 << 320 << false;
        QTest::newRow("not 5s first") << 1 << 5 << false;
    }
    void sequence()
    {
        QFETCH(int, failures);
        QFETCH(int, expectedSeconds);
        QFETCH(bool, shouldMatch);
        Backoff b;
        sim::Time t = 0;
        for (int i = 0; i < failures; ++i) {
            t += 30 * sim::kSecond; // the container ran 30 s each time
            b.next("pod/c", t);
        }
        QCOMPARE(b.get("pod/c") == expectedSeconds * sim::kSecond, shouldMatch);
    }

    void inBackOff_data()
    {
        QTest::addColumn<int>("secondsAfterExit");
        QTest::addColumn<bool>("inBackOff");
        QTest::newRow("just exited") << 0 << true;
        QTest::newRow("9s later") << 9 << true;
        QTest::newRow("10s later") << 10 << false;
        QTest::newRow("a minute later") << 60 << false;
    }
    void inBackOff()
    {
        QFETCH(int, secondsAfterExit);
        QFETCH(bool, inBackOff);
        Backoff b;
        const sim::Time exit = 100 * sim::kSecond;
        QVERIFY(!b.inBackOffSince("k", exit, exit)); // the first restart is immediate
        b.next("k", exit);
        QCOMPARE(b.inBackOffSince("k", exit, exit + secondsAfterExit * sim::kSecond), inBackOff);
        QCOMPARE(b.expiresAt("k"), exit + 10 * sim::kSecond);
    }

    void resetAfterTenMinutes_data()
    {
        QTest::addColumn<int>("runSeconds");
        QTest::addColumn<int>("expectedSeconds");
        QTest::newRow("ran 5 min: keeps doubling") << 300 << 80;
        QTest::newRow("ran exactly 10 min: keeps doubling") << 600 << 80;
        QTest::newRow("ran 10 min 1 s: starts over") << 601 << 10;
        QTest::newRow("ran an hour: starts over") << 3600 << 10;
    }
    void resetAfterTenMinutes()
    {
        QFETCH(int, runSeconds);
        QFETCH(int, expectedSeconds);
        Backoff b;
        sim::Time t = 0;
        for (int i = 0; i < 3; ++i) // 10, 20, 40
            b.next("k", t += sim::kSecond);
        t += runSeconds * sim::kSecond;
        QCOMPARE(b.inBackOffSince("k", t, t), expectedSeconds != 10);
        b.next("k", t);
        QCOMPARE(b.get("k"), expectedSeconds * sim::kSecond);
    }

    void pullBackOffSinceUpdate()
    {
        Backoff b;
        b.next("uid_nginx:nope", 0);
        QVERIFY(b.inBackOffSinceUpdate("uid_nginx:nope", 5 * sim::kSecond));
        QVERIFY(!b.inBackOffSinceUpdate("uid_nginx:nope", 10 * sim::kSecond));
        QVERIFY(!b.inBackOffSinceUpdate("other", 0));
        b.gc(11 * sim::kMinute);
        QCOMPARE(b.get("uid_nginx:nope"), sim::Duration(0));
    }
};

QTEST_GUILESS_MAIN(tst_Backoff)
#include "tst_backoff.moc"
