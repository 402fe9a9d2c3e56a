// A rolling update never exceeds maxSurge or maxUnavailable, checked after every single
// event of the simulation, with the real controllers, scheduler and kubelets.
#include <QtTest>

#include "engine/api/api_server.h"
#include "engine/cluster/cluster.h"

using namespace kubelab;
using nlohmann::json;

namespace {
struct Counts
{
    int total = 0;     // pods of the Deployment not being deleted
    int available = 0; // of those, Ready
};

Counts countPods(const cluster::Cluster& c)
{
    Counts n;
    const auto* api = c.sim().actorAs<api::ApiServer>(c.apiServer());
    for (const auto& [key, shared] : api->cache()) {
        const json& pod = *shared;
        if (key.rfind("/registry/pods/default/", 0) != 0)
            continue;
        if (pod["metadata"].value("labels", json::object()).value("app", "") != "web")
            continue;
        if (pod["metadata"].contains("deletionTimestamp"))
            continue;
        ++n.total;
        for (const auto& cond :
             pod.value("status", json::object()).value("conditions", json::array()))
            if (cond.value("type", "") == "Ready" && cond.value("status", "") == "True")
                ++n.available;
    }
    return n;
}

api::Request deploymentRequest(int replicas, const std::string& strategy)
{
    api::Request r;
    r.verb = "create";
    r.group = "apps";
    r.resource = "deployments";
    r.ns = "default";
    r.body = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"web"},
      "spec":{"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}})");
    r.body["spec"]["replicas"] = replicas;
    if (!strategy.empty())
        r.body["spec"]["strategy"] = json::parse(strategy);
    return r;
}
} // namespace

class tst_RollingUpdate : public QObject
{
    Q_OBJECT
private slots:
    void boundsHoldAtEveryEvent_data()
    {
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("maxTotal");
        QTest::addColumn<int>("minAvailable");
        // Defaults: maxSurge 25% rounded up, maxUnavailable 25% rounded down.
        QTest::newRow("defaults, 4 replicas") << 4 << "" << 5 << 3;
        QTest::newRow("defaults, 10 replicas") << 10 << "" << 13 << 8;
        QTest::newRow("surge 0, unavailable 1")
            << 3 << R"({"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}})"
            << 3 << 2;
    }
    void boundsHoldAtEveryEvent()
    {
        QFETCH(int, replicas);
        QFETCH(QString, strategy);
        QFETCH(int, maxTotal);
        QFETCH(int, minAvailable);
        cluster::Cluster c(11);
        QCOMPARE(c.call(deploymentRequest(replicas, strategy.toStdString())).code, 201);
        c.settle(10 * sim::kMinute);
        QCOMPARE(countPods(c).available, replicas);

        api::Request patch;
        patch.verb = "patch";
        patch.group = "apps";
        patch.resource = "deployments";
        patch.ns = "default";
        patch.name = "web";
        patch.patchType = "application/strategic-merge-patch+json";
        patch.body = json::parse(
            R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.14.2"}]}}}})");
        QCOMPARE(c.call(patch).code, 200);

        int peakTotal = 0, lowestAvailable = replicas;
        QString violation;
        const sim::Time end = c.sim().now() + 5 * sim::kMinute;
        while (c.sim().peek() && c.sim().now() < end) {
            c.sim().step();
            const Counts n = countPods(c);
            peakTotal = std::max(peakTotal, n.total);
            lowestAvailable = std::min(lowestAvailable, n.available);
            if (violation.isEmpty() && n.total > maxTotal)
                violation = QString("total %1 > %2 at event %3")
                                .arg(n.total)
                                .arg(maxTotal)
                                .arg(c.sim().processed());
            if (violation.isEmpty() && n.available < minAvailable)
                violation = QString("available %1 < %2 at event %3")
                                .arg(n.available)
                                .arg(minAvailable)
                                .arg(c.sim().processed());
        }
        QVERIFY2(violation.isEmpty(), qPrintable(violation));
        // The bounds were reached, so the checks above could have failed: the rollout
        // really used its surge and its unavailability budget.
        QCOMPARE(peakTotal, maxTotal);
        QCOMPARE(lowestAvailable, minAvailable);
        // And it finished: every pod runs the new image.
        const Counts done = countPods(c);
        QCOMPARE(done.available, replicas);
        const auto* api = c.sim().actorAs<api::ApiServer>(c.apiServer());
        for (const auto& [key, pod] : api->cache())
            if (key.rfind("/registry/pods/default/web-", 0) == 0 &&
                !pod->at("metadata").contains("deletionTimestamp"))
                QCOMPARE(pod->at("spec")["containers"][0]["image"], json("nginx:1.14.2"));
    }
};

QTEST_GUILESS_MAIN(tst_RollingUpdate)
#include "tst_rolling_update.moc"
