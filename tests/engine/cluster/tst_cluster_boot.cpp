// The cluster's boot with kubeadm's CoreDNS: it returns only once the coredns Deployment is
// Available with both pods Ready (so the learner's first lookup is answered), `dns: none`
// leaves CoreDNS out, a cluster with no room for it stops waiting, and the boot is as
// deterministic as the rest.
#include <QtTest>

#include "engine/cluster/cluster.h"
#include "engine/model/json_view.h"

using namespace kubelab;
using nlohmann::json;

namespace {

int readyPods(const cluster::Cluster& c, const std::string& ns)
{
    int ready = 0;
    for (const json* p : c.objects("pods", ns))
        for (const json& cond : p->value("/status/conditions"_json_pointer, json::array()))
            if (cond.value("type", "") == "Ready" && cond.value("status", "") == "True")
                ++ready;
    return ready;
}

std::string availableStatus(const json& deployment)
{
    for (const json& c : deployment.value("/status/conditions"_json_pointer, json::array()))
        if (c.value("type", "") == "Available")
            return c.value("status", "");
    return {};
}

} // namespace

class TstClusterBoot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bootWaitsForCoreDns()
    {
        cluster::Cluster c(1);
        QVERIFY(c.topology().coreDns); // kubeadm's default
        const json* d = c.object("deployments", "kube-system", "coredns");
        QVERIFY(d);
        QCOMPARE(availableStatus(*d), std::string("True"));
        QCOMPARE(d->value("/status/availableReplicas"_json_pointer, 0), 2);
        QCOMPARE(readyPods(c, "kube-system"), 2);
        QVERIFY(c.object("services", "kube-system", "kube-dns"));
        // Ready at 2.13 s: later than the 1.13 s at which only periodic timers were left
        // while the pods were still starting.
        QVERIFY2(c.sim().now() > 2 * sim::kSecond && c.sim().now() < 3 * sim::kSecond,
                 std::to_string(c.sim().now()).c_str());
        // And the boot ends where only periodic timers are queued.
        QVERIFY(c.sim().peek() && c.sim().peek()->message.periodic);
    }

    void dnsNoneLeavesItOut()
    {
        const cluster::Topology t = cluster::Topology::fromYaml("dns: none\n", "none.yaml");
        QVERIFY(!t.coreDns);
        cluster::Cluster c(1, t);
        QVERIFY(!c.object("deployments", "kube-system", "coredns"));
        QVERIFY(!c.object("services", "kube-system", "kube-dns"));
        QCOMPARE(c.objects("pods", "kube-system").size(), size_t(0));
        QVERIFY(c.sim().now() < 2 * sim::kSecond); // nothing to wait for
        // A saved topology says which, both ways.
        QCOMPARE(t.toJson()["dns"], json("none"));
        QCOMPARE(cluster::Topology::defaults().toJson()["dns"], json("coredns"));
        QVERIFY(!cluster::Topology::fromYaml(t.toJson().dump(), "saved.json").coreDns);
        QVERIFY(cluster::Topology::fromYaml(cluster::Topology::defaults().toJson().dump(),
                                            "saved.json")
                    .coreDns);
    }

    void noRoomStopsWaiting()
    {
        // No node can hold a coredns pod (100m cpu): the boot gives up after five virtual
        // minutes instead of hanging, and the pods stay Pending.
        const cluster::Topology t = cluster::Topology::fromYaml(
            "controlPlane: {cpu: 50m}\nworkers: [{count: 1, capacity: {cpu: 50m}}]\n",
            "tiny.yaml");
        cluster::Cluster c(1, t);
        const json* d = c.object("deployments", "kube-system", "coredns");
        QVERIFY(d);
        QVERIFY(availableStatus(*d) != "True");
        QCOMPARE(readyPods(c, "kube-system"), 0);
        QVERIFY(c.sim().now() >= 5 * sim::kMinute);
        QVERIFY(c.sim().now() < 6 * sim::kMinute);
    }

    void bootIsDeterministic()
    {
        cluster::Cluster a(3), b(3), other(4);
        QCOMPARE(a.sim().trace().sha256(), b.sim().trace().sha256());
        QCOMPARE(a.sim().now(), b.sim().now());
        QVERIFY(a.sim().trace().sha256() != other.sim().trace().sha256());
    }
};

QTEST_GUILESS_MAIN(TstClusterBoot)
#include "tst_cluster_boot.moc"
