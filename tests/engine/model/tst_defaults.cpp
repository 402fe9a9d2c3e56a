// applyDefaults: the values kube-apiserver 1.30 fills in, compared with what
// `kubectl get -o yaml` shows for the same manifests.
#include <QtTest>

#include "engine/model/validation.h"
#include "model_fixtures.h"

using namespace kubelab::model;
using nlohmann::json;

class tst_Defaults : public QObject
{
    Q_OBJECT

private slots:
    void nginxDeployment();
    void idempotent_data();
    void idempotent();
    void fields_data();
    void fields();
    void imagePullPolicy_data();
    void imagePullPolicy();
};

void tst_Defaults::nginxDeployment()
{
    json obj = fixtures::nginxDeployment();
    applyDefaults(obj);
    const json expected = json::parse(R"({
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "nginx-deployment", "labels": {"app": "nginx"}},
      "spec": {
        "progressDeadlineSeconds": 600,
        "replicas": 3,
        "revisionHistoryLimit": 10,
        "selector": {"matchLabels": {"app": "nginx"}},
        "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                     "type": "RollingUpdate"},
        "template": {
          "metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
          "spec": {
            "containers": [{
              "image": "nginx:1.14.2",
              "imagePullPolicy": "IfNotPresent",
              "name": "nginx",
              "ports": [{"containerPort": 80, "protocol": "TCP"}],
              "resources": {},
              "terminationMessagePath": "/dev/termination-log",
              "terminationMessagePolicy": "File"
            }],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "terminationGracePeriodSeconds": 30
          }
        }
      }
    })");
    if (obj != expected)
        qWarning("%s", json::diff(expected, obj).dump(2).c_str());
    QCOMPARE(obj, expected);
    // The sibling check: an undefaulted manifest is not the expected result.
    QVERIFY(fixtures::nginxDeployment() != expected);
}

void tst_Defaults::idempotent_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char* f : {"deployment", "pod", "service", "namespace", "configmap", "job",
                          "statefulset", "daemonset", "node"})
        QTest::newRow(f) << f;
}

void tst_Defaults::idempotent()
{
    QFETCH(QString, fixture);
    json once = fixtures::byName(fixture);
    applyDefaults(once);
    // ConfigMaps have no defaults; every other sample gets some.
    QCOMPARE(once != fixtures::byName(fixture), fixture != "configmap");
    json twice = once;
    applyDefaults(twice);
    QCOMPARE(twice, once);
}

