// ReplicaSet controller decisions as pure functions: which pods go first, how many to
// create, adoption and release, and the status it reports.
#include <QtTest>

#include "engine/controllers/controller_util.h"
#include "engine/controllers/replicaset_controller.h"

using namespace kubelab;
using namespace kubelab::controllers;
using nlohmann::json;

namespace {

const std::string kT0 = "2026-01-05T09:00:00Z";

json replicaSet(int replicas, int minReady = 0)
{
    return json::parse(R"({"apiVersion":"apps/v1","kind":"ReplicaSet",
      "metadata":{"name":"web-abc","namespace":"default","uid":"rs-uid","generation":2},
      "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web","tier":"fe"}},
                    "spec":{"containers":[{"name":"c","image":"nginx"}]}}}})")
        .patch(
            json::array({{{"op", "replace"}, {"path", "/spec/replicas"}, {"value", replicas}},
                         {{"op", "add"}, {"path", "/spec/minReadySeconds"}, {"value", minReady}}}));
}

// A pod description: "name node phase ready restarts created-second [owner]".
json pod(const std::string& name, const std::string& node, const std::string& phase, bool ready,
         int restarts = 0, int createdSecond = 0, const std::string& owner = "rs-uid",
         const std::string& readySince = kT0)
{
    char created[32];
    std::snprintf(created, sizeof created, "2026-01-05T09:00:%02dZ", createdSecond);
    json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata",
               {{"name", name},
                {"namespace", "default"},
                {"creationTimestamp", created},
                {"labels", {{"app", "web"}, {"tier", "fe"}}}}},
              {"spec", json::object()},
              {"status",
               {{"phase", phase},
                {"conditions",
                 {{{"type", "Ready"},
                   {"status", ready ? "True" : "False"},
                   {"lastTransitionTime", readySince}}}},
                {"containerStatuses", {{{"name", "c"}, {"restartCount", restarts}}}}}}};
    if (!node.empty())
        p["spec"]["nodeName"] = node;
    if (!owner.empty())
        p["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                             {"kind", "ReplicaSet"},
                                             {"name", "web-abc"},
                                             {"uid", owner},
                                             {"controller", true}}};
    return p;
}

std::vector<const json*> ptrs(const std::vector<json>& v)
{
    std::vector<const json*> out;
    for (const json& j : v)
        out.push_back(&j);
    return out;
}

} // namespace

class tst_ReplicaSetController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deletionOrder_data();
    void deletionOrder();
    void createCount_data();
    void createCount();
    void adoptAndRelease();
    void statusCounts_data();
    void statusCounts();
};

void tst_ReplicaSetController::deletionOrder_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("notFirst");
    // Each row: the pod deleted first and one that must not be first (the sibling check).
    QTest::newRow("unscheduled before scheduled") << "unscheduled"
                                                  << "running-ready";
    QTest::newRow("pending before running") << "pending"
                                            << "running-ready";
    QTest::newRow("not ready before ready") << "running-unready"
                                            << "running-ready";
    QTest::newRow("restarts before none") << "restarted"
                                          << "running-ready";
}

void tst_ReplicaSetController::deletionOrder()
{
    QFETCH(QString, first);
    QFETCH(QString, notFirst);
    const std::map<std::string, json> all = {
        {"unscheduled", pod("unscheduled", "", "Pending", false)},
        {"pending", pod("pending", "n1", "Pending", false)},
        {"running-unready", pod("running-unready", "n1", "Running", false)},
        {"running-ready", pod("running-ready", "n1", "Running", true)},
        {"restarted", pod("restarted", "n2", "Running", true, 5)},
    };
    std::vector<json> pods = {all.at(first.toStdString()), all.at(notFirst.toStdString())};
    auto chosen = ReplicaSetController::podsToDelete(ptrs(pods), {}, 1);
    QCOMPARE(chosen.size(), size_t(1));
    QCOMPARE(QString::fromStdString(nameOf(*chosen[0])), first);
    // Order of input must not matter.
    std::reverse(pods.begin(), pods.end());
    chosen = ReplicaSetController::podsToDelete(ptrs(pods), {}, 1);
    QCOMPARE(QString::fromStdString(nameOf(*chosen[0])), first);
    QVERIFY(nameOf(*chosen[0]) != notFirst.toStdString());
}

