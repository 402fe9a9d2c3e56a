// The kubelet and the simulated runtime end to end: pods created with spec.nodeName set
// (no scheduler needed) on a whole simulated cluster, observed through the API and the
// trace.
#include <QtTest>

#include "engine/cluster/cluster.h"
#include "engine/node/kubelet.h"

using namespace kubelab;
using nlohmann::json;

namespace {
api::Request podRequest(const std::string& verb, const std::string& name = "", json body = nullptr)
{
    api::Request r;
    r.verb = verb;
    r.resource = "pods";
    r.ns = "default";
    r.name = name;
    r.body = std::move(body);
    return r;
}

json makePod(const std::string& name, const std::string& image, json command = json::array(),
             json annotations = json::object(), json extra = json::object())
{
    json c = {{"name", "app"}, {"image", image}};
    if (!command.empty())
        c["command"] = command;
    c.update(extra.value("container", json::object()));
    json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"annotations", annotations}}},
              {"spec", {{"nodeName", "worker-1"}, {"containers", json::array({c})}}}};
    p["spec"].update(extra.value("spec", json::object()));
    return p;
}

json getPod(cluster::Cluster& cluster, const std::string& name)
{
    api::Response r = cluster.call(podRequest("get", name));
    return r.ok() ? r.body : json();
}

void runFor(cluster::Cluster& cluster, sim::Duration d)
{
    cluster.sim().runUntil(cluster.sim().now() + d);
}

// Creates pod web-1 (nginx on worker-1), gives it 20 s to start, and returns it.
json startNginx(cluster::Cluster& cluster)
{
    if (cluster.call(podRequest("create", "", makePod("web-1", "nginx:1.14.2"))).code != 201)
        return json();
    runFor(cluster, 20 * sim::kSecond);
    return getPod(cluster, "web-1");
}

// Times of trace records of `kind` whose summary mentions `needle`.
std::vector<sim::Time> times(const cluster::Cluster& cluster, const std::string& kind,
                             const std::string& needle = "")
{
    std::vector<sim::Time> out;
    for (const auto& r : cluster.sim().trace())
        if (r.kind == kind && r.summary.find(needle) != std::string::npos)
            out.push_back(r.time);
    return out;
}

std::vector<std::string> eventMessages(cluster::Cluster& cluster, const std::string& reason)
{
    api::Request r;
    r.verb = "list";
    r.resource = "events";
    r.ns = "default";
    std::vector<std::string> out;
    for (const auto& e : cluster.call(r).body.value("items", json::array()))
        if (e.value("reason", "") == reason)
            out.push_back(e.value("message", ""));
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}
} // namespace

