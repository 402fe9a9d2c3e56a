#include <optional>

#include <QtTest>

#include "engine/api/admission.h"
#include "engine/api/api_server.h"
#include "engine/cluster/client_actor.h"
#include "engine/cluster/cluster.h"
#include "engine/printers/table.h"
#include "engine/store/etcd_member.h"

using namespace kubelab;
using nlohmann::json;

namespace {
api::Request req(const std::string& verb, const std::string& group, const std::string& resource,
                 const std::string& ns = "", const std::string& name = "", json body = nullptr)
{
    api::Request r;
    r.verb = verb;
    r.group = group;
    r.resource = resource;
    r.ns = ns;
    r.name = name;
    r.body = std::move(body);
    return r;
}

json deployment(const std::string& name, int replicas = 2,
                const std::string& image = "nginx:1.14.2")
{
    return json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"NAME","labels":{"app":"web"}},
      "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
        "template":{"metadata":{"labels":{"app":"web"}},
          "spec":{"containers":[{"name":"nginx","image":"IMG",
                                 "ports":[{"containerPort":80}]}]}}}})")
        .patch(json::array({{{"op", "replace"}, {"path", "/metadata/name"}, {"value", name}},
                            {{"op", "replace"}, {"path", "/spec/replicas"}, {"value", replicas}},
                            {{"op", "replace"},
                             {"path", "/spec/template/spec/containers/0/image"},
                             {"value", image}}}));
}

json pod(const std::string& name, const std::string& node = "",
         const json& labels = json{{"app", "web"}})
{
    json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"labels", labels}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1.27"}}}}}}};
    if (!node.empty())
        p["spec"]["nodeName"] = node;
    return p;
}

std::string message(const api::Response& r)
{
    return r.body.value("message", "");
}

// The summary of the last trace record of `kind`.
std::string lastSummary(const cluster::Cluster& c, const std::string& kind)
{
    std::string last;
    for (const sim::TraceRecord& r : c.sim().trace())
        if (r.kind == kind)
            last = r.summary;
    return last;
}

// No controllers or scheduler: only the test writes, so results are exact.
const cluster::ClusterOptions kApiOnly{false, false};
} // namespace

