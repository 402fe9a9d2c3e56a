// kubectl get tables: READY/STATUS/RESTARTS of pods as printPod computes them, and golden
// tables for each kind (column sets and alignment as kubectl 1.32 prints them).
#include <QtTest>

#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/printers/pod_status.h"

using namespace kubelab;
using kubectl::TableOptions;
using Json = nlohmann::json;

namespace {

constexpr sim::Time kNow = 3600 * sim::kSecond; // one hour after the epoch

std::string ts(int secondsAfterEpoch)
{
    return sim::formatTimestamp(secondsAfterEpoch * sim::kSecond);
}

Json pod(const std::string& name, Json status, Json extraMeta = Json::object(), Json spec = Json())
{
    Json meta = {{"name", name}, {"namespace", "default"}, {"creationTimestamp", ts(0)}};
    meta.update(extraMeta);
    if (spec.is_null())
        spec = {{"containers", {{{"name", "app"}, {"image", "nginx"}}}}};
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", meta},
            {"spec", spec},
            {"status", status}};
}

Json running(bool ready = true, int restarts = 0)
{
    return {{"name", "app"},
            {"ready", ready},
            {"restartCount", restarts},
            {"state", {{"running", {{"startedAt", ts(10)}}}}}};
}

Json waiting(const std::string& reason, int restarts = 0, int finishedAt = -1)
{
    Json s = {{"name", "app"},
              {"ready", false},
              {"restartCount", restarts},
              {"state", {{"waiting", {{"reason", reason}}}}}};
    if (finishedAt >= 0)
        s["lastState"] = {{"terminated", {{"exitCode", 1}, {"finishedAt", ts(finishedAt)}}}};
    return s;
}

Json terminated(const std::string& reason, int exitCode, int signal = 0)
{
    Json t = {{"exitCode", exitCode}};
    if (!reason.empty())
        t["reason"] = reason;
    if (signal)
        t["signal"] = signal;
    return {{"name", "app"}, {"ready", false}, {"restartCount", 0}, {"state", {{"terminated", t}}}};
}

const model::KindInfo& kind(const char* text)
{
    return *model::resolveResource(text);
}

} // namespace

