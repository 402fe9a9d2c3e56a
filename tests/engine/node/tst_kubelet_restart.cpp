// A kubelet stopped and started again (`fault stop|start kubelet/NODE`) on a whole
// simulated cluster. A real kubelet restart leaves containers alone (they belong to the
// runtime, not to the kubelet process): on start it registers again (the Node exists),
// renews its Lease, relists the runtime's containers and syncs every pod bound to it.
// So running containers keep running with the same container ID and restart count;
// a container that exited while the kubelet was away is seen exited and restarted per
// restartPolicy; pods deleted meanwhile are terminated and removed; pod status the node
// controller changed (Ready=False) is reported correctly again.
#include <QtTest>

#include "engine/node/container_runtime.h"
#include "engine/node/cri.h"
#include "engine/node/kubelet.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

json bare(const std::string& name, const std::string& image, json command = nullptr)
{
    json c = {{"name", "app"}, {"image", image}};
    if (!command.is_null())
        c["command"] = command;
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}}},
            {"spec", {{"nodeName", "worker-1"}, {"containers", json::array({c})}}}};
}

json containerStatus(const ClusterLab& lab, const std::string& pod)
{
    return lab.get("pods", "default", pod)
        .value(json::json_pointer("/status/containerStatuses/0"), json());
}

// Containers in CONTAINER_RUNNING state in sandboxes of pod `name` on a runtime.
int runningContainersOf(const node::ContainerRuntime& runtime, const std::string& name)
{
    int n = 0;
    for (const auto& [id, c] : runtime.containers()) {
        auto sb = runtime.sandboxes().find(c.sandboxId);
        if (sb != runtime.sandboxes().end() && sb->second.name == name &&
            c.state == node::cri::kRunning)
            ++n;
    }
    return n;
}

} // namespace

class tst_KubeletRestart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shortStopKeepsContainers();
    void longStopCatchesUpWithTheCluster();
    void forceDeletedWhileAwayIsCleanedUp();
};

void tst_KubeletRestart::shortStopKeepsContainers()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", bare("steady", "nginx:1.27").dump());
    // Runs 60 s, then exits 3: that happens while the kubelet is away.
    lab.sh("kubectl apply -f -",
           bare("short", "busybox:1.37", {"sh", "-c", "sleep 60; exit 3"}).dump());
    lab.settle();
    const json steadyBefore = containerStatus(lab, "steady");
    QVERIFY(steadyBefore.contains(json::json_pointer("/state/running")));
    QCOMPARE(containerStatus(lab, "short").value("restartCount", -1), 0);

    lab.sh("fault stop kubelet/worker-1");
    lab.runFor(40 * sim::kSecond); // less than the node grace period
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready"),
             std::string("True"));
    lab.runFor(20 * sim::kSecond); // `short` has exited by now, unseen
    // Nobody reported it: the API still shows it running.
    QVERIFY(containerStatus(lab, "short").contains(json::json_pointer("/state/running")));

    lab.sh("fault start kubelet/worker-1");
    QVERIFY(lab.ok());
    const sim::Time startedAt = lab.now();
    lab.runFor(15 * sim::kSecond);

    // Re-registered (the Node already existed) and heartbeating.
    const json lease = lab.get("leases", "kube-node-lease", "worker-1");
    QVERIFY(ClusterLab::microStamp(lease.value(json::json_pointer("/spec/renewTime"), "")) >=
            startedAt);
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready"),
             std::string("True"));

    // The running container was left alone.
    const json steady = containerStatus(lab, "steady");
    QCOMPARE(steady.value("containerID", ""), steadyBefore.value("containerID", ""));
    QCOMPARE(steady.value("restartCount", -1), 0);
    QCOMPARE(steady.value(json::json_pointer("/state/running/startedAt"), ""),
             steadyBefore.value(json::json_pointer("/state/running/startedAt"), ""));
    QVERIFY(lab.eventMessages("Killing", "steady").empty());
    QCOMPARE(lab.eventMessages("Started", "steady").size(), std::size_t(1));
    QCOMPARE(lab.events("Started", "steady")[0].value("count", 0), 1);

    // The one that exited was noticed on the relist and restarted (restartPolicy Always).
    const json shortCs = containerStatus(lab, "short");
    QCOMPARE(shortCs.value("restartCount", -1), 1);
    QCOMPARE(shortCs.value(json::json_pointer("/lastState/terminated/exitCode"), -1), 3);
    QCOMPARE(shortCs.value(json::json_pointer("/lastState/terminated/reason"), ""),
             std::string("Error"));
    QVERIFY(shortCs.contains(json::json_pointer("/state/running")));
}

