// The scheduler's cache: snapshots list the registered nodes in name order, follow nodes
// that come and go between cycles, and a copy of the cache (a checkpoint's scheduler)
// snapshots its own nodes, not the original's.
#include <QtTest>

#include "engine/scheduler/cache.h"
#include "engine/scheduler/pod_info.h"

using namespace kubelab::scheduler;
using json = nlohmann::json;

namespace {
json node(const std::string& name)
{
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}}},
            {"status", {{"allocatable", {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}}}}}};
}

QStringList names(const Snapshot& s)
{
    QStringList out;
    for (const NodeInfo* n : s.nodes)
        out << QString::fromStdString(n->name);
    return out;
}
} // namespace

class tst_Cache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snapshotsFollowNodes()
    {
        Cache c;
        c.setNode(node("b"));
        c.setNode(node("a"));
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b"}));
        c.setNode(node("c"));
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b", "c"}));
        c.setNode(node("a")); // an update: same list
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b", "c"}));
        c.removeNode("b");
        QCOMPARE(names(c.snapshot()), QStringList({"a", "c"}));
        c.clear();
        QCOMPARE(names(c.snapshot()), QStringList());
    }

    void aCopySnapshotsItsOwnNodes()
    {
        Cache original;
        original.setNode(node("a"));
        (void)original.snapshot();
        Cache copy = original;
        const Snapshot s = copy.snapshot();
        QCOMPARE(s.nodes.size(), size_t(1));
        QCOMPARE(s.nodes[0], copy.node("a"));
        QVERIFY(s.nodes[0] != original.node("a"));
        Cache assigned;
        assigned.setNode(node("z"));
        (void)assigned.snapshot();
        assigned = original;
        QCOMPARE(assigned.snapshot().nodes[0], assigned.node("a"));
    }

    // The cluster-wide facts are kept between cycles: each change that bears on them must
    // still show in the next snapshot.
    void factsFollowNodesAndPods()
    {
        auto withImage = [](const std::string& name) {
            json n = node(name);
            n["status"]["images"] = json::array({{{"names", {"nginx:1.27"}}, {"sizeBytes", 1000}}});
            return n;
        };
        auto count = [](const Snapshot& s) {
            auto it = s.imageNodeCount.find("nginx:1.27");
            return it == s.imageNodeCount.end() ? 0 : it->second;
        };
        Cache c;
        c.setNode(withImage("a"));
        c.setNode(node("b"));
        QCOMPARE(count(c.snapshot()), 1);
        QCOMPARE(count(c.snapshot()), 1);
        c.setNode(withImage("b")); // b pulled it
        QCOMPARE(count(c.snapshot()), 2);
        c.removeNode("a");
        QCOMPARE(count(c.snapshot()), 1);
        QVERIFY(!c.snapshot().anyPodWithAffinity);
        auto pod = std::make_shared<PodInfo>();
        pod->key = "default/p";
        pod->ns = "default";
        pod->nodeName = "b";
        pod->preferredAffinity.push_back({});
        c.addOrUpdatePod(pod);
        QVERIFY(c.snapshot().anyPodWithAffinity);
        c.removePod("default/p");
        QVERIFY(!c.snapshot().anyPodWithAffinity);
    }

    // What a pod asks of its node (tolerations, node selector, node affinity, spreading,
    // images) is parsed for a pod to be scheduled and dropped once the pod is on a node:
    // the cache holds every pod of the cluster.
    void aPodOnANodeIsKeptWithoutItsPlacement()
    {
        const json pod = json::parse(R"({
            "metadata": {"name": "p", "namespace": "default", "labels": {"app": "web"}},
            "spec": {
                "containers": [{"name": "c", "image": "nginx:1.27"}],
                "nodeSelector": {"disk": "ssd"},
                "tolerations": [{"key": "dedicated", "operator": "Exists"}],
                "topologySpreadConstraints": [
                    {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}],
                "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                    {"topologyKey": "kubernetes.io/hostname",
                     "labelSelector": {"matchLabels": {"app": "web"}}}]}}}})");
        const PodInfo pending = podInfoFromJson(pod);
        QVERIFY(pending.placement);
        QCOMPARE(pending.wants().nodeSelector.at("disk"), std::string("ssd"));
        QCOMPARE(pending.wants().tolerations.size(), size_t(1));
        QCOMPARE(pending.wants().spreadConstraints.size(), size_t(1));
        QCOMPARE(pending.wants().images, std::vector<std::string>{"nginx:1.27"});

        Cache c;
        c.setNode(node("a"));
        c.assume(pending, "a");
        const NodeInfo* a = c.node("a");
        QCOMPARE(a->pods.size(), size_t(1));
        const PodInfo& onNode = *a->pods[0];
        QVERIFY(!onNode.placement);
        QVERIFY(onNode.wants().nodeSelector.empty() && onNode.wants().tolerations.empty());
        // What pods on nodes are read for stays: labels, anti-affinity, requests.
        QCOMPARE(onNode.labels().at("app"), std::string("web"));
        QCOMPARE(onNode.requiredAntiAffinity.size(), size_t(1));
        QCOMPARE(a->podsWithRequiredAntiAffinity, 1);

        const PodInfo bound = podInfoFromJson(pod, {}, false);
        QCOMPARE(bound.labels(), pending.labels());
        QVERIFY(!bound.placement);
        QCOMPARE(bound.requiredAntiAffinity.size(), size_t(1));
    }

    // Pods from one template carry equal labels: parsed with the scheduler's LabelSets they
    // share one copy; other labels get their own.
    void equalLabelsAreHeldOnce()
    {
        auto pod = [](const std::string& name, const json& labels) {
            return json{
                {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", labels}}},
                {"spec", json::object()}};
        };
        const json web = {{"app", "web"}, {"pod-template-hash", "6dc5cd68db"}};
        LabelSets sets;
        const PodInfo a = podInfoFromJson(pod("a", web), {}, true, &sets);
        const PodInfo b = podInfoFromJson(pod("b", web), {}, false, &sets);
        const PodInfo c = podInfoFromJson(pod("c", {{"app", "db"}}), {}, true, &sets);
        const PodInfo d = podInfoFromJson(pod("d", web), {}, true); // no sets: its own copy
        QCOMPARE(a.labelSet.get(), b.labelSet.get());
        QVERIFY(c.labelSet.get() != a.labelSet.get());
        QCOMPARE(c.labels().at("app"), std::string("db"));
        QVERIFY(d.labelSet.get() != a.labelSet.get());
        QCOMPARE(d.labels(), a.labels());
        QCOMPARE(a.labels().size(), size_t(2));

        // Sets no pod holds any more are forgotten as the table grows; held ones stay.
        const std::size_t held = sets.size();
        for (int i = 0; i < 1000; ++i)
            (void)sets.intern({{"app", "gone-" + std::to_string(i)}});
        QVERIFY(sets.size() <= held + 2 * LabelSets::kMinPruneAt);
        QCOMPARE(podInfoFromJson(pod("e", web), {}, true, &sets).labelSet.get(), a.labelSet.get());
    }
};

QTEST_GUILESS_MAIN(tst_Cache)
#include "tst_cache.moc"
