// validate(): Kubernetes' field paths and messages for the usual mistakes. Each case
// defaults a sample object changed by a JSON Patch, then compares every error's text.
#include <QtTest>

#include "engine/model/validation.h"
#include "model_fixtures.h"

using namespace kubelab::model;
using nlohmann::json;

namespace {

const QString kSubdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QString kLabel =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QString k1035 =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
    "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QString kLabelKey =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QString kLabelValue =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QString kPodUpdate =
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be "
    "set to 1 if it was previously negative)";

QString errorsText(const std::vector<FieldError>& errs)
{
    QStringList out;
    for (const FieldError& e : errs)
        out << QString::fromStdString(e.toString());
    return out.join("\n");
}

} // namespace

class tst_Validation : public QObject
{
    Q_OBJECT

private slots:
    void create_data();
    void create();
    void update_data();
    void update();
    void errorTypes();
};

void tst_Validation::create_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected"); // one error per line; "" when valid

    auto row = [](const char* name, const char* fixture, const char* patch,
                  const QString& expected) { QTest::newRow(name) << fixture << patch << expected; };
    for (const char* f : {"deployment", "pod", "service", "namespace", "configmap", "job",
                          "statefulset", "daemonset", "node"})
        row((std::string(f) + " valid").c_str(), f, "[]", "");

    // Metadata.
    row("name missing", "deployment", R"([{"op":"remove","path":"/metadata/name"}])",
        "metadata.name: Required value: name or generateName is required");
    row("name uppercase", "deployment",
        R"([{"op":"replace","path":"/metadata/name","value":"Nginx"}])",
        "metadata.name: Invalid value: \"Nginx\": " + kSubdomain);
    row("name with dots ok", "deployment",
        R"([{"op":"replace","path":"/metadata/name","value":"web.v2"}])", "");
    row("name too long", "configmap",
        (R"([{"op":"replace","path":"/metadata/name","value":")" + std::string(254, 'a') + R"("}])")
            .c_str(),
        "metadata.name: Invalid value: \"" + QString(254, 'a') +
            "\": must be no more than 253 characters");
    row("namespace missing", "pod", R"([{"op":"remove","path":"/metadata/namespace"}])",
        "metadata.namespace: Required value");
    row("namespace on cluster-scoped", "node",
        R"([{"op":"add","path":"/metadata/namespace","value":"default"}])",
        "metadata.namespace: Forbidden: not allowed on this type");
    row("label key with space", "pod",
        R"([{"op":"add","path":"/metadata/labels/bad key","value":"x"}])",
        "metadata.labels: Invalid value: \"bad key\": " + kLabelKey);
    row("label value with space", "pod",
        R"([{"op":"add","path":"/metadata/labels/tier","value":"front end"}])",
        "metadata.labels: Invalid value: \"front end\": " + kLabelValue);
    row("label with prefix ok", "pod",
        R"([{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}])", "");
    row("namespace name is a label", "namespace",
        R"([{"op":"replace","path":"/metadata/name","value":"team.a"}])",
        "metadata.name: Invalid value: \"team.a\": must not contain dots");
    row("namespace name uppercase", "namespace",
        R"([{"op":"replace","path":"/metadata/name","value":"Team-A"}])",
        "metadata.name: Invalid value: \"Team-A\": " + kLabel);
    row("service name is DNS-1035", "service",
        R"([{"op":"replace","path":"/metadata/name","value":"1web"}])",
        "metadata.name: Invalid value: \"1web\": " + k1035);
    row("node name", "node", R"([{"op":"replace","path":"/metadata/name","value":"node_1"}])",
        "metadata.name: Invalid value: \"node_1\": " + kSubdomain);

    // Deployments.
    row("replicas negative", "deployment",
        R"([{"op":"replace","path":"/spec/replicas","value":-1}])",
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    row("selector does not match", "deployment",
        R"([{"op":"replace","path":"/spec/template/metadata/labels/app","value":"web"}])",
        "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: "
        "`selector` does not match template `labels`");
    row("selector missing", "deployment", R"([{"op":"remove","path":"/spec/selector"}])",
        "spec.selector: Required value\n"
        "spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: "
        "`selector` does not match template `labels`");
    row("selector empty", "deployment", R"([{"op":"replace","path":"/spec/selector","value":{}}])",
        "spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    row("containers missing", "deployment",
        R"([{"op":"remove","path":"/spec/template/spec/containers"}])",
        "spec.template.spec.containers: Required value");
    row("image missing", "deployment",
        R"([{"op":"remove","path":"/spec/template/spec/containers/0/image"}])",
        "spec.template.spec.containers[0].image: Required value");
    row("container name missing", "deployment",
        R"([{"op":"remove","path":"/spec/template/spec/containers/0/name"}])",
        "spec.template.spec.containers[0].name: Required value");
    row("container name invalid", "deployment",
        R"([{"op":"replace","path":"/spec/template/spec/containers/0/name","value":"Web"}])",
        "spec.template.spec.containers[0].name: Invalid value: \"Web\": " + kLabel);
    row("duplicate container", "deployment",
        R"([{"op":"add","path":"/spec/template/spec/containers/-",
             "value":{"name":"nginx","image":"busybox"}}])",
        "spec.template.spec.containers[1].name: Duplicate value: \"nginx\"");
    row("port out of range", "deployment",
        R"([{"op":"replace","path":"/spec/template/spec/containers/0/ports/0/containerPort",
             "value":70000}])",
        "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: "
        "must be between 1 and 65535, inclusive");
    row("restartPolicy in deployment", "deployment",
        R"([{"op":"add","path":"/spec/template/spec/restartPolicy","value":"Never"}])",
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: "
        "\"Always\"");
    row("maxUnavailable and maxSurge zero", "deployment",
        R"([{"op":"add","path":"/spec/strategy",
             "value":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}])",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: "
        "may not be 0 when `maxSurge` is 0");
    row("maxUnavailable over 100%", "deployment",
        R"([{"op":"add","path":"/spec/strategy",
             "value":{"rollingUpdate":{"maxUnavailable":"150%"}}}])",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": "
        "must not be greater than 100%");
    row("progress deadline", "deployment",
        R"([{"op":"add","path":"/spec/minReadySeconds","value":700}])",
        "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds");

    // Pods.
    row("restartPolicy unsupported", "pod",
        R"([{"op":"add","path":"/spec/restartPolicy","value":"Sometimes"}])",
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
        "\"OnFailure\", \"Never\"");
    row("requests above limits", "pod",
        R"([{"op":"add","path":"/spec/containers/0/resources",
             "value":{"limits":{"cpu":"500m"},"requests":{"cpu":"1"}}}])",
        "spec.containers[0].resources.requests: Invalid value: \"1\": "
        "must be less than or equal to cpu limit of 500m");
    row("requests within limits", "pod",
        R"([{"op":"add","path":"/spec/containers/0/resources",
             "value":{"limits":{"memory":"128Mi"},"requests":{"memory":"64Mi"}}}])",
        "");
    row("port name too long", "pod",
        R"([{"op":"replace","path":"/spec/containers/0/ports/0/name",
             "value":"http-web-frontend"}])",
        "spec.containers[0].ports[0].name: Invalid value: \"http-web-frontend\": "
        "must be no more than 15 characters");
    row("mount of unknown volume", "pod",
        R"([{"op":"add","path":"/spec/containers/0/volumeMounts",
             "value":[{"name":"data","mountPath":"/data"}]}])",
        "spec.containers[0].volumeMounts[0].name: Not found: \"data\"");
    row("env name invalid", "pod",
        R"([{"op":"add","path":"/spec/containers/0/env","value":[{"name":"1X","value":"a"}]}])",
        "spec.containers[0].env[0].name: Invalid value: \"1X\": a valid environment variable "
        "name must consist of alphabetic characters, digits, '_', '-', or '.', and must not "
        "start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
        "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
    row("probe without handler", "pod",
        R"([{"op":"add","path":"/spec/containers/0/livenessProbe","value":{"periodSeconds":5}}])",
        "spec.containers[0].livenessProbe: Required value: must specify a handler type");
    row("toleration exists with value", "pod",
        R"([{"op":"add","path":"/spec/tolerations","value":[{"key":"gpu","operator":"Exists",
             "value":"yes","effect":"NoSchedule"}]}])",
        "spec.tolerations[0].operator: Invalid value: \"yes\": "
        "value must be empty when `operator` is 'Exists'");
    row("dnsPolicy unsupported", "pod",
        R"([{"op":"add","path":"/spec/dnsPolicy","value":"Cluster"}])",
        "spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: "
        "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"");
    row("node affinity without terms", "pod",
        R"([{"op":"add","path":"/spec/affinity","value":{"nodeAffinity":
             {"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}}])",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms: Required value: must have at least one node selector term");
    row("topology spread skew", "pod",
        R"([{"op":"add","path":"/spec/topologySpreadConstraints","value":[{"maxSkew":0,
             "topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule"}]}])",
        "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero");

    // Services.
    row("service port zero", "service",
        R"([{"op":"replace","path":"/spec/ports/0/port","value":0}])",
        // targetPort defaults to port, so it is reported too (as kube-apiserver does).
        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n"
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive");
    row("service ports missing", "service", R"([{"op":"remove","path":"/spec/ports"}])",
        "spec.ports: Required value");
    row("service type", "service", R"([{"op":"add","path":"/spec/type","value":"Public"}])",
        "spec.type: Unsupported value: \"Public\": supported values: \"ClusterIP\", "
        "\"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    row("service two unnamed ports", "service",
        R"([{"op":"add","path":"/spec/ports/-","value":{"port":443}}])",
        "spec.ports[0].name: Required value\nspec.ports[1].name: Required value");
    row("service nodePort range", "service",
        R"([{"op":"add","path":"/spec/type","value":"NodePort"},
            {"op":"add","path":"/spec/ports/0/nodePort","value":80}])",
        "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. "
        "The range of valid ports is 30000-32767");

    // ConfigMaps, Jobs, StatefulSets, DaemonSets, Nodes.
    row("configmap key", "configmap", R"([{"op":"add","path":"/data/bad key","value":"x"}])",
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of "
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
        "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    // core.MaxSecretSize: 1 MiB of data in all; one byte more is refused.
    auto bigData = [](const char* path, int bytes) {
        return QString(R"([{"op":"add","path":"%1","value":"%2"}])")
            .arg(path, QString(bytes, 'x'));
    };
    QTest::newRow("configmap at 1 MiB") << "configmap" << bigData("/data/big", 1048576 - 9)
                                        << ""; // the fixture holds 9 bytes already
    QTest::newRow("configmap over 1 MiB")
        << "configmap" << bigData("/data/big", 1048576 - 8)
        << "[]: Too long: must have at most 1048576 bytes";
    QTest::newRow("configmap binaryData counts decoded")
        << "configmap"
        << QString(R"([{"op":"add","path":"/binaryData","value":{"big":"%1"}}])")
               .arg(QString(1048576, 'x')) // 768 KiB once decoded
        << "";
    row("job restartPolicy", "job",
        R"([{"op":"replace","path":"/spec/template/spec/restartPolicy","value":"Always"}])",
        "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: "
        "\"OnFailure\", \"Never\"");
    row("statefulset mismatch", "statefulset",
        R"([{"op":"replace","path":"/spec/selector/matchLabels/app","value":"db"}])",
        "spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: "
        "`selector` does not match template `labels`");
    row("daemonset empty selector", "daemonset",
        R"([{"op":"replace","path":"/spec/selector","value":{}}])",
        "spec.selector: Invalid value: {}: empty selector is invalid for daemonset");
    row("node taint effect", "node",
        R"([{"op":"add","path":"/spec","value":{"taints":[{"key":"gpu","effect":"Never"}]}}])",
        "spec.taints[0].effect: Unsupported value: \"Never\": supported values: "
        "\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
}

void tst_Validation::create()
{
    QFETCH(QString, fixture);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    json obj = fixtures::byName(fixture).patch(json::parse(patch.toStdString()));
    applyDefaults(obj);
    QCOMPARE(errorsText(validate(obj)), expected);
}

void tst_Validation::update_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("patch"); // turns the stored object into the update
    QTest::addColumn<QString>("expected");

    QTest::newRow("deployment scale") << "deployment"
                                      << R"([{"op":"replace","path":"/spec/replicas","value":5}])"
                                      << "";
    QTest::newRow("deployment selector immutable")
        << "deployment"
        << R"([{"op":"replace","path":"/spec/selector/matchLabels/app","value":"web"},
              {"op":"replace","path":"/spec/template/metadata/labels/app","value":"web"}])"
        << "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\"}}: "
           "field is immutable";
    QTest::newRow("pod image change")
        << "pod"
        << R"([{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.26"}])"
        << "";
    QTest::newRow("pod toleration added")
        << "pod"
        << R"([{"op":"add","path":"/spec/tolerations/-","value":{"key":"a","operator":"Exists"}}])"
        << "";
    QTest::newRow("pod port change")
        << "pod"
        << R"([{"op":"replace","path":"/spec/containers/0/ports/0/containerPort","value":8080}])"
        << kPodUpdate;
    QTest::newRow("name change") << "configmap"
                                 << R"([{"op":"replace","path":"/metadata/name","value":"other"}])"
                                 << "metadata.name: Invalid value: \"other\": field is immutable";
    QTest::newRow("statefulset serviceName")
        << "statefulset"
        << R"([{"op":"replace","path":"/spec/serviceName","value":"other"}])"
        << "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
           "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' "
           "and 'minReadySeconds' are forbidden";
    QTest::newRow("statefulset scale") << "statefulset"
                                       << R"([{"op":"replace","path":"/spec/replicas","value":5}])"
                                       << "";
    QTest::newRow("configmap immutable")
        << "configmap"
        << R"([{"op":"replace","path":"/data/mode","value":"slow"}])"
        << "data: Forbidden: field is immutable when `immutable` is set";
}

void tst_Validation::update()
{
    QFETCH(QString, fixture);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    json old = fixtures::byName(fixture);
    if (fixture == "configmap")
        old["immutable"] = true;
    applyDefaults(old);
    json now = old.patch(json::parse(patch.toStdString()));
    if (fixture == "configmap")
        now["immutable"] = true;
    QCOMPARE(errorsText(validate(now, &old)), expected);
}

void tst_Validation::errorTypes()
{
    json obj = fixtures::byName("deployment");
    obj["spec"]["replicas"] = -2;
    obj["spec"]["template"]["spec"]["containers"][0].erase("image");
    applyDefaults(obj);
    const std::vector<FieldError> errs = validate(obj);
    QCOMPARE(errs.size(), size_t(2));
    QCOMPARE(QString::fromStdString(errs[0].type), "FieldValueInvalid");
    QCOMPARE(QString::fromStdString(errs[0].field), "spec.replicas");
    QCOMPARE(errs[0].badValue, json(-2));
    QCOMPARE(QString::fromStdString(errs[1].type), "FieldValueRequired");
    QCOMPARE(QString::fromStdString(errs[1].field), "spec.template.spec.containers[0].image");
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
