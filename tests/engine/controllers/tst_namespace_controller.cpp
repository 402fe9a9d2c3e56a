// The namespace controller and NamespaceLifecycle admission on a whole simulated cluster:
// `kubectl delete namespace` turns the namespace Terminating, its content is deleted, the
// "kubernetes" finalizer goes and the namespace disappears; meanwhile nothing new may be
// created in it. Messages from k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle
// (v1.31): `unable to create new content in namespace %s because it is being terminated`,
// wrapped by errors.NewForbidden as `<resource> "<name>" is forbidden: ...`.
#include <QtTest>

#include "engine/api/request.h"
#include "engine/controllers/namespace_controller.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

api::Request createIn(const std::string& ns, const std::string& resource, json body,
                      const std::string& group = "")
{
    api::Request r;
    r.verb = "create";
    r.group = group;
    r.resource = resource;
    r.ns = ns;
    r.body = std::move(body);
    return r;
}

json configMap(const std::string& name)
{
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}}},
            {"data", {{"k", "v"}}}};
}

// Namespace "team" with a Deployment of two pods and a ConfigMap, settled.
void populateTeam(ClusterLab& lab)
{
    lab.sh("kubectl create namespace team");
    QVERIFY(lab.ok());
    // busybox running `sleep` as PID 1 ignores SIGTERM: its pods take their whole grace
    // period to stop, so for a while they are all the namespace holds.
    lab.sh("kubectl apply -n team -f -", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: app
        image: busybox:1.36
        command: ["sleep", "3600"]
)");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.sh("kubectl create configmap settings --from-literal=mode=test -n team");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    QCOMPARE(lab.list("pods", "team").size(), std::size_t(2));
    QVERIFY(lab.exists("configmaps", "team", "settings"));
}

} // namespace

// The namespace controller's verdicts after each sweep of `ns`, with their virtual times.
std::vector<std::pair<sim::Time, std::string>> sweeps(ClusterLab& lab, const std::string& ns)
{
    std::vector<std::pair<sim::Time, std::string>> out;
    for (const auto& r : lab.cluster().sim().trace())
        if (r.kind == "controller.namespace" && r.target == "namespaces/" + ns)
            out.emplace_back(r.time, r.summary.substr(r.summary.find(": ") + 2));
    return out;
}

class tst_NamespaceController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deleteNamespaceRemovesContentThenItself();
    void terminatingNamespaceRefusesNewContent();
    void otherNamespacesAreUntouched();
    void finalizerHoldsTheNamespace();
};

