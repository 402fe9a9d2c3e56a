// The garbage collector on a whole simulated cluster: `kubectl delete --cascade=...` of a
// Deployment in the background, the foreground and as an orphan, and dependents whose
// owner is gone. Behaviour as documented in "Garbage Collection" and "Use Cascading
// Deletion in a Cluster" (kubernetes.io, v1.31) and pkg/controller/garbagecollector.
#include <QtTest>

#include "engine/api/request.h"
#include "engine/controllers/controller_util.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

// A Deployment "web" of three nginx pods, settled (all Running).
void deployWeb(ClusterLab& lab)
{
    lab.sh("kubectl create deployment web --image=nginx:1.27 --replicas=3");
    QVERIFY(lab.ok());
    lab.settle();
    QCOMPARE(lab.podsOf(lab.names("replicasets").at(0)).size(), std::size_t(3));
}

std::string replicaSetOf(ClusterLab& lab)
{
    const auto rs = lab.names("replicasets");
    return rs.size() == 1 ? rs[0] : std::string();
}

bool has(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

// A bare pod with the given ownerReferences, bound to worker-1.
std::string ownedPod(const std::string& name, const json& owners)
{
    json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}, {"ownerReferences", owners}}},
        {"spec",
         {{"nodeName", "worker-1"}, {"containers", {{{"name", "app"}, {"image", "nginx:1.27"}}}}}}};
    return pod.dump();
}

json ownerRef(const std::string& apiVersion, const std::string& kind, const std::string& name,
              const std::string& uid)
{
    return {{"apiVersion", apiVersion}, {"kind", kind}, {"name", name}, {"uid", uid}};
}

api::Request deleteDeployment(const std::string& policy)
{
    api::Request r;
    r.verb = "delete";
    r.group = "apps";
    r.resource = "deployments";
    r.ns = "default";
    r.name = "web";
    r.propagationPolicy = policy;
    return r;
}

// When (as a count of processed events) the Deployment "web", its ReplicaSet and the last
// of their pods were first seen gone, and whether finalizers held them meanwhile.
struct Vanishing
{
    std::uint64_t deployment = 0, replicaSet = 0, pods = 0;
    bool ownerHeld = false;             // web seen deleting with foregroundDeletion
    bool finalizerDroppedEarly = false; // web lost it while a dependent was left
    bool replicaSetHeld = false;        // the ReplicaSet seen deleting with it
    bool podHeld = false;               // a pod seen with it

    bool observe(ClusterLab& lab, const std::string& rs)
    {
        const std::uint64_t n = lab.cluster().sim().processed();
        const json d = lab.get("deployments", "default", "web");
        const json r = lab.get("replicasets", "default", rs);
        const bool podsLeft = !lab.names("pods").empty();
        if (!d.is_null() && d["metadata"].contains("deletionTimestamp")) {
            const bool held = has(ClusterLab::finalizers(d), "foregroundDeletion");
            ownerHeld |= held;
            finalizerDroppedEarly |= !held && (!r.is_null() || podsLeft);
        }
        if (!r.is_null() && r["metadata"].contains("deletionTimestamp") &&
            has(ClusterLab::finalizers(r), "foregroundDeletion"))
            replicaSetHeld = true;
        for (const json& p : lab.list("pods"))
            podHeld |= has(ClusterLab::finalizers(p), "foregroundDeletion");
        if (!deployment && d.is_null())
            deployment = n;
        if (!replicaSet && r.is_null())
            replicaSet = n;
        if (!pods && !podsLeft)
            pods = n;
        return deployment && replicaSet && pods;
    }
};

} // namespace

class tst_GarbageCollector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backgroundDeletesReplicaSetsAndPods();
    void foregroundWaitsForDependents();
    void orphanKeepsDependents();
    void danglingOwnerIsCollected();
};

