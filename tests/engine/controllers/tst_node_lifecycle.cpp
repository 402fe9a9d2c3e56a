// The node lifecycle controller on a whole simulated cluster: a stopped kubelet stops
// renewing its Lease; after node-monitor-grace-period the node's conditions go Unknown,
// it is tainted unreachable, its pods stop being Ready and a NodeNotReady event is
// recorded; when the kubelet comes back all of that is undone.
//
// Numbers: node-monitor-period 5 s and node-monitor-grace-period 50 s are
// kube-controller-manager's defaults (pkg/controller/nodelifecycle/config/v1alpha1;
// the grace period became 50 s with kubernetes/kubernetes#126287, released in v1.32 —
// v1.31 itself still had 40 s); the kubelet renews its Lease every 10 s
// (nodeLeaseDurationSeconds 40 / 4). Condition texts from node_lifecycle_controller.go
// tryUpdateNodeHealth: reason "NodeStatusUnknown", message "Kubelet stopped posting node
// status."; taint keys from k8s.io/api/core/v1 well_known_taints.go.
#include <QtTest>

#include "engine/controllers/node_lifecycle_controller.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

constexpr sim::Duration kGrace = controllers::NodeLifecycleController::kGracePeriod;
constexpr sim::Duration kMonitorPeriod = 5 * sim::kSecond;

sim::Time leaseRenewed(const ClusterLab& lab, const std::string& node)
{
    return ClusterLab::microStamp(lab.get("leases", "kube-node-lease", node)
                                      .value(json::json_pointer("/spec/renewTime"), ""));
}

std::vector<std::string> taintsOf(const json& node)
{
    std::vector<std::string> out;
    for (const json& t : node.value(json::json_pointer("/spec/taints"), json::array()))
        out.push_back(t.value("key", "") + ":" + t.value("effect", ""));
    return out;
}

std::string podReady(const ClusterLab& lab, const std::string& name)
{
    return ClusterLab::conditionStatus(lab.get("pods", "default", name), "Ready");
}

json bareNginx(const std::string& name, const std::string& node)
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"nodeName", node}, {"containers", {{{"name", "app"}, {"image", "nginx:1.27"}}}}}}};
}

} // namespace

class tst_NodeLifecycle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stoppedKubeletGoesUnknownAfterGracePeriod();
    void restartedKubeletIsReadyAgain();
};

