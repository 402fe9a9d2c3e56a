// InterPodAffinity: required affinity / anti-affinity, existing pods' anti-affinity, and
// preferred scoring.
#include <QtTest>

#include "engine/scheduler/plugins/inter_pod_affinity.h"
#include "sched_fixtures.h"

using namespace schedtest;

namespace {
// n1 (zone a) runs a cache pod; n2 (zone a) and n3 (zone b) are empty. n1 also runs a
// "loner" whose anti-affinity keeps app=noisy pods off its host.
const char* const kNodes =
    R"([{"name":"n1","labels":{"zone":"a"},"running":[{"name":"cache","labels":{"app":"cache"}},)"
    R"({"name":"loner","labels":{"app":"loner"},"spec":{"affinity":{"podAntiAffinity":{)"
    R"("requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"kubernetes.io/hostname",)"
    R"("labelSelector":{"matchLabels":{"app":"noisy"}}}]}}}}]},)"
    R"({"name":"n2","labels":{"zone":"a"}},{"name":"n3","labels":{"zone":"b"}}])";

QString term(const char* kind, const char* key, const char* app, const char* extra = "")
{
    return QString(R"({"labels":{"app":"web"%4},"spec":{"affinity":{"%1":{)"
                   R"("requiredDuringSchedulingIgnoredDuringExecution":[{"topologyKey":"%2",)"
                   R"("labelSelector":{"matchLabels":{"app":"%3"}}}]}}}})")
        .arg(kind, key, app, extra);
}
} // namespace

class tst_InterPodAffinity : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
};

void tst_InterPodAffinity::filter_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<int>("node");
    QTest::addColumn<QString>("reason"); // empty: fits
    const QString withCacheZone = term("podAffinity", "zone", "cache");
    QTest::newRow("affinity-same-zone") << withCacheZone << 1 << "";
    QTest::newRow("affinity-other-zone")
        << withCacheZone << 2 << "node(s) didn't match pod affinity rules";
    const QString awayFromCache = term("podAntiAffinity", "kubernetes.io/hostname", "cache");
    QTest::newRow("anti-same-host")
        << awayFromCache << 0 << "node(s) didn't match pod anti-affinity rules";
    QTest::newRow("anti-other-host") << awayFromCache << 1 << "";
    QTest::newRow("existing-anti") << R"({"labels":{"app":"noisy"}})" << 0
                                   << "node(s) didn't satisfy existing pods anti-affinity rules";
    QTest::newRow("existing-anti-other-host") << R"({"labels":{"app":"noisy"}})" << 1 << "";
    // First pod of a self-affine group: nothing matches anywhere, it matches itself.
    QTest::newRow("self-affinity-first") << term("podAffinity", "zone", "web") << 2 << "";
    QTest::newRow("affinity-nothing-matches")
        << term("podAffinity", "zone", "db") << 2 << "node(s) didn't match pod affinity rules";
}

void tst_InterPodAffinity::filter()
{
    QFETCH(QString, pod);
    QFETCH(int, node);
    QFETCH(QString, reason);
    InterPodAffinity p;
    Status s = runFilter(p, schedtest::pod(pod), nodes(kNodes), node);
    QCOMPARE(QString::fromStdString(s.message()), reason);
    QCOMPARE(s.ok(), reason.isEmpty());
}

void tst_InterPodAffinity::score_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("scores");
    auto preferred = [](const char* kind, const char* key) {
        return QString(R"({"spec":{"affinity":{"%1":{"preferredDuringSchedulingIgnoredDuring)"
                       R"(Execution":[{"weight":10,"podAffinityTerm":{"topologyKey":"%2",)"
                       R"("labelSelector":{"matchLabels":{"app":"cache"}}}}]}}}})")
            .arg(kind, key);
    };
    QTest::newRow("near-cache-zone") << preferred("podAffinity", "zone") << "100,100,0";
    QTest::newRow("near-cache-host")
        << preferred("podAffinity", "kubernetes.io/hostname") << "100,0,0";
    QTest::newRow("away-from-cache")
        << preferred("podAntiAffinity", "kubernetes.io/hostname") << "0,100,100";
    QTest::newRow("no-terms") << "{}"
                              << "skip";
}

void tst_InterPodAffinity::score()
{
    QFETCH(QString, pod);
    QFETCH(QString, scores);
    InterPodAffinity p;
    QCOMPARE(join(runScore(p, schedtest::pod(pod), nodes(kNodes))), scores);
}

QTEST_GUILESS_MAIN(tst_InterPodAffinity)
#include "tst_inter_pod_affinity.moc"
