// PodTopologySpread: DoNotSchedule skew filter, missing labels, ScheduleAnyway scoring
// and the system default constraints.
#include <QtTest>

#include "engine/scheduler/cache.h"
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
    void cacheIndexScoresAsCountingEachNode();
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
    QCOMPARE(n1.countMatching("default", *web, key, hash),
             std::int64_t(2)); // terminating: not counted
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

namespace {
// Raw scores (before normalizing) of every node of `snap`, as the framework asks for them.
QString rawScores(const PodTopologySpread& p, const PodInfo& pd, const Snapshot& snap)
{
    CycleState state(1);
    if (!p.preScore(state, pd, snap.nodes, snap).ok())
        return "skip";
    QStringList out;
    for (const NodeInfo* n : snap.nodes)
        out << QString::number(p.score(state, pd, *n));
    return out.join(",");
}

// Matching pods per node, counted the slow way.
std::map<std::string, std::int64_t> bruteCounts(const Snapshot& snap, const std::string& ns,
                                                const kubelab::model::LabelSelector& sel)
{
    std::map<std::string, std::int64_t> out;
    for (const NodeInfo* n : snap.nodes)
        for (const auto& p : n->pods)
            if (!p->terminating && p->ns == ns && sel.matches(p->labels()))
                ++out[n->name];
    return out;
}
} // namespace

