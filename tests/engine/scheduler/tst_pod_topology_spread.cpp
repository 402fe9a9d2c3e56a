// PodTopologySpread: DoNotSchedule skew filter, missing labels, ScheduleAnyway scoring
// and the system default constraints.
#include <QtTest>

#include "engine/scheduler/plugins/pod_topology_spread.h"
#include "sched_fixtures.h"

using namespace schedtest;

namespace {
// Zone a: n1 (2 web pods), n2 (0); zone b: n3 (0). n4 has no zone label.
const char* const kNodes =
    R"([{"name":"n1","labels":{"zone":"a"},"running":[{"name":"w1","labels":{"app":"web"}},)"
    R"({"name":"w2","labels":{"app":"web"}}]},{"name":"n2","labels":{"zone":"a"}},)"
    R"({"name":"n3","labels":{"zone":"b"}},{"name":"n4"}])";

QString spread(const char* key, int skew, const char* when)
{
    return QString(R"({"labels":{"app":"web"},"spec":{"topologySpreadConstraints":[)"
                   R"({"maxSkew":%1,"topologyKey":"%2","whenUnsatisfiable":"%3",)"
                   R"("labelSelector":{"matchLabels":{"app":"web"}}}]}})")
        .arg(skew)
        .arg(key, when);
}
} // namespace

class tst_PodTopologySpread : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
    void countsFollowThePods();
};

// A node remembers how many of its pods a selector matches; adding, removing or a
// terminating pod must show in the next count (a stale count would keep 2).
void tst_PodTopologySpread::countsFollowThePods()
{
    Nodes ns = nodes(kNodes);
    NodeInfo& n1 = *ns[0];
    auto web = kubelab::model::LabelSelector::parse("app=web");
    QVERIFY(web);
    const std::string key = NodeInfo::matchKey(*web);
    const std::size_t hash = std::hash<std::string>{}(key);
    QCOMPARE(n1.countMatching("default", *web, key, hash), std::int64_t(2));
    QCOMPARE(n1.countMatching("other", *web, key, hash), std::int64_t(0)); // namespaced
    auto third = std::make_shared<PodInfo>(pod(json{{"name", "w3"}, {"labels", {{"app", "web"}}}}));
    third->key = "default/w3";
    n1.addPod(third);
    QCOMPARE(n1.countMatching("default", *web, key, hash), std::int64_t(3));
    QVERIFY(n1.removePod("default/w3"));
    QCOMPARE(n1.countMatching("default", *web, key, hash), std::int64_t(2));
    auto leaving = std::make_shared<PodInfo>(*third);
    leaving->terminating = true;
    n1.addPod(leaving);
    QCOMPARE(n1.countMatching("default", *web, key, hash), std::int64_t(2)); // terminating: not counted
    auto db = kubelab::model::LabelSelector::parse("app=db");
    QCOMPARE(n1.countMatching("default", *db, NodeInfo::matchKey(*db),
                              std::hash<std::string>{}(NodeInfo::matchKey(*db))),
             std::int64_t(0));
    // Remembered counts are looked up by hash, then by the key itself: two selectors whose
    // hashes collide keep their own counts.
    QCOMPARE(n1.countMatching("default", *db, NodeInfo::matchKey(*db), hash), std::int64_t(0));
    QCOMPARE(n1.countMatching("default", *web, key, hash), std::int64_t(2));
    // A null selector matches nothing and {} matches everything: remembered apart.
    auto nothing = kubelab::model::LabelSelector::fromJson(nullptr);
    auto everything = kubelab::model::LabelSelector::fromJson(json::object());
    QVERIFY(nothing && everything);
    QCOMPARE(n1.countMatching("default", *nothing, NodeInfo::matchKey(*nothing), 7),
             std::int64_t(0));
    QCOMPARE(n1.countMatching("default", *everything, NodeInfo::matchKey(*everything), 7),
             std::int64_t(2));
}

void tst_PodTopologySpread::filter_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<int>("node");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");
    const QString zone1 = spread("zone", 1, "DoNotSchedule");
    const QString host1 = spread("kubernetes.io/hostname", 1, "DoNotSchedule");
    // zone a has 2, zone b 0: a third in zone a gives skew 3 > 1.
    QTest::newRow("zone-crowded") << zone1 << 0 << "Unschedulable"
                                  << "node(s) didn't match pod topology spread constraints";
    QTest::newRow("zone-empty") << zone1 << 2 << "Success" << "";
    QTest::newRow("missing-label")
        << zone1 << 3 << "UnschedulableAndUnresolvable"
        << "node(s) didn't match pod topology spread constraints (missing required label)";
    QTest::newRow("host-crowded") << host1 << 0 << "Unschedulable"
                                  << "node(s) didn't match pod topology spread constraints";
    QTest::newRow("host-free") << host1 << 1 << "Success" << "";
    QTest::newRow("skew-3-allows") << spread("zone", 3, "DoNotSchedule") << 0 << "Success" << "";
    QTest::newRow("schedule-anyway-never-filters") << spread("zone", 1, "ScheduleAnyway") << 0
                                                   << "Success" << "";
}

void tst_PodTopologySpread::filter()
{
    QFETCH(QString, pod);
    QFETCH(int, node);
    QFETCH(QString, code);
    QFETCH(QString, reason);
    PodTopologySpread p;
    Status s = runFilter(p, schedtest::pod(pod), nodes(kNodes), node);
    QCOMPARE(codeName(s), code);
    QCOMPARE(QString::fromStdString(s.message()), reason);
}

void tst_PodTopologySpread::score_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("scores");
    // Zone counts a=2, b=0; n4 lacks the key and is ignored (0).
    QTest::newRow("anyway-zone") << spread("zone", 1, "ScheduleAnyway") << "0,0,100,0";
    QTest::newRow("do-not-schedule-skips-score") << spread("zone", 1, "DoNotSchedule") << "skip";
    // System defaults for a ReplicaSet pod: hostname (skew 3): raw 6 on n1, 2 elsewhere;
    // 100 * (max + min - s) / max.
    QTest::newRow("system-default")
        << R"({"labels":{"app":"web"},"owner":"ReplicaSet"})" << "33,100,100,100";
    QTest::newRow("no-owner-no-default") << R"({"labels":{"app":"web"}})" << "skip";
}

void tst_PodTopologySpread::score()
{
    QFETCH(QString, pod);
    QFETCH(QString, scores);
    PodTopologySpread p;
    QCOMPARE(join(runScore(p, schedtest::pod(pod), nodes(kNodes))), scores);
}

QTEST_GUILESS_MAIN(tst_PodTopologySpread)
#include "tst_pod_topology_spread.moc"
