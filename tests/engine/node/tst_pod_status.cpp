#include <QtTest>

#include "engine/node/pod_status.h"

using namespace kubelab;
using nlohmann::json;
using node::ContainerRecord;
using node::PodStatusBuilder;
using node::PodWorker;

namespace {
json pod(const std::string& restartPolicy)
{
    return {{"metadata", {{"name", "web-1"}, {"namespace", "default"}, {"uid", "u-1"}}},
            {"spec", {{"restartPolicy", restartPolicy}}}};
}

ContainerRecord container(const std::string& state, int exitCode = 0, bool ranBefore = false)
{
    ContainerRecord c;
    c.name = "app";
    c.image = "nginx:1.14.2";
    c.state = state;
    c.exitCode = exitCode;
    c.reason = state == "waiting" ? (ranBefore ? "CrashLoopBackOff" : "ContainerCreating")
                                  : (exitCode == 0 ? "Completed" : "Error");
    if (ranBefore) {
        c.containerId = "abc";
        c.lastState = {{"terminated", {{"exitCode", exitCode}}}};
    }
    return c;
}
} // namespace

class tst_PodStatus : public QObject
{
    Q_OBJECT
private slots:
    void phase_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("state");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("ranBefore");
        QTest::addColumn<QString>("expected");
        QTest::newRow("creating") << "Always"
                                  << "waiting" << 0 << false << "Pending";
        QTest::newRow("running") << "Always"
                                 << "running" << 0 << false << "Running";
        QTest::newRow("crashloop stays Running") << "Always"
                                                 << "waiting" << 1 << true << "Running";
        QTest::newRow("Never + exit 0") << "Never"
                                        << "terminated" << 0 << false << "Succeeded";
        QTest::newRow("Never + exit 1") << "Never"
                                        << "terminated" << 1 << false << "Failed";
        QTest::newRow("OnFailure + exit 0") << "OnFailure"
                                            << "terminated" << 0 << false << "Succeeded";
        QTest::newRow("OnFailure + exit 1") << "OnFailure"
                                            << "terminated" << 1 << false << "Running";
        QTest::newRow("Always + exit 0") << "Always"
                                         << "terminated" << 0 << false << "Running";
    }
    void phase()
    {
        QFETCH(QString, policy);
        QFETCH(QString, state);
        QFETCH(int, exitCode);
        QFETCH(bool, ranBefore);
        QFETCH(QString, expected);
        PodWorker w;
        w.containers.push_back(container(state.toStdString(), exitCode, ranBefore));
        const QString got =
            QString::fromStdString(PodStatusBuilder::phase(pod(policy.toStdString()), w));
        QCOMPARE(got, expected);
        QVERIFY(got != "Unknown");
    }

    void initContainersHoldPending()
    {
        PodWorker w;
        ContainerRecord init = container("running");
        init.name = "setup";
        init.init = true;
        w.containers = {init, container("waiting")};
        QCOMPARE(QString::fromStdString(PodStatusBuilder::phase(pod("Always"), w)),
                 QString("Pending"));
        w.containers[0].state = "terminated";
        w.containers[1].state = "running";
        QCOMPARE(QString::fromStdString(PodStatusBuilder::phase(pod("Always"), w)),
                 QString("Running"));
    }

    void runningStatus()
    {
        PodWorker w;
        w.uid = "u-1";
        w.name = "web-1";
        w.ns = "default";
        w.sandboxId = "sb";
        w.podIp = "10.244.1.2";
        w.startTime = 5 * sim::kSecond;
        ContainerRecord c = container("running");
        c.containerId = "0123abcd";
        c.imageName = "docker.io/library/nginx:1.14.2";
        c.imageRef = "docker.io/library/nginx@sha256:00";
        c.startedAt = 7 * sim::kSecond;
        c.ready = c.started = true;
        w.containers = {c};
        const json previous = {{"phase", "Pending"}, {"qosClass", "BestEffort"}};
        const json s =
            PodStatusBuilder::build(pod("Always"), previous, w, "172.18.0.3", 8 * sim::kSecond);
        QCOMPARE(s.value("phase", ""), std::string("Running"));
        QCOMPARE(s.value("qosClass", ""), std::string("BestEffort")); // kept
        QCOMPARE(s.value("podIP", ""), std::string("10.244.1.2"));
        QCOMPARE(s["hostIPs"][0].value("ip", ""), std::string("172.18.0.3"));
        QCOMPARE(s.value("startTime", ""), std::string("2026-01-05T09:00:05Z"));
        const json cs = s["containerStatuses"][0];
        QCOMPARE(cs.value("containerID", ""), std::string("containerd://0123abcd"));
        QCOMPARE(cs["state"]["running"].value("startedAt", ""),
                 std::string("2026-01-05T09:00:07Z"));
        QVERIFY(!cs["state"].contains("waiting"));
        std::vector<std::string> types;
        for (const auto& c : s["conditions"]) {
            types.push_back(c.value("type", ""));
            QCOMPARE(c.value("status", ""), std::string("True"));
        }
        QCOMPARE(types, (std::vector<std::string>{"PodReadyToStartContainers", "Initialized",
                                                  "Ready", "ContainersReady", "PodScheduled"}));
    }

    void notReadyAndTransitionTimes()
    {
        PodWorker w;
        w.containers = {container("waiting")};
        json first =
            PodStatusBuilder::build(pod("Always"), json::object(), w, "172.18.0.3", sim::kSecond);
        const json ready = first["conditions"][2];
        QCOMPARE(ready.value("status", ""), std::string("False"));
        QCOMPARE(ready.value("reason", ""), std::string("ContainersNotReady"));
        QCOMPARE(ready.value("message", ""), std::string("containers with unready status: [app]"));
        // Same status later: the transition time stays; a flip moves it.
        json again =
            PodStatusBuilder::build(pod("Always"), first, w, "172.18.0.3", 9 * sim::kSecond);
        QCOMPARE(again["conditions"][2]["lastTransitionTime"], ready["lastTransitionTime"]);
        w.containers[0].state = "running";
        w.containers[0].ready = true;
        json flipped =
            PodStatusBuilder::build(pod("Always"), first, w, "172.18.0.3", 9 * sim::kSecond);
        QVERIFY(flipped["conditions"][2]["lastTransitionTime"] != ready["lastTransitionTime"]);
    }

    void mergePatch()
    {
        const json from = {{"a", 1}, {"s", {{"waiting", {{"reason", "X"}}}}}, {"gone", true}};
        const json to = {{"a", 1}, {"s", {{"running", {{"startedAt", "t"}}}}}};
        const json p = PodStatusBuilder::mergePatch(from, to);
        QVERIFY(!p.contains("a"));
        QVERIFY(p["gone"].is_null());
        QVERIFY(p["s"]["waiting"].is_null());
        json applied = from;
        applied.merge_patch(p);
        QCOMPARE(applied, to);
        QVERIFY(applied != from);
    }
};

QTEST_GUILESS_MAIN(tst_PodStatus)
#include "tst_pod_status.moc"
