// kubectl's version, cluster-info, api-versions, set, expose, diff and edit against a
// simulated cluster without its control loops, and the API server's size limits as a
// learner meets them through kubectl.
#include <QtTest>

#include "engine/kubectl/unified_diff.h"
#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using testing::KubectlFixture;
using Json = nlohmann::json;

namespace {

const char* const kNginx = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
      - name: sidecar
        image: busybox:1.36
)";

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

Json containerNamed(const Json& deployment, const std::string& name)
{
    for (const Json& c : deployment["spec"]["template"]["spec"]["containers"])
        if (c.value("name", "") == name)
            return c;
    return Json();
}

// A Deployment whose one env value is `bytes` long.
std::string bigDeployment(size_t bytes)
{
    return std::string(kNginx).substr(0, std::string(kNginx).find("      - name: sidecar")) +
           "        env:\n        - name: BIG\n          value: " + std::string(bytes, 'x') + "\n";
}

} // namespace

class tst_KubectlVerbs : public QObject
{
    Q_OBJECT

private slots:
    void version()
    {
        KubectlFixture f;
        Result r = f.run({"version"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(qs(r.out), QStringLiteral("Client Version: v1.32.0\n"
                                           "Kustomize Version: v5.5.0\n"
                                           "Server Version: v1.32.0\n"));
        r = f.run({"version", "--client"});
        QVERIFY(r.out.find("Server Version") == std::string::npos);
        r = f.run({"version", "-o", "json"});
        const Json j = Json::parse(r.out);
        QCOMPARE(qs(j["serverVersion"]["gitVersion"].get<std::string>()),
                 QStringLiteral("v1.32.0"));
        QCOMPARE(qs(j["clientVersion"]["minor"].get<std::string>()), QStringLiteral("32"));
        // Struct order in JSON, not sorted keys.
        QVERIFY(r.out.find("\"major\"") < r.out.find("\"buildDate\""));
        r = f.run({"version", "-o", "yaml"});
        QVERIFY(r.out.find("serverVersion:\n  buildDate:") != std::string::npos);
        r = f.run({"version", "-o", "wide"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(qs(r.err), QStringLiteral("error: --output must be 'yaml' or 'json'\n"));
    }

    void clusterInfo()
    {
        KubectlFixture f;
        const QString hint = QStringLiteral(
            "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
        // The default cluster has kubeadm's kube-dns Service (labelled
        // kubernetes.io/cluster-service), which cluster-info lists as CoreDNS.
        Result r = f.run({"cluster-info"});
        QCOMPARE(qs(r.out),
                 QStringLiteral("Kubernetes control plane is running at https://127.0.0.1:6443\n"
                                "CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/"
                                "kube-system/services/kube-dns:dns/proxy\n") +
                     hint);
        // Only kube-system is searched.
        r = f.run({"cluster-info", "-n", "default"});
        QVERIFY(r.out.find("CoreDNS") == std::string::npos);
        // Without the Service, only the control plane.
        r = f.run({"delete", "service", "kube-dns", "-n", "kube-system"});
        QCOMPARE(r.exitCode, 0);
        r = f.run({"cluster-info"});
        QCOMPARE(qs(r.out),
                 QStringLiteral("Kubernetes control plane is running at https://127.0.0.1:6443\n") +
                     hint);
    }

    void apiVersions()
    {
        KubectlFixture f;
        Result r = f.run({"api-versions"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.rfind("apps/v1\nbatch/v1\n", 0) == 0);
        // sort.Strings: the core group's "v1" sorts after every "group/version".
        QVERIFY(r.out.size() > 3 && r.out.substr(r.out.size() - 3) == "v1\n");
        QVERIFY(r.out.find("\nv1\n") == r.out.size() - 4);
        QVERIFY(r.out.find("discovery.k8s.io/v1\n") != std::string::npos);
    }

    void setImage()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        const int generation = f.get("deploy", "default", "nginx")["metadata"]["generation"];
        Result r = f.run({"set", "image", "deployment/nginx", "nginx=nginx:1.26"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(qs(r.out), QStringLiteral("deployment.apps/nginx image updated\n"));
        const Json d = f.get("deploy", "default", "nginx");
        QCOMPARE(qs(containerNamed(d, "nginx")["image"]), QStringLiteral("nginx:1.26"));
        QCOMPARE(qs(containerNamed(d, "sidecar")["image"]), QStringLiteral("busybox:1.36"));
        // A new template: the Deployment controller would roll out.
        QCOMPARE(d["metadata"]["generation"].get<int>(), generation + 1);
        QCOMPARE(qs(f.requests.back().verb), QStringLiteral("patch"));

        r = f.run({"set", "image", "deployment", "nginx", "nope=nginx:1.26"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(qs(r.err), QStringLiteral("error: unable to find container named \"nope\"\n"));
        QVERIFY(r.out.empty());

        r = f.run({"set", "image", "deploy/nginx", "*=busybox:1.37"});
        const Json all = f.get("deploy", "default", "nginx");
        QCOMPARE(qs(containerNamed(all, "nginx")["image"]), QStringLiteral("busybox:1.37"));
        QCOMPARE(qs(containerNamed(all, "sidecar")["image"]), QStringLiteral("busybox:1.37"));

        r = f.run({"set", "image", "deploy/nginx"});
        QCOMPARE(qs(r.err), QStringLiteral("error: at least one image update is required\n"));
        r = f.run({"set", "image", "deploy/missing", "nginx=nginx"});
        QCOMPARE(qs(r.err),
                 QStringLiteral("Error from server (NotFound): deployments.apps \"missing\" not "
                                "found\n"));
    }

    void setImageOnPodAndAll()
    {
        KubectlFixture f;
        f.run({"run", "web", "--image=nginx:1.25"});
        Result r = f.run({"set", "image", "pod/web", "web=nginx:1.26"});
        QCOMPARE(qs(r.out), QStringLiteral("pod/web image updated\n"));
        QCOMPARE(qs(f.get("pods", "default", "web")["spec"]["containers"][0]["image"]),
                 QStringLiteral("nginx:1.26"));
        f.run({"run", "api", "--image=nginx:1.25"});
        r = f.run({"set", "image", "pods", "--all", "*=nginx:1.27"});
        QCOMPARE(qs(r.out), QStringLiteral("pod/api image updated\npod/web image updated\n"));
        r = f.run({"set", "image", "configmap/x", "a=b"});
        QCOMPARE(r.exitCode, 1);
    }

    void setEnv()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        Result r = f.run({"set", "env", "deployment/nginx", "-c", "nginx", "MODE=fast", "DEBUG=1"});
        QCOMPARE(qs(r.out), QStringLiteral("deployment.apps/nginx env updated\n"));
        Json d = f.get("deploy", "default", "nginx");
        QCOMPARE(
            qs(containerNamed(d, "nginx")["env"].dump()),
            QStringLiteral(R"([{"name":"MODE","value":"fast"},{"name":"DEBUG","value":"1"}])"));
        QVERIFY(!containerNamed(d, "sidecar").contains("env"));

        r = f.run({"set", "env", "deployment/nginx", "--list"});
        QCOMPARE(qs(r.out),
                 QStringLiteral("# Deployment nginx, container nginx\nMODE=fast\nDEBUG=1\n"
                                "# Deployment nginx, container sidecar\n"));

        r = f.run({"set", "env", "deployment/nginx", "DEBUG-"});
        d = f.get("deploy", "default", "nginx");
        QCOMPARE(qs(containerNamed(d, "nginx")["env"].dump()),
                 QStringLiteral(R"([{"name":"MODE","value":"fast"}])"));

        r = f.run({"set", "env", "deployment/nginx", "-c", "nope", "A=1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.empty());
        QCOMPARE(qs(r.err), QStringLiteral("warning: Deployment/nginx does not have any "
                                           "containers matching \"nope\"\n"));
    }

    void setResources()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        Result r = f.run({"set", "resources", "deployment", "nginx", "-c", "nginx",
                          "--limits=cpu=200m,memory=512Mi", "--requests=cpu=100m"});
        QCOMPARE(qs(r.out),
                 QStringLiteral("deployment.apps/nginx resource requirements updated\n"));
        const Json d = f.get("deploy", "default", "nginx");
        QCOMPARE(qs(containerNamed(d, "nginx")["resources"].dump()),
                 QStringLiteral(R"({"limits":{"cpu":"200m","memory":"512Mi"},)"
                                R"("requests":{"cpu":"100m"}})"));
        QVERIFY(containerNamed(d, "sidecar")["resources"].empty());

        r = f.run({"set", "resources", "deployment", "nginx", "-c", "nope", "--limits=cpu=1"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(qs(r.err), QStringLiteral("error: unable to find container named nope\n"));
        r = f.run({"set", "resources", "deployment", "nginx"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.find("you must specify an update to requests or limits") !=
                std::string::npos);
    }

    void expose()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        Result r = f.run({"expose", "deployment", "nginx", "--port=80", "--target-port=8080",
                          "--type=NodePort"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(qs(r.out), QStringLiteral("service/nginx exposed\n"));
        const Json svc = f.get("services", "default", "nginx");
        QCOMPARE(qs(svc["spec"]["selector"].dump()), QStringLiteral(R"({"app":"nginx"})"));
        QCOMPARE(qs(svc["spec"]["type"]), QStringLiteral("NodePort"));
        QCOMPARE(svc["spec"]["ports"][0]["port"].get<int>(), 80);
        QCOMPARE(svc["spec"]["ports"][0]["targetPort"].get<int>(), 8080);
        QVERIFY(svc["spec"]["ports"][0]["nodePort"].get<int>() >= 30000);
        QVERIFY(svc["spec"]["clusterIP"].get<std::string>().rfind("10.", 0) == 0);

        // The port found by introspection, a name and a protocol of one's own.
        r = f.run({"expose", "deploy/nginx", "--name=web", "--protocol=UDP"});
        QCOMPARE(qs(r.out), QStringLiteral("service/web exposed\n"));
        const Json web = f.get("services", "default", "web");
        QCOMPARE(qs(web["spec"]["ports"].dump()),
                 QStringLiteral(R"([{"port":80,"protocol":"UDP","targetPort":80}])"));

        r = f.run({"get", "svc", "web"});
        QVERIFY(r.out.rfind("NAME   TYPE        CLUSTER-IP", 0) == 0);
        QVERIFY(r.out.find("80/UDP") != std::string::npos);

        r = f.run({"expose", "deployment", "nginx", "--port=80"});
        QCOMPARE(qs(r.err),
                 QStringLiteral("Error from server (AlreadyExists): services \"nginx\" already "
                                "exists\n"));
        r = f.run({"expose", "node", "worker-1", "--port=80"});
        QCOMPARE(qs(r.err), QStringLiteral("error: cannot expose a Node\n"));
        f.run({"run", "solo", "--image=nginx"});
        r = f.run({"expose", "pod", "solo"});
        QCOMPARE(qs(r.err),
                 QStringLiteral("error: couldn't find port via --port flag or introspection\n"));
    }

    void diff()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        // Nothing live yet: the whole object is new.
        Result r = f.run({"diff", "-f", "nginx.yaml"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.rfind("diff -u -N /tmp/LIVE-", 0) == 0);
        QVERIFY(r.out.find("/apps.v1.Deployment.default.nginx /tmp/MERGED-") != std::string::npos);
        QVERIFY(r.out.find("\n@@ -0,0 +1,") != std::string::npos);
        QVERIFY(!f.find("deploy", "default", "nginx")); // a dry run stores nothing

        f.run({"apply", "-f", "nginx.yaml"});
        r = f.run({"diff", "-f", "nginx.yaml"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.empty());

        std::string changed = kNginx;
        changed.replace(changed.find("nginx:1.25"), 10, "nginx:1.26");
        f.files["nginx.yaml"] = changed;
        r = f.run({"diff", "-f", "nginx.yaml"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.find("\n-      - image: nginx:1.25\n+      - image: nginx:1.26\n") !=
                std::string::npos);
        QVERIFY(r.out.find("\n-  generation: 1\n+  generation: 2\n") != std::string::npos);
        QCOMPARE(qs(containerNamed(f.get("deploy", "default", "nginx"), "nginx")["image"]),
                 QStringLiteral("nginx:1.25"));
        QVERIFY(f.requests.back().dryRun);
    }

    void unifiedDiffFormat()
    {
        QCOMPARE(qs(unifiedDiff("a\nb\nc\n", "a\nb\nc\n")), QString());
        QCOMPARE(qs(unifiedDiff("", "a\nb\n")), QStringLiteral("@@ -0,0 +1,2 @@\n+a\n+b\n"));
        QCOMPARE(qs(unifiedDiff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n")),
                 QStringLiteral("@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"));
        // Changes more than six unchanged lines apart make two hunks.
        const std::string from = "a\n1\n2\n3\n4\n5\n6\n7\nb\n";
        const std::string to = "A\n1\n2\n3\n4\n5\n6\n7\nB\n";
        QCOMPARE(qs(unifiedDiff(from, to)),
                 QStringLiteral("@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n"
                                "@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n"));
        QCOMPARE(qs(unifiedDiff("x\n", "y\n")), QStringLiteral("@@ -1 +1 @@\n-x\n+y\n"));
    }

    void edit()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        Result r = f.run({"edit", "deployment/nginx"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.find("standard input") != std::string::npos);

        // What `get -o yaml` printed, unchanged: nothing is sent.
        f.stdinText = f.run({"get", "deployment", "nginx", "-o", "yaml"}).out;
        const size_t before = f.requests.size();
        r = f.run({"edit", "deployment", "nginx"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(qs(r.err), QStringLiteral("Edit cancelled, no changes made.\n"));
        QVERIFY(r.out.empty());
        QCOMPARE(f.requests.size(), before + 1); // the get only

        std::string edited = f.stdinText;
        edited.replace(edited.find("replicas: 2"), 11, "replicas: 4");
        f.stdinText = edited;
        r = f.run({"edit", "deployment", "nginx"});
        QCOMPARE(qs(r.out), QStringLiteral("deployment.apps/nginx edited\n"));
        QCOMPARE(f.get("deploy", "default", "nginx")["spec"]["replicas"].get<int>(), 4);

        f.stdinText = edited;
        f.stdinText.replace(f.stdinText.find("name: nginx\n"), 12, "name: other\n");
        r = f.run({"edit", "deployment", "nginx"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(qs(r.err),
                 QStringLiteral("error: At least one of apiVersion, kind and name was changed\n"));
    }

    void requestBodyOver3MiB()
    {
        KubectlFixture f;
        f.files = {{"big.yaml", bigDeployment(3 * 1024 * 1024 + 1)}};
        Result r = f.run({"create", "-f", "big.yaml"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("Error from server (RequestEntityTooLarge): error when creating "
                            "\"big.yaml\": Request entity too large: limit is 3145728") !=
                     std::string::npos,
                 r.err.c_str());
        QVERIFY(!f.find("deploy", "default", "nginx"));
    }

    void createService()
    {
        // As kubectl 1.32's create_service.go builds it: label and selector app=NAME, one
        // TCP port per --tcp pair, named "port-targetPort".
        KubectlFixture f;
        Result r = f.run({"create", "service", "nodeport", "web", "--tcp=80:8080"});
        QCOMPARE(qs(r.err), QString());
        QCOMPARE(qs(r.out), QStringLiteral("service/web created\n"));
        Json svc = f.get("services", "default", "web");
        QCOMPARE(svc["spec"]["type"], Json("NodePort"));
        QCOMPARE(svc["spec"]["selector"], Json({{"app", "web"}}));
        QCOMPARE(svc["metadata"]["labels"], Json({{"app", "web"}}));
        QCOMPARE(svc["spec"]["ports"].size(), size_t(1));
        QCOMPARE(svc["spec"]["ports"][0]["name"], Json("80-8080"));
        QCOMPARE(svc["spec"]["ports"][0]["port"], Json(80));
        QCOMPARE(svc["spec"]["ports"][0]["targetPort"], Json(8080));
        QCOMPARE(svc["spec"]["ports"][0]["protocol"], Json("TCP"));
        const int nodePort = svc["spec"]["ports"][0]["nodePort"].get<int>();
        QVERIFY(nodePort >= 30000 && nodePort <= 32767);

        // Several pairs, a named target port, a port alone (target = port), headless.
        r = f.run({"create", "service", "clusterip", "db", "--tcp=5432,9187:metrics"});
        QCOMPARE(qs(r.err), QString());
        svc = f.get("services", "default", "db");
        QCOMPARE(svc["spec"]["type"], Json("ClusterIP"));
        QCOMPARE(svc["spec"]["ports"][0]["name"], Json("5432"));
        QCOMPARE(svc["spec"]["ports"][0]["targetPort"], Json(5432));
        QCOMPARE(svc["spec"]["ports"][1]["name"], Json("9187-metrics"));
        QCOMPARE(svc["spec"]["ports"][1]["targetPort"], Json("metrics"));
        r = f.run({"create", "service", "clusterip", "peers", "--clusterip=None"});
        QCOMPARE(qs(r.err), QString());
        QCOMPARE(f.get("services", "default", "peers")["spec"]["clusterIP"], Json("None"));
        r = f.run({"create", "service", "nodeport", "fixed", "--tcp=80", "--node-port=30080"});
        QCOMPARE(qs(r.err), QString());
        QCOMPARE(f.get("services", "default", "fixed")["spec"]["ports"][0]["nodePort"],
                 Json(30080));
        r = f.run({"create", "service", "externalname", "docs", "--external-name",
                   "kubernetes.io"});
        QCOMPARE(qs(r.err), QString());
        QCOMPARE(f.get("services", "default", "docs")["spec"]["externalName"],
                 Json("kubernetes.io"));

        // kubectl's own refusals, before anything is sent.
        auto err = [&](const std::vector<std::string>& args) {
            Result x = f.run(args);
            return x.exitCode == 1 ? qs(x.err) : QStringLiteral("exit 0: ") + qs(x.out);
        };
        QCOMPARE(err({"create", "service", "clusterip", "bare"}),
                 QStringLiteral("error: at least one tcp port specifier must be provided\n"));
        QCOMPARE(err({"create", "service", "clusterip", "x", "--tcp=http:80"}),
                 QStringLiteral("error: strconv.ParseUint: parsing \"http\": invalid syntax\n"));
        QCOMPARE(err({"create", "service", "clusterip", "x", "--tcp=80:70000"}),
                 QStringLiteral("error: must be between 1 and 65535, inclusive\n"));
        QCOMPARE(err({"create", "service", "externalname", "x", "--external-name", "Not_A_Name"}),
                 QStringLiteral("error: invalid service external name Not_A_Name\n"));
        QCOMPARE(err({"create", "service", "externalname", "x"}),
                 QStringLiteral("error: required flag(s) \"external-name\" not set\n"));
        QCOMPARE(err({"create", "service", "nodeport", "x", "--tcp=80", "--clusterip=None"}),
                 QStringLiteral("Error: unknown flag: --clusterip\n"
                                "See 'kubectl create service nodeport --help' for usage.\n"));
        QCOMPARE(err({"create", "service", "headless", "x"}),
                 QStringLiteral("error: unknown command \"headless\" for \"kubectl create "
                                "service\"\n"));
        // The server's refusal, wrapped as create_service.go wraps it.
        QCOMPARE(err({"create", "service", "nodeport", "web", "--tcp=80:8080"}),
                 QStringLiteral("error: failed to create NodePort service: services \"web\" "
                                "already exists\n"));
        QVERIFY(!f.find("services", "default", "bare"));
        QVERIFY(!f.find("services", "default", "x"));
    }

    void storedObjectOverEtcdLimit()
    {
        KubectlFixture f;
        // Under 3 MiB on the wire, over etcd's 1.5 MiB once stored.
        f.files = {{"big.yaml", bigDeployment(1572864)}};
        Result r = f.run({"create", "-f", "big.yaml"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.find("Error from server: error when creating \"big.yaml\": etcdserver: "
                            "request is too large") != std::string::npos,
                 r.err.c_str());
        QVERIFY(!f.find("deploy", "default", "nginx"));
        // Just under the limit is stored.
        f.files = {{"big.yaml", bigDeployment(1400000)}};
        r = f.run({"create", "-f", "big.yaml"});
        QCOMPARE(qs(r.err), QString());
        QVERIFY(f.find("deploy", "default", "nginx"));
    }
};

QTEST_GUILESS_MAIN(tst_KubectlVerbs)
#include "tst_kubectl_verbs.moc"