class tst_TablePrinter : public QObject
{
    Q_OBJECT

private slots:
    void podStatus_data()
    {
        QTest::addColumn<QByteArray>("podJson");
        QTest::addColumn<QString>("ready");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("restarts");
        auto row = [](const char* name, const Json& p, const char* r, const char* s,
                      const char* rs) {
            QTest::newRow(name) << QByteArray::fromStdString(p.dump()) << r << s << rs;
        };
        const Json initSpec = {{"initContainers", {{{"name", "init"}, {"image", "busybox"}}}},
                               {"containers", {{{"name", "app"}, {"image", "nginx"}}}}};
        row("pending unscheduled", pod("p", {{"phase", "Pending"}}), "0/1", "Pending", "0");
        row("container creating",
            pod("p", {{"phase", "Pending"}, {"containerStatuses", {waiting("ContainerCreating")}}}),
            "0/1", "ContainerCreating", "0");
        row("running ready", pod("p", {{"phase", "Running"}, {"containerStatuses", {running()}}}),
            "1/1", "Running", "0");
        row("running not ready",
            pod("p", {{"phase", "Running"}, {"containerStatuses", {running(false)}}}), "0/1",
            "Running", "0");
        row("crash loop with recent restart",
            pod("p", {{"phase", "Running"},
                      {"containerStatuses", {waiting("CrashLoopBackOff", 5, 3595)}}}),
            "0/1", "CrashLoopBackOff", "5 (5s ago)");
        row("image pull",
            pod("p", {{"phase", "Pending"}, {"containerStatuses", {waiting("ErrImagePull")}}}),
            "0/1", "ErrImagePull", "0");
        row("image pull backoff",
            pod("p", {{"phase", "Pending"}, {"containerStatuses", {waiting("ImagePullBackOff")}}}),
            "0/1", "ImagePullBackOff", "0");
        row("completed",
            pod("p", {{"phase", "Succeeded"}, {"containerStatuses", {terminated("Completed", 0)}}}),
            "0/1", "Completed", "0");
        row("oom killed",
            pod("p", {{"phase", "Running"}, {"containerStatuses", {terminated("OOMKilled", 137)}}}),
            "0/1", "OOMKilled", "0");
        row("exit code without reason",
            pod("p", {{"phase", "Failed"}, {"containerStatuses", {terminated("", 2)}}}), "0/1",
            "ExitCode:2", "0");
        row("signal without reason",
            pod("p", {{"phase", "Failed"}, {"containerStatuses", {terminated("", 137, 9)}}}), "0/1",
            "Signal:9", "0");
        row("evicted", pod("p", {{"phase", "Failed"}, {"reason", "Evicted"}}), "0/1", "Evicted",
            "0");
        row("terminating",
            pod("p", {{"phase", "Running"}, {"containerStatuses", {running()}}},
                {{"deletionTimestamp", ts(3500)}}),
            "1/1", "Terminating", "0");
        row("node lost",
            pod("p", {{"phase", "Running"}, {"reason", "NodeLost"}},
                {{"deletionTimestamp", ts(3500)}}),
            "0/1", "Unknown", "0");
        row("succeeded pod being deleted stays Completed",
            pod("p", {{"phase", "Succeeded"}, {"containerStatuses", {terminated("Completed", 0)}}},
                {{"deletionTimestamp", ts(3500)}}),
            "0/1", "Completed", "0");
        row("init 0/1",
            pod("p",
                {{"phase", "Pending"},
                 {"initContainerStatuses",
                  {{{"name", "init"},
                    {"ready", false},
                    {"restartCount", 0},
                    {"state", {{"running", Json::object()}}}}}},
                 {"containerStatuses", {waiting("PodInitializing")}}},
                Json::object(), initSpec),
            "0/1", "Init:0/1", "0");
        row("init crash loop",
            pod("p",
                {{"phase", "Pending"},
                 {"initContainerStatuses",
                  {{{"name", "init"},
                    {"ready", false},
                    {"restartCount", 3},
                    {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}}}},
                Json::object(), initSpec),
            "0/1", "Init:CrashLoopBackOff", "3");
        row("init error",
            pod("p",
                {{"phase", "Pending"},
                 {"initContainerStatuses",
                  {{{"name", "init"},
                    {"restartCount", 0},
                    {"state", {{"terminated", {{"exitCode", 1}, {"reason", "Error"}}}}}}}}},
                Json::object(), initSpec),
            "0/1", "Init:Error", "0");
        row("scheduling gated",
            pod("p", {{"phase", "Pending"},
                      {"conditions",
                       {{{"type", "PodScheduled"},
                         {"status", "False"},
                         {"reason", "SchedulingGated"}}}}}),
            "0/1", "SchedulingGated", "0");
    }

    void podStatus()
    {
        QFETCH(QByteArray, podJson);
        QFETCH(QString, ready);
        QFETCH(QString, status);
        QFETCH(QString, restarts);
        printers::PodCells c = printers::podCells(Json::parse(podJson.toStdString()), kNow);
        QCOMPARE(QString::fromStdString(c.ready), ready);
        QCOMPARE(QString::fromStdString(c.status), status);
        QCOMPARE(QString::fromStdString(c.restarts), restarts);
        // A wrong phase-only answer must not slip through for the derived statuses.
        if (status != "Pending" && status != "Running")
            QVERIFY(QString::fromStdString(c.status) != "Running");
    }

    void tabwriterAlignsLikeGo()
    {
        kubectl::TabWriter w(6, 3);
        QCOMPARE(QString::fromStdString(w.format("NAME\tAGE\na\t1s\nlonger-name\t2m\n")),
                 QStringLiteral("NAME          AGE\na             1s\nlonger-name   2m\n"));
        // Lines without a tab end a column block (describe relies on this).
        kubectl::TabWriter d(0, 2);
        QCOMPARE(QString::fromStdString(d.format("A:\t1\nLonger:\t2\nX\nB:\t3\n")),
                 QStringLiteral("A:       1\nLonger:  2\nX\nB:  3\n"));
        QVERIFY(w.format("a\tb\n") != "a\tb\n");
    }

    void tables_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QByteArray>("items");
        QTest::addColumn<bool>("wide");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const char* res, const Json& items, bool wide,
                      const char* expected) {
            QTest::newRow(name) << res << QByteArray::fromStdString(items.dump()) << wide
                                << QString::fromUtf8(expected);
        };
        Json web = pod("web", {{"phase", "Running"},
                               {"podIP", "10.244.1.5"},
                               {"podIPs", {{{"ip", "10.244.1.5"}}}},
                               {"containerStatuses", {running()}}});
        web["spec"]["nodeName"] = "node-1";
        Json crash =
            pod("crashy-7d4b9c", {{"phase", "Running"},
                                  {"containerStatuses", {waiting("CrashLoopBackOff", 12, 3300)}}});
        crash["metadata"]["creationTimestamp"] = ts(3000);
        row("pods", "pods", Json::array({web, crash}), false,
            "NAME            READY   STATUS             RESTARTS      AGE\n"
            "web             1/1     Running            0             60m\n"
            "crashy-7d4b9c   0/1     CrashLoopBackOff   12 (5m ago)   10m\n");
        row("pods wide", "pods", Json::array({web}), true,
            "NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   "
            "READINESS GATES\n"
            "web    1/1     Running   0          60m   10.244.1.5   node-1   <none>           "
            "<none>\n");
        Json deploy = {
            {"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "nginx"}, {"creationTimestamp", ts(3540)}}},
            {"spec",
             {{"replicas", 3},
              {"selector", {{"matchLabels", {{"app", "nginx"}}}}},
              {"template",
               {{"spec", {{"containers", {{{"name", "nginx"}, {"image", "nginx:1.25"}}}}}}}}}},
            {"status", {{"readyReplicas", 2}, {"updatedReplicas", 3}, {"availableReplicas", 2}}}};
        row("deployments", "deploy", Json::array({deploy}), false,
            "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\n"
            "nginx   2/3     3            2           60s\n");
        row("deployments wide", "deploy", Json::array({deploy}), true,
            "NAME    READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n"
            "nginx   2/3     3            2           60s   nginx        nginx:1.25   "
            "app=nginx\n");
        Json rs = {{"metadata", {{"name", "nginx-5d8f"}, {"creationTimestamp", ts(3540)}}},
                   {"spec", {{"replicas", 3}}},
                   {"status", {{"replicas", 3}, {"readyReplicas", 1}}}};
        row("replicasets", "rs", Json::array({rs}), false,
            "NAME         DESIRED   CURRENT   READY   AGE\n"
            "nginx-5d8f   3         3         1       60s\n");
        Json sts = {{"metadata", {{"name", "db"}, {"creationTimestamp", ts(0)}}},
                    {"spec", {{"replicas", 3}}},
                    {"status", {{"readyReplicas", 3}}}};
        row("statefulsets", "sts", Json::array({sts}), false,
            "NAME   READY   AGE\ndb     3/3     60m\n");
        Json ds = {
            {"metadata", {{"name", "kube-proxy"}, {"creationTimestamp", ts(0)}}},
            {"spec",
             {{"template", {{"spec", {{"nodeSelector", {{"kubernetes.io/os", "linux"}}}}}}}}},
            {"status",
             {{"desiredNumberScheduled", 3},
              {"currentNumberScheduled", 3},
              {"numberReady", 2},
              {"updatedNumberScheduled", 3},
              {"numberAvailable", 2}}}};
        row("daemonsets", "ds", Json::array({ds}), false,
            "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR  "
            "          AGE\n"
            "kube-proxy   3         3         2       3            2           "
            "kubernetes.io/os=linux   60m\n");
        Json job = {{"metadata", {{"name", "pi"}, {"creationTimestamp", ts(3000)}}},
                    {"spec", {{"completions", 1}}},
                    {"status",
                     {{"succeeded", 1},
                      {"startTime", ts(3000)},
                      {"completionTime", ts(3042)},
                      {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}}}};
        Json running = {{"metadata", {{"name", "batch"}, {"creationTimestamp", ts(3590)}}},
                        {"spec", {{"parallelism", 2}}},
                        {"status", {{"startTime", ts(3590)}}}};
        row("jobs", "jobs", Json::array({job, running}), false,
            "NAME    STATUS     COMPLETIONS   DURATION   AGE\n"
            "pi      Complete   1/1           42s        10m\n"
            "batch   Running    0/1 of 2      10s        10s\n");
        Json svc = {{"metadata", {{"name", "kubernetes"}, {"creationTimestamp", ts(0)}}},
                    {"spec",
                     {{"type", "ClusterIP"},
                      {"clusterIP", "10.96.0.1"},
                      {"clusterIPs", {"10.96.0.1"}},
                      {"ports", {{{"port", 443}, {"protocol", "TCP"}}}}}}};
        Json np = {{"metadata", {{"name", "web"}, {"creationTimestamp", ts(3000)}}},
                   {"spec",
                    {{"type", "NodePort"},
                     {"clusterIPs", {"10.96.12.7"}},
                     {"ports", {{{"port", 80}, {"nodePort", 30080}, {"protocol", "TCP"}}}}}}};
        Json lb = {{"metadata", {{"name", "front"}, {"creationTimestamp", ts(3000)}}},
                   {"spec",
                    {{"type", "LoadBalancer"},
                     {"clusterIPs", {"10.96.3.3"}},
                     {"ports", {{{"port", 443}, {"nodePort", 31443}, {"protocol", "TCP"}}}}}}};
        row("services", "svc", Json::array({svc, np, lb}), false,
            "NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE\n"
            "kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP         60m\n"
            "web          NodePort       10.96.12.7   <none>        80:30080/TCP    10m\n"
            "front        LoadBalancer   10.96.3.3    <pending>     443:31443/TCP   10m\n");
        Json cp = {{"metadata",
                    {{"name", "control-plane"},
                     {"creationTimestamp", ts(0)},
                     {"labels", {{"node-role.kubernetes.io/control-plane", ""}}}}},
                   {"spec", {{"unschedulable", true}}},
                   {"status",
                    {{"conditions", {{{"type", "Ready"}, {"status", "True"}}}},
                     {"addresses", {{{"type", "InternalIP"}, {"address", "10.0.0.1"}}}},
                     {"nodeInfo",
                      {{"kubeletVersion", "v1.32.0"},
                       {"osImage", "Debian GNU/Linux 12 (bookworm)"},
                       {"kernelVersion", "6.1.0"},
                       {"containerRuntimeVersion", "containerd://1.7.24"}}}}}};
        Json worker = {{"metadata", {{"name", "node-1"}, {"creationTimestamp", ts(0)}}},
                       {"status",
                        {{"conditions", {{{"type", "Ready"}, {"status", "Unknown"}}}},
                         {"nodeInfo", {{"kubeletVersion", "v1.32.0"}}}}}};
        row("nodes", "nodes", Json::array({cp, worker}), false,
            "NAME            STATUS                     ROLES           AGE   VERSION\n"
            "control-plane   Ready,SchedulingDisabled   control-plane   60m   v1.32.0\n"
            "node-1          NotReady                   <none>          60m   v1.32.0\n");
        row("nodes wide", "nodes", Json::array({cp}), true,
            "NAME            STATUS                     ROLES           AGE   VERSION   "
            "INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   "
            "CONTAINER-RUNTIME\n"
            "control-plane   Ready,SchedulingDisabled   control-plane   60m   v1.32.0   "
            "10.0.0.1      <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            "
            "containerd://1.7.24\n");
        Json ns = {{"metadata", {{"name", "default"}, {"creationTimestamp", ts(0)}}},
                   {"status", {{"phase", "Active"}}}};
        row("namespaces", "ns", Json::array({ns}), false,
            "NAME      STATUS   AGE\ndefault   Active   60m\n");
        Json cm = {{"metadata", {{"name", "kube-root-ca.crt"}, {"creationTimestamp", ts(0)}}},
                   {"data", {{"ca.crt", "x"}}}};
        row("configmaps", "cm", Json::array({cm}), false,
            "NAME               DATA   AGE\nkube-root-ca.crt   1      60m\n");
        Json secret = {{"metadata", {{"name", "creds"}, {"creationTimestamp", ts(0)}}},
                       {"type", "Opaque"},
                       {"data", {{"a", "eA=="}, {"b", "eQ=="}}}};
        row("secrets", "secrets", Json::array({secret}), false,
            "NAME    TYPE     DATA   AGE\ncreds   Opaque   2      60m\n");
        Json sa = {{"metadata", {{"name", "default"}, {"creationTimestamp", ts(0)}}}};
        row("serviceaccounts", "sa", Json::array({sa}), false,
            "NAME      SECRETS   AGE\ndefault   0         60m\n");
        Json ev = {{"metadata", {{"name", "web.1"}}},
                   {"involvedObject", {{"kind", "Pod"}, {"name", "web"}}},
                   {"type", "Normal"},
                   {"reason", "Scheduled"},
                   {"message", "Successfully assigned default/web to node-1"},
                   {"lastTimestamp", ts(3590)},
                   {"firstTimestamp", ts(3590)},
                   {"count", 1}};
        row("events", "events", Json::array({ev}), false,
            "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n"
            "10s         Normal   Scheduled   pod/web   Successfully assigned default/web to "
            "node-1\n");
        Json slice = {{"metadata", {{"name", "web-abc12"}, {"creationTimestamp", ts(3000)}}},
                      {"addressType", "IPv4"},
                      {"ports", {{{"port", 8080}}}},
                      {"endpoints",
                       {{{"addresses", {"10.244.1.5"}}},
                        {{"addresses", {"10.244.2.3"}}},
                        {{"addresses", {"10.244.2.4"}}},
                        {{"addresses", {"10.244.3.9"}}}}}};
        Json empty = {{"metadata", {{"name", "db-xyz"}, {"creationTimestamp", ts(3000)}}},
                      {"addressType", "IPv4"}};
        row("endpointslices", "endpointslices", Json::array({slice, empty}), false,
            "NAME        ADDRESSTYPE   PORTS     ENDPOINTS                                      "
            "AGE\n"
            "web-abc12   IPv4          8080      10.244.1.5,10.244.2.3,10.244.2.4 + 1 more...   "
            "10m\n"
            "db-xyz      IPv4          <unset>   <unset>                                        "
            "10m\n");
        Json lease = {{"metadata", {{"name", "kube-scheduler"}, {"creationTimestamp", ts(0)}}},
                      {"spec", {{"holderIdentity", "control-plane_1234"}}}};
        row("leases", "leases", Json::array({lease}), false,
            "NAME             HOLDER               AGE\n"
            "kube-scheduler   control-plane_1234   60m\n");
        Json pc = {{"metadata", {{"name", "system-node-critical"}, {"creationTimestamp", ts(0)}}},
                   {"value", 2000001000},
                   {"preemptionPolicy", "PreemptLowerPriority"}};
        row("priorityclasses", "pc", Json::array({pc}), false,
            "NAME                   VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"
            "system-node-critical   2000001000   false            60m   PreemptLowerPriority\n");
    }

