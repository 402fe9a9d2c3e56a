#include <QtTest>

#include "engine/sim/simulation.h"
#include "engine/sim/time.h"

using namespace kubelab::sim;

namespace {
// Replies to every "ping" with a "pong" and re-arms a periodic timer; draws from the RNG
// so that the seed shows up in the trace.
class PingActor : public ActorBase<PingActor>
{
public:
    using ActorBase::ActorBase;
    void receive(Context& ctx, const Message& m) override
    {
        if (m.kind == "ping") {
            const auto roll = ctx.rng().below(1000);
            ctx.describe("ping", m.from, "ping from " + m.from + " roll " + std::to_string(roll));
            ctx.send(m.from, "pong", {{"roll", roll}});
        } else if (m.kind == "timer.tick") {
            ++ticks;
            ctx.timer(kSecond, "timer.tick", {}, true);
        } else {
            received.push_back(m.kind);
        }
    }
    int ticks = 0;
    std::vector<std::string> received;
};

std::string runPings(std::uint64_t seed)
{
    Simulation sim(seed);
    sim.addActor(std::make_unique<PingActor>("a"), "host-a");
    sim.addActor(std::make_unique<PingActor>("b"), "host-b");
    for (int i = 0; i < 20; ++i)
        sim.post({"a", "b", "ping", {}}, i * kMillisecond);
    sim.runUntil(kSecond);
    return sim.trace().sha256();
}
} // namespace