void tst_NamespaceController::deleteNamespaceRemovesContentThenItself()
{
    ClusterLab lab;
    populateTeam(lab);
    json ns = lab.get("namespaces", "", "team");
    QCOMPARE(ns.value(json::json_pointer("/status/phase"), ""), std::string("Active"));
    QCOMPARE(ns.value(json::json_pointer("/spec/finalizers"), json()), json::array({"kubernetes"}));

    QCOMPARE(lab.sh("kubectl delete namespace team"), std::string("namespace \"team\" deleted\n"));
    ns = lab.get("namespaces", "", "team");
    QVERIFY(!ns.is_null()); // held by spec.finalizers until its content is gone
    QCOMPARE(ns.value(json::json_pointer("/status/phase"), ""), std::string("Terminating"));
    QVERIFY(ns["metadata"].contains("deletionTimestamp"));
    QVERIFY(lab.sh("kubectl get namespace team").find("Terminating") != std::string::npos);

    // Step until the namespace is gone: while any pod is left it stays, and it goes only
    // once its content has been deleted.
    bool stayedTerminating = true;
    bool sawPodTerminating = false;
    json lastConditions = json::array(); // as the namespace showed them last
    const bool gone = lab.stepUntil(
        [&] {
            for (const json& p : lab.list("pods", "team"))
                sawPodTerminating |= p["metadata"].contains("deletionTimestamp");
            if (!lab.exists("namespaces", "", "team"))
                return true;
            const json n = lab.get("namespaces", "", "team");
            if (n.value(json::json_pointer("/status/phase"), "") != "Terminating")
                stayedTerminating = false;
            if (n.contains("status") && n["status"].contains("conditions"))
                lastConditions = n["status"]["conditions"];
            return false;
        },
        5 * sim::kMinute);
    QVERIFY(gone);
    QVERIFY(stayedTerminating);
    // While content was left, status.conditions said what, in the namespace deleter's
    // words: read from the controller's status writes in the trace, first to last.
    std::vector<std::string> remaining;
    for (const auto& r : lab.cluster().sim().trace()) {
        if (r.kind != "api.request" ||
            r.summary.rfind("PATCH /api/v1/namespaces/team/status", 0) != 0)
            continue;
        const json body = r.detailJson()["request"]["body"];
        for (const json& c : body["status"]["conditions"])
            if (c.value("type", "") == "NamespaceContentRemaining")
                remaining.push_back(c.value("status", "") + " " + c.value("reason", "") + ": " +
                                    c.value("message", ""));
    }
    // What its deletes removed outright (the ConfigMap, the Deployment, its ReplicaSet) is
    // never reported; the pods terminate gracefully, so for a while they are all that is
    // left.
    QCOMPARE(remaining.size(), std::size_t(2));
    QCOMPARE(remaining.front(),
             std::string("True SomeResourcesRemain: Some resources are remaining: "
                         "pods. has 2 resource instances"));
    QCOMPARE(remaining.back(),
             std::string("False ContentRemoved: All content successfully removed"));
    // It watches namespaces, not their content: while the pods (10 s of grace) terminate it
    // looks again after half the estimate plus a second, and once the grace has passed
    // since the namespace's deletion, the estimate is spent.
    const auto verdicts = sweeps(lab, "team");
    QVERIFY(verdicts.size() >= 2);
    QCOMPARE(verdicts.front().second,
             std::string("namespace team still has content (pods. has 2 resource instances): "
                         "estimate 10s, looking again in 6s"));
    QCOMPARE(verdicts.back().second,
             std::string("namespace team is empty: removing the kubernetes finalizer"));
    // Pods still there once their grace is spent fail the sync, which is retried at once
    // with back-off, as kube-controller-manager logs it.
    for (const auto& [at, verdict] : verdicts)
        if (verdict.find("failed") != std::string::npos)
            QVERIFY2(verdict.rfind("deletion of namespace team failed: unexpected items still "
                                   "remain in namespace: team for gvr: /v1, Resource=pods "
                                   "(retry in ",
                                   0) == 0,
                     verdict.c_str());
    // The delay a verdict names: "looking again in 6s", "(retry in 2.560s)", "(retry in 5ms)".
    auto delayOf = [](const std::string& verdict) {
        std::string text = verdict.substr(verdict.rfind(' ') + 1);
        text = text.substr(0, text.find_last_not_of(')') + 1);
        const bool ms = text.size() > 2 && text.compare(text.size() - 2, 2, "ms") == 0;
        return sim::Duration(std::stod(text.substr(0, text.size() - (ms ? 2 : 1))) *
                             double(ms ? sim::kMillisecond : sim::kSecond));
    };
    // Not woken by the last pod's deletion: the sweep that finds the namespace empty is the
    // one the sweep before it scheduled (its delay, plus the sweep's own round trips).
    const std::string& before = verdicts[verdicts.size() - 2].second;
    const sim::Duration delay = delayOf(before);
    QVERIFY2(delay > 0, before.c_str());
    const sim::Duration gap = verdicts.back().first - verdicts[verdicts.size() - 2].first;
    QVERIFY2(gap >= delay && gap < delay + 10 * sim::kMillisecond, before.c_str());
    // A key waits for one requeue at a time (client-go's delaying queue): no sweep comes
    // sooner than the one before it asked for, or than a namespace update's 5 s.
    for (std::size_t i = 1; i + 1 < verdicts.size(); ++i)
        QVERIFY2(verdicts[i].first - verdicts[i - 1].first >=
                     std::min(delayOf(verdicts[i - 1].second),
                              controllers::NamespaceController::kDeletionGracePeriod -
                                  10 * sim::kMillisecond),
                 verdicts[i].second.c_str());
    QCOMPARE(lastConditions.size(), std::size_t(5));
    for (const char* resource : {"pods", "deployments", "replicasets", "configmaps"})
        QVERIFY2(lab.list(resource, "team").empty(), resource);
    // The pods were terminated gracefully by their kubelets, not dropped; the namespace's
    // Events went with it.
    QVERIFY(sawPodTerminating);
    QVERIFY(lab.list("events", "team").empty());
    QVERIFY(lab.sh("kubectl get namespaces").find("team") == std::string::npos);
    lab.sh("kubectl get namespace team");
    QVERIFY(!lab.ok());
    QCOMPARE(lab.lastError(),
             std::string("Error from server (NotFound): namespaces \"team\" not found\n"));
}