void tst_GarbageCollector::backgroundDeletesReplicaSetsAndPods()
{
    ClusterLab lab;
    deployWeb(lab);
    const std::string rs = replicaSetOf(lab);
    QVERIFY(!rs.empty());

    // What `kubectl delete deployment web` sends (its default --cascade=background),
    // sent without waiting so every step after it can be watched.
    lab.send(deleteDeployment("Background"));
    Vanishing v;
    QVERIFY(lab.stepUntil([&] { return v.observe(lab, rs); }, 5 * sim::kMinute));
    // Background: the owner goes first, then the ReplicaSet, then (after graceful
    // termination) the pods.
    QVERIFY(v.deployment < v.replicaSet);
    QVERIFY(v.replicaSet < v.pods);
    QVERIFY(!v.ownerHeld); // no finalizer ever held the Deployment
    QVERIFY(lab.names("replicasets").empty());
    QVERIFY(lab.names("pods").empty());
    // The pods went through graceful termination on their nodes.
    QCOMPARE(lab.events("Killing").size(), std::size_t(3));

    // kubectl prints the same for every cascade.
    deployWeb(lab);
    QCOMPARE(lab.sh("kubectl delete deployment web"),
             std::string("deployment.apps \"web\" deleted\n"));
    lab.settle();
    QVERIFY(lab.names("pods").empty());
}

void tst_GarbageCollector::foregroundWaitsForDependents()
{
    ClusterLab lab;
    deployWeb(lab);
    const std::string rs = replicaSetOf(lab);

    // What `kubectl delete deployment web --cascade=foreground` sends, without waiting.
    lab.send(deleteDeployment("Foreground"));
    QVERIFY(lab.stepUntil(
        [&] {
            return lab.get("deployments", "default", "web")["metadata"].contains(
                "deletionTimestamp");
        },
        sim::kSecond));
    // The owner stays, marked for deletion and held by the foregroundDeletion finalizer,
    // while its dependents are being deleted.
    const json deploy = lab.get("deployments", "default", "web");
    QVERIFY(has(ClusterLab::finalizers(deploy), "foregroundDeletion"));
    QVERIFY(lab.exists("replicasets", "default", rs));

    Vanishing v;
    QVERIFY(lab.stepUntil([&] { return v.observe(lab, rs); }, 5 * sim::kMinute));
    // Foreground: pods first, then the ReplicaSet, then the owner — and at every step
    // before the owner went, it still carried the finalizer.
    QVERIFY(v.pods < v.replicaSet);
    QVERIFY(v.replicaSet < v.deployment);
    QVERIFY(v.ownerHeld);
    QVERIFY(!v.finalizerDroppedEarly);
    QVERIFY(v.replicaSetHeld); // the ReplicaSet waited for its pods the same way
    // ... but the pods, which have no dependents, were deleted in the background
    // (attemptToDeleteItem uses Foreground only for an item that has dependents).
    QVERIFY(!v.podHeld);
    QVERIFY(lab.names("replicasets").empty());
    QVERIFY(lab.names("pods").empty());
    QCOMPARE(lab.events("Killing").size(), std::size_t(3));

    // Through kubectl: the Deployment is still there when kubectl returns.
    deployWeb(lab);
    QCOMPARE(lab.sh("kubectl delete deployment web --cascade=foreground"),
             std::string("deployment.apps \"web\" deleted\n"));
    QVERIFY(has(ClusterLab::finalizers(lab.get("deployments", "default", "web")),
                "foregroundDeletion"));
    lab.settle();
    QVERIFY(!lab.exists("deployments", "default", "web"));
    QVERIFY(lab.names("pods").empty());
}

