// StatefulSet, DaemonSet and Job controllers end to end on a whole simulated cluster
// (real scheduler and kubelets): pods appear, run, and the workloads' status follows.
#include <QtTest>

#include <algorithm>
#include <map>

#include "engine/cluster/cluster.h"
#include "engine/controllers/controller_util.h"

using namespace kubelab;
using nlohmann::json;

namespace {

api::Request request(const std::string& verb, const std::string& group, const std::string& resource,
                     const std::string& name = "", json body = nullptr)
{
    api::Request r;
    r.verb = verb;
    r.group = group;
    r.resource = resource;
    r.ns = "default";
    r.name = name;
    r.body = std::move(body);
    return r;
}

json podTemplate(const std::string& app, const std::string& image, json command = nullptr)
{
    json c = {{"name", "app"}, {"image", image}};
    if (!command.is_null())
        c["command"] = command;
    return {{"metadata", {{"labels", {{"app", app}}}}},
            {"spec", {{"containers", json::array({c})}}}};
}

json statefulSet(const std::string& name, int replicas, const std::string& policy)
{
    return {{"apiVersion", "apps/v1"},
            {"kind", "StatefulSet"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"replicas", replicas},
              {"serviceName", name},
              {"podManagementPolicy", policy},
              {"selector", {{"matchLabels", {{"app", name}}}}},
              {"template", podTemplate(name, "nginx:1.27")}}}};
}

json daemonSet(const std::string& name, json podSpecExtra = json::object())
{
    json tmpl = podTemplate(name, "nginx:1.27");
    tmpl["spec"].update(podSpecExtra);
    return {{"apiVersion", "apps/v1"},
            {"kind", "DaemonSet"},
            {"metadata", {{"name", name}}},
            {"spec", {{"selector", {{"matchLabels", {{"app", name}}}}}, {"template", tmpl}}}};
}

json job(const std::string& name, const std::string& script, int completions, int backoff)
{
    json tmpl = podTemplate(name, "busybox:1.37", json::array({"sh", "-c", script}));
    tmpl["spec"]["restartPolicy"] = "Never";
    return {{"apiVersion", "batch/v1"},
            {"kind", "Job"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"completions", completions},
              {"parallelism", 1},
              {"backoffLimit", backoff},
              {"template", tmpl}}}};
}

// The pods owned (controller reference) by the object named `owner`.
std::vector<json> podsOf(cluster::Cluster& cluster, const std::string& owner)
{
    std::vector<json> out;
    for (const json& p : cluster.call(request("list", "", "pods")).body.value("items", json()))
        if (const json* ref = controllers::controllerRef(p); ref && ref->value("name", "") == owner)
            out.push_back(p);
    return out;
}

std::vector<std::string> eventMessages(cluster::Cluster& cluster, const std::string& reason,
                                       const std::string& involved)
{
    std::vector<std::string> out;
    for (const json& e : cluster.call(request("list", "", "events")).body.value("items", json()))
        if (e.value("reason", "") == reason &&
            e.value("involvedObject", json::object()).value("name", "") == involved)
            out.push_back(e.value("message", ""));
    std::sort(out.begin(), out.end());
    return out;
}

sim::Time stamp(const json& obj, const std::string& pointer)
{
    return controllers::parseTimestamp(obj.value(json::json_pointer(pointer), std::string()))
        .value_or(-1);
}

sim::Time readyAt(const json& pod)
{
    const json* c = controllers::podCondition(pod, "Ready");
    return c && c->value("status", "") == "True"
               ? controllers::parseTimestamp(c->value("lastTransitionTime", "")).value_or(-1)
               : -1;
}

json byName(const std::vector<json>& pods, const std::string& name)
{
    for (const json& p : pods)
        if (controllers::nameOf(p) == name)
            return p;
    return json();
}

bool hasCondition(const json& obj, const std::string& type, const std::string& reason = "")
{
    for (const json& c : obj.value("status", json::object()).value("conditions", json::array()))
        if (c.value("type", "") == type && c.value("status", "") == "True" &&
            (reason.empty() || c.value("reason", "") == reason))
            return true;
    return false;
}

} // namespace

class tst_WorkloadControllers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statefulSetOrderedReady();
    void statefulSetParallelAndScaleDown();
    void daemonSetOnePodPerEligibleNode();
    void jobCompletes();
    void deploymentAdoptsAndReleasesReplicaSets();
    void jobHitsBackoffLimit();
};