void tst_Defaults::fields_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("patch");   // applied before defaulting
    QTest::addColumn<QString>("pointer"); // JSON pointer into the defaulted object
    QTest::addColumn<QString>("expected");

    auto row = [](const char* name, const char* fixture, const char* patch, const char* ptr,
                  const char* value) { QTest::newRow(name) << fixture << patch << ptr << value; };
    // Pods: defaulting plus the ServiceAccount, Priority and DefaultTolerationSeconds plugins.
    row("pod serviceAccountName", "pod", "[]", "/spec/serviceAccountName", R"("default")");
    row("pod serviceAccount", "pod", "[]", "/spec/serviceAccount", R"("default")");
    row("pod own account kept", "pod",
        R"([{"op":"add","path":"/spec/serviceAccountName","value":"builder"}])",
        "/spec/serviceAccount", R"("builder")");
    row("pod enableServiceLinks", "pod", "[]", "/spec/enableServiceLinks", "true");
    row("pod priority", "pod", "[]", "/spec/priority", "0");
    row("pod preemptionPolicy", "pod", "[]", "/spec/preemptionPolicy", R"("PreemptLowerPriority")");
    row("pod tolerations", "pod", "[]", "/spec/tolerations",
        R"([{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists",
             "tolerationSeconds":300},
            {"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists",
             "tolerationSeconds":300}])");
    row("pod own toleration kept", "pod",
        R"([{"op":"add","path":"/spec/tolerations","value":[{"key":"node.kubernetes.io/not-ready",
            "operator":"Exists","effect":"NoExecute","tolerationSeconds":30}]}])",
        "/spec/tolerations/0/tolerationSeconds", "30");
    row("pod restartPolicy kept", "pod",
        R"([{"op":"add","path":"/spec/restartPolicy","value":"Never"}])", "/spec/restartPolicy",
        R"("Never")");
    row("pod requests from limits", "pod",
        R"([{"op":"add","path":"/spec/containers/0/resources",
             "value":{"limits":{"cpu":"500m"}}}])",
        "/spec/containers/0/resources/requests", R"({"cpu":"500m"})");
    row("pod probe", "pod",
        R"([{"op":"add","path":"/spec/containers/0/readinessProbe",
             "value":{"httpGet":{"port":80}}}])",
        "/spec/containers/0/readinessProbe",
        R"({"failureThreshold":3,"httpGet":{"path":"/","port":80,"scheme":"HTTP"},
            "periodSeconds":10,"successThreshold":1,"timeoutSeconds":1})");
    row("pod configMap volume", "pod",
        R"([{"op":"add","path":"/spec/volumes","value":[{"name":"c","configMap":{"name":"x"}}]}])",
        "/spec/volumes/0/configMap/defaultMode", "420");
    row("pod volume without source", "pod",
        R"([{"op":"add","path":"/spec/volumes","value":[{"name":"scratch"}]}])",
        "/spec/volumes/0/emptyDir", "{}");
    row("pod hostNetwork hostPort", "pod",
        R"([{"op":"add","path":"/spec/hostNetwork","value":true}])",
        "/spec/containers/0/ports/0/hostPort", "80");
    // Workloads.
    row("deployment replicas 0 kept", "deployment",
        R"([{"op":"replace","path":"/spec/replicas","value":0}])", "/spec/replicas", "0");
    row("deployment replicas", "deployment", R"([{"op":"remove","path":"/spec/replicas"}])",
        "/spec/replicas", "1");
    row("deployment recreate", "deployment",
        R"([{"op":"add","path":"/spec/strategy","value":{"type":"Recreate"}}])", "/spec/strategy",
        R"({"type":"Recreate"})");
    row("deployment template has no enableServiceLinks", "deployment", "[]",
        "/spec/template/spec/enableServiceLinks", "null");
    row("statefulset", "statefulset", "[]", "/spec/updateStrategy",
        R"({"rollingUpdate":{"partition":0},"type":"RollingUpdate"})");
    row("statefulset podManagementPolicy", "statefulset", "[]", "/spec/podManagementPolicy",
        R"("OrderedReady")");
    row("statefulset retention", "statefulset", "[]", "/spec/persistentVolumeClaimRetentionPolicy",
        R"({"whenDeleted":"Retain","whenScaled":"Retain"})");
    row("statefulset claim template", "statefulset", "[]", "/spec/volumeClaimTemplates/0",
        R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"www"},
            "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},
                    "volumeMode":"Filesystem"},"status":{"phase":"Pending"}})");
    row("daemonset strategy", "daemonset", "[]", "/spec/updateStrategy",
        R"({"rollingUpdate":{"maxSurge":0,"maxUnavailable":1},"type":"RollingUpdate"})");
    row("daemonset history", "daemonset", "[]", "/spec/revisionHistoryLimit", "10");
    row("job spec", "job", "[]", "/spec",
        R"({"backoffLimit":6,"completionMode":"NonIndexed","completions":1,
            "manualSelector":false,"parallelism":1,
            "podReplacementPolicy":"TerminatingOrFailed","suspend":false,
            "template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[
              {"command":["perl","-e","print 1"],"image":"perl:5.34.0",
               "imagePullPolicy":"IfNotPresent","name":"pi","resources":{},
               "terminationMessagePath":"/dev/termination-log",
               "terminationMessagePolicy":"File"}],
              "dnsPolicy":"ClusterFirst","restartPolicy":"Never",
              "schedulerName":"default-scheduler","securityContext":{},
              "terminationGracePeriodSeconds":30}}})");
    row("job parallelism only", "job", R"([{"op":"add","path":"/spec/parallelism","value":3}])",
        "/spec/completions", "null");
    row("job selector from uid", "job", R"([{"op":"add","path":"/metadata/uid","value":"u-1"}])",
        "/spec/selector", R"({"matchLabels":{"batch.kubernetes.io/controller-uid":"u-1"}})");
    // Services and the rest.
    row("service spec", "service", "[]", "/spec",
        R"({"internalTrafficPolicy":"Cluster","ipFamilies":["IPv4"],
            "ipFamilyPolicy":"SingleStack",
            "ports":[{"port":80,"protocol":"TCP","targetPort":80}],
            "selector":{"app":"web"},"sessionAffinity":"None","type":"ClusterIP"})");
    row("service named targetPort kept", "service",
        R"([{"op":"add","path":"/spec/ports/0/targetPort","value":"http"}])",
        "/spec/ports/0/targetPort", R"("http")");
    row("service nodeport policy", "service",
        R"([{"op":"add","path":"/spec/type","value":"NodePort"}])", "/spec/externalTrafficPolicy",
        R"("Cluster")");
    row("service clusterip has no external policy", "service", "[]", "/spec/externalTrafficPolicy",
        "null");
    row("service clientIP timeout", "service",
        R"([{"op":"add","path":"/spec/sessionAffinity","value":"ClientIP"}])",
        "/spec/sessionAffinityConfig", R"({"clientIP":{"timeoutSeconds":10800}})");
    row("namespace", "namespace", "[]", "",
        R"({"apiVersion":"v1","kind":"Namespace",
            "metadata":{"name":"team-a","labels":{"kubernetes.io/metadata.name":"team-a"}},
            "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})");
    row("node allocatable", "node", "[]", "/status/allocatable",
        R"({"cpu":"2","memory":"4Gi","pods":"110"})");
    row("configmap untouched", "configmap", "[]", "/data",
        R"({"log.level":"debug","mode":"fast"})");
}

