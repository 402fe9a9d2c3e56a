#include <QtTest>

#include "engine/sim/timeline.h"

using namespace kubelab::sim;

namespace {
// Echoes pings with a random roll and keeps a running total, so state depends on order.
class Echo : public ActorBase<Echo>
{
public:
    using ActorBase::ActorBase;
    void receive(Context& ctx, const Message& m) override
    {
        if (m.kind == "ping") {
            total += int(ctx.rng().below(100));
            ctx.describe("ping", m.from, "total " + std::to_string(total));
            if (m.body.value("hops", 0) > 0)
                ctx.send(m.from == name() ? name() : m.from, "ping",
                         {{"hops", m.body.value("hops", 0) - 1}});
        }
    }
    int total = 0;
};

std::unique_ptr<Simulation> world(std::uint64_t seed)
{
    auto s = std::make_unique<Simulation>(seed);
    s->addActor(std::make_unique<Echo>("a"), "h1");
    s->addActor(std::make_unique<Echo>("b"), "h2");
    return s;
}
} // namespace

class tst_Timeline : public QObject
{
    Q_OBJECT
private slots:
    void rewindReproducesEarlierState()
    {
        Timeline t(world(9), 7);
        t.post({"a", "b", "ping", {{"hops", 20}}}, 0);
        t.runUntil(5 * kMillisecond);
        t.post({"b", "a", "ping", {{"hops", 30}}}, 2 * kMillisecond); // input mid-run
        t.runUntil(kSecond);
        const std::uint64_t total = t.sim().processed();
        QVERIFY(total > 40);
        // Record the trace hash after each event on a fresh run of the same inputs.
        std::vector<std::string> hashes;
        {
            Timeline ref(world(9), 1000000);
            ref.post({"a", "b", "ping", {{"hops", 20}}}, 0);
            hashes.push_back(ref.sim().trace().sha256());
            auto stepUntil = [&](Time limit) {
                while (const QueuedEvent* next = ref.sim().peek()) {
                    if (next->time > limit)
                        break;
                    ref.step();
                    hashes.push_back(ref.sim().trace().sha256());
                }
                ref.runUntil(limit);
            };
            stepUntil(5 * kMillisecond);
            ref.post({"b", "a", "ping", {{"hops", 30}}}, 2 * kMillisecond);
            stepUntil(kSecond);
            QCOMPARE(ref.sim().trace().sha256(), t.sim().trace().sha256());
            QCOMPARE(hashes.size(), size_t(total + 1));
        }
        for (std::uint64_t target : {std::uint64_t(3), std::uint64_t(15), total - 1, total / 2}) {
            QVERIFY(target + 1 < hashes.size());
            Timeline copy(world(9), 7);
            copy.post({"a", "b", "ping", {{"hops", 20}}}, 0);
            copy.runUntil(5 * kMillisecond);
            copy.post({"b", "a", "ping", {{"hops", 30}}}, 2 * kMillisecond);
            copy.runUntil(kSecond);
            QVERIFY(copy.rewindTo(target));
            QCOMPARE(copy.sim().processed(), target);
            QCOMPARE(copy.sim().trace().sha256(), hashes[target]);
            QVERIFY(copy.sim().trace().sha256() != hashes[target + 1]);
            // Playing on from the rewind point reaches the same end.
            copy.runUntil(kSecond);
            QCOMPARE(copy.sim().trace().sha256(), t.sim().trace().sha256());
        }
        QVERIFY(!t.rewindTo(total + 1));
    }

    // A rewind hands what it lets go (the replaced present, later checkpoints) to the
    // disposer, and the trace object itself survives: a view's reference stays good.
    void rewindDisposesAndKeepsTheTrace()
    {
        Timeline t(world(4), 5);
        std::vector<std::unique_ptr<Simulation>> disposed;
        t.setDisposer([&](std::unique_ptr<Simulation> s) { disposed.push_back(std::move(s)); });
        t.post({"a", "b", "ping", {{"hops", 40}}}, 0);
        t.runUntil(kSecond);
        QVERIFY(t.checkpointCount() > 3);
        QVERIFY(disposed.empty()); // no thinning yet, no rewind
        const Trace* view = &t.sim().trace();
        const std::uint64_t present = t.sim().processed();
        QVERIFY(t.rewindTo(12));
        QCOMPARE(&t.sim().trace(), view);
        QCOMPARE(view->size(), size_t(12));
        // The old present, and the checkpoints after #12 (at 15, 20, ...).
        QCOMPARE(disposed.size(), size_t(1 + (present - 1) / 5 - 2));
        QCOMPARE(disposed.front()->processed(), present);
        // Disposed simulations share actors with the live one; freeing them is harmless.
        disposed.clear();
        t.runUntil(kSecond);
        QCOMPARE(t.sim().processed(), present);
    }

    void rewindThenDiverge()
    {
        Timeline t(world(3), 5);
        t.post({"a", "b", "ping", {{"hops", 10}}}, 0);
        t.runUntil(kSecond);
        const std::string before = t.sim().trace().sha256();
        QVERIFY(t.rewindTo(4));
        QCOMPARE(t.pendingReplays(), size_t(0));      // the only input came before event 4
        t.post({"a", "b", "ping", {{"hops", 2}}}, 0); // a different future
        t.runUntil(kSecond);
        QVERIFY(t.sim().trace().sha256() != before);
        QVERIFY(t.rewindTo(0));
        QCOMPARE(t.sim().trace().size(), size_t(0));
        QCOMPARE(t.pendingReplays(), size_t(2));      // both pings wait to be replayed
        t.post({"b", "a", "ping", {{"hops", 1}}}, 0); // diverges: the old future is dropped
        QCOMPARE(t.pendingReplays(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_Timeline)
#include "tst_timeline.moc"