class tst_ApiServer : public QObject
{
    Q_OBJECT
private slots:
    void bootstrapCreatesSystemObjects()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto ns = c.call(req("list", "", "namespaces"));
        QCOMPARE(ns.code, 200);
        QCOMPARE(ns.body["items"].size(), size_t(4));
        auto svc = c.call(req("get", "", "services", "default", "kubernetes"));
        QCOMPARE(svc.code, 200);
        QCOMPARE(svc.body["spec"]["clusterIP"], json("10.96.0.1"));
        auto nodes = c.call(req("list", "", "nodes"));
        QCOMPARE(nodes.body["items"].size(), size_t(4));
        QCOMPARE(nodes.body["items"][0]["metadata"]["name"], json("control-plane"));
    }

    void createGetAndErrors()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto created =
            c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        QCOMPARE(created.code, 201);
        const json& meta = created.body["metadata"];
        QVERIFY(!meta.value("uid", "").empty());
        QCOMPARE(meta["generation"], json(1));
        QVERIFY(!meta.value("resourceVersion", "").empty());
        QCOMPARE(meta["creationTimestamp"].get<std::string>().substr(0, 11),
                 std::string("2026-01-05T"));
        // Defaults were applied.
        QCOMPARE(created.body["spec"]["strategy"]["rollingUpdate"]["maxSurge"], json("25%"));

        auto got = c.call(req("get", "apps", "deployments", "default", "web"));
        QCOMPARE(got.code, 200);
        QCOMPARE(got.body, created.body);

        auto again = c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        QCOMPARE(again.code, 409);
        QCOMPARE(again.body["reason"], json("AlreadyExists"));
        QCOMPARE(message(again), std::string("deployments.apps \"web\" already exists"));

        auto missing = c.call(req("get", "", "pods", "default", "nope"));
        QCOMPARE(missing.code, 404);
        QCOMPARE(missing.body["reason"], json("NotFound"));
        QCOMPARE(message(missing), std::string("pods \"nope\" not found"));

        auto noNs = c.call(req("create", "apps", "deployments", "shop", "", deployment("web")));
        QCOMPARE(noNs.code, 404);
        QCOMPARE(message(noNs), std::string("namespaces \"shop\" not found"));
    }

    void invalidObjects()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto bad =
            c.call(req("create", "apps", "deployments", "default", "", deployment("web", -1)));
        QCOMPARE(bad.code, 422);
        QCOMPARE(bad.body["reason"], json("Invalid"));
        QCOMPARE(message(bad), std::string("Deployment.apps \"web\" is invalid: spec.replicas: "
                                           "Invalid value: -1: must be greater than or equal "
                                           "to 0"));
        QCOMPARE(bad.body["details"]["causes"][0]["field"], json("spec.replicas"));
        json unknown = deployment("web");
        unknown["spec"]["replica"] = 3;
        auto strict = c.call(req("create", "apps", "deployments", "default", "", unknown));
        QCOMPARE(strict.code, 400);
        QVERIFY(message(strict).find("unknown field \"spec.replica\"") != std::string::npos);
        // Nothing was stored by either.
        QCOMPARE(c.call(req("get", "apps", "deployments", "default", "web")).code, 404);
    }

    void generateName()
    {
        cluster::Cluster c(3, cluster::Topology::defaults(), kApiOnly);
        json p = pod("");
        p["metadata"].erase("name");
        p["metadata"]["generateName"] = "web-";
        auto r = c.call(req("create", "", "pods", "default", "", p));
        QCOMPARE(r.code, 201);
        const std::string name = r.body["metadata"]["name"];
        QCOMPARE(name.size(), size_t(9));
        QCOMPARE(name.substr(0, 4), std::string("web-"));
        QCOMPARE(r.body["status"]["phase"], json("Pending"));
        QCOMPARE(r.body["status"]["qosClass"], json("BestEffort"));
    }

    void updateConflictsOnStaleVersion()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto created =
            c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        json v1 = created.body;
        json first = v1;
        first["spec"]["replicas"] = 5;
        auto ok = c.call(req("update", "apps", "deployments", "default", "web", first));
        QCOMPARE(ok.code, 200);
        QCOMPARE(ok.body["metadata"]["generation"], json(2));
        QVERIFY(ok.body["metadata"]["resourceVersion"] != v1["metadata"]["resourceVersion"]);
        json stale = v1;
        stale["spec"]["replicas"] = 7;
        auto conflict = c.call(req("update", "apps", "deployments", "default", "web", stale));
        QCOMPARE(conflict.code, 409);
        QCOMPARE(conflict.body["reason"], json("Conflict"));
        QCOMPARE(message(conflict),
                 std::string("Operation cannot be fulfilled on deployments.apps \"web\": the "
                             "object has been modified; please apply your changes to the "
                             "latest version and try again"));
        // Without a resourceVersion the update is unconditional.
        stale["metadata"].erase("resourceVersion");
        QCOMPARE(c.call(req("update", "apps", "deployments", "default", "web", stale)).code, 200);
        // Status is ignored on the main resource.
        json withStatus = c.call(req("get", "apps", "deployments", "default", "web")).body;
        withStatus["status"]["replicas"] = 99;
        auto ignored = c.call(req("update", "apps", "deployments", "default", "web", withStatus));
        QVERIFY(!ignored.body["status"].contains("replicas"));
        // A no-op update keeps the resourceVersion.
        json same = ignored.body;
        auto noop = c.call(req("update", "apps", "deployments", "default", "web", same));
        QCOMPARE(noop.body["metadata"]["resourceVersion"], same["metadata"]["resourceVersion"]);
    }

    void listSelectorsAndPaging()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        for (int i = 0; i < 5; ++i)
            c.call(req("create", "", "pods", "default", "",
                       pod("p" + std::to_string(i), i % 2 ? "worker-1" : "",
                           {{"app", i < 3 ? "web" : "db"}})));
        auto web = c.call([] {
            auto r = req("list", "", "pods", "default");
            r.labelSelector = "app=web";
            return r;
        }());
        QCOMPARE(web.body["items"].size(), size_t(3));
        QCOMPARE(web.body["kind"], json("PodList"));
        auto notWeb = c.call([] {
            auto r = req("list", "", "pods", "default");
            r.labelSelector = "app notin (web)";
            return r;
        }());
        QCOMPARE(notWeb.body["items"].size(), size_t(2));
        auto onNode = c.call([] {
            auto r = req("list", "", "pods", "");
            r.fieldSelector = "spec.nodeName=worker-1";
            return r;
        }());
        QCOMPARE(onNode.body["items"].size(), size_t(2));
        auto badField = c.call([] {
            auto r = req("list", "", "pods", "default");
            r.fieldSelector = "spec.image=nginx";
            return r;
        }());
        QCOMPARE(badField.code, 400);
        QCOMPARE(message(badField), std::string("field label not supported: spec.image"));

        // limit/continue walks every pod exactly once at one resourceVersion.
        std::vector<std::string> names;
        std::string token, rv;
        for (int page = 0; page < 10; ++page) {
            auto r = req("list", "", "pods", "default");
            r.limit = 2;
            r.continueToken = token;
            auto res = c.call(r);
            QCOMPARE(res.code, 200);
            if (rv.empty())
                rv = res.body["metadata"]["resourceVersion"];
            QCOMPARE(res.body["metadata"]["resourceVersion"].get<std::string>(), rv);
            for (const auto& item : res.body["items"])
                names.push_back(item["metadata"]["name"]);
            token = res.body["metadata"].value("continue", "");
            if (token.empty())
                break;
            // A write between pages does not show up in the paged list.
            c.call(req("create", "", "pods", "default", "", pod("late" + std::to_string(page))));
        }
        QCOMPARE(names, (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4"}));
    }

    // A plain list is consistent and served from the watch cache (ConsistentListFromCache):
    // etcd is only asked to count; a paged list still reads its pages from etcd.
    void plainListsComeFromTheWatchCache()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.call(req("create", "", "pods", "default", "", pod("a")));
        auto lastEtcdRange = [&c] { return lastSummary(c, "etcd.range"); };
        auto all = c.call(req("list", "", "pods", "default"));
        QCOMPARE(all.body["items"].size(), size_t(1));
        QVERIFY(lastEtcdRange().rfind("count /registry/pods/default/", 0) == 0);
        // Written just before: the list still sees it (the cache caught up first).
        c.call(req("create", "", "pods", "default", "", pod("b")));
        all = c.call(req("list", "", "pods", "default"));
        QCOMPARE(all.body["items"].size(), size_t(2));
        const auto* api = c.sim().actorAs<api::ApiServer>(c.apiServer());
        QCOMPARE(all.body["metadata"]["resourceVersion"].get<std::string>(),
                 std::to_string(api->cacheRevision()));
        auto paged = req("list", "", "pods", "default");
        paged.limit = 1;
        QCOMPARE(c.call(paged).body["items"].size(), size_t(1));
        QVERIFY(lastEtcdRange().rfind("range /registry/pods/default/", 0) == 0);
    }

    // Server-side printing: asked for a Table (kubectl's Accept header), a list or a get
    // comes back as a meta.k8s.io/v1 Table: column definitions with the wide-only ones at
    // priority 1, typed cells, rows carrying the objects' metadata (or the whole objects
    // with includeObject=Object). Without the header the same list is a PodList.
    void tablesWhenAskedForThem()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.call(req("create", "", "pods", "default", "", pod("a")));
        c.call(req("create", "", "pods", "default", "", pod("b")));
        auto list = req("list", "", "pods", "default");
        QCOMPARE(c.call(list).body["kind"].get<std::string>(), std::string("PodList"));
        list.accept = printers::tableAcceptHeader();
        const json table = c.call(list).body;
        QCOMPARE(table["kind"].get<std::string>(), std::string("Table"));
        QCOMPARE(table["apiVersion"].get<std::string>(), std::string("meta.k8s.io/v1"));
        std::vector<std::string> names, wide;
        for (const json& d : table["columnDefinitions"])
            (d["priority"].get<int>() == 0 ? names : wide).push_back(d["name"]);
        QCOMPARE(names, (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age"}));
        QCOMPARE(wide,
                 (std::vector<std::string>{"IP", "Node", "Nominated Node", "Readiness Gates"}));
        QCOMPARE(table["rows"].size(), size_t(2));
        const json& row = table["rows"][0];
        QCOMPARE(row["cells"][0].get<std::string>(), std::string("a"));
        QCOMPARE(row["cells"][2].get<std::string>(), std::string("Pending"));
        QCOMPARE(row["cells"][6].get<std::string>(), std::string("<none>")); // no node yet
        QCOMPARE(row["object"]["kind"].get<std::string>(), std::string("PartialObjectMetadata"));
        QCOMPARE(row["object"]["metadata"]["name"].get<std::string>(), std::string("a"));
        QVERIFY(!row["object"].contains("spec"));
        list.includeObject = "Object";
        QVERIFY(c.call(list).body["rows"][1]["object"].contains("spec"));
        QVERIFY(list.path().find("includeObject=Object") != std::string::npos);
        auto get = req("get", "", "pods", "default", "b");
        get.accept = printers::tableAcceptHeader();
        const json one = c.call(get).body;
        QCOMPARE(one["rows"].size(), size_t(1));
        QCOMPARE(one["rows"][0]["cells"][0].get<std::string>(), std::string("b"));
        // Count columns carry numbers, as the Go printers put int64 in their cells, while
        // the column keeps printers.go's declared type ("string" for Up-to-date).
        c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        auto deployments = req("list", "apps", "deployments", "default");
        deployments.accept = printers::tableAcceptHeader();
        const json d = c.call(deployments).body;
        QCOMPARE(d["columnDefinitions"][2]["name"].get<std::string>(), std::string("Up-to-date"));
        QCOMPARE(d["columnDefinitions"][2]["type"].get<std::string>(), std::string("string"));
        QVERIFY(d["rows"][0]["cells"][2].is_number_integer());
        QVERIFY(d["rows"][0]["cells"][1].is_string()); // READY "0/2"
    }

    // Updates start from the watch cache's copy (no etcd read); two patches racing on one
    // object make the second one's copy stale: etcd's compare fails, the API server reads
    // the current object and tries again, and both changes are kept.
    void updatesStartFromTheCacheAndRetryWhenItIsStale()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        const size_t before = c.sim().trace().size();
        auto label = [](const char* key) {
            auto r = req("patch", "apps", "deployments", "default", "web",
                         json{{"metadata", {{"labels", {{key, "yes"}}}}}});
            r.patchType = "application/merge-patch+json";
            return r;
        };
        // One patch alone: a txn straight away, no read.
        QCOMPARE(c.call(label("first")).code, 200);
        auto count = [&c](size_t from, const char* kind, bool failedOnly = false) {
            int n = 0;
            const auto& records = c.sim().trace();
            for (size_t i = from; i < records.size(); ++i)
                n += records[i].kind == kind &&
                     records[i].summary.find("/registry/deployments/default/web") !=
                         std::string::npos &&
                     (!failedOnly || !records[i].detailJson().value("succeeded", true));
            return n;
        };
        QCOMPARE(count(before, "etcd.range"), 0);
        QCOMPARE(count(before, "etcd.txn"), 1);
        // Two at once: the second starts from a copy the first has made stale.
        const size_t racing = c.sim().trace().size();
        for (std::uint64_t id : {9001, 9002})
            c.post({"kubectl",
                    c.apiServer(),
                    "api.request",
                    {{"id", id}, {"request", label(id == 9001 ? "second" : "third").toJson()}}},
                   0);
        c.runUntil(c.sim().now() + sim::kSecond);
        // Three txns: the first patch's, the second's that failed its compare (the
        // failure branch returns the current object), and the second's retry from it.
        QCOMPARE(count(racing, "etcd.txn", true), 1);
        QCOMPARE(count(racing, "etcd.txn"), 3);
        const json labels =
            c.call(req("get", "apps", "deployments", "default", "web")).body["metadata"]["labels"];
        QCOMPARE(labels.value("first", ""), std::string("yes"));
        QCOMPARE(labels.value("second", ""), std::string("yes"));
        QCOMPARE(labels.value("third", ""), std::string("yes"));
    }

    // A patch that removes the last finalizer deletes the object; when its first try loses
    // a race, the retry is that patch again (it once came back as a no-op DELETE).
    void finalizingPatchRetriedAfterAConflictStillDeletes()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        json cm = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"name", "held"}, {"finalizers", {"example.com/keep"}}}},
                   {"data", {{"a", "b"}}}};
        QCOMPARE(c.call(req("create", "", "configmaps", "default", "", cm)).code, 201);
        QCOMPARE(c.call(req("delete", "", "configmaps", "default", "held")).code, 200);
        QCOMPARE(c.call(req("get", "", "configmaps", "default", "held")).code, 200);
        auto merge = [](json body) {
            auto r = req("patch", "", "configmaps", "default", "held", std::move(body));
            r.patchType = "application/merge-patch+json";
            return r;
        };
        c.post({"kubectl",
                c.apiServer(),
                "api.request",
                {{"id", 9101},
                 {"request", merge({{"metadata", {{"labels", {{"seen", "yes"}}}}}}).toJson()}}},
               0);
        c.post({"kubectl",
                c.apiServer(),
                "api.request",
                {{"id", 9102},
                 {"request", merge({{"metadata", {{"finalizers", json::array()}}}}).toJson()}}},
               0);
        c.runUntil(c.sim().now() + sim::kSecond);
        QCOMPARE(c.call(req("get", "", "configmaps", "default", "held")).code, 404);
    }

    void patchKinds()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.call(req("create", "apps", "deployments", "default", "", deployment("web")));
        auto merge = req("patch", "apps", "deployments", "default", "web",
                         json{{"spec", {{"replicas", 4}}}});
        merge.patchType = "application/merge-patch+json";
        QCOMPARE(c.call(merge).body["spec"]["replicas"], json(4));

        auto jsonPatch =
            req("patch", "apps", "deployments", "default", "web",
                json::array({{{"op", "replace"}, {"path", "/spec/replicas"}, {"value", 6}}}));
        jsonPatch.patchType = "application/json-patch+json";
        QCOMPARE(c.call(jsonPatch).body["spec"]["replicas"], json(6));
        auto failing =
            req("patch", "apps", "deployments", "default", "web",
                json::array({{{"op", "test"}, {"path", "/spec/replicas"}, {"value", 1}}}));
        failing.patchType = "application/json-patch+json";
        QVERIFY(!c.call(failing).ok());

        // Strategic merge: containers merge by name instead of replacing the list.
        auto smp = req("patch", "apps", "deployments", "default", "web",
                       json::parse(R"({"spec":{"template":{"spec":{"containers":[
                           {"name":"sidecar","image":"busybox:1.36"}]}}}})"));
        smp.patchType = "application/strategic-merge-patch+json";
        auto merged = c.call(smp);
        QCOMPARE(merged.code, 200);
        QCOMPARE(merged.body["spec"]["template"]["spec"]["containers"].size(), size_t(2));
        auto replace = smp;
        replace.patchType = "application/merge-patch+json";
        QCOMPARE(c.call(replace).body["spec"]["template"]["spec"]["containers"].size(), size_t(1));
    }

    void gracefulDeleteAndFinalizers()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.call(req("create", "", "pods", "default", "", pod("bound", "worker-1")));
        c.call(req("create", "", "pods", "default", "", pod("unbound")));
        // An unscheduled pod goes at once.
        QCOMPARE(c.call(req("delete", "", "pods", "default", "unbound")).code, 200);
        QCOMPARE(c.call(req("get", "", "pods", "default", "unbound")).code, 404);
        // A pod on a node waits for its kubelet: deletionTimestamp = now + 30 s.
        auto graceful = c.call(req("delete", "", "pods", "default", "bound"));
        QCOMPARE(graceful.code, 200);
        QCOMPARE(graceful.body["metadata"]["deletionGracePeriodSeconds"], json(30));
        auto still = c.call(req("get", "", "pods", "default", "bound"));
        QCOMPARE(still.code, 200);
        QVERIFY(still.body["metadata"].contains("deletionTimestamp"));
        auto force = req("delete", "", "pods", "default", "bound");
        force.gracePeriodSeconds = 0;
        QCOMPARE(c.call(force).code, 200);
        QCOMPARE(c.call(req("get", "", "pods", "default", "bound")).code, 404);

        json cm = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"name", "keep"}, {"finalizers", {"example.com/hold"}}}},
                   {"data", {{"k", "v"}}}};
        c.call(req("create", "", "configmaps", "default", "", cm));
        c.call(req("delete", "", "configmaps", "default", "keep"));
        auto held = c.call(req("get", "", "configmaps", "default", "keep"));
        QCOMPARE(held.code, 200);
        QVERIFY(held.body["metadata"].contains("deletionTimestamp"));
        auto release = req("patch", "", "configmaps", "default", "keep",
                           json{{"metadata", {{"finalizers", nullptr}}}});
        release.patchType = "application/merge-patch+json";
        QCOMPARE(c.call(release).code, 200);
        QCOMPARE(c.call(req("get", "", "configmaps", "default", "keep")).code, 404);
    }

    void namespaceLifecycle()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto sys = c.call(req("delete", "", "namespaces", "", "default"));
        QCOMPARE(sys.code, 403);
        json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "shop"}}}};
        auto created = c.call(req("create", "", "namespaces", "", "", ns));
        QCOMPARE(created.body["status"]["phase"], json("Active"));
        QCOMPARE(created.body["metadata"]["labels"]["kubernetes.io/metadata.name"], json("shop"));
        QCOMPARE(c.call(req("create", "", "pods", "shop", "", pod("a"))).code, 201);
        auto del = c.call(req("delete", "", "namespaces", "", "shop"));
        QCOMPARE(del.body["status"]["phase"], json("Terminating"));
        auto refused = c.call(req("create", "", "pods", "shop", "", pod("b")));
        QCOMPARE(refused.code, 403);
        QVERIFY(message(refused).find("because it is being terminated") != std::string::npos);
        // A plain update cannot drop spec.finalizers; /finalize can, and then it is gone.
        json terminating = c.call(req("get", "", "namespaces", "", "shop")).body;
        terminating["spec"]["finalizers"] = json::array();
        c.call(req("update", "", "namespaces", "", "shop", terminating));
        QCOMPARE(c.call(req("get", "", "namespaces", "", "shop")).code, 200);
        auto finalize = req("update", "", "namespaces", "", "shop", terminating);
        finalize.subresource = "finalize";
        QCOMPARE(c.call(finalize).code, 200);
        QCOMPARE(c.call(req("get", "", "namespaces", "", "shop")).code, 404);
    }

    void serviceClusterIps()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        json svc = {{"apiVersion", "v1"},
                    {"kind", "Service"},
                    {"metadata", {{"name", "web"}}},
                    {"spec", {{"selector", {{"app", "web"}}}, {"ports", {{{"port", 80}}}}}}};
        auto r = c.call(req("create", "", "services", "default", "", svc));
        QCOMPARE(r.code, 201);
        const std::string ip = r.body["spec"]["clusterIP"];
        QVERIFY(api::inServiceRange(ip));
        QCOMPARE(r.body["spec"]["ports"][0]["targetPort"], json(80));
        json dup = svc;
        dup["metadata"]["name"] = "web2";
        dup["spec"]["clusterIP"] = "10.96.0.1";
        auto taken = c.call(req("create", "", "services", "default", "", dup));
        QCOMPARE(taken.code, 422);
        QVERIFY(message(taken).find("provided IP is already allocated") != std::string::npos);
    }

    void priorityAdmission()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        json pc = {{"apiVersion", "scheduling.k8s.io/v1"},
                   {"kind", "PriorityClass"},
                   {"metadata", {{"name", "high"}}},
                   {"value", 1000}};
        QCOMPARE(c.call(req("create", "scheduling.k8s.io", "priorityclasses", "", "", pc)).code,
                 201);
        json p = pod("important");
        p["spec"]["priorityClassName"] = "high";
        auto ok = c.call(req("create", "", "pods", "default", "", p));
        QCOMPARE(ok.body["spec"]["priority"], json(1000));
        auto plain = c.call(req("create", "", "pods", "default", "", pod("plain")));
        QCOMPARE(plain.body["spec"]["priority"], json(0));
        p["metadata"]["name"] = "ghost";
        p["spec"]["priorityClassName"] = "nope";
        auto missing = c.call(req("create", "", "pods", "default", "", p));
        QCOMPARE(missing.code, 403);
        QCOMPARE(message(missing), std::string("pods \"ghost\" is forbidden: no PriorityClass "
                                               "with name nope was found"));
        // The system classes exist from the start.
        QCOMPARE(c.call(req("get", "scheduling.k8s.io", "priorityclasses", "", "", nullptr)).code,
                 405);
        QCOMPARE(
            c.call(req("get", "scheduling.k8s.io", "priorityclasses", "", "system-node-critical"))
                .body["value"],
            json(2000001000));
    }

    void watchStreamsChanges()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto w = req("watch", "", "pods", "default");
        w.labelSelector = "app=web";
        auto started = c.call(w);
        QCOMPARE(started.code, 200);
        c.call(req("create", "", "pods", "default", "", pod("a")));
        c.call(req("create", "", "pods", "default", "", pod("b", "", {{"app", "db"}})));
        auto relabel = req("patch", "", "pods", "default", "a",
                           json{{"metadata", {{"labels", {{"app", "db"}}}}}});
        relabel.patchType = "application/merge-patch+json";
        c.call(relabel);
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        const auto* kubectl = c.sim().actorAs<cluster::ClientActor>("kubectl");
        std::vector<std::string> seen;
        for (const auto& e : kubectl->watchEvents())
            if (e["type"] != "BOOKMARK")
                seen.push_back(e["type"].get<std::string>() + " " +
                               e["object"]["metadata"]["name"].get<std::string>());
        // b never matched; a was added, then left the selector.
        QCOMPARE(seen, (std::vector<std::string>{"ADDED a", "DELETED a"}));
        // The initial state ended with a bookmark, as WatchList does.
        QCOMPARE(kubectl->watchEvents().front()["type"], json("BOOKMARK"));

        // Resuming from an old resourceVersion replays what came after it, through the
        // same selector, with the objects as they were sent live: the history keeps each
        // version as etcd's text, and a's first version, which nothing holds any more, is
        // decoded from it again.
        std::vector<json> live;
        for (const auto& e : kubectl->watchEvents())
            if (e["type"] != "BOOKMARK")
                live.push_back(json{{"type", e["type"]}, {"object", e["object"]}});
        QCOMPARE(live.size(), size_t(2));
        auto resume = w;
        resume.resourceVersion = "1";
        c.sim().mutableActorAs<cluster::ClientActor>("kubectl")->watchEvents().clear();
        QCOMPARE(c.call(resume).code, 200);
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        // Looked up again: stepping may have copied the actor away from a checkpoint.
        kubectl = c.sim().actorAs<cluster::ClientActor>("kubectl");
        std::vector<json> replayed;
        for (const auto& e : kubectl->watchEvents())
            replayed.push_back(json{{"type", e["type"]}, {"object", e["object"]}});
        QCOMPARE(replayed.size(), live.size());
        for (size_t i = 0; i < live.size(); ++i)
            QCOMPARE(replayed[i].dump(), live[i].dump());
        QCOMPARE(replayed[0]["object"]["metadata"]["labels"]["app"], json("web"));
        QVERIFY(replayed[0]["object"]["metadata"]["resourceVersion"] !=
                replayed[1]["object"]["metadata"]["resourceVersion"]);

        // Without a selector every change comes back, b's too.
        auto all = req("watch", "", "pods", "default");
        all.resourceVersion = "1";
        c.sim().mutableActorAs<cluster::ClientActor>("kubectl")->watchEvents().clear();
        QCOMPARE(c.call(all).code, 200);
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        kubectl = c.sim().actorAs<cluster::ClientActor>("kubectl");
        std::vector<std::string> everything;
        for (const auto& e : kubectl->watchEvents())
            everything.push_back(e["type"].get<std::string>() + " " +
                                 e["object"]["metadata"]["name"].get<std::string>());
        QCOMPARE(everything, (std::vector<std::string>{"ADDED a", "ADDED b", "MODIFIED a"}));
    }

    // Events are left out of the watch cache, as kube-apiserver's DefaultWatchCacheSizes
    // leaves them: lists read etcd, and each watch of events is its own etcd watch.
    void eventsAreServedFromEtcd()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        auto event = [](const std::string& name, const std::string& reason) {
            return json{
                {"apiVersion", "v1"},
                {"kind", "Event"},
                {"metadata", {{"name", name}}},
                {"involvedObject", {{"kind", "Pod"}, {"name", "a"}, {"namespace", "default"}}},
                {"reason", reason},
                {"message", reason + " happened"},
                {"type", "Normal"}};
        };
        QCOMPARE(c.call(req("create", "", "events", "default", "", event("a.1", "Pulled"))).code,
                 201);
        const auto* api = c.sim().actorAs<api::ApiServer>(c.apiServer());
        for (const auto& [key, obj] : api->cache())
            QVERIFY2(key.rfind("/registry/events/", 0) != 0, key.c_str());
        QVERIFY(c.objects("events", "default").empty());
        QCOMPARE(c.events("default").size(), size_t(1));

        auto lastEtcdRange = [&c] { return lastSummary(c, "etcd.range"); };
        auto list = c.call(req("list", "", "events", "default"));
        QCOMPARE(list.body["items"].size(), size_t(1));
        QCOMPARE(list.body["items"][0]["reason"], json("Pulled"));
        // A whole range, not the count a cached list asks etcd for.
        QVERIFY2(lastEtcdRange().rfind("range /registry/events/default/", 0) == 0,
                 lastEtcdRange().c_str());
        auto got = c.call(req("get", "", "events", "default", "a.1"));
        QCOMPARE(got.code, 200);
        QCOMPARE(got.body["metadata"]["resourceVersion"],
                 list.body["items"][0]["metadata"]["resourceVersion"]);
        // Updates read etcd (no cached copy) and still write.
        auto patch = req("patch", "", "events", "default", "a.1", json{{"count", 2}});
        patch.patchType = "application/merge-patch+json";
        QCOMPARE(c.call(patch).code, 200);
        QCOMPARE(c.call(req("get", "", "events", "default", "a.1")).body["count"], json(2));

        // A watch from now: the initial state, a bookmark, then what comes.
        auto w = req("watch", "", "events", "default");
        QCOMPARE(c.call(w).code, 200);
        c.call(req("create", "", "events", "default", "", event("a.2", "Started")));
        c.call(req("create", "", "events", "kube-system", "", event("b.1", "Started")));
        c.call(req("delete", "", "events", "default", "a.1"));
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        auto seen = [&c] {
            std::vector<std::string> out;
            for (const auto& e : c.sim().actorAs<cluster::ClientActor>("kubectl")->watchEvents())
                out.push_back(e["type"].get<std::string>() +
                              (e["type"] == "BOOKMARK"
                                   ? ""
                                   : " " + e["object"]["metadata"]["name"].get<std::string>()));
            return out;
        };
        QCOMPARE(seen(),
                 (std::vector<std::string>{"ADDED a.1", "BOOKMARK", "ADDED a.2", "DELETED a.1"}));

        // Resuming from the list's resourceVersion replays, from etcd's history, only what
        // came after it.
        c.sim().mutableActorAs<cluster::ClientActor>("kubectl")->watchEvents().clear();
        auto resume = req("watch", "", "events", "default");
        resume.resourceVersion = list.body["metadata"]["resourceVersion"].get<std::string>();
        QCOMPARE(c.call(resume).code, 200);
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        QCOMPARE(seen(), (std::vector<std::string>{"MODIFIED a.1", "ADDED a.2", "DELETED a.1"}));

        // Once etcd has compacted that history (the API server asks every 5 minutes), the
        // same resume ends at once with an ERROR event: 410 Expired, in the words of
        // kube-apiserver's etcd3 watcher.
        c.sim().runUntil(c.sim().now() + 11 * sim::kMinute);
        c.sim().mutableActorAs<cluster::ClientActor>("kubectl")->watchEvents().clear();
        QCOMPARE(c.call(resume).code, 200);
        c.sim().runUntil(c.sim().now() + sim::kSecond);
        const auto& events = c.sim().actorAs<cluster::ClientActor>("kubectl")->watchEvents();
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0]["type"], json("ERROR"));
        QCOMPARE(events[0]["object"]["code"], json(410));
        QCOMPARE(events[0]["object"]["reason"], json("Expired"));
        QCOMPARE(events[0]["object"]["message"],
                 json("The resourceVersion for the provided watch is too old."));
    }

    // The watch cache takes what the API server itself wrote instead of parsing etcd's
    // text back. Every version of every pod a watcher saw while a Deployment's pods were
    // created, bound and started, and every object the cache holds at the end, is exactly
    // what etcd's value at that revision decodes to, resourceVersion included.
    void cacheHoldsWhatEtcdStores()
    {
        cluster::Cluster c(1, cluster::Topology::defaults());
        QCOMPARE(c.call(req("watch", "", "pods", "default")).code, 200);
        QCOMPARE(
            c.call(req("create", "apps", "deployments", "default", "", deployment("web", 3))).code,
            201);
        c.settle(5 * sim::kMinute);
        const auto& etcd = c.sim().actorAs<store::EtcdMember>(c.etcdMember())->store();
        auto decoded = [&etcd](const std::string& key, std::int64_t revision) {
            const auto kvs = etcd.range(key, "", revision, 0).kvs;
            return kvs.size() == 1 ? api::objectFromValue(kvs[0].value, kvs[0].modRevision).dump()
                                   : std::string("(none)");
        };
        size_t versions = 0;
        for (const auto& e : c.sim().actorAs<cluster::ClientActor>("kubectl")->watchEvents()) {
            if (e["type"] != "ADDED" && e["type"] != "MODIFIED")
                continue;
            const json& meta = e["object"]["metadata"];
            const std::string key = "/registry/pods/default/" + meta.value("name", "");
            const auto rv = std::stoll(meta.value("resourceVersion", "0"));
            QCOMPARE(e["object"].dump(), decoded(key, rv));
            ++versions;
        }
        // Created, bound, then the kubelet's status updates, for each of the three.
        QVERIFY2(versions >= 9, std::to_string(versions).c_str());

        const auto* api = c.sim().actorAs<api::ApiServer>(c.apiServer());
        size_t running = 0;
        for (const auto& [key, object] : api->cache()) {
            QCOMPARE(object->dump(), decoded(key, 0));
            if (key.rfind("/registry/pods/default/web-", 0) == 0 &&
                (*object)["status"].value("phase", "") == "Running")
                ++running;
        }
        QCOMPARE(running, size_t(3));
    }

    void traceShowsEveryHop()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        const size_t before = c.sim().trace().size();
        c.call(req("create", "", "pods", "default", "", pod("traced")));
        std::vector<std::string> kinds;
        for (size_t i = before; i < c.sim().trace().size(); ++i)
            kinds.push_back(c.sim().trace()[i].kind);
        auto has = [&](const char* k) {
            return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
        };
        QVERIFY(has("api.request"));
        QVERIFY(has("etcd.txn"));
        QVERIFY(has("api.response"));
        QVERIFY(has("watch.cache"));
        QVERIFY(!has("dropped"));

        // The etcd.txn record shows the value etcd stored at that revision: shared with
        // the store (an attachment), put back in place when the detail is read.
        std::optional<sim::TraceRecord> txn;
        for (size_t i = before; i < c.sim().trace().size(); ++i)
            if (c.sim().trace()[i].kind == "etcd.txn")
                txn = c.sim().trace()[i];
        QVERIFY(txn);
        QCOMPARE(txn->attachments.size(), size_t(1));
        QVERIFY(txn->detail.find("\"uid\"") == std::string::npos); // not copied into the text
        const json detail = txn->detailJson();
        const json stored = json::parse(detail["ops"][0]["value"].get<std::string>());
        QCOMPARE(stored["metadata"]["name"], json("traced"));
        QCOMPARE(detail["ops"][0]["key"], json("/registry/pods/default/traced"));
        QCOMPARE(json::parse(txn->detailText()), detail);
        const auto* etcd = c.sim().actorAs<store::EtcdMember>(c.etcdMember());
        QCOMPARE(*etcd->store().sharedValue("/registry/pods/default/traced"),
                 detail["ops"][0]["value"].get<std::string>());
        // The trace's canonical form (and so its hash) holds the value in place.
        QCOMPARE(txn->toJson()["detail"], detail);
    }
};

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_api_server.moc"