void tst_Defaults::fields()
{
    QFETCH(QString, fixture);
    QFETCH(QString, patch);
    QFETCH(QString, pointer);
    QFETCH(QString, expected);
    json obj = fixtures::byName(fixture).patch(json::parse(patch.toStdString()));
    applyDefaults(obj);
    const json::json_pointer ptr(pointer.toStdString());
    const json got = obj.contains(ptr) ? obj.at(ptr) : json();
    QCOMPARE(QString::fromStdString(got.dump()),
             QString::fromStdString(json::parse(expected.toStdString()).dump()));
}

void tst_Defaults::imagePullPolicy_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("policy");
    QTest::newRow("no tag") << "nginx"
                            << "Always";
    QTest::newRow("latest") << "nginx:latest"
                            << "Always";
    QTest::newRow("tag") << "nginx:1.14.2"
                         << "IfNotPresent";
    QTest::newRow("registry port, no tag") << "localhost:5000/nginx"
                                           << "Always";
    QTest::newRow("registry port and tag") << "localhost:5000/nginx:1.0"
                                           << "IfNotPresent";
    QTest::newRow("digest")
        << "nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"
        << "IfNotPresent";
}

void tst_Defaults::imagePullPolicy()
{
    QFETCH(QString, image);
    QFETCH(QString, policy);
    json obj = fixtures::pod();
    obj["spec"]["containers"][0]["image"] = image.toStdString();
    applyDefaults(obj);
    QCOMPARE(QString::fromStdString(obj["spec"]["containers"][0]["imagePullPolicy"]), policy);
    // An explicit policy is never replaced.
    json own = fixtures::pod();
    own["spec"]["containers"][0]["image"] = image.toStdString();
    own["spec"]["containers"][0]["imagePullPolicy"] = "Never";
    applyDefaults(own);
    QCOMPARE(QString::fromStdString(own["spec"]["containers"][0]["imagePullPolicy"]), "Never");
}

QTEST_GUILESS_MAIN(tst_Defaults)
#include "tst_defaults.moc"