class tst_Kubelet : public QObject
{
    Q_OBJECT
private slots:
    void podStartsToRunning()
    {
        cluster::Cluster cluster(1);
        const json pod = startNginx(cluster);
        const json& status = pod["status"];
        QCOMPARE(status.value("phase", ""), std::string("Running"));
        QVERIFY(status.value("phase", "") != "Pending");
        QCOMPARE(status.value("podIP", ""), std::string("10.244.1.2"));
        QCOMPARE(status.value("hostIP", ""), std::string("172.18.0.3"));
        const json cs = status["containerStatuses"][0];
        QCOMPARE(cs.value("ready", false), true);
        QCOMPARE(cs.value("image", ""), std::string("docker.io/library/nginx:1.14.2"));
        QVERIFY(cs.value("containerID", "").rfind("containerd://", 0) == 0);
        QVERIFY(cs["state"].contains("running"));
        for (const auto& c : status["conditions"])
            QCOMPARE(c.value("status", ""), std::string("True"));

        // The CRI calls, in the order kubelet makes them.
        // (CoreDNS's pods made the same calls while the cluster booted.)
        const auto sandbox = times(cluster, "cri.RunPodSandbox", "for pod default/");
        const auto pull = times(cluster, "cri.PullImage", "calls CRI PullImage nginx:1.14.2");
        const auto create = times(cluster, "cri.CreateContainer", "CreateContainer app");
        const auto start = times(cluster, "cri.StartContainer", "StartContainer app");
        QCOMPARE(int(sandbox.size()), 1);
        QCOMPARE(int(pull.size()), 1);
        QCOMPARE(int(start.size()), 1);
        QVERIFY(sandbox[0] < pull[0] && pull[0] < create[0] && create[0] < start[0]);
        QVERIFY(!(start[0] < create[0]));

        const auto pulled = eventMessages(cluster, "Pulled");
        QVERIFY2(contains(pulled, "Successfully pulled image \"nginx:1.14.2\" in 1.294s "
                                  "(1.294s including waiting). Image size: 44700000 bytes."),
                 pulled.empty() ? "none" : pulled[0].c_str());
        QVERIFY(contains(eventMessages(cluster, "Pulling"), "Pulling image \"nginx:1.14.2\""));
        QVERIFY(contains(eventMessages(cluster, "Created"), "Created container app"));
        QVERIFY(contains(eventMessages(cluster, "Started"), "Started container app"));
        QVERIFY(!contains(eventMessages(cluster, "Started"), "Started container nginx"));

        // A second pod finds the image cached and gets the next address.
        cluster.call(podRequest("create", "", makePod("web-2", "nginx:1.14.2")));
        runFor(cluster, 10 * sim::kSecond);
        QCOMPARE(getPod(cluster, "web-2")["status"].value("podIP", ""), std::string("10.244.1.3"));
        QVERIFY(contains(eventMessages(cluster, "Pulled"),
                         "Container image \"nginx:1.14.2\" already present on machine"));
    }

    void nodeLease()
    {
        cluster::Cluster cluster(1);
        runFor(cluster, 25 * sim::kSecond);
        api::Request r;
        r.verb = "get";
        r.group = "coordination.k8s.io";
        r.resource = "leases";
        r.ns = "kube-node-lease";
        r.name = "worker-2";
        const json lease = cluster.call(r).body;
        QCOMPARE(lease["spec"].value("holderIdentity", ""), std::string("worker-2"));
        QCOMPARE(lease["spec"].value("leaseDurationSeconds", 0), 40);
        const std::string renew = lease["spec"].value("renewTime", "");
        QVERIFY2(renew >= "2026-01-05T09:00:20.000000Z", renew.c_str());
        QVERIFY(renew.size() == std::string("2026-01-05T09:00:20.000000Z").size());
    }

    void crashLoopBackOffDelays()
    {
        cluster::Cluster cluster(1);
        cluster.call(podRequest(
            "create", "",
            makePod("crash", "busybox:1.36", json::array({"sh", "-c", "echo boom; exit 1"}))));
        runFor(cluster, 200 * sim::kSecond);
        const auto exits = times(cluster, "container.exit", "container app exits with code 1");
        const auto starts = times(cluster, "cri.StartContainer", "StartContainer app");
        QVERIFY(exits.size() >= 5);
        QVERIFY(starts.size() >= 5);
        // Restart i+1 follows exit i by the back-off: immediate, then 10 s, 20 s, 40 s.
        const int expected[] = {0, 10, 20, 40};
        for (int i = 0; i < 4; ++i) {
            const long delay = long((starts[i + 1] - exits[i]) / sim::kSecond);
            QCOMPARE(delay, long(expected[i]));
        }
        QVERIFY((starts[2] - exits[1]) / sim::kSecond != 0);
        const json cs = getPod(cluster, "crash")["status"]["containerStatuses"][0];
        QVERIFY(cs.value("restartCount", 0) >= 4);
        QVERIFY(eventMessages(cluster, "BackOff").size() >= 1);
        const std::string msg = eventMessages(cluster, "BackOff")[0];
        QVERIFY2(msg.rfind("Back-off restarting failed container app in pod crash_default(", 0) ==
                     0,
                 msg.c_str());
        // Logs of the previous instance survive the restart.
        api::Request logs = podRequest("get", "crash");
        logs.subresource = "log";
        logs.body = {{"previous", true}};
        const api::Response r = cluster.call(logs);
        QCOMPARE(r.code, 200);
        QCOMPARE(r.body.get<std::string>(), std::string("boom\n"));
    }