void tst_WorkloadControllers::statefulSetOrderedReady()
{
    cluster::Cluster cluster(7);
    QVERIFY(cluster
                .call(request("create", "apps", "statefulsets", "",
                              statefulSet("web", 3, "OrderedReady")))
                .ok());
    cluster.settle(5 * sim::kMinute);
    const std::vector<json> pods = podsOf(cluster, "web");
    QCOMPARE(pods.size(), std::size_t(3));
    for (int i = 0; i < 3; ++i) {
        const json p = byName(pods, "web-" + std::to_string(i));
        QVERIFY2(!p.is_null(), ("web-" + std::to_string(i)).c_str());
        QCOMPARE(p["spec"].value("hostname", ""), "web-" + std::to_string(i));
        QCOMPARE(p["spec"].value("subdomain", ""), std::string("web"));
        QCOMPARE(p["metadata"]["labels"].value("apps.kubernetes.io/pod-index", ""),
                 std::to_string(i));
        QCOMPARE(p["metadata"]["labels"].value("statefulset.kubernetes.io/pod-name", ""),
                 "web-" + std::to_string(i));
        QCOMPARE(p.value(json::json_pointer("/status/phase"), ""), std::string("Running"));
    }
    // Each ordinal was created only once the one below it was Ready.
    for (int i = 1; i < 3; ++i) {
        const json lower = byName(pods, "web-" + std::to_string(i - 1));
        const json upper = byName(pods, "web-" + std::to_string(i));
        QVERIFY(readyAt(lower) > 0);
        QVERIFY(stamp(upper, "/metadata/creationTimestamp") >= readyAt(lower));
    }
    const json set = cluster.call(request("get", "apps", "statefulsets", "web")).body;
    QCOMPARE(set["status"].value("replicas", 0), 3);
    QCOMPARE(set["status"].value("readyReplicas", 0), 3);
    QCOMPARE(set["status"].value("availableReplicas", 0), 3);
    QCOMPARE(set["status"].value("currentReplicas", 0), 3);
    QCOMPARE(set["status"].value("observedGeneration", 0), 1);
    QCOMPARE(eventMessages(cluster, "SuccessfulCreate", "web"),
             (std::vector<std::string>{"create Pod web-0 in StatefulSet web successful",
                                       "create Pod web-1 in StatefulSet web successful",
                                       "create Pod web-2 in StatefulSet web successful"}));
}

void tst_WorkloadControllers::statefulSetParallelAndScaleDown()
{
    cluster::Cluster cluster(7);
    QVERIFY(
        cluster
            .call(request("create", "apps", "statefulsets", "", statefulSet("db", 3, "Parallel")))
            .ok());
    cluster.settle(5 * sim::kMinute);
    std::vector<json> pods = podsOf(cluster, "db");
    QCOMPARE(pods.size(), std::size_t(3));
    // The sibling of the ordering check: in Parallel db-1 does not wait for db-0.
    QVERIFY(stamp(byName(pods, "db-1"), "/metadata/creationTimestamp") <
            readyAt(byName(pods, "db-0")));

    // Scale down to 1 (Parallel deletes both at once), names stay stable.
    QVERIFY(
        cluster.call(request("patch", "apps", "statefulsets", "db", {{"spec", {{"replicas", 1}}}}))
            .ok());
    cluster.settle(5 * sim::kMinute);
    pods = podsOf(cluster, "db");
    QCOMPARE(pods.size(), std::size_t(1));
    QCOMPARE(controllers::nameOf(pods[0]), std::string("db-0"));
    QCOMPARE(eventMessages(cluster, "SuccessfulDelete", "db"),
             (std::vector<std::string>{"delete Pod db-1 in StatefulSet db successful",
                                       "delete Pod db-2 in StatefulSet db successful"}));
    const json set = cluster.call(request("get", "apps", "statefulsets", "db")).body;
    QCOMPARE(set["status"].value("replicas", 0), 1);
}

