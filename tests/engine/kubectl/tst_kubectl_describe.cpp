// kubectl describe layouts (kubectl 1.32): pod golden text, events table, and the
// command's event lookup through the API server of a simulated cluster.
#include <algorithm>

#include <QtTest>

#include "engine/kubectl/describe/describer.h"
#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using Json = nlohmann::json;

namespace {

std::string ts(int s)
{
    return sim::formatTimestamp(s * sim::kSecond);
}
constexpr sim::Time kNow = 3600 * sim::kSecond;

Json webPod()
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata",
             {{"name", "web"},
              {"namespace", "default"},
              {"uid", "u-1"},
              {"creationTimestamp", ts(0)},
              {"labels", {{"run", "web"}}},
              {"annotations", {{"kubectl.kubernetes.io/last-applied-configuration", "{}"}}}}},
            {"spec",
             {{"nodeName", "node-1"},
              {"priority", 0},
              {"serviceAccountName", "default"},
              {"containers",
               {{{"name", "web"},
                 {"image", "nginx"},
                 {"ports", {{{"containerPort", 80}, {"protocol", "TCP"}}}}}}},
              {"tolerations",
               {{{"key", "node.kubernetes.io/unreachable"},
                 {"operator", "Exists"},
                 {"effect", "NoExecute"},
                 {"tolerationSeconds", 300}},
                {{"key", "node.kubernetes.io/not-ready"},
                 {"operator", "Exists"},
                 {"effect", "NoExecute"},
                 {"tolerationSeconds", 300}}}}}},
            {"status",
             {{"phase", "Running"},
              {"hostIP", "10.0.0.2"},
              {"podIP", "10.244.1.2"},
              {"podIPs", {{{"ip", "10.244.1.2"}}}},
              {"startTime", ts(5)},
              {"qosClass", "BestEffort"},
              {"conditions",
               {{{"type", "Initialized"}, {"status", "True"}},
                {{"type", "Ready"}, {"status", "True"}},
                {{"type", "PodScheduled"}, {"status", "True"}}}},
              {"containerStatuses",
               {{{"name", "web"},
                 {"ready", true},
                 {"restartCount", 0},
                 {"containerID", "containerd://abc"},
                 {"imageID", "docker.io/nginx@sha256:1"},
                 {"state", {{"running", {{"startedAt", ts(7)}}}}}}}}}}};
}

Json makeEvent(const std::string& reason, const std::string& from, const std::string& message,
               int last, int count = 1, int first = -1)
{
    std::string name = "web." + reason; // the API server takes lower-case names only
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    return {{"metadata", {{"name", name}, {"namespace", "default"}}},
            {"involvedObject",
             {{"kind", "Pod"}, {"name", "web"}, {"namespace", "default"}, {"uid", "u-1"}}},
            {"type", "Normal"},
            {"reason", reason},
            {"message", message},
            {"source", {{"component", from}}},
            {"count", count},
            {"firstTimestamp", ts(first < 0 ? last : first)},
            {"lastTimestamp", ts(last)}};
}

} // namespace

class tst_KubectlDescribe : public QObject
{
    Q_OBJECT

private slots:
    void pod()
    {
        DescribeInput in;
        in.object = webPod();
        in.events = {
            makeEvent("Pulled", "kubelet", "Container image \"nginx\" already present", 3590),
            makeEvent("Scheduled", "default-scheduler",
                      "Successfully assigned default/web to node-1", 3580),
            makeEvent("BackOff", "kubelet", "Back-off restarting failed container", 3595, 4, 3400)};
        const std::string out = describeObject(*model::resolveResource("pods"), in, kNow);
        QCOMPARE(
            QString::fromStdString(out),
            QStringLiteral(
                "Name:             web\n"
                "Namespace:        default\n"
                "Priority:         0\n"
                "Service Account:  default\n"
                "Node:             node-1/10.0.0.2\n"
                "Start Time:       Mon, 05 Jan 2026 09:00:05 +0000\n"
                "Labels:           run=web\n"
                "Annotations:      <none>\n"
                "Status:           Running\n"
                "IP:               10.244.1.2\n"
                "IPs:\n"
                "  IP:  10.244.1.2\n"
                "Containers:\n"
                "  web:\n"
                "    Container ID:   containerd://abc\n"
                "    Image:          nginx\n"
                "    Image ID:       docker.io/nginx@sha256:1\n"
                "    Port:           80/TCP\n"
                "    Host Port:      0/TCP\n"
                "    State:          Running\n"
                "      Started:      Mon, 05 Jan 2026 09:00:07 +0000\n"
                "    Ready:          True\n"
                "    Restart Count:  0\n"
                "    Environment:    <none>\n"
                "    Mounts:         <none>\n"
                "Conditions:\n"
                "  Type           Status\n"
                "  Initialized    True \n"
                "  Ready          True \n"
                "  PodScheduled   True \n"
                "Volumes:         <none>\n"
                "QoS Class:       BestEffort\n"
                "Node-Selectors:  <none>\n"
                "Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
                "                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
                "Events:\n"
                "  Type    Reason     Age                 From               Message\n"
                "  ----    ------     ----                ----               -------\n"
                "  Normal  Scheduled  20s                 default-scheduler  Successfully assigned "
                "default/web to node-1\n"
                "  Normal  Pulled     10s                 kubelet            Container image "
                "\"nginx\" already present\n"
                "  Normal  BackOff    5s (x4 over 3m20s)  kubelet            Back-off restarting "
                "failed container\n"));
        // The last-applied annotation is hidden, as kubectl hides it.
        QVERIFY(out.find("last-applied") == std::string::npos);
    }

