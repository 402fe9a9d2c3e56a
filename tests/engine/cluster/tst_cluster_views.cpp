// The Cluster's read-only views (object, objects, schedulingExplanation), which the app's
// inspector and map read: they must see what the API server serves and never advance time.
#include <QtTest>

#include <sstream>

#include "engine/cluster/cluster.h"
#include "engine/shell/shell.h"

using namespace kubelab;

class TstClusterViews : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void viewsReadWithoutAdvancing()
    {
        cluster::Cluster cluster(1);
        std::ostringstream out, err;
        shell::Shell sh(cluster, out, err);
        QVERIFY(sh.execute("kubectl run web --image=nginx"));
        QVERIFY(sh.execute("settle"));
        const sim::Time now = cluster.sim().now();
        const std::uint64_t processed = cluster.sim().processed();

        const nlohmann::json* pod = cluster.object("po", "default", "web");
        QVERIFY(pod);
        QCOMPARE((*pod)["metadata"]["name"].get<std::string>(), std::string("web"));
        QVERIFY(!cluster.object("pods", "default", "nope"));
        QVERIFY(!cluster.object("pods", "", "web")); // namespaced needs a namespace
        QVERIFY(!cluster.object("widgets", "default", "web"));
        QVERIFY(cluster.object("nodes", "", "worker-1"));

        QCOMPARE(cluster.objects("pods", "default").size(), size_t(1));
        // kubeadm's two CoreDNS pods, Ready before the boot returned.
        const auto system = cluster.objects("pods", "kube-system");
        QCOMPARE(system.size(), size_t(2));
        for (const nlohmann::json* p : system)
            QVERIFY((*p)["metadata"]["name"].get<std::string>().rfind("coredns-", 0) == 0);
        QCOMPARE(cluster.objects("nodes").size(), size_t(4));
        QVERIFY(cluster.objects("widgets").empty());
        // Events about the pod exist (Scheduled, Pulling, ...), read from etcd: the watch
        // cache does not keep events, as kube-apiserver's does not.
        QVERIFY(cluster.objects("events", "default").empty());
        const auto events = cluster.events("default");
        QVERIFY(!events.empty());
        const auto aboutWeb = cluster.events("default", "web.");
        QVERIFY(!aboutWeb.empty());
        for (const auto& e : aboutWeb)
            QCOMPARE((*e)["involvedObject"].value("name", ""), std::string("web"));
        QCOMPARE(cluster.events("", "web.").size(), aboutWeb.size());
        QVERIFY(cluster.events("default", "nope.").empty());
        QVERIFY(cluster.events("kube-public").empty());
        QVERIFY(!(*aboutWeb.front())["metadata"].value("resourceVersion", "").empty());

        const auto e = cluster.schedulingExplanation("default", "web");
        QVERIFY(e.has_value());
        QCOMPARE((*e)["pod"].get<std::string>(), std::string("default/web"));
        QVERIFY(!cluster.schedulingExplanation("default", "nope").has_value());

        QCOMPARE(cluster.sim().now(), now);
        QCOMPARE(cluster.sim().processed(), processed);
    }
};

QTEST_GUILESS_MAIN(TstClusterViews)
#include "tst_cluster_views.moc"
