// RateLimiter against client-go's DefaultControllerRateLimiter: per-key back-off 5 ms
// doubling to 1,000 s, the overall bucket of 10 per second with a burst of 100, and the
// longer of the two. Each check has a sibling that a wrong limiter would pass instead.
#include <QtTest>

#include "engine/controllers/rate_limiter.h"

using kubelab::controllers::RateLimiter;
namespace sim = kubelab::sim;

class tst_RateLimiter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backoffDoublesPerKey();
    void backoffStopsAtTheCap();
    void forgetStartsOver();
    void keysBackOffApart();
    void bucketAllowsABurstOfAHundred();
    void bucketRefillsTenPerSecond();
};

void tst_RateLimiter::backoffDoublesPerKey()
{
    RateLimiter r;
    const sim::Time t = 50 * sim::kSecond;
    QCOMPARE(r.when("ns/a", t), 5 * sim::kMillisecond);
    QCOMPARE(r.when("ns/a", t), 10 * sim::kMillisecond);
    QCOMPARE(r.when("ns/a", t), 20 * sim::kMillisecond);
    QCOMPARE(r.when("ns/a", t), 40 * sim::kMillisecond);
    QCOMPARE(r.numRequeues("ns/a"), 4);
    QCOMPARE(r.numRequeues("ns/b"), 0);
}

void tst_RateLimiter::backoffStopsAtTheCap()
{
    RateLimiter r;
    sim::Duration last = 0;
    // 5 ms * 2^17 = 655.36 s; the 19th failure would be 1,310.72 s and is capped.
    for (int i = 0; i < 18; ++i)
        last = r.when("ns/a", sim::Time(i) * 2000 * sim::kSecond);
    QCOMPARE(last, 5 * sim::kMillisecond * (sim::Duration(1) << 17));
    QCOMPARE(r.when("ns/a", 40000 * sim::kSecond), 1000 * sim::kSecond);
    for (int i = 0; i < 100; ++i) // no overflow however long it keeps failing
        QCOMPARE(r.when("ns/a", 50000 * sim::kSecond + i), 1000 * sim::kSecond);
}

void tst_RateLimiter::forgetStartsOver()
{
    RateLimiter r;
    const sim::Time t = 50 * sim::kSecond;
    r.when("ns/a", t);
    r.when("ns/a", t);
    r.when("ns/b", t);
    r.forget("ns/a");
    QCOMPARE(r.numRequeues("ns/a"), 0);
    QCOMPARE(r.when("ns/a", t), 5 * sim::kMillisecond);
    // Only the forgotten key starts over.
    QCOMPARE(r.when("ns/b", t), 10 * sim::kMillisecond);
}

void tst_RateLimiter::keysBackOffApart()
{
    RateLimiter r;
    const sim::Time t = 50 * sim::kSecond;
    for (int i = 0; i < 5; ++i)
        r.when("ns/a", t);
    QCOMPARE(r.when("ns/b", t), 5 * sim::kMillisecond);
    QCOMPARE(r.when("ns/a", t), 160 * sim::kMillisecond);
}

void tst_RateLimiter::bucketAllowsABurstOfAHundred()
{
    RateLimiter r;
    const sim::Time t = 50 * sim::kSecond;
    // A hundred first failures at one instant: the bucket's burst covers them all.
    for (int i = 0; i < 100; ++i)
        QCOMPARE(r.when("ns/k" + std::to_string(i), t), 5 * sim::kMillisecond);
    // The 101st waits for a token (100 ms at 10 per second), the 102nd for two.
    QCOMPARE(r.when("ns/k100", t), 100 * sim::kMillisecond);
    QCOMPARE(r.when("ns/k101", t), 200 * sim::kMillisecond);
}

void tst_RateLimiter::bucketRefillsTenPerSecond()
{
    RateLimiter r;
    const sim::Time t = 50 * sim::kSecond;
    for (int i = 0; i < 100; ++i)
        r.when("ns/k" + std::to_string(i), t);
    // One second later ten tokens are back: ten more pass with only their own back-off...
    for (int i = 0; i < 10; ++i)
        QCOMPARE(r.when("ns/n" + std::to_string(i), t + sim::kSecond), 5 * sim::kMillisecond);
    // ...and the eleventh waits.
    QCOMPARE(r.when("ns/n10", t + sim::kSecond), 100 * sim::kMillisecond);
    // The bucket never holds more than its burst: after an hour, 100 pass and 1 waits.
    const sim::Time later = t + 3600 * sim::kSecond;
    for (int i = 0; i < 100; ++i)
        QCOMPARE(r.when("ns/m" + std::to_string(i), later), 5 * sim::kMillisecond);
    QCOMPARE(r.when("ns/m100", later), 100 * sim::kMillisecond);
}

QTEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_rate_limiter.moc"