// Through the cache, spreading reads its index of matching pods per node, kept up to date
// as pods come, go and start terminating, and as nodes leave and return. Scores and
// counts must equal those from counting every node's pods, after every change.
void tst_PodTopologySpread::cacheIndexScoresAsCountingEachNode()
{
    Cache cache;
    auto nodeJson = [](int i) {
        json labels = {{"kubernetes.io/hostname", "n" + std::to_string(i)}};
        if (i % 7 != 6)
            labels["topology.kubernetes.io/zone"] = std::string(1, char('a' + i % 3));
        return json{
            {"metadata", {{"name", "n" + std::to_string(i)}, {"labels", labels}}},
            {"status", {{"allocatable", {{"cpu", "8"}, {"memory", "8Gi"}, {"pods", "110"}}}}}};
    };
    for (int i = 0; i < 12; ++i)
        cache.setNode(nodeJson(i));
    const char* const apps[] = {"web", "db", "cache"};
    const char* const namespaces[] = {"default", "team"};
    std::uint64_t rng = 42;
    auto next = [&rng](std::uint64_t n) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return (rng >> 33) % n;
    };
    std::vector<std::string> live;
    PodTopologySpread plugin;
    plugin.setSlot(0);
    // Default constraints (hostname and zone) for a ReplicaSet's pod of each app, and an
    // explicit ScheduleAnyway zone constraint honouring a nodeSelector.
    std::vector<PodInfo> probes;
    for (const char* app : apps)
        probes.push_back(
            pod(json{{"name", "probe"}, {"labels", {{"app", app}}}, {"owner", "ReplicaSet"}}));
    probes.push_back(pod(json::parse(R"({"name":"probe","labels":{"app":"web"},"spec":{)"
                                     R"("nodeSelector":{"topology.kubernetes.io/zone":"a"},)"
                                     R"("topologySpreadConstraints":[{"maxSkew":1,)"
                                     R"("topologyKey":"topology.kubernetes.io/zone",)"
                                     R"("whenUnsatisfiable":"ScheduleAnyway",)"
                                     R"("labelSelector":{"matchLabels":{"app":"web"}}}]}})")));
    // Two labels (counted from the pods carrying the rarer one), and a selector without a
    // key=value pair (counted from every pod).
    probes.push_back(pod(json{{"name", "probe"},
                              {"labels", {{"app", "db"}, {"tier", "front"}}},
                              {"owner", "ReplicaSet"}}));
    probes.push_back(pod(json::parse(R"({"name":"probe","labels":{"app":"web"},"spec":{)"
                                     R"("topologySpreadConstraints":[{"maxSkew":2,)"
                                     R"("topologyKey":"kubernetes.io/hostname",)"
                                     R"("whenUnsatisfiable":"ScheduleAnyway",)"
                                     R"("labelSelector":{"matchExpressions":[{"key":"app",)"
                                     R"("operator":"NotIn","values":["db"]}]}}]}})")));
    int checks = 0;
    for (int step = 0; step < 400; ++step) {
        const auto op = next(10);
        if (op < 6 || live.empty()) {
            json p = {{"name", "p" + std::to_string(step)},
                      {"ns", namespaces[next(2)]},
                      {"labels", {{"app", apps[next(3)]}, {"tier", next(2) ? "front" : "back"}}},
                      {"node", "n" + std::to_string(next(12))}};
            auto info = std::make_shared<PodInfo>(pod(p));
            info->key = p["ns"].get<std::string>() + "/" + p["name"].get<std::string>();
            live.push_back(info->key);
            cache.addOrUpdatePod(info);
        } else if (op < 8) {
            const auto i = next(live.size());
            cache.removePod(live[i]);
            live.erase(live.begin() + std::ptrdiff_t(i));
        } else if (op < 9) {
            // A pod starts terminating: the cache replaces its PodInfo.
            const std::string key = live[next(live.size())];
            for (const NodeInfo* n : cache.snapshot().nodes)
                for (const auto& p : n->pods)
                    if (p->key == key) {
                        auto leaving = std::make_shared<PodInfo>(*p);
                        leaving->terminating = true;
                        cache.addOrUpdatePod(leaving);
                        goto replaced;
                    }
        replaced:;
        } else {
            // A node goes (its pods stay, on a ghost) and comes back.
            const int i = int(next(12));
            cache.removeNode("n" + std::to_string(i));
            if (step % 2)
                cache.setNode(nodeJson(i));
        }
        if (step == 200)
            cache = Cache(cache); // a checkpoint's copy: its index starts over from the pods
        if (step % 20 != 19)
            continue;
        Snapshot indexed = cache.snapshot();
        QVERIFY(indexed.spread);
        Snapshot counted = indexed;
        counted.spread = nullptr;
        for (const PodInfo& probe : probes) {
            PodInfo in = probe;
            in.ns = namespaces[step / 20 % 2];
            QCOMPARE(rawScores(plugin, in, indexed), rawScores(plugin, in, counted));
            ++checks;
        }
        for (const char* app : apps)
            for (const char* ns : namespaces) {
                auto sel = kubelab::model::LabelSelector::parse(std::string("app=") + app);
                const std::string key = NodeInfo::matchKey(*sel);
                std::map<std::string, std::int64_t> got;
                for (const auto& [name, slot] :
                     indexed.spread->counts(ns, *sel, key, std::hash<std::string>{}(key)))
                    if (slot.node->hasNode)
                        got[name] = slot.count;
                QCOMPARE(got, bruteCounts(indexed, ns, *sel));
            }
    }
    QCOMPARE(checks, 120);
    QVERIFY(cache.snapshot().spread->size() > 0);
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
    QTest::newRow("zone-empty") << zone1 << 2 << "Success"
                                << "";
    QTest::newRow("missing-label")
        << zone1 << 3 << "UnschedulableAndUnresolvable"
        << "node(s) didn't match pod topology spread constraints (missing required label)";
    QTest::newRow("host-crowded") << host1 << 0 << "Unschedulable"
                                  << "node(s) didn't match pod topology spread constraints";
    QTest::newRow("host-free") << host1 << 1 << "Success"
                               << "";
    QTest::newRow("skew-3-allows") << spread("zone", 3, "DoNotSchedule") << 0 << "Success"
                                   << "";
    QTest::newRow("schedule-anyway-never-filters")
        << spread("zone", 1, "ScheduleAnyway") << 0 << "Success"
        << "";
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
    QTest::newRow("system-default") << R"({"labels":{"app":"web"},"owner":"ReplicaSet"})"
                                    << "33,100,100,100";
    QTest::newRow("no-owner-no-default") << R"({"labels":{"app":"web"}})"
                                         << "skip";
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
