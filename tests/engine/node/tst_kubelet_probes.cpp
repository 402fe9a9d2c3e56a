// Kubelet probes on a whole simulated cluster, driven by KubeLab's behaviour annotations
// (engine/node/README.md): a failing liveness probe gets the container killed and
// restarted; a failing readiness probe only takes the pod out of Ready.
//
// Texts from pkg/kubelet/prober (v1.31): the event "Unhealthy" with "<Type> probe failed:
// <output>", and on a liveness failure "Killing" with "Container %s failed liveness probe,
// will be restarted"; HTTP probe output "HTTP probe failed with statuscode: %d"
// (pkg/probe/http). failureThreshold 3 and periodSeconds 10 are core/v1 defaults.
#include <QtTest>

#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

// nginx on worker-1 with one HTTP probe of `field` every 5 s, failing 3 times to act, and
// the annotation that makes it fail from 20 s of container age.
json probedPod(const std::string& name, const std::string& field, const std::string& annotation)
{
    json pod = json::parse(R"({
      "apiVersion": "v1", "kind": "Pod", "metadata": {"annotations": {}},
      "spec": {"nodeName": "worker-1",
               "containers": [{"name": "app", "image": "nginx:1.27"}]}})");
    pod["metadata"]["name"] = name;
    pod["metadata"]["annotations"][annotation] = "fail-after 20s";
    pod["spec"]["containers"][0][field] = {{"httpGet", {{"path", "/healthz"}, {"port", 80}}},
                                           {"periodSeconds", 5},
                                           {"failureThreshold", 3}};
    return pod;
}

json containerStatus(const ClusterLab& lab, const std::string& pod)
{
    return lab.get("pods", "default", pod)
        .value(json::json_pointer("/status/containerStatuses/0"), json());
}

// Steps until the pod's container has been running for the first time; returns when it
// started (virtual time).
sim::Time waitForStart(ClusterLab& lab, const std::string& pod)
{
    sim::Time started = -1;
    lab.stepUntil(
        [&] {
            const json cs = containerStatus(lab, pod);
            if (cs.is_object() && cs.contains(json::json_pointer("/state/running")))
                started = lab.now();
            return started >= 0;
        },
        2 * sim::kMinute);
    return started;
}

} // namespace

class tst_KubeletProbes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void livenessFailureRestartsTheContainer();
    void readinessFailureOnlyUnreadies();
};

void tst_KubeletProbes::livenessFailureRestartsTheContainer()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", probedPod("alive", "livenessProbe", "kubelab.io/liveness").dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    const sim::Time started = waitForStart(lab, "alive");
    QVERIFY(started > 0);
    const std::string firstId = containerStatus(lab, "alive").value("containerID", "");

    // Fine until 20 s of age; the probes at 20 s and 25 s fail but stay under the threshold.
    lab.runUntil(started + 29 * sim::kSecond);
    QCOMPARE(containerStatus(lab, "alive").value("restartCount", -1), 0);
    QCOMPARE(containerStatus(lab, "alive").value("containerID", ""), firstId);
    QVERIFY(lab.eventMessages("Killing", "alive").empty());
    const auto unhealthy = lab.events("Unhealthy", "alive");
    QCOMPARE(unhealthy.size(), std::size_t(1));
    QCOMPARE(unhealthy[0].value("message", ""),
             std::string("Liveness probe failed: HTTP probe failed with statuscode: 500"));
    QCOMPARE(unhealthy[0].value("type", ""), std::string("Warning"));
    QCOMPARE(unhealthy[0].value("count", 0), 2);
    QCOMPARE(unhealthy[0].value(json::json_pointer("/involvedObject/fieldPath"), ""),
             std::string("spec.containers{app}"));

    // The third failure (at 30 s) crosses failureThreshold: killed, then restarted.
    lab.runUntil(started + 31 * sim::kSecond);
    QCOMPARE(lab.eventMessages("Killing", "alive"),
             (std::vector<std::string>{"Container app failed liveness probe, will be restarted"}));
    lab.runFor(10 * sim::kSecond);
    const json cs = containerStatus(lab, "alive");
    QCOMPARE(cs.value("restartCount", -1), 1);
    QVERIFY(cs.value("containerID", "") != firstId);
    QVERIFY(cs.contains(json::json_pointer("/state/running")));
    // nginx exits 0 on SIGTERM: the killed instance is the last state.
    QVERIFY(cs.contains(json::json_pointer("/lastState/terminated")));
    QCOMPARE(cs.value(json::json_pointer("/lastState/terminated/exitCode"), -1), 0);
    QCOMPARE(ClusterLab::phaseOf(lab.get("pods", "default", "alive")), std::string("Running"));
    QCOMPARE(lab.eventMessages("Started", "alive").size(), std::size_t(1)); // one event, count 2
    QCOMPARE(lab.events("Started", "alive")[0].value("count", 0), 2);
}

void tst_KubeletProbes::readinessFailureOnlyUnreadies()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -",
           probedPod("serving", "readinessProbe", "kubelab.io/readiness").dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    const sim::Time started = waitForStart(lab, "serving");
    QVERIFY(started > 0);

    lab.runUntil(started + 19 * sim::kSecond);
    json pod = lab.get("pods", "default", "serving");
    QCOMPARE(ClusterLab::conditionStatus(pod, "Ready"), std::string("True"));
    QCOMPARE(containerStatus(lab, "serving").value("ready", false), true);

    // Three failures (20, 25, 30 s) and the pod is NotReady — but the container runs on.
    lab.runUntil(started + 31 * sim::kSecond);
    pod = lab.get("pods", "default", "serving");
    QCOMPARE(ClusterLab::conditionStatus(pod, "Ready"), std::string("False"));
    QCOMPARE(ClusterLab::conditionStatus(pod, "ContainersReady"), std::string("False"));
    QCOMPARE(ClusterLab::condition(pod, "Ready").value("reason", ""),
             std::string("ContainersNotReady"));
    QCOMPARE(containerStatus(lab, "serving").value("ready", true), false);
    QCOMPARE(lab.eventMessages("Unhealthy", "serving"),
             (std::vector<std::string>{
                 "Readiness probe failed: HTTP probe failed with statuscode: 500"}));

    lab.runFor(2 * sim::kMinute);
    const json cs = containerStatus(lab, "serving");
    QCOMPARE(cs.value("restartCount", -1), 0);
    QVERIFY(cs.contains(json::json_pointer("/state/running")));
    QVERIFY(!cs.contains(json::json_pointer("/lastState/terminated")));
    QVERIFY(lab.eventMessages("Killing", "serving").empty());
    QCOMPARE(ClusterLab::phaseOf(lab.get("pods", "default", "serving")), std::string("Running"));
    const std::string table = lab.sh("kubectl get pod serving");
    QVERIFY2(table.find("serving   0/1     Running   0") != std::string::npos, table.c_str());
}

QTEST_GUILESS_MAIN(tst_KubeletProbes)
#include "tst_kubelet_probes.moc"
