// kubectl commands end to end against a simulated cluster without its control loops: get,
// create, run, delete, label, annotate, patch, api-resources and the dispatcher's errors
// (kubectl 1.32 output).
#include <QtTest>

#include "engine/printers/table.h"
#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using Json = nlohmann::json;

namespace {

constexpr sim::Time kNow = 3600 * sim::kSecond;

// A pod no scheduler places, with the status a kubelet would have written for it running.
Json pod(const std::string& name, const std::string& ns, Json labels = Json::object())
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", ns}, {"labels", labels}}},
            {"spec", {{"containers", {{{"name", "app"}, {"image", "nginx"}}}}}},
            {"status",
             {{"phase", "Running"},
              {"containerStatuses",
               {{{"name", "app"},
                 {"ready", true},
                 {"restartCount", 0},
                 {"state", {{"running", Json::object()}}}}}}}}};
}

// web and db in default, coredns in kube-system (and the API server's own `kubernetes`
// Service), made at the start; age() lets an hour pass for the AGE columns.
struct Fixture : testing::KubectlFixture
{
    Fixture()
    {
        create(pod("web", "default", {{"app", "web"}}));
        create(pod("db", "default", {{"app", "db"}}));
        create(pod("coredns", "kube-system", {{"k8s-app", "kube-dns"}}));
    }
    void age() { runUntil(kNow); }
};

