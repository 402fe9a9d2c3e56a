// Taint-based eviction on a whole simulated cluster: once a stopped kubelet's node carries
// node.kubernetes.io/unreachable:NoExecute, each pod there is deleted when its toleration
// of that taint runs out, counted from when the taint manager saw the taint.
//
// Numbers: 300 s is the DefaultTolerationSeconds admission plugin's default
// (plugin/pkg/admission/defaulttolerationseconds: --default-unreachable-toleration-seconds
// 300); events from pkg/controller/tainteviction (v1.31): "TaintManagerEviction",
// "Marking for deletion Pod %s"; the pod's DisruptionTarget condition reason
// "DeletionByTaintManager" (k8s.io/api/core/v1 types.go).
#include <QtTest>

#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

json pod(const std::string& name, json tolerations = nullptr)
{
    json p = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}}},
        {"spec",
         {{"nodeName", "worker-1"}, {"containers", {{{"name", "app"}, {"image", "nginx:1.27"}}}}}}};
    if (!tolerations.is_null())
        p["spec"]["tolerations"] = tolerations;
    return p;
}

json unreachableToleration(std::optional<int> seconds)
{
    json t = {
        {"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}};
    if (seconds)
        t["tolerationSeconds"] = *seconds;
    return t;
}

bool deleting(const ClusterLab& lab, const std::string& name)
{
    const json p = lab.get("pods", "default", name);
    return p.is_null() || p["metadata"].contains("deletionTimestamp");
}

// The time the NoExecute taint appeared on the node, found by stepping.
sim::Time waitForNoExecute(ClusterLab& lab, const std::string& node)
{
    const bool tainted = lab.stepUntil(
        [&] {
            for (const json& t : lab.get("nodes", "", node)
                                     .value(json::json_pointer("/spec/taints"), json::array()))
                if (t.value("effect", "") == "NoExecute")
                    return true;
            return false;
        },
        3 * sim::kMinute);
    return tainted ? lab.now() : -1;
}

} // namespace

class tst_TaintEviction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultTolerationsAreAdded();
    void podsLeaveWhenTheirTolerationRunsOut();
};

void tst_TaintEviction::defaultTolerationsAreAdded()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", pod("plain").dump());
    lab.sh("kubectl apply -f -", pod("quick", json::array({unreachableToleration(30)})).dump());
    const json plain = lab.get("pods", "default", "plain");
    QCOMPARE(plain["spec"]["tolerations"], json::parse(R"([
               {"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists",
                "tolerationSeconds":300},
               {"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists",
                "tolerationSeconds":300}])"));
    // A pod that tolerates one of the taints keeps its own; only the other is added.
    const json quick = lab.get("pods", "default", "quick");
    QCOMPARE(quick["spec"]["tolerations"].size(), std::size_t(2));
    QCOMPARE(quick["spec"]["tolerations"][0].value("tolerationSeconds", 0), 30);
    QCOMPARE(quick["spec"]["tolerations"][1].value("key", ""),
             std::string("node.kubernetes.io/not-ready"));
}

void tst_TaintEviction::podsLeaveWhenTheirTolerationRunsOut()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", pod("plain").dump());
    lab.sh("kubectl apply -f -", pod("quick", json::array({unreachableToleration(30)})).dump());
    lab.sh("kubectl apply -f -",
           pod("stubborn", json::array({unreachableToleration(std::nullopt)})).dump());
    // A Deployment spread over the workers: one of its pods lands on worker-1.
    lab.sh("kubectl create deployment web --image=nginx:1.27 --replicas=3");
    lab.settle();
    std::string webOnW1;
    for (const json& p : lab.list("pods"))
        if (controllers::nameOf(p).rfind("web-", 0) == 0 && ClusterLab::nodeOf(p) == "worker-1")
            webOnW1 = controllers::nameOf(p);
    QVERIFY2(!webOnW1.empty(), "no web pod on worker-1");

    lab.sh("fault stop kubelet/worker-1");
    const sim::Time tainted = waitForNoExecute(lab, "worker-1");
    QVERIFY(tainted > 0);

    // tolerationSeconds: 30 goes first: not at 29 s, yes by 31 s.
    lab.runUntil(tainted + 29 * sim::kSecond);
    QVERIFY(!deleting(lab, "quick"));
    lab.runUntil(tainted + 31 * sim::kSecond);
    QVERIFY(deleting(lab, "quick"));
    QVERIFY(!deleting(lab, "plain"));
    QVERIFY(!deleting(lab, webOnW1));
    const json quick = lab.get("pods", "default", "quick");
    const json disruption = ClusterLab::condition(quick, "DisruptionTarget");
    QCOMPARE(disruption.value("status", ""), std::string("True"));
    QCOMPARE(disruption.value("reason", ""), std::string("DeletionByTaintManager"));
    QCOMPARE(lab.eventMessages("TaintManagerEviction", "quick"),
             (std::vector<std::string>{"Marking for deletion Pod default/quick"}));

    // The 300 s default: not at 299 s, yes by 301 s.
    lab.runUntil(tainted + 299 * sim::kSecond);
    QVERIFY(!deleting(lab, "plain"));
    QVERIFY(!deleting(lab, webOnW1));
    QVERIFY(lab.eventMessages("TaintManagerEviction", "plain").empty());
    lab.runUntil(tainted + 301 * sim::kSecond);
    QVERIFY(deleting(lab, "plain"));
    QVERIFY(deleting(lab, webOnW1));
    QCOMPARE(lab.eventMessages("TaintManagerEviction", "plain"),
             (std::vector<std::string>{"Marking for deletion Pod default/plain"}));
    // The kubelet is down, so the pods stay Terminating (nothing force-deletes them).
    QVERIFY(lab.exists("pods", "default", "plain"));

    // Tolerating the taint forever: still there, not deleting, much later.
    lab.runUntil(tainted + 15 * sim::kMinute);
    QVERIFY(!deleting(lab, "stubborn"));
    QVERIFY(lab.eventMessages("TaintManagerEviction", "stubborn").empty());

    // The Deployment replaced its evicted pod on a node without the taint.
    std::vector<json> live;
    for (const json& p : lab.list("pods"))
        if (controllers::nameOf(p).rfind("web-", 0) == 0 &&
            !p["metadata"].contains("deletionTimestamp"))
            live.push_back(p);
    QCOMPARE(live.size(), std::size_t(3));
    for (const json& p : live) {
        QVERIFY2(ClusterLab::nodeOf(p) != "worker-1", controllers::nameOf(p).c_str());
        QVERIFY(!ClusterLab::nodeOf(p).empty());
        QCOMPARE(ClusterLab::phaseOf(p), std::string("Running"));
    }
    const json deploy = lab.get("deployments", "default", "web");
    QCOMPARE(deploy.value(json::json_pointer("/status/availableReplicas"), 0), 3);
}

QTEST_GUILESS_MAIN(tst_TaintEviction)
#include "tst_taint_eviction.moc"
