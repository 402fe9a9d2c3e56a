// kubectl apply -f against a simulated cluster without its control loops: created /
// configured / unchanged, the last-applied annotation, three-way patches, and apply's
// error wording.
#include <QtTest>

#include "engine/kubectl/apply_patch.h"
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
    tier: web
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
)";

std::string replace(std::string s, const std::string& from, const std::string& to)
{
    s.replace(s.find(from), from.size(), to);
    return s;
}

int countVerb(const KubectlFixture& f, const std::string& verb)
{
    return int(std::count_if(f.requests.begin(), f.requests.end(),
                             [&](const api::Request& r) { return r.verb == verb; }));
}

} // namespace

class tst_KubectlApply : public QObject
{
    Q_OBJECT

private slots:
    void createsThenUnchangedThenConfigured()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        Result r = f.run({"apply", "-f", "nginx.yaml"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromStdString(r.out), QStringLiteral("deployment.apps/nginx created\n"));
        QVERIFY(r.err.empty());

        const Json* stored = f.find("deployments.apps", "default", "nginx");
        QVERIFY(stored);
        const std::string annotation =
            (*stored)["metadata"]["annotations"][kLastAppliedAnnotation].get<std::string>();
        // Compact JSON, sorted keys, namespace filled in, trailing newline: as kubectl.
        QVERIFY(annotation.rfind("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
                                 "\"metadata\":{\"labels\":{\"app\":\"nginx\",\"tier\":\"web\"},"
                                 "\"name\":\"nginx\",\"namespace\":\"default\"},",
                                 0) == 0);
        QCOMPARE(annotation.back(), '\n');

        r = f.run({"apply", "-f", "nginx.yaml"});
        QCOMPARE(QString::fromStdString(r.out),
                 QStringLiteral("deployment.apps/nginx unchanged\n"));
        QCOMPARE(countVerb(f, "patch"), 0);

        f.files["nginx.yaml"] = replace(kNginx, "replicas: 2", "replicas: 5");
        r = f.run({"apply", "-f", "nginx.yaml"});
        QCOMPARE(QString::fromStdString(r.out),
                 QStringLiteral("deployment.apps/nginx configured\n"));
        QCOMPARE(countVerb(f, "patch"), 1);
        QCOMPARE(f.requests.back().patchType, std::string("application/merge-patch+json"));
        QCOMPARE(f.requests.back().body["spec"]["replicas"].get<int>(), 5);
        QCOMPARE((*f.find("deployments.apps", "default", "nginx"))["spec"]["replicas"].get<int>(),
                 5);
        QVERIFY(r.out != "deployment.apps/nginx unchanged\n");
    }

    void removedFieldsAreDeletedLiveFieldsKept()
    {
        KubectlFixture f;
        f.files = {{"nginx.yaml", kNginx}};
        f.run({"apply", "-f", "nginx.yaml"});
        // The cluster adds a default the manifest never mentioned (the API server's), and
        // status (the deployment controller's).
        QCOMPARE(f.get("deployments.apps", "default", "nginx")["spec"]["revisionHistoryLimit"]
                     .get<int>(),
                 10);
        f.patch("deployments.apps", "default", "nginx", {{"status", {{"replicas", 2}}}});
        f.files["nginx.yaml"] = replace(kNginx, "    tier: web\n", "");
        Result r = f.run({"apply", "-f", "nginx.yaml"});
        QCOMPARE(QString::fromStdString(r.out),
                 QStringLiteral("deployment.apps/nginx configured\n"));
        const Json& patch = f.requests.back().body;
        QVERIFY(patch["metadata"]["labels"]["tier"].is_null());
        const Json* after = f.find("deployments.apps", "default", "nginx");
        QVERIFY(!(*after)["metadata"]["labels"].contains("tier"));
        QCOMPARE((*after)["spec"]["revisionHistoryLimit"].get<int>(), 10);
        QCOMPARE((*after)["status"]["replicas"].get<int>(), 2);
    }

