// Deployment decisions (DeploymentPlanner) from a Deployment and its ReplicaSets: the new
// ReplicaSet's name and annotations, rolling-update steps within maxSurge/maxUnavailable,
// Recreate, proportional scaling, cleanup and the status conditions' exact messages.
#include <QtTest>

#include "engine/controllers/controller_util.h"
#include "engine/controllers/deployment_planner.h"
#include "engine/controllers/deployment_util.h"

using namespace kubelab;
using namespace kubelab::controllers;
using nlohmann::json;

namespace {

json deployment(int replicas, const std::string& image = "nginx:1.25",
                const std::string& strategy = "RollingUpdate")
{
    json d = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web","namespace":"default","uid":"d-uid","generation":1},
      "spec":{"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
                    "spec":{"containers":[{"name":"web"}]}},
        "revisionHistoryLimit":10,"progressDeadlineSeconds":600}})");
    d["spec"]["replicas"] = replicas;
    d["spec"]["template"]["spec"]["containers"][0]["image"] = image;
    d["spec"]["strategy"] = {{"type", strategy}};
    if (strategy == "RollingUpdate")
        d["spec"]["strategy"]["rollingUpdate"] = {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}};
    return d;
}

// The ReplicaSet the planner would create for `d`, with `replicas` and `available`.
json replicaSetFor(const json& d, int replicas, int available, int revision,
                   const std::string& created)
{
    DeploymentPlanner p(d, {}, {}, 0);
    p.run();
    json rs = p.replicaSets().at(0);
    rs["metadata"]["uid"] = "rs-" + std::to_string(revision);
    rs["metadata"]["creationTimestamp"] = created;
    rs["metadata"]["annotations"][deployutil::kRevision] = std::to_string(revision);
    rs["spec"]["replicas"] = replicas;
    rs["status"] = {
        {"replicas", replicas}, {"availableReplicas", available}, {"readyReplicas", available}};
    return rs;
}

const DeploymentAction* find(const DeploymentPlanner& p, const std::string& op,
                             const std::string& name = {})
{
    for (const auto& a : p.actions())
        if (a.op == op && (name.empty() || a.name == name))
            return &a;
    return nullptr;
}

} // namespace

class tst_DeploymentPlanner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashEncoding_data();
    void hashEncoding();
    void fenceposts_data();
    void fenceposts();
    void createsFirstReplicaSet();
    void rollingUpdateSteps_data();
    void rollingUpdateSteps();
    void completeCondition();
    void recreateScalesDownFirst();
    void scalingEventIsProportional();
    void cleanupHonoursHistoryLimit();
};

void tst_DeploymentPlanner::hashEncoding_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("encoded");
    QTest::newRow("digits") << "0123456789"
                            << "456789bcdf";
    QTest::newRow("letters wrap") << "abc"
                                  << "vwx";
}

void tst_DeploymentPlanner::hashEncoding()
{
    QFETCH(QString, input);
    QFETCH(QString, encoded);
    const std::string got = safeEncodeString(input.toStdString());
    QCOMPARE(QString::fromStdString(got), encoded);
    QVERIFY(got != safeEncodeString(input.toStdString() + "0"));
    // FNV-32a reference values (Go's hash/fnv).
    QCOMPARE(fnv32a(""), 2166136261u);
    QCOMPARE(fnv32a("a"), 0xe40c292cu);
    QVERIFY(fnv32a("b") != 0xe40c292cu);
}

void tst_DeploymentPlanner::fenceposts_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::addColumn<int>("maxSurge");
    QTest::addColumn<int>("maxUnavailable");
    QTest::newRow("3 replicas") << 3 << "25%"
                                << "25%" << 1 << 0;
    QTest::newRow("4 replicas") << 4 << "25%"
                                << "25%" << 1 << 1;
    QTest::newRow("10 replicas") << 10 << "25%"
                                 << "25%" << 3 << 2;
    QTest::newRow("both zero") << 3 << "0"
                               << "0" << 0 << 1;
}

void tst_DeploymentPlanner::fenceposts()
{
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    QFETCH(int, maxSurge);
    QFETCH(int, maxUnavailable);
    json d = deployment(replicas);
    auto intOr = [](const QString& s) {
        return s.endsWith('%') ? json(s.toStdString()) : json(s.toInt());
    };
    d["spec"]["strategy"]["rollingUpdate"] = {{"maxSurge", intOr(surge)},
                                              {"maxUnavailable", intOr(unavailable)}};
    QCOMPARE(int(deployutil::maxSurge(d)), maxSurge);
    QCOMPARE(int(deployutil::maxUnavailable(d)), maxUnavailable);
    QVERIFY(int(deployutil::maxSurge(d)) != maxSurge + 1);
}