void tst_KubeletRestart::longStopCatchesUpWithTheCluster()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", bare("steady", "nginx:1.27").dump());
    lab.sh("kubectl apply -f -", bare("doomed", "nginx:1.27").dump());
    lab.settle();
    const std::string steadyId = containerStatus(lab, "steady").value("containerID", "");

    lab.sh("fault stop kubelet/worker-1");
    lab.runFor(2 * sim::kMinute);
    // The node controller marked the node's pods not Ready.
    QCOMPARE(ClusterLab::conditionStatus(lab.get("pods", "default", "steady"), "Ready"),
             std::string("False"));
    // A delete while the kubelet is away only marks the pod; nobody stops its containers.
    lab.sh("kubectl delete pod doomed --wait=false");
    QVERIFY(lab.ok());
    lab.runFor(1 * sim::kMinute);
    QVERIFY(lab.exists("pods", "default", "doomed"));

    lab.sh("fault start kubelet/worker-1");
    lab.runFor(30 * sim::kSecond);
    // The deleted pod is terminated and removed now.
    QVERIFY(!lab.exists("pods", "default", "doomed"));
    QCOMPARE(lab.eventMessages("Killing", "doomed"),
             (std::vector<std::string>{"Stopping container app"}));
    // The surviving pod is Ready again, with the same container.
    const json steady = lab.get("pods", "default", "steady");
    QCOMPARE(ClusterLab::conditionStatus(steady, "Ready"), std::string("True"));
    QCOMPARE(containerStatus(lab, "steady").value("containerID", ""), steadyId);
    QCOMPARE(containerStatus(lab, "steady").value("restartCount", -1), 0);
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready"),
             std::string("True"));
    // Its pending taint-based eviction (300 s, not reached) was called off.
    QCOMPARE(lab.eventMessages("TaintManagerEviction", "steady"),
             (std::vector<std::string>{"Cancelling deletion of Pod default/steady"}));
    lab.runFor(10 * sim::kMinute);
    QVERIFY(!lab.get("pods", "default", "steady")["metadata"].contains("deletionTimestamp"));
}

void tst_KubeletRestart::forceDeletedWhileAwayIsCleanedUp()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", bare("ghost", "nginx:1.27").dump());
    lab.sh("kubectl apply -f -", bare("keep", "nginx:1.27").dump());
    lab.settle();
    // Looked up at each use: stepping may copy an actor away from a rewind checkpoint.
    auto runtime = [&lab]() -> const node::ContainerRuntime& {
        return *lab.cluster().sim().actorAs<node::ContainerRuntime>("containerd-worker-1");
    };
    QCOMPARE(runningContainersOf(runtime(), "ghost"), 1);
    QCOMPARE(runningContainersOf(runtime(), "keep"), 1);

    lab.sh("fault stop kubelet/worker-1");
    lab.runFor(20 * sim::kSecond);
    // Gone from the API at once; the node cannot know while its kubelet is away.
    lab.sh("kubectl delete pod ghost --force --grace-period=0");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    QVERIFY(!lab.exists("pods", "default", "ghost"));
    lab.runFor(20 * sim::kSecond);
    QCOMPARE(runningContainersOf(runtime(), "ghost"), 1);

    // Back, the kubelet's housekeeping finds a pod it runs that the API no longer has,
    // and kills it (HandlePodCleanups); the other pod is left alone.
    lab.sh("fault start kubelet/worker-1");
    lab.runFor(30 * sim::kSecond);
    QCOMPARE(runningContainersOf(runtime(), "ghost"), 0);
    QCOMPARE(runningContainersOf(runtime(), "keep"), 1);
    const auto& kubelet = *lab.cluster().sim().actorAs<node::Kubelet>("kubelet-worker-1");
    QCOMPARE(kubelet.workers().size(), std::size_t(1));
    QCOMPARE(kubelet.workers().begin()->second.name, std::string("keep"));
}

QTEST_GUILESS_MAIN(tst_KubeletRestart)
#include "tst_kubelet_restart.moc"