void tst_NodeLifecycle::stoppedKubeletGoesUnknownAfterGracePeriod()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", bareNginx("on-w1", "worker-1").dump());
    lab.sh("kubectl apply -f -", bareNginx("on-w2", "worker-2").dump());
    lab.settle();
    lab.runFor(30 * sim::kSecond); // a few heartbeats in
    QCOMPARE(podReady(lab, "on-w1"), std::string("True"));

    lab.sh("fault stop kubelet/worker-1");
    QVERIFY(lab.ok());
    const sim::Time stoppedAt = lab.now();
    const sim::Time heartbeat = leaseRenewed(lab, "worker-1");
    QVERIFY(heartbeat > 0 && heartbeat <= stoppedAt);
    QVERIFY(stoppedAt - heartbeat <= 10 * sim::kSecond); // renewed every 10 s

    // 49 s after the last heartbeat the node is still Ready and untainted.
    lab.runUntil(heartbeat + kGrace - 1 * sim::kSecond);
    QCOMPARE(leaseRenewed(lab, "worker-1"), heartbeat); // nobody renewed it since
    json node = lab.get("nodes", "", "worker-1");
    QCOMPARE(ClusterLab::conditionStatus(node, "Ready"), std::string("True"));
    QVERIFY(taintsOf(node).empty());
    QVERIFY(lab.eventMessages("NodeNotReady", "worker-1").empty());
    QCOMPARE(podReady(lab, "on-w1"), std::string("True"));

    // The controller noticed the last renewal at its next check (at most one monitor
    // period later) and acts at the check where the grace period has passed since then
    // (probeTimestamp + gracePeriod): Unknown after 50 s, and within 50 s + one monitor
    // period of the heartbeat (+ the network's milliseconds). Stepping allows longer so
    // that a late mark fails the bound below with its time, not here.
    QVERIFY(lab.stepUntil(
        [&] {
            return ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready") != "True";
        },
        kGrace + 2 * kMonitorPeriod + sim::kSecond - (lab.now() - heartbeat)));
    const sim::Time unknownAt = lab.now();
    QVERIFY2(unknownAt - heartbeat > kGrace, sim::formatDuration(unknownAt - heartbeat).c_str());
    QVERIFY2(unknownAt - heartbeat <= kGrace + kMonitorPeriod + kMonitorPeriod / 5,
             sim::formatDuration(unknownAt - heartbeat).c_str());

    node = lab.get("nodes", "", "worker-1");
    for (const char* type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
        const json c = ClusterLab::condition(node, type);
        QCOMPARE(c.value("status", ""), std::string("Unknown"));
        QCOMPARE(c.value("reason", ""), std::string("NodeStatusUnknown"));
        QCOMPARE(c.value("message", ""), std::string("Kubelet stopped posting node status."));
    }
    QCOMPARE(ClusterLab::stamp(ClusterLab::condition(node, "Ready"), "/lastTransitionTime"),
             unknownAt / sim::kSecond * sim::kSecond);
    // Other nodes are untouched.
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-2"), "Ready"),
             std::string("True"));

    lab.runFor(2 * sim::kSecond); // the taint patch and events follow the status write
    node = lab.get("nodes", "", "worker-1");
    QCOMPARE(taintsOf(node),
             (std::vector<std::string>{"node.kubernetes.io/unreachable:NoSchedule",
                                       "node.kubernetes.io/unreachable:NoExecute"}));
    for (const json& t : node["spec"]["taints"])
        QCOMPARE(t.contains("timeAdded"), t.value("effect", "") == "NoExecute");
    QVERIFY(taintsOf(lab.get("nodes", "", "worker-2")).empty());
    QCOMPARE(lab.eventMessages("NodeNotReady", "worker-1"),
             (std::vector<std::string>{"Node worker-1 status is now: NodeNotReady"}));
    QVERIFY(lab.eventMessages("NodeNotReady", "worker-2").empty());
    // MarkPodsNotReady: the node's pods stop being Ready; pods elsewhere stay Ready.
    QCOMPARE(podReady(lab, "on-w1"), std::string("False"));
    QCOMPARE(podReady(lab, "on-w2"), std::string("True"));
    QCOMPARE(lab.eventMessages("NodeNotReady", "on-w1"),
             (std::vector<std::string>{"Node is not ready"}));
    const std::string table = lab.sh("kubectl get nodes");
    QVERIFY2(table.find("worker-1        NotReady") != std::string::npos, table.c_str());
    QVERIFY2(table.find("worker-2        Ready") != std::string::npos, table.c_str());
}

void tst_NodeLifecycle::restartedKubeletIsReadyAgain()
{
    ClusterLab lab;
    lab.settle();
    lab.sh("fault stop kubelet/worker-1");
    lab.runFor(2 * sim::kMinute);
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready"),
             std::string("Unknown"));
    QCOMPARE(taintsOf(lab.get("nodes", "", "worker-1")).size(), std::size_t(2));

    lab.sh("fault start kubelet/worker-1");
    QVERIFY(lab.ok());
    const sim::Time startedAt = lab.now();
    // The kubelet posts its status at once on start-up (its node status loop runs first
    // thing), and renews its Lease; the taints follow the Ready condition.
    QVERIFY(lab.stepUntil(
        [&] {
            const json n = lab.get("nodes", "", "worker-1");
            return ClusterLab::conditionStatus(n, "Ready") == "True" && taintsOf(n).empty();
        },
        sim::kSecond));
    QVERIFY(leaseRenewed(lab, "worker-1") >= startedAt);
    const json node = lab.get("nodes", "", "worker-1");
    const json ready = ClusterLab::condition(node, "Ready");
    QCOMPARE(ready.value("reason", ""), std::string("KubeletReady"));
    QCOMPARE(ready.value("message", ""), std::string("kubelet is posting ready status"));
    QVERIFY(ClusterLab::stamp(ready, "/lastTransitionTime") >=
            startedAt / sim::kSecond * sim::kSecond);
    // The controller records NodeReady at its next check.
    QVERIFY(lab.stepUntil([&] { return !lab.events("NodeReady", "worker-1").empty(); },
                          kMonitorPeriod + sim::kSecond));
    QCOMPARE(lab.eventMessages("NodeReady", "worker-1"),
             (std::vector<std::string>{"Node worker-1 status is now: NodeReady"}));
    // And it stays Ready: heartbeats flow again, no second NodeNotReady.
    lab.runFor(3 * sim::kMinute);
    QCOMPARE(ClusterLab::conditionStatus(lab.get("nodes", "", "worker-1"), "Ready"),
             std::string("True"));
    QCOMPARE(lab.eventMessages("NodeNotReady", "worker-1").size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(tst_NodeLifecycle)
#include "tst_node_lifecycle.moc"