void tst_WorkloadControllers::daemonSetOnePodPerEligibleNode()
{
    cluster::Cluster cluster(7);
    QVERIFY(cluster.call(request("create", "apps", "daemonsets", "", daemonSet("fluentd"))).ok());
    // Tolerating the control-plane taint puts a pod there too.
    const json everywhere = {{"tolerations",
                              {{{"key", "node-role.kubernetes.io/control-plane"},
                                {"operator", "Exists"},
                                {"effect", "NoSchedule"}}}}};
    QVERIFY(
        cluster.call(request("create", "apps", "daemonsets", "", daemonSet("agent", everywhere)))
            .ok());
    const json onlyW1 = {{"nodeSelector", {{"kubernetes.io/hostname", "worker-1"}}}};
    QVERIFY(
        cluster.call(request("create", "apps", "daemonsets", "", daemonSet("probe", onlyW1))).ok());
    cluster.settle(5 * sim::kMinute);

    auto nodesOf = [&](const std::string& ds) {
        std::vector<std::string> nodes;
        for (const json& p : podsOf(cluster, ds))
            nodes.push_back(p.value(json::json_pointer("/spec/nodeName"), std::string("?")));
        std::sort(nodes.begin(), nodes.end());
        return nodes;
    };
    QCOMPARE(nodesOf("fluentd"), (std::vector<std::string>{"worker-1", "worker-2", "worker-3"}));
    QCOMPARE(nodesOf("agent"),
             (std::vector<std::string>{"control-plane", "worker-1", "worker-2", "worker-3"}));
    QCOMPARE(nodesOf("probe"), (std::vector<std::string>{"worker-1"}));

    const json ds = cluster.call(request("get", "apps", "daemonsets", "fluentd")).body;
    QCOMPARE(ds["status"].value("desiredNumberScheduled", -1), 3);
    QCOMPARE(ds["status"].value("currentNumberScheduled", -1), 3);
    QCOMPARE(ds["status"].value("numberReady", -1), 3);
    QCOMPARE(ds["status"].value("numberAvailable", -1), 3);
    QCOMPARE(ds["status"].value("numberMisscheduled", -1), 0);
    const std::vector<std::string> created = eventMessages(cluster, "SuccessfulCreate", "fluentd");
    QCOMPARE(created.size(), std::size_t(3));
    QVERIFY(created[0].rfind("Created pod: fluentd-", 0) == 0);
    const json pod = podsOf(cluster, "fluentd").at(0);
    QCOMPARE(pod.value(json::json_pointer("/metadata/generateName"), ""), std::string("fluentd-"));
    QVERIFY(pod.contains(json::json_pointer(
        "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution")));
}

// A Deployment claims ReplicaSets as kube-controller-manager does: it adopts an orphan
// whose labels its selector matches, leaves one it does not match and one another
// Deployment controls, and releases its own once their labels stop matching.
void tst_WorkloadControllers::deploymentAdoptsAndReleasesReplicaSets()
{
    auto replicaSet = [](const std::string& name, const std::string& app) {
        return json{{"apiVersion", "apps/v1"},
                    {"kind", "ReplicaSet"},
                    {"metadata", {{"name", name}, {"labels", {{"app", app}}}}},
                    {"spec",
                     {{"replicas", 1},
                      {"selector", {{"matchLabels", {{"app", app}}}}},
                      {"template", podTemplate(app, "nginx:1.27")}}}};
    };
    auto deployment = [](const std::string& name, const std::string& app) {
        return json{{"apiVersion", "apps/v1"},
                    {"kind", "Deployment"},
                    {"metadata", {{"name", name}}},
                    {"spec",
                     {{"replicas", 1},
                      {"selector", {{"matchLabels", {{"app", app}}}}},
                      {"template", podTemplate(app, "nginx:1.27")}}}};
    };
    cluster::Cluster cluster(7);
    auto owner = [&](const std::string& rs) {
        const json got = cluster.call(request("get", "apps", "replicasets", rs)).body;
        const json* ref = controllers::controllerRef(got);
        return ref ? ref->value("kind", "") + "/" + ref->value("name", "") : std::string("none");
    };
    auto create = [&](const std::string& resource, const json& body) {
        return cluster.call(request("create", "apps", resource, "", body)).ok();
    };
    QVERIFY(create("deployments", deployment("db", "db")));
    cluster.settle(2 * sim::kMinute);
    const std::vector<json> dbSets =
        cluster.call(request("list", "apps", "replicasets")).body.value("items", json());
    QCOMPARE(dbSets.size(), std::size_t(1));
    const std::string dbSet = controllers::nameOf(dbSets[0]);
    QCOMPARE(owner(dbSet), std::string("Deployment/db"));

    QVERIFY(create("replicasets", replicaSet("web-old", "web")));
    QVERIFY(create("replicasets", replicaSet("cache", "cache")));
    cluster.settle(2 * sim::kMinute);
    QCOMPARE(owner("web-old"), std::string("none"));
    // A second Deployment selecting app=db must not take the first one's ReplicaSet.
    QVERIFY(create("deployments", deployment("web", "web")));
    QVERIFY(create("deployments", deployment("db2", "db")));
    cluster.settle(5 * sim::kMinute);
    QCOMPARE(owner("web-old"), std::string("Deployment/web"));
    QCOMPARE(owner("cache"), std::string("none"));
    QCOMPARE(owner(dbSet), std::string("Deployment/db"));

    // Relabelled out of the selector: released, and left alone from then on.
    api::Request relabel = request("patch", "apps", "replicasets", "web-old",
                                   {{"metadata", {{"labels", {{"app", "retired"}}}}}});
    relabel.patchType = "application/merge-patch+json";
    QVERIFY(cluster.call(relabel).ok());
    cluster.settle(5 * sim::kMinute);
    QCOMPARE(owner("web-old"), std::string("none"));
}