void tst_DeploymentPlanner::createsFirstReplicaSet()
{
    json d = deployment(3);
    DeploymentPlanner p(d, {}, {}, 0);
    p.run();
    const DeploymentAction* create = find(p, "create");
    QVERIFY(create);
    const json& rs = create->body;
    const std::string hash = rs["metadata"]["labels"]["pod-template-hash"];
    QCOMPARE(nameOf(rs), "web-" + hash);
    QVERIFY(hash.find_first_not_of("456789bcdf") == std::string::npos);
    QCOMPARE(rs["spec"]["replicas"].get<int>(), 3);
    QCOMPARE(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"].get<std::string>(), hash);
    QCOMPARE(rs["spec"]["template"]["metadata"]["labels"]["app"].get<std::string>(), "web");
    const json ann = rs["metadata"]["annotations"];
    QCOMPARE(ann["deployment.kubernetes.io/revision"].get<std::string>(), "1");
    QCOMPARE(ann["deployment.kubernetes.io/desired-replicas"].get<std::string>(), "3");
    QCOMPARE(ann["deployment.kubernetes.io/max-replicas"].get<std::string>(), "4");
    const json ref = rs["metadata"]["ownerReferences"][0];
    QCOMPARE(ref["uid"].get<std::string>(), "d-uid");
    QVERIFY(ref["controller"].get<bool>() && ref["blockOwnerDeletion"].get<bool>());
    QCOMPARE(QString::fromStdString(create->event),
             QString::fromStdString("Scaled up replica set web-" + hash + " from 0 to 3"));
    // Same template, same hash; another image, another hash.
    DeploymentPlanner again(d, {}, {}, 5 * sim::kSecond);
    again.run();
    QCOMPARE(again.newReplicaSetName(), nameOf(rs));
    DeploymentPlanner other(deployment(3, "nginx:1.26"), {}, {}, 0);
    other.run();
    QVERIFY(other.newReplicaSetName() != nameOf(rs));
    // Status: Progressing NewReplicaSetCreated, Available False.
    const DeploymentAction* status = find(p, "status");
    QVERIFY(status);
    const json* progressing = deployutil::getCondition(status->body, "Progressing");
    QVERIFY(progressing);
    QCOMPARE(progressing->value("reason", ""), std::string("NewReplicaSetCreated"));
    QCOMPARE(progressing->value("message", ""), "Created new replica set \"" + nameOf(rs) + "\"");
    const json* available = deployutil::getCondition(status->body, "Available");
    QCOMPARE(available->value("status", ""), std::string("False"));
    QCOMPARE(available->value("message", ""),
             std::string("Deployment does not have minimum availability."));
    QVERIFY(find(p, "annotate"));
}

void tst_DeploymentPlanner::rollingUpdateSteps_data()
{
    QTest::addColumn<int>("oldReplicas");
    QTest::addColumn<int>("oldAvailable");
    QTest::addColumn<int>("newReplicas");
    QTest::addColumn<int>("newAvailable");
    QTest::addColumn<int>("wantOld");
    QTest::addColumn<int>("wantNew");
    // replicas 4: maxSurge 1, maxUnavailable 1 -> at most 5 pods, at least 3 available.
    QTest::newRow("start: surge one new") << 4 << 4 << 0 << 0 << 3 << 1;
    QTest::newRow("new not ready: stay") << 3 << 3 << 2 << 0 << 3 << 2;
    QTest::newRow("new ready: old down") << 3 << 3 << 2 << 2 << 1 << 2;
    QTest::newRow("old unhealthy first") << 4 << 2 << 1 << 0 << 3 << 1;
}

void tst_DeploymentPlanner::rollingUpdateSteps()
{
    QFETCH(int, oldReplicas);
    QFETCH(int, oldAvailable);
    QFETCH(int, newReplicas);
    QFETCH(int, newAvailable);
    QFETCH(int, wantOld);
    QFETCH(int, wantNew);
    json oldD = deployment(4, "nginx:1.25");
    json d = deployment(4, "nginx:1.26");
    std::vector<json> rss = {
        replicaSetFor(oldD, oldReplicas, oldAvailable, 1, "2026-01-05T09:00:00Z")};
    if (newReplicas > 0)
        rss.push_back(replicaSetFor(d, newReplicas, newAvailable, 2, "2026-01-05T09:01:00Z"));
    DeploymentPlanner p(d, rss, {}, 120 * sim::kSecond);
    p.run();
    const json* oldRs = nullptr;
    const json* newRs = nullptr;
    for (const json& rs : p.replicaSets())
        (nameOf(rs) == p.newReplicaSetName() ? newRs : oldRs) = &rs;
    QVERIFY(oldRs && newRs);
    QCOMPARE(int(deployutil::replicas(*oldRs)), wantOld);
    QCOMPARE(int(deployutil::replicas(*newRs)), wantNew);
    // Never beyond replicas + maxSurge in total.
    QVERIFY(wantOld + wantNew <= 5);
    QVERIFY(int(deployutil::replicas(*oldRs)) + int(deployutil::replicas(*newRs)) != 6);
}

void tst_DeploymentPlanner::completeCondition()
{
    json d = deployment(2);
    json rs = replicaSetFor(d, 2, 2, 1, "2026-01-05T09:00:00Z");
    d["status"] = {{"observedGeneration", 1},
                   {"replicas", 2},
                   {"updatedReplicas", 2},
                   {"availableReplicas", 1},
                   {"conditions",
                    {deployutil::newCondition("Progressing", "True", "ReplicaSetUpdated", "x",
                                              "2026-01-05T09:00:00Z")}}};
    DeploymentPlanner p(d, {rs}, {}, 30 * sim::kSecond);
    p.run();
    const DeploymentAction* status = find(p, "status");
    QVERIFY(status);
    const json* c = deployutil::getCondition(status->body, "Progressing");
    QCOMPARE(c->value("reason", ""), std::string("NewReplicaSetAvailable"));
    QCOMPARE(c->value("message", ""),
             "ReplicaSet \"" + nameOf(rs) + "\" has successfully progressed.");
    const json* a = deployutil::getCondition(status->body, "Available");
    QCOMPARE(a->value("reason", ""), std::string("MinimumReplicasAvailable"));
    QVERIFY(a->value("status", "") != "False");
    // Available first, then Progressing, as SetDeploymentCondition appends.
    QCOMPARE(status->body["conditions"][1]["type"].get<std::string>(), "Progressing");
}

void tst_DeploymentPlanner::recreateScalesDownFirst()
{
    json oldD = deployment(3, "nginx:1.25", "Recreate");
    json d = deployment(3, "nginx:1.26", "Recreate");
    json old = replicaSetFor(oldD, 3, 3, 1, "2026-01-05T09:00:00Z");
    DeploymentPlanner p(d, {old}, {}, 0);
    p.run();
    const DeploymentAction* scale = find(p, "scale", nameOf(old));
    QVERIFY(scale);
    QCOMPARE(scale->body["spec"]["replicas"].get<int>(), 0);
    QVERIFY(!find(p, "create")); // the new one waits for the old pods to go
    // Old scaled to zero and its pods gone: now the new ReplicaSet comes, at full size.
    old["spec"]["replicas"] = 0;
    old["status"] = {{"replicas", 0}};
    DeploymentPlanner next(d, {old}, {}, 0);
    next.run();
    const DeploymentAction* create = find(next, "create");
    QVERIFY(create);
    QCOMPARE(create->body["spec"]["replicas"].get<int>(), 3);
}

void tst_DeploymentPlanner::scalingEventIsProportional()
{
    // Mid-rollout (old 8, new 5 of 10 + surge 3) the user scales to 20: the 7 extra
    // (allowed 25 - 13 = 12 to add) are shared by size.
    json oldD = deployment(10, "nginx:1.25");
    json d = deployment(20, "nginx:1.26");
    json old = replicaSetFor(oldD, 8, 8, 1, "2026-01-05T09:00:00Z");
    json nu = replicaSetFor(d, 5, 0, 2, "2026-01-05T09:01:00Z");
    for (json* rs : {&old, &nu}) {
        (*rs)["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] = "10";
        (*rs)["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] = "13";
    }
    DeploymentPlanner p(d, {old, nu}, {}, 0);
    p.run();
    int total = 0;
    for (const json& rs : p.replicaSets())
        total += int(deployutil::replicas(rs));
    QCOMPARE(total, 25); // 20 + maxSurge 5
    const DeploymentAction* up = find(p, "scale", nameOf(old));
    QVERIFY(up);
    QVERIFY(up->event.rfind("Scaled up replica set", 0) == 0);
    QVERIFY(up->body["spec"]["replicas"].get<int>() > 8);
}

void tst_DeploymentPlanner::cleanupHonoursHistoryLimit()
{
    json d = deployment(1);
    d["spec"]["revisionHistoryLimit"] = 1;
    std::vector<json> rss;
    for (int rev = 1; rev <= 3; ++rev) {
        json rs = replicaSetFor(deployment(1, "nginx:1." + std::to_string(rev)), 0, 0, rev,
                                "2026-01-05T09:0" + std::to_string(rev) + ":00Z");
        rs["status"] = {{"replicas", 0}};
        rss.push_back(rs);
    }
    rss.push_back(replicaSetFor(d, 1, 1, 4, "2026-01-05T09:05:00Z"));
    d["status"] = {{"observedGeneration", 1},
                   {"replicas", 1},
                   {"updatedReplicas", 1},
                   {"availableReplicas", 1}};
    DeploymentPlanner p(d, rss, {}, 0);
    p.run();
    int deletes = 0;
    for (const auto& a : p.actions())
        deletes += a.op == "delete";
    QCOMPARE(deletes, 2);
    QVERIFY(find(p, "delete", nameOf(rss[0])));
    QVERIFY(!find(p, "delete", nameOf(rss[2]))); // the newest old one is kept
}

QTEST_GUILESS_MAIN(tst_DeploymentPlanner)
#include "tst_deployment_planner.moc"