class tst_Simulation : public QObject
{
    Q_OBJECT
private slots:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ms") << "500ms" << qint64(500 * kMillisecond) << true;
        QTest::newRow("s") << "90s" << qint64(90 * kSecond) << true;
        QTest::newRow("m") << "5m" << qint64(5 * kMinute) << true;
        QTest::newRow("h") << "2h" << qint64(2 * kHour) << true;
        QTest::newRow("d") << "3d" << qint64(3 * kDay) << true;
        QTest::newRow("compound") << "1m30s" << qint64(90 * kSecond) << true;
        QTest::newRow("no unit") << "90" << qint64(0) << false;
        QTest::newRow("bad unit") << "5y" << qint64(0) << false;
        QTest::newRow("empty") << "" << qint64(0) << false;
        QTest::newRow("negative") << "-5s" << qint64(0) << false;
        QTest::newRow("overflow") << "99999999999999999999d" << qint64(0) << false;
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, nanos);
        QFETCH(bool, valid);
        auto d = parseDuration(text.toStdString());
        QCOMPARE(d.has_value(), valid);
        if (valid)
            QCOMPARE(qint64(*d), nanos);
    }

    void humanDurations_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("5s") << qint64(5) << "5s";
        QTest::newRow("119s") << qint64(119) << "119s";
        QTest::newRow("2m") << qint64(120) << "2m";
        QTest::newRow("3m12s") << qint64(192) << "3m12s";
        QTest::newRow("15m") << qint64(900) << "15m";
        QTest::newRow("3h5m") << qint64(3 * 3600 + 300) << "3h5m";
        QTest::newRow("10h") << qint64(10 * 3600) << "10h";
        QTest::newRow("2d3h") << qint64(51 * 3600) << "2d3h";
        QTest::newRow("10d") << qint64(240 * 3600) << "10d";
    }
    void humanDurations()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(humanDuration(seconds * kSecond)), expected);
    }

    void timestamps()
    {
        QCOMPARE(QString::fromStdString(formatTimestamp(0)), QString("2026-01-05T09:00:00Z"));
        QCOMPARE(QString::fromStdString(formatTimestamp(90 * kSecond + 999 * kMillisecond)),
                 QString("2026-01-05T09:01:30Z"));
        QVERIFY(formatTimestamp(kDay) != formatTimestamp(0));
    }

    void orderByTimeThenSequence()
    {
        Simulation sim(1);
        auto* a = static_cast<PingActor*>(sim.addActor(std::make_unique<PingActor>("a"), "h"));
        sim.post({"x", "a", "third", {}}, 2 * kSecond);
        sim.post({"x", "a", "first", {}}, kSecond);
        sim.post({"x", "a", "second", {}}, kSecond); // same time: later sequence
        while (sim.step()) {
        }
        QCOMPARE(a->received, (std::vector<std::string>{"first", "second", "third"}));
        QCOMPARE(sim.now(), 2 * kSecond);
        QVERIFY(a->received != (std::vector<std::string>{"second", "first", "third"}));
    }

    void networkLatency()
    {
        Simulation sim(1);
        sim.network().setDefaultLatency(3 * kMillisecond);
        sim.network().setLinkLatency("h1", "h2", 7 * kMillisecond);
        sim.addActor(std::make_unique<PingActor>("a"), "h1");
        sim.addActor(std::make_unique<PingActor>("b"), "h2");
        sim.addActor(std::make_unique<PingActor>("c"), "h3");
        sim.post({"a", "b", "ping", {}}, 0);
        sim.step(); // b handles ping at 0, pongs to a over the 7 ms link
        sim.step();
        QCOMPARE(sim.now(), 7 * kMillisecond);
        sim.post({"c", "b", "ping", {}}, 0);
        sim.step();
        sim.step(); // default link: 3 ms
        QCOMPARE(sim.now(), 10 * kMillisecond);
    }

    void sameSeedSameTrace()
    {
        QCOMPARE(runPings(42), runPings(42));
        QVERIFY(runPings(42) != runPings(43));
    }

    void rngIsPortableAndSeeded()
    {
        Rng a(7), b(7), c(8);
        for (int i = 0; i < 100; ++i) {
            auto x = a.next();
            QCOMPARE(x, b.next());
            QVERIFY(x != c.next());
        }
        Rng r(1);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(r.below(10) < 10);
        const std::string s = r.suffix(5);
        QCOMPARE(s.size(), size_t(5));
        QVERIFY(s.find_first_of("aeiou013") == std::string::npos);
        const std::string u = r.uuid();
        QCOMPARE(u.size(), size_t(36));
        QCOMPARE(u[14], '4');
    }

    void periodicTimersAreMarked()
    {
        Simulation sim(1);
        auto* a = static_cast<PingActor*>(sim.addActor(std::make_unique<PingActor>("a"), "h"));
        sim.post({"a", "a", "timer.tick", {}, true}, 0);
        sim.runUntil(5 * kSecond + 1);
        QCOMPARE(a->ticks, 6);
        QVERIFY(sim.peek()->message.periodic);
        QCOMPARE(sim.trace().back().detailJson().value("periodic", false), true);
    }

    void cloneIsIndependentCheckpoint()
    {
        Simulation sim(5);
        sim.addActor(std::make_unique<PingActor>("a"), "h1");
        sim.addActor(std::make_unique<PingActor>("b"), "h2");
        for (int i = 0; i < 10; ++i)
            sim.post({"a", "b", "ping", {}}, i * kMillisecond);
        sim.runUntil(3 * kMillisecond);
        auto copy = sim.clone();
        sim.runUntil(kSecond);
        copy->runUntil(kSecond);
        QCOMPARE(copy->trace().sha256(), sim.trace().sha256());
        copy->post({"a", "b", "ping", {}}, 0);
        copy->runUntil(2 * kSecond);
        QVERIFY(copy->trace().sha256() != sim.trace().sha256());
    }

    // A checkpoint shares each actor until one side is about to change it: the actor
    // that handles an event is copied first, the others stay shared, and the copy's
    // state never moves.
    void cloneCopiesActorsOnWrite()
    {
        Simulation sim(5);
        sim.addActor(std::make_unique<PingActor>("a"), "h1");
        sim.addActor(std::make_unique<PingActor>("b"), "h2");
        sim.post({"x", "a", "hello", {}}, 0);
        sim.step();
        auto copy = sim.clone(false);
        QCOMPARE(copy->actor("a"), sim.actor("a"));
        QCOMPARE(copy->actor("b"), sim.actor("b"));
        sim.post({"x", "a", "again", {}}, 0);
        sim.step();
        QVERIFY(copy->actor("a") != sim.actor("a")); // written: unshared
        QCOMPARE(copy->actor("b"), sim.actor("b"));  // untouched: still shared
        const auto* before = copy->actorAs<PingActor>("a");
        const auto* after = sim.actorAs<PingActor>("a");
        QCOMPARE(before->received, (std::vector<std::string>{"hello"}));
        QCOMPARE(after->received, (std::vector<std::string>{"hello", "again"}));
        // Taking an actor mutable from outside unshares it too.
        auto other = sim.clone(false);
        QVERIFY(sim.mutableActor("b") != other->actor("b"));
        QCOMPARE(other->actor("a"), sim.actor("a"));
    }

    void messageToMissingActorIsTracedAsDropped()
    {
        Simulation sim(1);
        sim.post({"x", "ghost", "ping", {}}, 0);
        QVERIFY(sim.step());
        QCOMPARE(QString::fromStdString(sim.trace().back().kind), QString("dropped"));
        QVERIFY(!sim.step());
    }
};

QTEST_GUILESS_MAIN(tst_Simulation)
#include "tst_simulation.moc"
