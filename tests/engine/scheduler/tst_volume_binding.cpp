// VolumeBinding: a table of pods with claims, the cluster's claims, volumes and classes,
// and the status and reason a learner reads for one node.
#include <QtTest>

#include "engine/client/informer.h"
#include "engine/scheduler/plugins/volume_binding.h"
#include "sched_fixtures.h"

using namespace schedtest;

namespace {

json claim(const std::string& name, const std::string& cls, const std::string& volume = {})
{
    json c = {{"apiVersion", "v1"},
              {"kind", "PersistentVolumeClaim"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec", {{"storageClassName", cls}}},
              {"status", {{"phase", volume.empty() ? "Pending" : "Bound"}}}};
    if (!volume.empty())
        c["spec"]["volumeName"] = volume;
    return c;
}

json volumeOn(const std::string& name, const std::string& node)
{
    json term = {{"matchExpressions",
                  {{{"key", "kubernetes.io/hostname"}, {"operator", "In"}, {"values", {node}}}}}};
    return {{"metadata", {{"name", name}}},
            {"spec", {{"nodeAffinity", {{"required", {{"nodeSelectorTerms", {term}}}}}}}}};
}

json storageClass(const std::string& name, const std::string& mode,
                  const std::string& provisioner = "rancher.io/local-path")
{
    return {{"metadata", {{"name", name}}},
            {"provisioner", provisioner},
            {"volumeBindingMode", mode}};
}

json podWithClaims(const std::vector<std::string>& claims)
{
    json volumes = json::array();
    for (const std::string& c : claims)
        volumes.push_back({{"name", "v-" + c}, {"persistentVolumeClaim", {{"claimName", c}}}});
    return {{"spec", {{"volumes", volumes}}}};
}

struct Cluster
{
    kubelab::client::Informer claims, volumes, classes;
    Cluster()
    {
        for (const json& c : {claim("bound", "standard", "pv-n1"), claim("waiting", "standard"),
                              claim("immediate", "fast"), claim("noclass", ""),
                              claim("static", "manual")})
            claims.apply("ADDED", c);
        claims.apply("ADDED", [] {
            json c = claim("going", "standard");
            c["metadata"]["deletionTimestamp"] = "2026-01-05T09:00:00Z";
            return c;
        }());
        volumes.apply("ADDED", volumeOn("pv-n1", "n1"));
        classes.apply("ADDED", storageClass("standard", "WaitForFirstConsumer"));
        classes.apply("ADDED", storageClass("fast", "Immediate"));
        classes.apply("ADDED",
                      storageClass("manual", "WaitForFirstConsumer", "kubernetes.io/no-provisioner"));
    }
    StorageListers listers() const { return {&claims, &volumes, &classes}; }
};

} // namespace

class tst_VolumeBinding : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void claimsToProvision();
};

void tst_VolumeBinding::filter_data()
{
    QTest::addColumn<QStringList>("claims");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("no-claims") << QStringList{} << "n1" << "Success" << "";
    QTest::newRow("bound-here") << QStringList{"bound"} << "n1" << "Success" << "";
    QTest::newRow("bound-elsewhere") << QStringList{"bound"} << "n2"
                                     << "UnschedulableAndUnresolvable"
                                     << "node(s) had volume node affinity conflict";
    QTest::newRow("wait-for-consumer") << QStringList{"waiting"} << "n2" << "Success" << "";
    QTest::newRow("unbound-immediate") << QStringList{"waiting", "immediate"} << "n1"
                                       << "UnschedulableAndUnresolvable"
                                       << "pod has unbound immediate PersistentVolumeClaims";
    QTest::newRow("no-class-is-immediate") << QStringList{"noclass"} << "n1"
                                           << "UnschedulableAndUnresolvable"
                                           << "pod has unbound immediate PersistentVolumeClaims";
    QTest::newRow("missing") << QStringList{"nope"} << "n1" << "UnschedulableAndUnresolvable"
                             << "persistentvolumeclaim \"nope\" not found";
    QTest::newRow("deleting") << QStringList{"going"} << "n1" << "UnschedulableAndUnresolvable"
                              << "persistentvolumeclaim \"going\" is being deleted";
    QTest::newRow("no-provisioner")
        << QStringList{"static"} << "n1" << "UnschedulableAndUnresolvable"
        << "node(s) didn't find available persistent volumes to bind";
}

void tst_VolumeBinding::filter()
{
    QFETCH(QStringList, claims);
    QFETCH(QString, node);
    QFETCH(QString, code);
    QFETCH(QString, reason);
    std::vector<std::string> names;
    for (const QString& c : claims)
        names.push_back(c.toStdString());
    const Cluster cluster;
    const Nodes ns = nodes(R"([{"name":"n1"},{"name":"n2"}])");
    VolumeBinding plugin;
    plugin.setSlot(0);
    Snapshot snap = snapshotOf(ns);
    snap.storage = cluster.listers();
    CycleState state(1);
    const PodInfo p = pod(podWithClaims(names));
    Status s = plugin.preFilter(state, p, snap);
    if (s.isSkip())
        s = Status::success();
    else if (s.ok())
        s = plugin.filter(state, p, *ns[node == "n1" ? 0 : 1]);
    QCOMPARE(codeName(s), code);
    QCOMPARE(QString::fromStdString(s.message()), reason);
}

void tst_VolumeBinding::claimsToProvision()
{
    Cluster cluster;
    const PodInfo p = pod(podWithClaims({"bound", "waiting"}));
    // Only the unbound WaitForFirstConsumer claim learns the node; once annotated for
    // that node it is not annotated again, and the pod waits until it is Bound.
    QCOMPARE(VolumeBinding::claimsToProvision(p, cluster.listers(), "n2"),
             std::vector<std::string>{"waiting"});
    QVERIFY(!VolumeBinding::claimsBound(p, cluster.listers()));
    json annotated = claim("waiting", "standard");
    annotated["metadata"]["annotations"] = {{"volume.kubernetes.io/selected-node", "n2"}};
    cluster.claims.apply("MODIFIED", annotated);
    QVERIFY(VolumeBinding::claimsToProvision(p, cluster.listers(), "n2").empty());
    QCOMPARE(VolumeBinding::claimsToProvision(p, cluster.listers(), "n1"),
             std::vector<std::string>{"waiting"});
    cluster.claims.apply("MODIFIED", claim("waiting", "standard", "pv-n1"));
    QVERIFY(VolumeBinding::claimsBound(p, cluster.listers()));
}

QTEST_GUILESS_MAIN(tst_VolumeBinding)
#include "tst_volume_binding.moc"
