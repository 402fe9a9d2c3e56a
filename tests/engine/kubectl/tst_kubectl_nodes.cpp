// kubectl cordon, uncordon, taint and drain against a simulated cluster without its
// control loops (kubectl 1.32 wording): drain's pod filters and their errors, eviction
// through pods/eviction, and the wait for evicted pods to go while their kubelets stop them.
#include <QtTest>

#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using Json = nlohmann::json;

namespace {

// A pod bound to `node`, which that node's kubelet runs: nginx, which stops at once on
// SIGTERM, unless `slowToStop` (busybox `sleep`, which ignores SIGTERM, killed after a
// 2-second grace period).
Json pod(const std::string& ns, const std::string& name, const std::string& node,
         const std::string& ownerKind, const std::string& owner, bool emptyDir = false,
         bool slowToStop = false)
{
    Json container = {{"name", "app"}, {"image", "nginx"}};
    if (slowToStop)
        container = {{"name", "app"}, {"image", "busybox"}, {"command", {"sleep", "3600"}}};
    Json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", ns}}},
              {"spec", {{"nodeName", node}, {"containers", {container}}}}};
    if (slowToStop)
        p["spec"]["terminationGracePeriodSeconds"] = 2;
    if (!ownerKind.empty())
        p["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                             {"kind", ownerKind},
                                             {"name", owner},
                                             {"uid", "uid-" + owner},
                                             {"controller", true}}};
    if (emptyDir)
        p["spec"]["volumes"] = {{{"name", "scratch"}, {"emptyDir", Json::object()}}};
    return p;
}

// The kubelets have registered worker-1..3 (and the control plane); worker-2 carries a
// taint. worker-1 runs four pods, one for each of drain's filters; worker-3 one pod that is
// slow to stop. Their owners' controllers are not running: only kube-proxy's DaemonSet
// exists, as drain looks it up.
struct Fixture : testing::KubectlFixture
{
    Fixture()
    {
        patch("nodes", "", "worker-2",
              {{"spec",
                {{"taints", {{{"key", "gpu"}, {"value", "true"}, {"effect", "NoSchedule"}}}}}}});
        const Json labels = {{"k8s-app", "kube-proxy"}};
        create(
            {{"apiVersion", "apps/v1"},
             {"kind", "DaemonSet"},
             {"metadata", {{"name", "kube-proxy"}, {"namespace", "kube-system"}}},
             {"spec",
              {{"selector", {{"matchLabels", labels}}},
               {"template",
                {{"metadata", {{"labels", labels}}},
                 {"spec", {{"containers", {{{"name", "kube-proxy"}, {"image", "nginx"}}}}}}}}}}});
        create(pod("default", "web-1", "worker-1", "ReplicaSet", "web-5d8f"));
        create(pod("default", "bare", "worker-1", "", ""));
        create(pod("default", "cache", "worker-1", "ReplicaSet", "cache-1", true));
        create(pod("kube-system", "kube-proxy-x", "worker-1", "DaemonSet", "kube-proxy"));
        create(pod("default", "api-1", "worker-3", "ReplicaSet", "api-1", false, true));
        // Long enough for every image to be pulled and every container to run.
        runFor(10 * sim::kSecond);
    }

    Json node(const std::string& name) { return get("nodes", "", name); }
};

std::vector<std::string> words(const QString& line)
{
    std::vector<std::string> out;
    for (const QString& w : line.split(' ', Qt::SkipEmptyParts))
        out.push_back(w.toStdString());
    return out;
}