    void oomKilled()
    {
        cluster::Cluster cluster(1);
        json extra = {{"container", {{"resources", {{"limits", {{"memory", "128Mi"}}}}}}}};
        cluster.call(podRequest("create", "",
                                makePod("hog", "nginx:1.27", json::array(),
                                        {{"kubelab.io/memory-usage", "300Mi"}}, extra)));
        runFor(cluster, 6 * sim::kSecond);
        const json cs = getPod(cluster, "hog")["status"]["containerStatuses"][0];
        const json term = cs["state"].contains("terminated") ? cs["state"]["terminated"]
                                                             : cs["lastState"]["terminated"];
        QCOMPARE(term.value("reason", ""), std::string("OOMKilled"));
        QCOMPARE(term.value("exitCode", 0), 137);
        QVERIFY(term.value("reason", "") != "Error");
    }

    void imagePullBackOff()
    {
        cluster::Cluster cluster(1);
        cluster.call(podRequest("create", "", makePod("bad", "nginx:nope")));
        std::vector<std::string> reasons;
        for (int i = 0; i < 300; ++i) {
            runFor(cluster, 100 * sim::kMillisecond);
            const json cs =
                getPod(cluster, "bad")["status"].value("containerStatuses", json::array());
            if (cs.empty() || !cs[0]["state"].contains("waiting"))
                continue;
            const std::string reason = cs[0]["state"]["waiting"].value("reason", "");
            if (reasons.empty() || reasons.back() != reason)
                reasons.push_back(reason);
        }
        QVERIFY(reasons.size() >= 4);
        QCOMPARE(reasons[0], std::string("ContainerCreating"));
        QCOMPARE(reasons[1], std::string("ErrImagePull"));
        QCOMPARE(reasons[2], std::string("ImagePullBackOff"));
        QVERIFY(reasons[1] != "ImagePullBackOff");
        QVERIFY(
            contains(eventMessages(cluster, "BackOff"), "Back-off pulling image \"nginx:nope\""));
        const auto failed = eventMessages(cluster, "Failed");
        QVERIFY(contains(failed, "Error: ErrImagePull"));
        QVERIFY(contains(failed, "Error: ImagePullBackOff"));
    }

