// The soak harness (bench/soak_bench): what it measures, what it feeds the cluster, and a
// short soak over every manifest of the repository that must stay under a bound. A retry
// loop without back-off (the StatefulSet of issue 15 made 140,000 events a second) fails it.
#include <QtTest>

#include "bench/soak_bench.h"

using namespace kubelab;

namespace {

sim::TraceRecord record(sim::Time t, const std::string& actor)
{
    sim::TraceRecord r;
    r.time = t;
    r.actor = actor;
    r.kind = "test";
    return r;
}

} // namespace

class tst_Soak : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void busiestSecondCountsWithinWholeSeconds();
    void findsTheRepositorysManifests();
    void variantsScaleBreakAndStretch();
    void shortSoakStaysCalm();
};

void tst_Soak::busiestSecondCountsWithinWholeSeconds()
{
    sim::Trace trace;
    // a: 3 events in second 0 and 3 in second 1 (6 within 1 s of each other, but split).
    for (int i = 0; i < 3; ++i)
        trace.append(record(700 * sim::kMillisecond + i, "a"));
    for (int i = 0; i < 3; ++i)
        trace.append(record(sim::kSecond + i, "a"));
    // b: 4 events in second 2, interleaved with one of a's.
    trace.append(record(2 * sim::kSecond, "b"));
    trace.append(record(2 * sim::kSecond + 1, "a"));
    for (int i = 2; i < 5; ++i)
        trace.append(record(2 * sim::kSecond + i, "b"));
    const bench::BusiestSecond best = bench::busiestSecond(trace);
    QCOMPARE(best.actor, std::string("b"));
    QCOMPARE(best.events, std::int64_t(4));
    QCOMPARE(best.second, 2 * sim::kSecond);
    // A lone event later changes nothing; an empty trace has no busy second.
    trace.append(record(3 * sim::kSecond, "c"));
    QCOMPARE(bench::busiestSecond(trace).actor, std::string("b"));
    QCOMPARE(bench::busiestSecond(sim::Trace()).events, std::int64_t(0));
}

void tst_Soak::findsTheRepositorysManifests()
{
    const auto manifests = bench::findManifests(KUBELAB_SOURCE_DIR);
    QVERIFY2(manifests.size() > 10, qPrintable(QString::number(manifests.size())));
    bool yamlFile = false, heredoc = false, note = false, labSolution = false,
         labInstruction = false, wholeLab = false;
    for (const auto& m : manifests) {
        yamlFile |= m.source == "tests/scenarios/nginx-deployment.yaml";
        heredoc |= m.source.rfind("tests/scenarios/node-image-pull.sh:", 0) == 0;
        note |= m.source.rfind("notes/", 0) == 0;
        // A lab's manifests, not the lab file itself.
        labSolution |= m.source.rfind("lessons/sched-preemption.yaml setup:", 0) == 0;
        labInstruction |= m.source.rfind("lessons/sched-spread.yaml step 2:", 0) == 0;
        wholeLab |= m.text.find("steps:") != std::string::npos;
        QVERIFY2(m.text.find("apiVersion:") != std::string::npos, m.source.c_str());
    }
    QVERIFY(yamlFile);
    QVERIFY(heredoc);
    QVERIFY(note);
    QVERIFY(labSolution);
    QVERIFY(labInstruction);
    QVERIFY(!wholeLab);
    QVERIFY(bench::findManifests("/nonexistent").empty());
}

void tst_Soak::variantsScaleBreakAndStretch()
{
    const bench::SoakManifest m{"x.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                                          "  labels:\n    app: web\n  name: web\nspec:\n"
                                          "  replicas: 2\n  template:\n    spec:\n"
                                          "      containers:\n      - image: nginx:1.27\n"};
    const auto v = bench::variants(m);
    QCOMPARE(v.size(), std::size_t(4));
    QCOMPARE(v[0].text, m.text);
    QVERIFY(v[1].text.find("replicas: 6") != std::string::npos);
    QVERIFY(v[2].text.find("image: nginx:1.27-nosuchtag") != std::string::npos);
    const std::string padded = "  name: web-" + std::string(59, 'x') + "\n";
    QVERIFY2(v[3].text.find(padded) != std::string::npos, v[3].text.c_str());
    // A manifest with nothing to vary has no variants.
    const bench::SoakManifest ns{"ns.yaml", "apiVersion: v1\nkind: Namespace\n"};
    QCOMPARE(bench::variants(ns).size(), std::size_t(1));
}

void tst_Soak::shortSoakStaysCalm()
{
    const nlohmann::json r = bench::runSoakBench(KUBELAB_SOURCE_DIR, 2 * sim::kMinute);
    qInfo("%s", r.dump().c_str());
    QVERIFY(r["applied"].get<int>() > 10);
    // A busy moment of a healthy cluster: a kubelet starting a few dozen pods, the API
    // server answering. A retry loop is two orders of magnitude above.
    QVERIFY2(r["busiest_events"].get<std::int64_t>() <= 5000, r.dump().c_str());
}

QTEST_GUILESS_MAIN(tst_Soak)
#include "tst_soak.moc"