    void threeWayPatch()
    {
        const Json original = {{"a", 1}, {"b", {{"c", 1}, {"d", 2}}}, {"list", {1, 2}}};
        const Json modified = {{"a", 1}, {"b", {{"c", 1}}}, {"list", {1}}, {"e", "new"}};
        const Json current = {
            {"a", 1}, {"b", {{"c", 1}, {"d", 2}, {"x", 9}}}, {"list", {1, 2}}, {"status", "live"}};
        const Json patch = threeWayMergePatch(original, modified, current);
        QCOMPARE(QString::fromStdString(patch.dump()),
                 QStringLiteral(R"({"b":{"d":null},"e":"new","list":[1]})"));
        QVERIFY(!patch.contains("status"));
        QVERIFY(threeWayMergePatch(modified, modified, modified).empty());
        // Server defaults inside list elements are not changes; a real change sends the
        // whole list.
        const Json live = {{"containers",
                            {{{"name", "web"},
                              {"image", "nginx"},
                              {"imagePullPolicy", "Always"},
                              {"ports", {{{"containerPort", 80}, {"protocol", "TCP"}}}}}}}};
        const Json manifest = {
            {"containers",
             {{{"name", "web"}, {"image", "nginx"}, {"ports", {{{"containerPort", 80}}}}}}}};
        QVERIFY(threeWayMergePatch(manifest, manifest, live).empty());
        Json bumped = manifest;
        bumped["containers"][0]["image"] = "nginx:1.27";
        QCOMPARE(QString::fromStdString(threeWayMergePatch(manifest, bumped, live).dump()),
                 QString::fromStdString(Json{{"containers", bumped["containers"]}}.dump()));
        QVERIFY(!threeWayMergePatch(Json(), modified, current).contains("b") ||
                !threeWayMergePatch(Json(), modified, current)["b"].contains("d"));
    }

    void multiDocumentAndStdin()
    {
        KubectlFixture f;
        f.stdinText = std::string("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
                                  "---\n") +
                      replace(kNginx, "  name: nginx\n", "  name: nginx\n  namespace: shop\n");
        Result r = f.run({"apply", "-f", "-"});
        QCOMPARE(QString::fromStdString(r.out),
                 QStringLiteral("namespace/shop created\ndeployment.apps/nginx created\n"));
        QVERIFY(f.find("deployments.apps", "shop", "nginx"));
        QVERIFY(!f.find("deployments.apps", "default", "nginx"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("manifest");
        QTest::addColumn<QString>("err");
        QTest::newRow("missing namespace")
            << QString::fromStdString(
                   replace(kNginx, "  name: nginx\n", "  name: nginx\n  namespace: foo\n"))
            << "Error from server (NotFound): error when creating \"nginx.yaml\": namespaces "
               "\"foo\" not found\n";
        QTest::newRow("unknown kind")
            << "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n"
            << "error: resource mapping not found for name: \"x\" namespace: \"\" from "
               "\"nginx.yaml\": no matches for kind \"Foo\" in version \"v1\"\nensure CRDs are "
               "installed first\n";
        QTest::newRow("invalid")
            << QString::fromStdString(replace(kNginx, "replicas: 2", "replicas: -1"))
            << "The Deployment \"nginx\" is invalid: spec.replicas: Invalid value: -1: must be "
               "greater than or equal to 0\n";
        QTest::newRow("missing kind")
            << "apiVersion: v1\nmetadata:\n  name: x\n"
            << "error: nginx.yaml:1:1: error validating data: [kind not set]\n";
    }

    void errors()
    {
        QFETCH(QString, manifest);
        QFETCH(QString, err);
        KubectlFixture f;
        f.files = {{"nginx.yaml", manifest.toStdString()}};
        Result r = f.run({"apply", "-f", "nginx.yaml"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(QString::fromStdString(r.err), err);
        QVERIFY(r.out.find("created") == std::string::npos);
    }

    void decodeErrorHasPosition()
    {
        KubectlFixture f;
        f.files = {{"bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"}};
        Result r = f.run({"apply", "-f", "bad.yaml"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.rfind("error: bad.yaml:", 0) == 0, r.err.c_str());
        QVERIFY(f.requests.empty());
        r = f.run({"apply", "-f", "nope.yaml"});
        QCOMPARE(QString::fromStdString(r.err),
                 QStringLiteral("error: the path \"nope.yaml\" does not exist\n"));
        r = f.run({"apply"});
        QCOMPARE(QString::fromStdString(r.err),
                 QStringLiteral("error: must specify one of -f and -k\n"));
    }
};

QTEST_GUILESS_MAIN(tst_KubectlApply)
#include "tst_kubectl_apply.moc"