QString s(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

class tst_Kubectl : public QObject
{
    Q_OBJECT

private slots:
    void getTable()
    {
        Fixture f;
        f.age();
        Result r = f.run({"get", "pods"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(s(r.out), QStringLiteral("NAME   READY   STATUS    RESTARTS   AGE\n"
                                          "db     1/1     Running   0          60m\n"
                                          "web    1/1     Running   0          60m\n"));
        // Printed by the server: kubectl asked for a Table of metadata-only rows.
        QCOMPARE(f.requests.back().accept, printers::tableAcceptHeader());
        QVERIFY(f.requests.back().includeObject.empty());
        r = f.run({"get", "po", "-l", "app=web", "--no-headers"});
        QCOMPARE(s(r.out), QStringLiteral("web   1/1   Running   0     60m\n"));
        QVERIFY(r.out.find("db") == std::string::npos);
    }

    void getAllNamespacesAndKinds()
    {
        Fixture f;
        f.age();
        Result r = f.run({"get", "pods", "-A"});
        QCOMPARE(s(r.out),
                 QStringLiteral("NAMESPACE     NAME      READY   STATUS    RESTARTS   AGE\n"
                                "default       db        1/1     Running   0          60m\n"
                                "default       web       1/1     Running   0          60m\n"
                                "kube-system   coredns   1/1     Running   0          60m\n"));
        r = f.run({"get", "pods,svc", "-l", "app=web"});
        QCOMPARE(s(r.out), QStringLiteral("NAME      READY   STATUS    RESTARTS   AGE\n"
                                          "pod/web   1/1     Running   0          60m\n"));
        r = f.run({"get", "all"});
        QCOMPARE(
            s(r.out),
            QStringLiteral(
                "NAME      READY   STATUS    RESTARTS   AGE\n"
                "pod/db    1/1     Running   0          60m\n"
                "pod/web   1/1     Running   0          60m\n"
                "\n"
                "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
                "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60m\n"));
    }

    void getEmptyAndNotFound()
    {
        Fixture f;
        Result r = f.run({"get", "deployments"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.empty());
        QCOMPARE(s(r.err), QStringLiteral("No resources found in default namespace.\n"));
        r = f.run({"get", "deploy", "-n", "shop"});
        QCOMPARE(s(r.err), QStringLiteral("No resources found in shop namespace.\n"));
        // Cluster-scoped: no namespace in the message. (The kubelets have registered their
        // nodes, so it takes a selector to find none.)
        r = f.run({"get", "nodes", "-l", "nosuch=label"});
        QCOMPARE(s(r.err), QStringLiteral("No resources found\n"));
        r = f.run({"get", "nodes", "-o", "name"});
        QCOMPARE(s(r.out), QStringLiteral("node/control-plane\nnode/worker-1\nnode/worker-2\n"
                                          "node/worker-3\n"));
        r = f.run({"get", "pods", "missing", "web"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(s(r.err),
                 QStringLiteral("Error from server (NotFound): pods \"missing\" not found\n"));
        QVERIFY(r.out.find("web") != std::string::npos);
        r = f.run({"get", "foo"});
        QCOMPARE(s(r.err),
                 QStringLiteral("error: the server doesn't have a resource type \"foo\"\n"));
        QCOMPARE(r.exitCode, 1);
    }

    void getOutputs()
    {
        Fixture f;
        Result r = f.run({"get", "pod/web", "-o", "name"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web\n"));
        r = f.run({"get", "pods", "-o", "name"});
        QCOMPARE(s(r.out), QStringLiteral("pod/db\npod/web\n"));
        r = f.run({"get", "pods", "-o", "jsonpath={.items[*].metadata.name}"});
        QCOMPARE(s(r.out), QStringLiteral("db web"));
        r = f.run({"get", "pod", "web", "-o", "jsonpath={.metadata.name}"});
        QCOMPARE(s(r.out), QStringLiteral("web"));
        r = f.run({"get", "pod", "web", "-o", "json"});
        Json single = Json::parse(r.out);
        QCOMPARE(s(single["kind"]), QStringLiteral("Pod"));
        QVERIFY(r.out.find("\n    \"apiVersion\": \"v1\",\n") != std::string::npos);
        r = f.run({"get", "pods", "-o", "json"});
        Json list = Json::parse(r.out);
        QCOMPARE(s(list["kind"]), QStringLiteral("List"));
        QCOMPARE(s(list["metadata"]["resourceVersion"]), QString());
        QCOMPARE(int(list["items"].size()), 2);
        QCOMPARE(s(list["items"][0]["kind"]), QStringLiteral("Pod"));
        r = f.run({"get", "pods", "-o", "yaml"});
        QVERIFY2(r.out.rfind("apiVersion: v1\nitems:\n- apiVersion: v1\n", 0) == 0, r.out.c_str());
        QVERIFY(r.out.find("kind: List\nmetadata:\n  resourceVersion: \"\"\n") !=
                std::string::npos);
        r = f.run({"get", "pods", "-o", "foo"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.rfind("error: unable to match a printer suitable for the output format "
                            "\"foo\"",
                            0) == 0);
    }

    void dispatchErrors()
    {
        Fixture f;
        Result r = f.run({"get", "pods", "--foo"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(s(r.err), QStringLiteral("Error: unknown flag: --foo\n"
                                          "See 'kubectl get --help' for usage.\n"));
        r = f.run({"foo"});
        QCOMPARE(s(r.err), QStringLiteral("Error: unknown command \"foo\" for \"kubectl\"\n\n"
                                          "Did you mean this?\n\ttop\n\n"));
        r = f.run({"zzzzqq"});
        QCOMPARE(s(r.err), QStringLiteral("Error: unknown command \"zzzzqq\" for \"kubectl\"\n"));
        r = f.run({"port-forward", "web", "8080:80"});
        QVERIFY(r.err.rfind("error: `kubectl port-forward` is not part of KubeLab's kubectl subset",
                            0) == 0);
        r = f.run({"create", "deployment", "x", "--bogus"});
        QCOMPARE(s(r.err), QStringLiteral("Error: unknown flag: --bogus\n"
                                          "See 'kubectl create deployment --help' for usage.\n"));
        r = f.run({"get", "pods", "-w"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.rfind("error: --watch is not available", 0) == 0);
        r = f.run({"get"});
        QVERIFY(r.err.rfind("You must specify the type of resource to get.", 0) == 0);
        QCOMPARE(r.exitCode, 1);
    }

    void createAndRunDryRun()
    {
        Fixture f;
        Result r = f.run({"create", "deployment", "nginx", "--image=nginx", "--replicas=3",
                          "--port=80", "--dry-run=client", "-o", "yaml"});
        QCOMPARE(
            s(r.out),
            QStringLiteral(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n"
                "  labels:\n    app: nginx\n  name: nginx\nspec:\n  replicas: 3\n  selector:\n"
                "    matchLabels:\n      app: nginx\n  strategy: {}\n  template:\n    metadata:\n"
                "      creationTimestamp: null\n      labels:\n        app: nginx\n    spec:\n"
                "      containers:\n      - image: nginx\n        name: nginx\n        ports:\n"
                "        - containerPort: 80\n        resources: {}\nstatus: {}\n"));
        QVERIFY(f.requests.empty());
        r = f.run({"run", "web2", "--image=nginx:1.25", "--dry-run=client", "-o", "yaml"});
        QCOMPARE(s(r.out),
                 QStringLiteral(
                     "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n"
                     "    run: web2\n  name: web2\nspec:\n  containers:\n  - image: nginx:1.25\n"
                     "    name: web2\n    resources: {}\n  dnsPolicy: ClusterFirst\n"
                     "  restartPolicy: Always\nstatus: {}\n"));
        r = f.run({"create", "secret", "generic", "s", "--from-literal=a=hello", "--dry-run=client",
                   "-o", "yaml"});
        QCOMPARE(s(r.out), QStringLiteral("apiVersion: v1\ndata:\n  a: aGVsbG8=\nkind: Secret\n"
                                          "metadata:\n  creationTimestamp: null\n  name: s\n"));
        r = f.run({"create", "deployment", "x", "--image=nginx", "--dry-run=client"});
        QCOMPARE(s(r.out), QStringLiteral("deployment.apps/x created (dry run)\n"));

        // What follows "--" is the container's command, and not counted as a name.
        r = f.run({"create", "deployment", "sleeper", "--image=busybox", "--dry-run=client", "-o",
                   "jsonpath={.spec.template.spec.containers[0].command}", "--", "sleep", "3600"});
        QCOMPARE(s(r.out), QStringLiteral("[\"sleep\",\"3600\"]"));
        r = f.run(
            {"create", "deployment", "plain", "--image=busybox", "--dry-run=client", "-o", "json"});
        QVERIFY(
            !Json::parse(r.out)["spec"]["template"]["spec"]["containers"][0].contains("command"));
        r = f.run(
            {"create", "deployment", "two", "--image=busybox", "--image=nginx", "--", "date"});
        QCOMPARE(s(r.err),
                 QStringLiteral("error: cannot specify multiple --image options and command\n"));
        r = f.run({"create", "deployment", "a", "b", "--image=busybox", "--", "date"});
        QVERIFY2(r.err.rfind("error: exactly one NAME is required, got 2\n", 0) == 0,
                 r.err.c_str());
        r = f.run({"create", "deployment", "--image=busybox", "--", "date"});
        QVERIFY2(r.err.rfind("error: exactly one NAME is required, got 0\n", 0) == 0,
                 r.err.c_str());
        QVERIFY(f.requests.empty());
    }

    void createForReal()
    {
        Fixture f;
        Result r = f.run({"create", "deployment", "nginx", "--image=nginx"});
        QCOMPARE(s(r.out), QStringLiteral("deployment.apps/nginx created\n"));
        QVERIFY(f.find("deployments.apps", "default", "nginx"));
        r = f.run({"create", "deployment", "nginx", "--image=nginx"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(s(r.err), QStringLiteral("Error from server (AlreadyExists): "
                                          "deployments.apps \"nginx\" already exists\n"));
        r = f.run({"create", "configmap", "cfg", "--from-literal=a=1", "--from-literal=b=2"});
        QCOMPARE(s(r.out), QStringLiteral("configmap/cfg created\n"));
        QCOMPARE(s((*f.find("configmaps", "default", "cfg"))["data"]["b"]), QStringLiteral("2"));
        r = f.run({"create", "configmap", "bad", "--from-literal=b"});
        QCOMPARE(s(r.err), QStringLiteral("error: invalid literal source b, expected key=value\n"));
        r = f.run({"create", "deployment", "x"});
        QCOMPARE(s(r.err), QStringLiteral("error: required flag(s) \"image\" not set\n"));
        r = f.run({"run", "web3", "--image=busybox", "--restart=Never", "--env=A=b"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web3 created\n"));
        const Json* p = f.find("pods", "default", "web3");
        QCOMPARE(s((*p)["spec"]["restartPolicy"]), QStringLiteral("Never"));
        QCOMPARE(s((*p)["metadata"]["labels"]["run"]), QStringLiteral("web3"));
    }

    void deleteCommand()
    {
        Fixture f;
        Result r = f.run({"delete", "pod", "web", "missing"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"web\" deleted\n"));
        QCOMPARE(s(r.err),
                 QStringLiteral("Error from server (NotFound): pods \"missing\" not found\n"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!f.find("pods", "default", "web"));
        QCOMPARE(f.requests.front().propagationPolicy, std::string("Background"));
        r = f.run({"delete", "svc/kubernetes", "--cascade=foreground", "--now"});
        QCOMPARE(s(r.out), QStringLiteral("service \"kubernetes\" deleted\n"));
        QCOMPARE(f.requests.back().propagationPolicy, std::string("Foreground"));
        QCOMPARE(*f.requests.back().gracePeriodSeconds, std::int64_t(1));
        // A field selector picks objects by field and alone is enough to select.
        r = f.run({"delete", "pods", "--field-selector", "metadata.name=nope"});
        QCOMPARE(s(r.out), QStringLiteral("No resources found\n"));
        QCOMPARE(f.requests.back().fieldSelector, std::string("metadata.name=nope"));
        QVERIFY(f.find("pods", "default", "db"));
        r = f.run({"delete", "pods", "--field-selector", "metadata.name=db"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"db\" deleted\n"));
        QVERIFY(!f.find("pods", "default", "db"));
        f.create(pod("db", "default"));
        r = f.run({"delete", "pods", "--all"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"db\" deleted\n"));
        r = f.run({"delete", "pods", "--all"});
        QCOMPARE(s(r.out), QStringLiteral("No resources found\n"));
        r = f.run({"delete", "pods"});
        QCOMPARE(s(r.err),
                 QStringLiteral("error: resource(s) were provided, but no name was specified\n"));
        r = f.run({"delete", "deployment.apps", "gone", "--ignore-not-found"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.empty());
        f.create(pod("stuck", "default"));
        r = f.run({"delete", "pod", "stuck", "--force"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"stuck\" force deleted\n"));
        QVERIFY(r.err.rfind("Warning: Immediate deletion does not wait", 0) == 0);
        QCOMPARE(*f.requests.back().gracePeriodSeconds, std::int64_t(0));
        f.create(pod("slow", "default"));
        r = f.run({"delete", "pod", "slow", "--grace-period=0"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"slow\" deleted\n"));
        QCOMPARE(*f.requests.back().gracePeriodSeconds, std::int64_t(1));
    }

    void deleteFromFileUsesItsNamespace()
    {
        Fixture f;
        f.files["dns.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: coredns\n"
                              "  namespace: kube-system\n";
        Result r = f.run({"delete", "-f", "dns.yaml"});
        QCOMPARE(s(r.out), QStringLiteral("pod \"coredns\" deleted\n"));
        QVERIFY(!f.find("pods", "kube-system", "coredns"));
        QCOMPARE(f.requests.back().ns, std::string("kube-system"));
    }

    void labelAndAnnotate()
    {
        Fixture f;
        Result r = f.run({"label", "pod", "web", "tier=front"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web labeled\n"));
        r = f.run({"label", "pod", "web", "app=other"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(
            s(r.err),
            QStringLiteral("error: 'app' already has a value (web), and --overwrite is false\n"));
        r = f.run({"label", "pod", "web", "app=other", "--overwrite"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web labeled\n"));
        QCOMPARE(s((*f.find("pods", "default", "web"))["metadata"]["labels"]["app"]),
                 QStringLiteral("other"));
        r = f.run({"label", "pod", "web", "tier-"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web unlabeled\n"));
        r = f.run({"label", "pod", "web", "app=other", "--overwrite"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web not labeled\n"));
        r = f.run({"label", "pod", "web"});
        QCOMPARE(s(r.err), QStringLiteral("error: at least one label update is required\n"));
        r = f.run({"annotate", "pod/web", "note=hi"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web annotated\n"));
        QCOMPARE(s((*f.find("pods", "default", "web"))["metadata"]["annotations"]["note"]),
                 QStringLiteral("hi"));
    }

    void patchCommand()
    {
        Fixture f;
        Result r = f.run({"patch", "pod", "web", "-p", R"({"metadata":{"labels":{"x":"1"}}})"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web patched\n"));
        QCOMPARE(f.requests.back().patchType,
                 std::string("application/strategic-merge-patch+json"));
        r = f.run({"patch", "pod", "web", "--type", "merge", "-p",
                   R"({"metadata":{"labels":{"x":"1"}}})"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web patched (no change)\n"));
        r = f.run({"patch", "pod/web", "--type=json", "-p",
                   R"([{"op":"replace","path":"/metadata/labels/x","value":"2"}])"});
        QCOMPARE(s(r.out), QStringLiteral("pod/web patched\n"));
        QCOMPARE(f.requests.back().patchType, std::string("application/json-patch+json"));
        r = f.run({"patch", "pod", "nope", "-p", "{}"});
        QCOMPARE(s(r.err),
                 QStringLiteral("Error from server (NotFound): pods \"nope\" not found\n"));
        r = f.run({"patch", "pod", "web"});
        QVERIFY(r.err.rfind("error: must specify -p to patch", 0) == 0);
    }

    void sortByAndExplain()
    {
        // zeta is made 10 s after the others, alpha 20 s after: names and ages disagree.
        Fixture f;
        f.runUntil(10 * sim::kSecond);
        f.create(pod("zeta", "default"));
        f.runUntil(20 * sim::kSecond);
        f.create(pod("alpha", "default"));
        f.runUntil(kNow);
        Result r = f.run({"get", "pods", "--sort-by=.metadata.creationTimestamp", "-o", "name"});
        QCOMPARE(s(r.out), QStringLiteral("pod/db\npod/web\npod/zeta\npod/alpha\n"));
        QVERIFY(f.requests.back().accept.empty()); // -o name reads whole objects
        r = f.run({"get", "pods", "-o", "name"});
        QCOMPARE(s(r.out), QStringLiteral("pod/alpha\npod/db\npod/web\npod/zeta\n"));
        // The table sorted: the server's rows carry whole objects to sort by.
        r = f.run({"get", "pods", "--sort-by=.metadata.creationTimestamp", "--no-headers"});
        QCOMPARE(f.requests.back().includeObject, std::string("Object"));
        QCOMPARE(s(r.out), QStringLiteral("db      1/1   Running   0     60m\n"
                                          "web     1/1   Running   0     60m\n"
                                          "zeta    1/1   Running   0     59m\n"
                                          "alpha   1/1   Running   0     59m\n"));
        r = f.run({"explain", "foo"});
        QCOMPARE(s(r.err),
                 QStringLiteral("error: the server doesn't have a resource type \"foo\"\n"));
        r = f.run({"explain", "deploy.spec.replicas"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.find("replicas") != std::string::npos, r.out.c_str());
        r = f.run({"explain", "pods.spec.nope"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("\"nope\" does not exist") != std::string::npos, r.err.c_str());
    }

    void apiResources()
    {
        Fixture f;
        Result r = f.run({"api-resources"});
        QVERIFY2(r.out.rfind("NAME                     SHORTNAMES   APIVERSION               "
                             "NAMESPACED   KIND\n",
                             0) == 0,
                 r.out.c_str());
        QVERIFY(r.out.find("\npods                     po           v1                       "
                           "true         Pod\n") != std::string::npos);
        QVERIFY(r.out.find("\ndeployments              deploy       apps/v1                  "
                           "true         Deployment\n") != std::string::npos);
        QVERIFY(r.out.find("\nstorageclasses           sc           storage.k8s.io/v1        "
                           "false        StorageClass\n") != std::string::npos);
        // Core group first, then by group: pods before deployments.
        QVERIFY(r.out.find("\npods ") < r.out.find("\ndeployments "));
        r = f.run({"api-resources", "--namespaced=false", "-o", "name"});
        QCOMPARE(s(r.out),
                 QStringLiteral("namespaces\nnodes\npersistentvolumes\n"
                                "priorityclasses.scheduling.k8s.io\n"
                                "storageclasses.storage.k8s.io\n"));
    }
};

QTEST_GUILESS_MAIN(tst_Kubectl)
#include "tst_kubectl.moc"