    void tables()
    {
        QFETCH(QString, resource);
        QFETCH(QByteArray, items);
        QFETCH(bool, wide);
        QFETCH(QString, expected);
        std::vector<Json> list;
        for (const Json& i : Json::parse(items.toStdString()))
            list.push_back(i);
        TableOptions opts;
        opts.wide = wide;
        const std::string out =
            kubectl::printTable(kind(resource.toUtf8().constData()), list, kNow, opts);
        QCOMPARE(QString::fromStdString(out), expected);
        QVERIFY(QString::fromStdString(out) != expected.toLower());
    }

    void decorations()
    {
        Json p = pod("web", {{"phase", "Running"}, {"containerStatuses", {running()}}},
                     {{"labels", {{"app", "web"}, {"tier", "front"}}}});
        p["metadata"]["namespace"] = "shop";
        TableOptions opts;
        opts.withNamespace = true;
        opts.withKind = true;
        opts.showLabels = true;
        opts.labelColumns = {"app.kubernetes.io/name", "tier"};
        QCOMPARE(QString::fromStdString(
                     kubectl::printTable(kind("pods"), std::vector<Json>{p}, kNow, opts)),
                 QStringLiteral(
                     "NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE   NAME   TIER    "
                     "LABELS\n"
                     "shop        pod/web   1/1     Running   0          60m          front   "
                     "app=web,tier=front\n"));
        TableOptions bare;
        bare.noHeaders = true;
        const std::string noHeaders =
            kubectl::printTable(kind("pods"), std::vector<Json>{p}, kNow, bare);
        QCOMPARE(QString::fromStdString(noHeaders),
                 QStringLiteral("web   1/1   Running   0     60m\n"));
        QVERIFY(noHeaders.find("NAME") == std::string::npos);
    }

    void resourceNames()
    {
        QCOMPARE(QString::fromStdString(kubectl::resourceName(kind("deploy"), "nginx")),
                 QStringLiteral("deployment.apps/nginx"));
        QCOMPARE(QString::fromStdString(kubectl::resourceName(kind("po"), "web")),
                 QStringLiteral("pod/web"));
        QVERIFY(kubectl::resourceName(kind("po"), "web") != "pods/web");
    }
};

QTEST_GUILESS_MAIN(tst_TablePrinter)
#include "tst_tableprinter.moc"
