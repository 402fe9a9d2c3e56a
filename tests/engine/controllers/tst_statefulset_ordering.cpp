// StatefulSet OrderedReady on a whole simulated cluster, watched event by event: web-N+1
// is created only once web-N is Running and Ready, and scaling down removes the highest
// ordinal first, waiting for each pod to be gone before touching the next ("Deployment
// and Scaling Guarantees", kubernetes.io StatefulSet concepts, v1.31).
#include <QtTest>

#include <map>

#include "engine/controllers/controller_util.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

// Pods that turn Ready 15 s after they start (a readiness probe and KubeLab's
// ready-after annotation) and, being `sleep` as PID 1, ignore SIGTERM: each termination
// takes the full 5 s grace period, which makes the one-at-a-time scale-down visible.
json statefulSet(int replicas)
{
    json set = json::parse(R"({
      "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
      "spec": {
        "serviceName": "web",
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
          "metadata": {"labels": {"app": "web"},
                       "annotations": {"kubelab.io/ready-after": "15s"}},
          "spec": {
            "terminationGracePeriodSeconds": 5,
            "containers": [{
              "name": "app", "image": "busybox:1.37", "command": ["sleep", "infinity"],
              "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]},
                                 "periodSeconds": 1}}]}}}})");
    set["spec"]["replicas"] = replicas;
    return set;
}

bool runningAndReady(const json& pod)
{
    return ClusterLab::phaseOf(pod) == "Running" &&
           ClusterLab::conditionStatus(pod, "Ready") == "True";
}

} // namespace

class tst_StatefulSetOrdering : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void orderedReadyCreatesOneAtATime();
    void scaleDownRemovesHighestOrdinalFirst();
};

void tst_StatefulSetOrdering::orderedReadyCreatesOneAtATime()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", statefulSet(3).dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());

    // For each ordinal: when it first appeared, and when it was first Running and Ready.
    std::map<int, sim::Time> created, ready;
    bool sawRunningNotReadyAlone = false; // web-0 Running, not Ready, and no web-1 yet
    const bool allReady = lab.stepUntil(
        [&] {
            for (int i = 0; i < 3; ++i) {
                const json p = lab.get("pods", "default", "web-" + std::to_string(i));
                if (p.is_null())
                    continue;
                created.try_emplace(i, lab.now());
                if (runningAndReady(p))
                    ready.try_emplace(i, lab.now());
            }
            const json w0 = lab.get("pods", "default", "web-0");
            if (!w0.is_null() && ClusterLab::phaseOf(w0) == "Running" && !runningAndReady(w0) &&
                !lab.exists("pods", "default", "web-1"))
                sawRunningNotReadyAlone = true;
            return ready.size() == 3;
        },
        5 * sim::kMinute);
    QVERIFY(allReady);
    QVERIFY(sawRunningNotReadyAlone); // Running alone is not enough to go on
    for (int i = 1; i < 3; ++i) {
        QVERIFY2(created.at(i) >= ready.at(i - 1), std::to_string(i).c_str());
        // and each became Ready about 15 s after the previous one
        QVERIFY(ready.at(i) - ready.at(i - 1) >= 15 * sim::kSecond);
    }
    QVERIFY(!lab.exists("pods", "default", "web-3"));
    lab.runFor(2 * sim::kSecond); // the set's status follows its pods
    const json set = lab.get("statefulsets", "default", "web");
    QCOMPARE(set.value(json::json_pointer("/status/readyReplicas"), 0), 3);
}

void tst_StatefulSetOrdering::scaleDownRemovesHighestOrdinalFirst()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", statefulSet(3).dump());
    lab.settle();
    for (int i = 0; i < 3; ++i)
        QVERIFY(runningAndReady(lab.get("pods", "default", "web-" + std::to_string(i))));

    lab.sh("kubectl scale statefulset web --replicas=1");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    std::map<int, sim::Time> deleting, gone;
    const bool done = lab.stepUntil(
        [&] {
            for (int i = 0; i < 3; ++i) {
                const json p = lab.get("pods", "default", "web-" + std::to_string(i));
                if (p.is_null())
                    gone.try_emplace(i, lab.now());
                else if (p["metadata"].contains("deletionTimestamp"))
                    deleting.try_emplace(i, lab.now());
            }
            return gone.count(1) && gone.count(2);
        },
        5 * sim::kMinute);
    QVERIFY(done);
    // web-2 first; web-1 only once web-2 is gone; web-0 never.
    QVERIFY(deleting.count(2) && deleting.count(1));
    QVERIFY(deleting.at(2) < deleting.at(1));
    QVERIFY(deleting.at(1) >= gone.at(2));
    QVERIFY(gone.at(2) - deleting.at(2) >= 5 * sim::kSecond); // the whole grace period
    QVERIFY(!deleting.count(0));
    QVERIFY(!gone.count(0));
    lab.settle();
    QCOMPARE(lab.names("pods"), (std::vector<std::string>{"web-0"}));
    QCOMPARE(lab.eventMessages("SuccessfulDelete", "web"),
             (std::vector<std::string>{"delete Pod web-2 in StatefulSet web successful",
                                       "delete Pod web-1 in StatefulSet web successful"}));
}

QTEST_GUILESS_MAIN(tst_StatefulSetOrdering)
#include "tst_statefulset_ordering.moc"