QString s(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

class tst_KubectlNodes : public QObject
{
    Q_OBJECT

private slots:
    void cordon_data()
    {
        QTest::addColumn<QStringList>("commands");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("unschedulable"); // worker-1 afterwards
        QTest::newRow("cordon") << QStringList{"cordon worker-1"} << "node/worker-1 cordoned\n"
                                << "" << 0 << true;
        QTest::newRow("cordon twice") << QStringList{"cordon worker-1", "cordon node/worker-1"}
                                      << "node/worker-1 cordoned\nnode/worker-1 already "
                                         "cordoned\n"
                                      << "" << 0 << true;
        QTest::newRow("uncordon") << QStringList{"cordon worker-1", "uncordon worker-1"}
                                  << "node/worker-1 cordoned\nnode/worker-1 uncordoned\n"
                                  << "" << 0 << false;
        QTest::newRow("uncordon schedulable")
            << QStringList{"uncordon worker-1"} << "node/worker-1 already uncordoned\n"
            << "" << 0 << false;
        QTest::newRow("dry run") << QStringList{"cordon worker-1 --dry-run=client"}
                                 << "node/worker-1 cordoned (dry run)\n"
                                 << "" << 0 << false;
        QTest::newRow("no node") << QStringList{"cordon"} << ""
                                 << "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' "
                                    "for help and examples\n"
                                 << 1 << false;
        QTest::newRow("unknown node") << QStringList{"cordon worker-9"} << ""
                                      << "Error from server (NotFound): nodes \"worker-9\" not "
                                         "found\n"
                                      << 1 << false;
    }

    void cordon()
    {
        QFETCH(QStringList, commands);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, exitCode);
        QFETCH(bool, unschedulable);
        Fixture f;
        std::string allOut, allErr;
        int last = 0;
        for (const QString& c : commands) {
            Result r = f.run(words(c));
            allOut += r.out;
            allErr += r.err;
            last = r.exitCode;
        }
        QCOMPARE(s(allOut), out);
        QCOMPARE(s(allErr), err);
        QCOMPARE(last, exitCode);
        QCOMPARE(f.node("worker-1")["spec"].value("unschedulable", false), unschedulable);
    }

    void taint_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<QString>("taints"); // worker-2's spec.taints afterwards
        const QString gpu = R"([{"effect":"NoSchedule","key":"gpu","value":"true"}])";
        QTest::newRow("add") << "taint nodes worker-2 dedicated=web:NoExecute"
                             << "node/worker-2 tainted\n"
                             << ""
                             << R"([{"effect":"NoExecute","key":"dedicated","value":"web"},)"
                                R"({"effect":"NoSchedule","key":"gpu","value":"true"}])";
        QTest::newRow("same key and effect")
            << "taint node worker-2 gpu=false:NoSchedule"
            << ""
            << "error: node worker-2 already has gpu taint(s) with same effect(s) and "
               "--overwrite is false\n"
            << gpu;
        QTest::newRow("overwrite") << "taint nodes worker-2 gpu=false:NoSchedule --overwrite"
                                   << "node/worker-2 modified\n"
                                   << ""
                                   << R"([{"effect":"NoSchedule","key":"gpu","value":"false"}])";
        QTest::newRow("remove by effect") << "taint nodes worker-2 gpu:NoSchedule-"
                                          << "node/worker-2 untainted\n"
                                          << ""
                                          << "null";
        QTest::newRow("remove by key") << "taint nodes node/worker-2 gpu-"
                                       << "node/worker-2 untainted\n"
                                       << ""
                                       << "null";
        QTest::newRow("remove missing") << "taint nodes worker-2 gpu:NoExecute-"
                                        << ""
                                        << "error: taint \"gpu:NoExecute\" not found\n"
                                        << gpu;
        QTest::newRow("bad effect") << "taint nodes worker-2 a=b:Sometimes"
                                    << ""
                                    << "error: invalid taint effect: Sometimes, unsupported "
                                       "taint effect\nSee 'kubectl taint -h' for help and "
                                       "examples\n"
                                    << gpu;
        QTest::newRow("no effect")
            << "taint nodes worker-2 a=b"
            << ""
            << "error: invalid taint spec: a=b, name part must consist of alphanumeric "
               "characters, '-', '_' or '.', and must start and end with an alphanumeric "
               "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
               "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint "
               "-h' for help and examples\n"
            << gpu;
        QTest::newRow("no change") << "taint nodes worker-2"
                                   << ""
                                   << "error: at least one taint update is required\n"
                                   << gpu;
        QTest::newRow("not nodes") << "taint pods web a=b:NoSchedule"
                                   << ""
                                   << "error: invalid resource type pods, only [\"node\" "
                                      "\"nodes\"] are supported\n"
                                   << gpu;
        QTest::newRow("add and remove")
            << "taint nodes worker-2 a=b:NoSchedule a-"
            << ""
            << "error: can not both modify and remove the following taint(s) in the same "
               "command: {\"a\":\"NoSchedule\"}\n"
            << gpu;
    }

    void taint()
    {
        QFETCH(QString, command);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(QString, taints);
        Fixture f;
        Result r = f.run(words(command));
        QCOMPARE(s(r.out), out);
        QCOMPARE(s(r.err), err);
        QCOMPARE(r.exitCode, err.isEmpty() ? 0 : 1);
        QCOMPARE(s(f.node("worker-2")["spec"].value("taints", Json()).dump()), taints);
    }

    void drain_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("left"); // pods still on worker-1 afterwards
        // api-1 (worker-3) takes 2 s to stop; the pods of worker-1 stop at once.
        const QString dsError = "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets "
                                "to ignore): kube-system/kube-proxy-x";
        const QString localError = "cannot delete Pods with local storage (use "
                                   "--delete-emptydir-data to override): default/cache";
        const QString bareError = "cannot delete Pods that declare no controller (use --force to "
                                  "override): default/bare";
        const QStringList all = {"bare", "cache", "kube-proxy-x", "web-1"};
        QTest::newRow("refused") << "drain worker-1"
                                 << "node/worker-1 cordoned\n"
                                 << "error: unable to drain node \"worker-1\" due to error: [" +
                                        dsError + ", " + localError + ", " + bareError +
                                        "], continuing command...\n"
                                        "There are pending nodes to be drained:\n worker-1\n" +
                                        dsError + "\n" + localError + "\n" + bareError + "\n"
                                 << 1 << all;
        QTest::newRow("one refusal")
            << "drain worker-1 --ignore-daemonsets --delete-emptydir-data"
            << "node/worker-1 cordoned\n"
            << "error: unable to drain node \"worker-1\" due to error: " + bareError +
                   ", continuing command...\nThere are pending nodes to be drained:\n "
                   "worker-1\n" +
                   bareError + "\n"
            << 1 << all;
        QTest::newRow("forced")
            << "drain worker-1 --ignore-daemonsets --delete-emptydir-data --force"
            << "node/worker-1 cordoned\nevicting pod default/bare\nevicting pod default/cache\n"
               "evicting pod default/web-1\npod/bare evicted\npod/cache evicted\n"
               "pod/web-1 evicted\nnode/worker-1 drained\n"
            << "Warning: deleting Pods that declare no controller: default/bare; ignoring "
               "DaemonSet-managed Pods: kube-system/kube-proxy-x\n"
            << 0 << QStringList{"kube-proxy-x"};
        QTest::newRow("waits for termination")
            << "drain worker-3"
            << "node/worker-3 cordoned\nevicting pod default/api-1\npod/api-1 evicted\n"
               "node/worker-3 drained\n"
            << "" << 0 << all;
        QTest::newRow("timeout")
            << "drain worker-3 --timeout=1s"
            << "node/worker-3 cordoned\nevicting pod default/api-1\n"
            << "There are pending pods in node \"worker-3\" when an error occurred: error when "
               "waiting for pod \"api-1\" terminating: global timeout reached: 1s\npod/api-1\n"
               "error: unable to drain node \"worker-3\" due to error: error when waiting for "
               "pod \"api-1\" terminating: global timeout reached: 1s, continuing command...\n"
               "There are pending nodes to be drained:\n worker-3\nerror when waiting for pod "
               "\"api-1\" terminating: global timeout reached: 1s\n"
            << 1 << all;
        QTest::newRow("empty node") << "drain worker-2"
                                    << "node/worker-2 cordoned\nnode/worker-2 drained\n"
                                    << "" << 0 << all;
        QTest::newRow("dry run")
            << "drain worker-1 --ignore-daemonsets --delete-emptydir-data --force "
               "--dry-run=client"
            << "node/worker-1 cordoned (dry run)\nevicting pod default/bare (dry run)\n"
               "evicting pod default/cache (dry run)\nevicting pod default/web-1 (dry run)\n"
               "node/worker-1 drained (dry run)\n"
            << "Warning: deleting Pods that declare no controller: default/bare; ignoring "
               "DaemonSet-managed Pods: kube-system/kube-proxy-x\n"
            << 0 << all;
        QTest::newRow("no node") << "drain"
                                 << ""
                                 << "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' "
                                    "for help and examples\n"
                                 << 1 << all;
    }

    void drain()
    {
        QFETCH(QString, command);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, exitCode);
        QFETCH(QStringList, left);
        Fixture f;
        QCOMPARE(f.get("pods", "default", "api-1")["status"]["phase"], Json("Running"));
        Result r = f.run(words(command));
        QCOMPARE(s(r.out), out);
        QCOMPARE(s(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
        QStringList remaining;
        for (const char* name : {"bare", "cache", "kube-proxy-x", "web-1"})
            if (f.find("pods", "default", name) || f.find("pods", "kube-system", name))
                remaining << name;
        QCOMPARE(remaining, left);
    }

    void drainSendsEvictions()
    {
        Fixture f;
        Result r = f.run({"drain", "worker-3", "--grace-period=5"});
        QCOMPARE(r.exitCode, 0);
        const api::Request* eviction = nullptr;
        for (const api::Request& req : f.requests)
            if (req.subresource == "eviction")
                eviction = &req;
        QVERIFY(eviction);
        QCOMPARE(eviction->verb, std::string("create"));
        QCOMPARE(eviction->name, std::string("api-1"));
        QCOMPARE(eviction->body["apiVersion"], Json("policy/v1"));
        QCOMPARE(eviction->body["kind"], Json("Eviction"));
        QCOMPARE(eviction->body["deleteOptions"]["gracePeriodSeconds"], Json(5));
        QVERIFY(f.node("worker-3")["spec"].value("unschedulable", false));
        QVERIFY(!f.node("worker-1")["spec"].value("unschedulable", false));
    }

    void drainRetriesDisruptionBudget()
    {
        Fixture f;
        int refusals = 1;
        f.intercept = [&](const api::Request& req) -> std::optional<api::Response> {
            if (req.subresource != "eviction" || refusals-- <= 0)
                return std::nullopt;
            return api::Response{429,
                                 {{"kind", "Status"},
                                  {"reason", "TooManyRequests"},
                                  {"message", "Cannot evict pod as it would violate the "
                                              "pod's disruption budget."}}};
        };
        Result r = f.run({"drain", "worker-3"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(s(r.err),
                 QStringLiteral("error when evicting pods/\"api-1\" -n \"default\" (will retry "
                                "after 5s): Cannot evict pod as it would violate the pod's "
                                "disruption budget.\n"));
        QCOMPARE(s(r.out), QStringLiteral("node/worker-3 cordoned\nevicting pod default/api-1\n"
                                          "evicting pod default/api-1\npod/api-1 evicted\n"
                                          "node/worker-3 drained\n"));
        // One retry after 5 s; then the polls, a second apart, until api-1 has stopped.
        QVERIFY(f.sleeps.size() >= 2);
        QCOMPARE(f.sleeps.front(), 5 * sim::kSecond);
        for (size_t i = 1; i < f.sleeps.size(); ++i)
            QCOMPARE(f.sleeps[i], sim::kSecond);
    }
};

QTEST_GUILESS_MAIN(tst_KubectlNodes)
#include "tst_kubectl_nodes.moc"