void tst_NamespaceController::terminatingNamespaceRefusesNewContent()
{
    ClusterLab lab;
    populateTeam(lab);
    // Before the delete, creating works (the sibling of the refusal below).
    QCOMPARE(lab.cluster().call(createIn("team", "configmaps", configMap("before"))).code, 201);

    lab.sh("kubectl delete namespace team");
    QVERIFY(lab.ok());
    const api::Response r = lab.cluster().call(createIn("team", "configmaps", configMap("late")));
    QCOMPARE(r.code, 403);
    QCOMPARE(r.body.value("reason", ""), std::string("Forbidden"));
    QCOMPARE(r.body.value("message", ""),
             std::string("configmaps \"late\" is forbidden: unable to create new content in "
                         "namespace team because it is being terminated"));
    // A grouped resource names its group, as GroupResource.String() does.
    json deploy = {{"apiVersion", "apps/v1"},
                   {"kind", "Deployment"},
                   {"metadata", {{"name", "late"}}},
                   {"spec",
                    {{"selector", {{"matchLabels", {{"app", "late"}}}}},
                     {"template",
                      {{"metadata", {{"labels", {{"app", "late"}}}}},
                       {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}}}}}}}};
    const api::Response d = lab.cluster().call(createIn("team", "deployments", deploy, "apps"));
    QCOMPARE(d.code, 403);
    QCOMPARE(d.body.value("message", ""),
             std::string("deployments.apps \"late\" is forbidden: unable to create new content "
                         "in namespace team because it is being terminated"));
    // Through kubectl, as the learner sees it.
    lab.sh("kubectl create configmap late2 --from-literal=a=b -n team");
    QVERIFY(!lab.ok());
    QVERIFY2(lab.lastError().find("configmaps \"late2\" is forbidden: unable to create new "
                                  "content in namespace team because it is being "
                                  "terminated") != std::string::npos,
             lab.lastError().c_str());
    QVERIFY(!lab.exists("configmaps", "team", "late"));

    // Once the namespace is gone, the same create says the namespace is not found, and a
    // new namespace of the same name starts Active and accepts content again.
    lab.settle();
    QVERIFY(!lab.exists("namespaces", "", "team"));
    const api::Response nf = lab.cluster().call(createIn("team", "configmaps", configMap("x")));
    QCOMPARE(nf.code, 404);
    QCOMPARE(nf.body.value("message", ""), std::string("namespaces \"team\" not found"));
    lab.sh("kubectl create namespace team");
    QVERIFY(lab.ok());
    QCOMPARE(lab.get("namespaces", "", "team").value(json::json_pointer("/status/phase"), ""),
             std::string("Active"));
    QCOMPARE(lab.cluster().call(createIn("team", "configmaps", configMap("again"))).code, 201);
}

void tst_NamespaceController::otherNamespacesAreUntouched()
{
    ClusterLab lab;
    populateTeam(lab);
    lab.sh("kubectl create deployment api --image=nginx:1.27 --replicas=1");
    QVERIFY(lab.ok());
    lab.settle();
    lab.sh("kubectl delete namespace team");
    lab.settle();
    QVERIFY(!lab.exists("namespaces", "", "team"));
    QVERIFY(lab.exists("deployments", "default", "api"));
    QCOMPARE(lab.podsOf(lab.names("replicasets", "default").at(0)).size(), std::size_t(1));
    // The namespaces Kubernetes protects cannot be deleted at all.
    lab.sh("kubectl delete namespace default");
    QVERIFY(!lab.ok());
    QVERIFY2(lab.lastError().find("namespaces \"default\" is forbidden: this namespace may "
                                  "not be deleted") != std::string::npos,
             lab.lastError().c_str());
    QCOMPARE(lab.get("namespaces", "", "default").value(json::json_pointer("/status/phase"), ""),
             std::string("Active"));
}

// An object whose finalizer nobody removes holds its namespace, and the conditions say
// which finalizer; once it is removed the namespace goes.
void tst_NamespaceController::finalizerHoldsTheNamespace()
{
    ClusterLab lab;
    lab.sh("kubectl create namespace team");
    lab.sh("kubectl apply -f -",
           json{{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata",
                 {{"name", "held"}, {"namespace", "team"}, {"finalizers", {"example.com/keep"}}}}}
               .dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.sh("kubectl delete namespace team");
    lab.runFor(30 * sim::kSecond);
    const json ns = lab.get("namespaces", "", "team");
    QVERIFY(!ns.is_null());
    std::map<std::string, std::string> conditions;
    for (const json& c : ns["status"]["conditions"])
        conditions[c.value("type", "")] =
            c.value("status", "") + " " + c.value("reason", "") + ": " + c.value("message", "");
    QCOMPARE(conditions["NamespaceFinalizersRemaining"],
             std::string("True SomeFinalizerRemain: Some finalizers are remaining: "
                         "example.com/keep in 1 resource instances"));
    QCOMPARE(conditions["NamespaceContentRemaining"],
             std::string("True SomeResourcesRemain: Some resources are remaining: "
                         "configmaps. has 1 resource instances"));
    QCOMPARE(conditions["NamespaceDeletionContentFailure"],
             std::string("False ContentDeleted: All content successfully deleted, may be "
                         "waiting on finalization"));
    // An object held by a finalizer: the deleter's 15 s finalizer estimate.
    QCOMPARE(sweeps(lab, "team").front().second,
             std::string("namespace team still has content (configmaps. has 1 resource "
                         "instances): estimate 15s, looking again in 8s"));
    lab.sh(
        R"(kubectl patch configmap held -n team --type=merge -p '{"metadata":{"finalizers":[]}}')");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.runFor(30 * sim::kSecond);
    QVERIFY(!lab.exists("namespaces", "", "team"));
}

QTEST_GUILESS_MAIN(tst_NamespaceController)
#include "tst_namespace_controller.moc"