    void noEvents()
    {
        DescribeInput in;
        in.object = {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", "cfg"}, {"namespace", "default"}}},
                     {"data", {{"a", "1"}}}};
        QCOMPARE(QString::fromStdString(describeObject(*model::resolveResource("cm"), in, kNow)),
                 QStringLiteral("Name:         cfg\nNamespace:    default\nLabels:       <none>\n"
                                "Annotations:  <none>\n\nData\n====\na:\n----\n1\n\n\n"
                                "BinaryData\n====\n\nEvents:  <none>\n"));
    }

    void nodeAllocation()
    {
        DescribeInput in;
        in.object = {
            {"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", "worker-1"}, {"creationTimestamp", ts(0)}}},
            {"spec", {{"unschedulable", true}}},
            {"status", {{"allocatable", {{"cpu", "2"}, {"memory", "4Gi"}, {"pods", "110"}}}}}};
        Json p = webPod();
        p["spec"]["containers"][0]["resources"] = {
            {"requests", {{"cpu", "500m"}, {"memory", "1Gi"}}}, {"limits", {{"cpu", "1"}}}};
        in.related = {p};
        in.lease = {{"spec", {{"holderIdentity", "worker-1"}, {"renewTime", ts(3590)}}}};
        const std::string out = describeObject(*model::resolveResource("nodes"), in, kNow);
        QVERIFY2(out.find("Unschedulable:      true\nLease:\n  HolderIdentity:  worker-1\n"
                          "  AcquireTime:     <unset>\n  RenewTime:       Mon, 05 Jan 2026 "
                          "09:59:50 +0000\n") != std::string::npos,
                 out.c_str());
        QVERIFY2(out.find("  default                     web     500m (25%)    1 (50%)     "
                          "1Gi (25%)        0 (0%)         60m\n") != std::string::npos,
                 out.c_str());
        QVERIFY2(out.find("  cpu                500m (25%)  1 (50%)\n") != std::string::npos,
                 out.c_str());
        QVERIFY(out.find("500m (0%)") == std::string::npos);
    }

    void job()
    {
        DescribeInput in;
        in.object = {
            {"apiVersion", "batch/v1"},
            {"kind", "Job"},
            {"metadata",
             {{"name", "pi"}, {"namespace", "default"}, {"creationTimestamp", ts(3000)}}},
            {"spec",
             {{"parallelism", 1},
              {"completions", 1},
              {"backoffLimit", 4},
              {"selector", {{"matchLabels", {{"job-name", "pi"}}}}},
              {"template",
               {{"metadata", {{"labels", {{"job-name", "pi"}}}}},
                {"spec", {{"containers", {{{"name", "pi"}, {"image", "perl"}}}}}}}}}},
            {"status", {{"startTime", ts(3000)}, {"completionTime", ts(3042)}, {"succeeded", 1}}}};
        const std::string out = describeObject(*model::resolveResource("jobs"), in, kNow);
        QVERIFY2(out.rfind("Name:             pi\nNamespace:        default\n"
                           "Selector:         job-name=pi\n",
                           0) == 0,
                 out.c_str());
        QVERIFY2(out.find("Completion Mode:  NonIndexed\nSuspend:          false\n"
                          "Backoff Limit:    4\nStart Time:       Mon, 05 Jan 2026 09:50:00 "
                          "+0000\nCompleted At:     Mon, 05 Jan 2026 09:50:42 +0000\n"
                          "Duration:         42s\nPods Statuses:    0 Active (0 Ready) / 1 "
                          "Succeeded / 0 Failed\n") != std::string::npos,
                 out.c_str());
        QVERIFY(out.find("Duration:         10m") == std::string::npos);
    }

    void rfc1123()
    {
        QCOMPARE(QString::fromStdString(rfc1123z("2026-01-05T09:00:00Z")),
                 QStringLiteral("Mon, 05 Jan 2026 09:00:00 +0000"));
        QCOMPARE(QString::fromStdString(rfc1123z("2024-02-29T23:59:59Z")),
                 QStringLiteral("Thu, 29 Feb 2024 23:59:59 +0000"));
        QVERIFY(rfc1123z("garbage") != "Thu, 01 Jan 1970 00:00:00 +0000");
    }

    void commandFetchesEvents()
    {
        testing::KubectlFixture f;
        f.runUntil(kNow);
        // The pod as the kubelet reported it; its uid is the API server's.
        Json pod = webPod();
        pod["metadata"].erase("uid");
        const std::string uid = f.create(pod)["metadata"]["uid"];
        Json ev = makeEvent("Scheduled", "default-scheduler", "ok", 3580);
        ev["apiVersion"] = "v1";
        ev["kind"] = "Event";
        ev["involvedObject"]["uid"] = uid;
        f.create(ev);
        Json other = ev;
        other["metadata"]["name"] = "db.x";
        other["involvedObject"]["name"] = "db";
        f.create(other);
        Result r = f.run({"describe", "pod", "web"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("  Normal  Scheduled  20s   default-scheduler  ok\n") !=
                     std::string::npos,
                 r.out.c_str());
        QCOMPARE(std::count(r.out.begin(), r.out.end(), '\n') > 30, true);
        bool sawSelector = false;
        for (const api::Request& req : f.requests)
            if (req.resource == "events")
                sawSelector = req.fieldSelector == "involvedObject.name=web,involvedObject."
                                                   "namespace=default,involvedObject.uid=" +
                                                       uid;
        QVERIFY(sawSelector);
        r = f.run({"describe", "pod", "nope"});
        QCOMPARE(QString::fromStdString(r.err),
                 QStringLiteral("Error from server (NotFound): pods \"nope\" not found\n"));
        r = f.run({"describe", "pod", "w"}); // name prefix, as kubectl
        QVERIFY(r.out.rfind("Name:             web\n", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(tst_KubectlDescribe)
#include "tst_kubectl_describe.moc"