void tst_GarbageCollector::orphanKeepsDependents()
{
    ClusterLab lab;
    deployWeb(lab);
    const std::string rs = replicaSetOf(lab);
    const json before = lab.get("replicasets", "default", rs);
    QCOMPARE(before["metadata"]["ownerReferences"].size(), std::size_t(1));
    QCOMPARE(before["metadata"]["ownerReferences"][0].value("kind", ""), std::string("Deployment"));

    lab.send(deleteDeployment("Orphan"));
    // Until the collector has orphaned the ReplicaSet, the orphan finalizer holds the
    // owner; the owner goes only after the ReplicaSet lost its owner reference.
    bool sawOrphanFinalizer = false, goneBeforeOrphaned = false;
    QVERIFY(lab.stepUntil(
        [&] {
            const json d = lab.get("deployments", "default", "web");
            if (!d.is_null())
                sawOrphanFinalizer |= has(ClusterLab::finalizers(d), "orphan");
            const json r = lab.get("replicasets", "default", rs);
            const bool orphaned =
                !r.is_null() && r["metadata"].value("ownerReferences", json::array()).empty();
            if (d.is_null() && !orphaned)
                goneBeforeOrphaned = true;
            return d.is_null();
        },
        1 * sim::kMinute));
    QVERIFY(sawOrphanFinalizer);
    QVERIFY(!goneBeforeOrphaned);

    lab.settle();
    const json after = lab.get("replicasets", "default", rs);
    QVERIFY(!after.is_null());
    QVERIFY(!after["metadata"].contains("deletionTimestamp"));
    QVERIFY(after["metadata"].value("ownerReferences", json::array()).empty());
    // The ReplicaSet still owns and runs its pods.
    const auto pods = lab.podsOf(rs);
    QCOMPARE(pods.size(), std::size_t(3));
    for (const json& p : pods) {
        QCOMPARE(ClusterLab::phaseOf(p), std::string("Running"));
        QVERIFY(!p["metadata"].contains("deletionTimestamp"));
    }
    QVERIFY(lab.events("Killing").empty());
    // Through kubectl too.
    lab.sh("kubectl create deployment api --image=nginx:1.27 --replicas=1");
    lab.settle();
    QCOMPARE(lab.sh("kubectl delete deployment api --cascade=orphan"),
             std::string("deployment.apps \"api\" deleted\n"));
    lab.settle();
    QVERIFY(!lab.exists("deployments", "default", "api"));
    QCOMPARE(lab.names("replicasets").size(), std::size_t(2));
    QCOMPARE(lab.names("pods").size(), std::size_t(4));
}

void tst_GarbageCollector::danglingOwnerIsCollected()
{
    ClusterLab lab;
    // A live owner: a Deployment of zero replicas (its controller never touches pods).
    lab.sh("kubectl create deployment keeper --image=nginx:1.27 --replicas=0");
    QVERIFY(lab.ok());
    lab.settle();
    const std::string keeperUid = lab.get("deployments", "default", "keeper")["metadata"]["uid"];
    const std::string ghostUid = "6b1f0d1c-0000-4000-8000-00000000dead";

    const json live = json::array({ownerRef("apps/v1", "Deployment", "keeper", keeperUid)});
    const json ghost = json::array({ownerRef("apps/v1", "Deployment", "ghost", ghostUid)});
    // Same name as the live owner but another uid: that owner is gone too (isDangling
    // compares uids).
    const json impostor = json::array({ownerRef("apps/v1", "Deployment", "keeper", ghostUid)});
    const json both = json::array({ownerRef("apps/v1", "Deployment", "keeper", keeperUid),
                                   ownerRef("apps/v1", "Deployment", "ghost", ghostUid)});
    for (const auto& [name, owners] : std::vector<std::pair<std::string, json>>{
             {"kept", live}, {"orphan", ghost}, {"impostor", impostor}, {"shared", both}}) {
        lab.sh("kubectl apply -f -", ownedPod(name, owners));
        QVERIFY2(lab.ok(), lab.lastError().c_str());
        QVERIFY(lab.exists("pods", "default", name));
    }
    lab.settle();

    QVERIFY(lab.exists("pods", "default", "kept"));
    QVERIFY(!lab.exists("pods", "default", "orphan"));
    QVERIFY(!lab.exists("pods", "default", "impostor"));
    // A dependent with one live owner left is kept; only the dangling reference goes.
    const json shared = lab.get("pods", "default", "shared");
    QVERIFY(!shared.is_null());
    QVERIFY(!shared["metadata"].contains("deletionTimestamp"));
    QCOMPARE(shared["metadata"]["ownerReferences"].size(), std::size_t(1));
    QCOMPARE(shared["metadata"]["ownerReferences"][0].value("uid", ""), keeperUid);
    QCOMPARE(ClusterLab::phaseOf(lab.get("pods", "default", "kept")), std::string("Running"));
}

QTEST_GUILESS_MAIN(tst_GarbageCollector)
#include "tst_garbage_collector.moc"