void tst_ReplicaSetController::createCount_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("existing");
    QTest::addColumn<int>("create");
    QTest::addColumn<int>("remove");
    QTest::newRow("from zero") << 3 << 0 << 3 << 0;
    QTest::newRow("one missing") << 3 << 2 << 1 << 0;
    QTest::newRow("steady") << 2 << 2 << 0 << 0;
    QTest::newRow("scale down") << 1 << 3 << 0 << 2;
    QTest::newRow("burst cap") << 900 << 0 << 500 << 0;
}

void tst_ReplicaSetController::createCount()
{
    QFETCH(int, replicas);
    QFETCH(int, existing);
    QFETCH(int, create);
    QFETCH(int, remove);
    json rs = replicaSet(replicas);
    std::vector<json> pods;
    for (int i = 0; i < existing; ++i)
        pods.push_back(pod("p" + std::to_string(i), "", "Pending", false, 0, i));
    // A finished pod and one of another owner never count.
    pods.push_back(pod("done", "n1", "Succeeded", false));
    pods.push_back(pod("foreign", "n1", "Running", true, 0, 0, "other-uid"));
    ReplicaSetPlan p = ReplicaSetController::plan(rs, ptrs(pods), {}, 0, true);
    QCOMPARE(int(p.create), create);
    QCOMPARE(int(p.remove.size()), remove);
    QCOMPARE(int(p.claimed.size()), existing);
    // With manage=false (expectations pending) nothing is created or deleted.
    ReplicaSetPlan waiting = ReplicaSetController::plan(rs, ptrs(pods), {}, 0, false);
    QCOMPARE(int(waiting.create), 0);
    QVERIFY(waiting.remove.empty());
}

void tst_ReplicaSetController::adoptAndRelease()
{
    json rs = replicaSet(2);
    json orphan = pod("orphan", "", "Pending", false, 0, 0, "");
    json strayed = pod("strayed", "", "Pending", false);
    strayed["metadata"]["labels"]["app"] = "other";
    json stranger = pod("stranger", "", "Pending", false, 0, 0, "");
    stranger["metadata"]["labels"] = {{"app", "db"}};
    std::vector<json> pods = {orphan, strayed, stranger};
    ReplicaSetPlan p = ReplicaSetController::plan(rs, ptrs(pods), {}, 0, true);
    QCOMPARE(p.adopt, std::vector<std::string>{"orphan"});
    QCOMPARE(p.release, std::vector<std::string>{"strayed"});
    QCOMPARE(int(p.create), 1); // the orphan counts, the strayed one does not
    // A ReplicaSet being deleted adopts nobody.
    rs["metadata"]["deletionTimestamp"] = kT0;
    ReplicaSetPlan gone = ReplicaSetController::plan(rs, ptrs(pods), {}, 0, true);
    QVERIFY(gone.adopt.empty());
    QCOMPARE(int(gone.create), 0);
}

void tst_ReplicaSetController::statusCounts_data()
{
    QTest::addColumn<int>("minReady");
    QTest::addColumn<int>("nowSeconds");
    QTest::addColumn<int>("available");
    QTest::newRow("no minReadySeconds") << 0 << 0 << 2;
    QTest::newRow("not yet available") << 10 << 5 << 0;
    QTest::newRow("available after minReadySeconds") << 10 << 10 << 2;
}

void tst_ReplicaSetController::statusCounts()
{
    QFETCH(int, minReady);
    QFETCH(int, nowSeconds);
    QFETCH(int, available);
    json rs = replicaSet(3, minReady);
    json unlabeled = pod("c", "n1", "Running", false);
    unlabeled["metadata"]["labels"].erase("tier");
    std::vector<json> pods = {pod("a", "n1", "Running", true), pod("b", "n1", "Running", true),
                              unlabeled};
    json s = ReplicaSetController::calculateStatus(rs, ptrs(pods), nowSeconds * sim::kSecond);
    QCOMPARE(s.value("replicas", -1), 3);
    QCOMPARE(s.value("fullyLabeledReplicas", -1), 2);
    QCOMPARE(s.value("readyReplicas", -1), 2);
    QCOMPARE(s.value("availableReplicas", 0), available);
    QCOMPARE(s.value("observedGeneration", -1), 2);
    QVERIFY(s.value("availableReplicas", 0) != available + 1);
}

QTEST_GUILESS_MAIN(tst_ReplicaSetController)
#include "tst_replicaset_controller.moc"