    void gracefulDelete_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<int>("stillThereAt");
        QTest::addColumn<int>("goneBy");
        // nginx exits on SIGTERM; `sleep` as PID 1 ignores it and is killed at the end of
        // the 5 s grace period.
        QTest::newRow("nginx") << "nginx:1.14.2" << QStringList{} << 0 << 2;
        QTest::newRow("sleep") << "busybox:1.36" << QStringList{"sleep", "3600"} << 4 << 7;
    }
    void gracefulDelete()
    {
        QFETCH(QString, image);
        QFETCH(QStringList, command);
        QFETCH(int, stillThereAt);
        QFETCH(int, goneBy);
        cluster::Cluster cluster(1);
        json cmd = json::array();
        for (const auto& w : command)
            cmd.push_back(w.toStdString());
        cluster.call(podRequest("create", "",
                                makePod("victim", image.toStdString(), cmd, json::object(),
                                        {{"spec", {{"terminationGracePeriodSeconds", 5}}}})));
        runFor(cluster, 10 * sim::kSecond);
        QCOMPARE(getPod(cluster, "victim")["status"].value("phase", ""), std::string("Running"));
        const sim::Time deleted = cluster.sim().now();
        QCOMPARE(cluster.call(podRequest("delete", "victim")).code, 200);
        cluster.sim().runUntil(deleted + stillThereAt * sim::kSecond);
        if (stillThereAt > 0)
            QVERIFY(!getPod(cluster, "victim").is_null());
        cluster.sim().runUntil(deleted + goneBy * sim::kSecond);
        QVERIFY(getPod(cluster, "victim").is_null());
        QVERIFY(contains(eventMessages(cluster, "Killing"), "Stopping container app"));
        // The kubelet's own zero-grace DELETE removed it.
        bool kubeletDelete = false;
        for (const auto& r : cluster.sim().trace())
            kubeletDelete =
                kubeletDelete || (r.kind == "api.request" &&
                                  r.detailJson().value("client", "") == "kubelet-worker-1" &&
                                  r.summary.rfind("DELETE", 0) == 0);
        QVERIFY(kubeletDelete);
    }

    void logs_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<bool>("previous");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::newRow("current") << "" << false << 200 << "hello\nworld\n";
        QTest::newRow("by name") << "app" << false << 200 << "hello\nworld\n";
        QTest::newRow("no previous") << "app" << true << 400
                                     << "previous terminated container \"app\" in pod \"talk\" "
                                        "not found";
        QTest::newRow("wrong container")
            << "nope" << false << 400 << "container nope is not valid for pod talk";
    }
    // The status manager remembers what it last wrote. Once the API server's pod carries
    // that status, the memory is shared with the informer's object instead of a copy; a
    // status someone else writes later is not taken for the kubelet's own.
    void statusCacheSharesTheWrittenStatus()
    {
        cluster::Cluster cluster(1);
        const json pod = startNginx(cluster);
        QCOMPARE(pod["status"].value("phase", ""), std::string("Running"));
        const auto* kubelet = cluster.sim().actorAs<node::Kubelet>("kubelet-worker-1");
        QVERIFY(kubelet);
        const node::PodWorker& w = kubelet->workers().at(pod["metadata"].value("uid", ""));
        QVERIFY(w.lastStatus);
        QVERIFY(w.lastStatusShared);
        QCOMPARE(*w.lastStatus, pod["status"]);

        api::Request patch = podRequest("patch", "web-1");
        patch.subresource = "status";
        patch.patchType = "application/merge-patch+json";
        patch.body = {{"status", {{"message", "written by someone else"}}}};
        QCOMPARE(cluster.call(patch).code, 200);
        runFor(cluster, 5 * sim::kSecond);
        const json patched = getPod(cluster, "web-1");
        QCOMPARE(patched["status"].value("message", ""), std::string("written by someone else"));
        const node::PodWorker& after = cluster.sim()
                                           .actorAs<node::Kubelet>("kubelet-worker-1")
                                           ->workers()
                                           .at(pod["metadata"].value("uid", ""));
        QVERIFY(after.lastStatus);
        QVERIFY(!after.lastStatus->contains("message"));
        QCOMPARE(*after.lastStatus, pod["status"]);
    }

    void logs()
    {
        QFETCH(QString, container);
        QFETCH(bool, previous);
        QFETCH(int, code);
        QFETCH(QString, text);
        cluster::Cluster cluster(1);
        cluster.call(
            podRequest("create", "",
                       makePod("talk", "busybox:1.36",
                               json::array({"sh", "-c", "echo hello; echo world; sleep 3600"}))));
        runFor(cluster, 10 * sim::kSecond);
        api::Request r = podRequest("get", "talk");
        r.subresource = "log";
        r.body = json::object();
        if (!container.isEmpty())
            r.body["container"] = container.toStdString();
        if (previous)
            r.body["previous"] = true;
        const api::Response resp = cluster.call(r);
        QCOMPARE(resp.code, code);
        const std::string got =
            resp.body.is_string() ? resp.body.get<std::string>() : resp.body.value("message", "");
        QCOMPARE(QString::fromStdString(got), text);
    }
};

QTEST_GUILESS_MAIN(tst_Kubelet)
#include "tst_kubelet.moc"
