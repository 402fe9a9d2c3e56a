// Type schemas and strict decoding (checkSchema).
#include <QtTest>

#include <set>

#include "engine/model/schema.h"
#include "engine/model/validation.h"
#include "model_fixtures.h"

using namespace kubelab::model;
using nlohmann::json;

class tst_Schema : public QObject
{
    Q_OBJECT

private slots:
    void lookups_data();
    void lookups();
    void everyReferenceResolves();
    void checkSchema_data();
    void checkSchema();
};

void tst_Schema::lookups_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("found");
    for (const char* k :
         {"Namespace", "Node", "Pod", "Service", "ConfigMap", "Secret", "Event", "ServiceAccount"})
        QTest::newRow(k) << "" << k << true;
    for (const char* k : {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"})
        QTest::newRow(k) << "apps" << k << true;
    QTest::newRow("Job") << "batch"
                         << "Job" << true;
    QTest::newRow("EndpointSlice") << "discovery.k8s.io"
                                   << "EndpointSlice" << true;
    QTest::newRow("Lease") << "coordination.k8s.io"
                           << "Lease" << true;
    QTest::newRow("PriorityClass") << "scheduling.k8s.io"
                                   << "PriorityClass" << true;
    QTest::newRow("wrong group") << ""
                                 << "Deployment" << false;
    QTest::newRow("unknown kind") << "apps"
                                  << "Widget" << false;
}

void tst_Schema::lookups()
{
    QFETCH(QString, group);
    QFETCH(QString, kind);
    QFETCH(bool, found);
    const TypeSchema* t = kindSchema(group.toStdString(), kind.toStdString());
    QCOMPARE(t != nullptr, found);
    if (!t)
        return;
    QCOMPARE(QString::fromStdString(t->name), kind);
    for (const char* f : {"apiVersion", "kind", "metadata"})
        QVERIFY2(findField(*t, f), f);
    QVERIFY(!findField(*t, "replica"));
}

// Every referenced type exists and every field has a description and a known type.
void tst_Schema::everyReferenceResolves()
{
    const std::set<std::string> types = {"string",
                                         "integer",
                                         "boolean",
                                         "number",
                                         "Object",
                                         "[]Object",
                                         "[]string",
                                         "[]integer",
                                         "map[string]string",
                                         "map[string]Quantity",
                                         "Quantity",
                                         "IntOrString",
                                         "Time"};
    std::vector<const TypeSchema*> todo;
    for (const char* k :
         {"Namespace", "Node", "Pod", "Service", "ConfigMap", "Secret", "Event", "ServiceAccount"})
        todo.push_back(kindSchema("", k));
    for (const char* k : {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"})
        todo.push_back(kindSchema("apps", k));
    todo.push_back(kindSchema("batch", "Job"));
    todo.push_back(kindSchema("discovery.k8s.io", "EndpointSlice"));
    todo.push_back(kindSchema("coordination.k8s.io", "Lease"));
    todo.push_back(kindSchema("scheduling.k8s.io", "PriorityClass"));
    std::set<std::string> seen;
    while (!todo.empty()) {
        const TypeSchema* t = todo.back();
        todo.pop_back();
        QVERIFY(t);
        if (!seen.insert(t->name).second)
            continue;
        QVERIFY2(!t->description.empty(), t->name.c_str());
        std::set<std::string> names;
        for (const FieldSchema& f : t->fields) {
            const std::string where = t->name + "." + f.name;
            QVERIFY2(names.insert(f.name).second, ("duplicate " + where).c_str());
            QVERIFY2(types.count(f.type), where.c_str());
            QVERIFY2(!f.description.empty(), where.c_str());
            if (f.type == "Object" || f.type == "[]Object") {
                if (f.refType.empty() && f.type == "Object")
                    continue; // free-form object
                const TypeSchema* ref = typeSchema(f.refType);
                QVERIFY2(ref, ("missing type " + f.refType + " for " + where).c_str());
                todo.push_back(ref);
            }
        }
    }
    QVERIFY(seen.count("PodSpec") && seen.count("Container") && seen.count("Probe"));
    QVERIFY(!typeSchema("NoSuchType"));
}

void tst_Schema::checkSchema_data()
{
    QTest::addColumn<QString>("patch"); // JSON Patch applied to the nginx Deployment
    QTest::addColumn<QString>("expected");

    const QString bad = "json: cannot unmarshal %1 into Go struct field %2 of type %3";
    QTest::newRow("valid") << "[]"
                           << "";
    QTest::newRow("null field is fine") << R"([{"op":"add","path":"/spec/paused","value":null}])"
                                        << "";
    QTest::newRow("unknown spec field") << R"([{"op":"add","path":"/spec/replica","value":3}])"
                                        << R"(strict decoding error: unknown field "spec.replica")";
    QTest::newRow("two unknown fields")
        << R"([{"op":"add","path":"/spec/replica","value":3},
              {"op":"add","path":"/metadata/lables","value":{}}])"
        << "strict decoding error: unknown field \"metadata.lables\", "
           "unknown field \"spec.replica\"";
    QTest::newRow("unknown container field has index")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/imagee","value":"x"}])"
        << R"(strict decoding error: unknown field "spec.template.spec.containers[0].imagee")";
    QTest::newRow("case matters") << R"([{"op":"add","path":"/spec/Replicas","value":3}])"
                                  << R"(strict decoding error: unknown field "spec.Replicas")";
    QTest::newRow("replicas as string")
        << R"([{"op":"replace","path":"/spec/replicas","value":"3"}])"
        << bad.arg("string", "DeploymentSpec.spec.replicas", "int32");
    QTest::newRow("replicas fractional")
        << R"([{"op":"replace","path":"/spec/replicas","value":1.5}])"
        << bad.arg("number 1.5", "DeploymentSpec.spec.replicas", "int32");
    QTest::newRow("replicas overflow")
        << R"([{"op":"replace","path":"/spec/replicas","value":3000000000}])"
        << bad.arg("number 3000000000", "DeploymentSpec.spec.replicas", "int32");
    QTest::newRow("containerPort as string")
        << R"([{"op":"replace","path":"/spec/template/spec/containers/0/ports/0/containerPort",
               "value":"80"}])"
        << bad.arg("string", "ContainerPort.spec.template.spec.containers.ports.containerPort",
                   "int32");
    QTest::newRow("label value number")
        << R"([{"op":"add","path":"/metadata/labels/tier","value":1}])"
        << bad.arg("number", "ObjectMeta.metadata.labels", "string");
    QTest::newRow("containers as object")
        << R"([{"op":"replace","path":"/spec/template/spec/containers","value":{}}])"
        << bad.arg("object", "PodSpec.spec.template.spec.containers", "[]v1.Container");
    QTest::newRow("container as string")
        << R"([{"op":"replace","path":"/spec/template/spec/containers/0","value":"nginx"}])"
        << bad.arg("string", "PodSpec.spec.template.spec.containers", "v1.Container");
    QTest::newRow("spec as array") << R"([{"op":"replace","path":"/spec","value":[]}])"
                                   << bad.arg("array", "Deployment.spec", "v1.DeploymentSpec");
    QTest::newRow("command element number")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/command","value":["sh",1]}])"
        << bad.arg("number", "Container.spec.template.spec.containers.command", "string");
    QTest::newRow("paused as string") << R"([{"op":"add","path":"/spec/paused","value":"yes"}])"
                                      << bad.arg("string", "DeploymentSpec.spec.paused", "bool");
    QTest::newRow("type error wins over unknown field")
        << R"([{"op":"add","path":"/spec/replica","value":3},
              {"op":"replace","path":"/spec/replicas","value":"3"}])"
        << bad.arg("string", "DeploymentSpec.spec.replicas", "int32");
    QTest::newRow("quantity string")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/resources",
               "value":{"limits":{"cpu":"500m","memory":"128Mi"}}}])"
        << "";
    QTest::newRow("quantity number")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/resources",
               "value":{"requests":{"cpu":0.5}}}])"
        << "";
    QTest::newRow("quantity garbage")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/resources",
               "value":{"limits":{"cpu":"lots"}}}])"
        << "quantities must match the regular expression "
           "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    QTest::newRow("quantity bool")
        << R"([{"op":"add","path":"/spec/template/spec/containers/0/resources",
               "value":{"limits":{"cpu":true}}}])"
        << "quantities must match the regular expression "
           "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    QTest::newRow("intorstring percent")
        << R"([{"op":"add","path":"/spec/strategy","value":{"rollingUpdate":{"maxSurge":"30%"}}}])"
        << "";
    QTest::newRow("intorstring int")
        << R"([{"op":"add","path":"/spec/strategy","value":{"rollingUpdate":{"maxSurge":2}}}])"
        << "";
    QTest::newRow("intorstring bool")
        << R"([{"op":"add","path":"/spec/strategy","value":{"rollingUpdate":{"maxSurge":true}}}])"
        << "json: cannot unmarshal bool into Go value of type int32";
    QTest::newRow("time as number")
        << R"([{"op":"add","path":"/metadata/creationTimestamp","value":5}])"
        << "json: cannot unmarshal number into Go value of type string";
    QTest::newRow("kind as number")
        << R"([{"op":"replace","path":"/kind","value":5}])"
        << "couldn't get version/kind; json parse error: json: cannot unmarshal number into Go "
           "struct field .kind of type string";
}

void tst_Schema::checkSchema()
{
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    const json obj = fixtures::nginxDeployment().patch(json::parse(patch.toStdString()));
    const std::vector<std::string> errors = kubelab::model::checkSchema(obj);
    QStringList got;
    for (const std::string& e : errors)
        got << QString::fromStdString(e);
    QCOMPARE(got.join("\n"), expected);
}

QTEST_GUILESS_MAIN(tst_Schema)
#include "tst_schema.moc"