void tst_WorkloadControllers::jobCompletes()
{
    cluster::Cluster cluster(7);
    QVERIFY(cluster.call(request("create", "batch", "jobs", "", job("pi", "exit 0", 3, 6))).ok());
    cluster.settle(10 * sim::kMinute);
    const json j = cluster.call(request("get", "batch", "jobs", "pi")).body;
    QCOMPARE(j["status"].value("succeeded", 0), 3);
    QCOMPARE(j["status"].value("failed", 0), 0);
    QCOMPARE(j["status"].value("active", 0), 0);
    QVERIFY(hasCondition(j, "Complete"));
    QVERIFY(hasCondition(j, "SuccessCriteriaMet"));
    QVERIFY(!hasCondition(j, "Failed"));
    QVERIFY(j["status"].contains("completionTime"));
    QVERIFY(j["status"].contains("startTime"));
    const std::vector<json> pods = podsOf(cluster, "pi");
    QCOMPARE(pods.size(), std::size_t(3)); // parallelism 1: never a fourth
    for (const json& p : pods) {
        QCOMPARE(p.value(json::json_pointer("/status/phase"), ""), std::string("Succeeded"));
        QCOMPARE(p["metadata"]["labels"].value("batch.kubernetes.io/job-name", ""),
                 std::string("pi"));
        QCOMPARE(p["metadata"]["labels"].value("job-name", ""), std::string("pi"));
    }
    QCOMPARE(eventMessages(cluster, "Completed", "pi"),
             (std::vector<std::string>{"Job completed"}));
    QCOMPARE(eventMessages(cluster, "SuccessfulCreate", "pi").size(), std::size_t(3));
}

void tst_WorkloadControllers::jobHitsBackoffLimit()
{
    cluster::Cluster cluster(7);
    QVERIFY(cluster.call(request("create", "batch", "jobs", "", job("bad", "exit 1", 1, 1))).ok());
    cluster.settle(10 * sim::kMinute);
    const json j = cluster.call(request("get", "batch", "jobs", "bad")).body;
    QCOMPARE(j["status"].value("failed", 0), 2); // backoffLimit 1: the second failure ends it
    QCOMPARE(j["status"].value("succeeded", 0), 0);
    QVERIFY(hasCondition(j, "Failed", "BackoffLimitExceeded"));
    QVERIFY(!hasCondition(j, "Complete"));
    QCOMPARE(eventMessages(cluster, "BackoffLimitExceeded", "bad"),
             (std::vector<std::string>{"Job has reached the specified backoff limit"}));
    std::vector<json> pods = podsOf(cluster, "bad");
    QCOMPARE(pods.size(), std::size_t(2));
    std::sort(pods.begin(), pods.end(), [](const json& a, const json& b) {
        return stamp(a, "/metadata/creationTimestamp") < stamp(b, "/metadata/creationTimestamp");
    });
    // The replacement waited out the 10s back-off after the first failure (the first
    // pod fails a second or two after it is created).
    const sim::Time first = stamp(pods[0], "/metadata/creationTimestamp");
    const sim::Time second = stamp(pods[1], "/metadata/creationTimestamp");
    QVERIFY(second >= first + 10 * sim::kSecond);
    QVERIFY(second < first + 25 * sim::kSecond);
}

QTEST_GUILESS_MAIN(tst_WorkloadControllers)
#include "tst_workload_controllers.moc"
