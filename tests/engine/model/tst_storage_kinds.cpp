// PersistentVolume, PersistentVolumeClaim and StorageClass: defaults, validation messages
// (create and update) and the kubectl v1.31 columns of their rows.
#include <QtTest>

#include "engine/model/kinds.h"
#include "engine/model/validation.h"
#include "engine/printers/storage_printers.h"

using namespace kubelab;
using nlohmann::json;

namespace {

json pv()
{
    return json::parse(R"({"apiVersion":"v1","kind":"PersistentVolume",
        "metadata":{"name":"task-pv-volume"},
        "spec":{"storageClassName":"manual","capacity":{"storage":"10Gi"},
                "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}}})");
}

json pvc()
{
    return json::parse(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
        "metadata":{"name":"task-pv-claim","namespace":"default"},
        "spec":{"storageClassName":"manual","accessModes":["ReadWriteOnce"],
                "resources":{"requests":{"storage":"3Gi"}}}})");
}

json sc()
{
    return json::parse(R"({"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",
        "metadata":{"name":"standard"},"provisioner":"rancher.io/local-path"})");
}

json sample(const QString& kind)
{
    json o = kind == "pv" ? pv() : kind == "pvc" ? pvc() : sc();
    model::applyDefaults(o);
    return o;
}

QString errorsText(const json& object, const json* old = nullptr)
{
    QStringList lines;
    for (const model::FieldError& e : model::validate(object, old))
        lines << QString::fromStdString(e.toString());
    return lines.join('\n');
}

} // namespace

class tst_StorageKinds : public QObject
{
    Q_OBJECT

private slots:
    void kinds();
    void defaults();
    void create_data();
    void create();
    void update_data();
    void update();
    void rows();
    void statefulSetClaimTemplateStatus();
};

void tst_StorageKinds::kinds()
{
    const model::KindInfo* pvKind = model::resolveResource("pv");
    QVERIFY(pvKind && pvKind->kind == "PersistentVolume" && !pvKind->namespaced);
    const model::KindInfo* pvcKind = model::resolveResource("pvc");
    QVERIFY(pvcKind && pvcKind->kind == "PersistentVolumeClaim" && pvcKind->namespaced);
    const model::KindInfo* scKind = model::resolveResource("sc");
    QVERIFY(scKind && scKind->apiVersion() == "storage.k8s.io/v1" && !scKind->namespaced);
    QCOMPARE(model::resolveResource("storageclasses.storage.k8s.io"), scKind);
    QVERIFY(!model::resolveResource("pvcs"));
}

void tst_StorageKinds::defaults()
{
    const json v = sample("pv");
    QCOMPARE(v["spec"]["persistentVolumeReclaimPolicy"], "Retain");
    QCOMPARE(v["spec"]["volumeMode"], "Filesystem");
    QCOMPARE(v["status"]["phase"], "Pending");
    const json c = sample("pvc");
    QCOMPARE(c["spec"]["volumeMode"], "Filesystem");
    QVERIFY(!c["spec"].contains("volumeName"));
    const json s = sample("sc");
    QCOMPARE(s["reclaimPolicy"], "Delete");
    QCOMPARE(s["volumeBindingMode"], "Immediate");
    // Defaults never override what was given.
    json given = sc();
    given["volumeBindingMode"] = "WaitForFirstConsumer";
    model::applyDefaults(given);
    QCOMPARE(given["volumeBindingMode"], "WaitForFirstConsumer");
}

void tst_StorageKinds::create_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("patch"); // JSON merge patch on the defaulted sample
    QTest::addColumn<QString>("errors");
    QTest::newRow("pv-valid") << "pv" << "{}" << "";
    QTest::newRow("pv-empty")
        << "pv" << R"({"spec":{"capacity":null,"accessModes":null,"hostPath":null}})"
        << "spec.accessModes: Required value: must specify at least 1 access mode\n"
           "spec.capacity: Required value\n"
           "spec: Required value: must specify a volume type";
    QTest::newRow("pv-mode")
        << "pv" << R"({"spec":{"accessModes":["ReadWriteSometimes"]}})"
        << "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: "
           "\"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"";
    QTest::newRow("pv-policy")
        << "pv" << R"({"spec":{"persistentVolumeReclaimPolicy":"Keep"}})"
        << "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported "
           "values: \"Delete\", \"Recycle\", \"Retain\"";
    QTest::newRow("pv-two-sources")
        << "pv" << R"({"spec":{"local":{"path":"/mnt/disk"}}})"
        << "spec.local: Forbidden: may not specify more than 1 volume type\n"
           "spec.nodeAffinity: Required value: Local volume requires node affinity";
    QTest::newRow("pvc-valid") << "pvc" << "{}" << "";
    QTest::newRow("pvc-empty")
        << "pvc" << R"({"spec":{"accessModes":null,"resources":null}})"
        << "spec.accessModes: Required value: at least 1 access mode is required\n"
           "spec.resources[storage]: Required value";
    QTest::newRow("pvc-zero") << "pvc" << R"({"spec":{"resources":{"requests":{"storage":"0"}}}})"
                              << "spec.resources.requests.storage: Invalid value: \"0\": must "
                                 "be greater than zero";
    QTest::newRow("pvc-class")
        << "pvc" << R"({"spec":{"storageClassName":"Fast"}})"
        << "spec.storageClassName: Invalid value: \"Fast\": a lowercase RFC 1123 subdomain "
           "must consist of lower case alphanumeric characters, '-' or '.', and must start and "
           "end with an alphanumeric character (e.g. 'example.com', regex used for validation "
           "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    QTest::newRow("sc-valid") << "sc" << "{}" << "";
    QTest::newRow("sc-no-provisioner") << "sc" << R"({"provisioner":null})"
                                       << "provisioner: Required value";
    QTest::newRow("sc-mode")
        << "sc" << R"({"volumeBindingMode":"Later","reclaimPolicy":"Recycle"})"
        << "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", "
           "\"Retain\"\n"
           "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", "
           "\"WaitForFirstConsumer\"";
}

void tst_StorageKinds::create()
{
    QFETCH(QString, kind);
    QFETCH(QString, patch);
    QFETCH(QString, errors);
    json o = sample(kind);
    o.merge_patch(json::parse(patch.toStdString()));
    QCOMPARE(errorsText(o), errors);
}

void tst_StorageKinds::update_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("errors");
    QTest::newRow("pvc-bind") << "pvc" << R"({"spec":{"volumeName":"pv-1"}})" << "";
    QTest::newRow("pvc-grow") << "pvc" << R"({"spec":{"resources":{"requests":{"storage":"5Gi"}}}})"
                              << "";
    QTest::newRow("pvc-modes")
        << "pvc" << R"({"spec":{"accessModes":["ReadWriteMany"]}})"
        << "spec: Forbidden: spec is immutable after creation except resources.requests and "
           "volumeAttributesClassName for bound claims";
    QTest::newRow("pv-claimref")
        << "pv" << R"({"spec":{"claimRef":{"namespace":"default","name":"c"}}})" << "";
    QTest::newRow("pv-source")
        << "pv" << R"({"spec":{"hostPath":{"path":"/elsewhere"}}})"
        << "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable "
           "after creation";
    QTest::newRow("sc-annotate")
        << "sc" << R"({"metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"}}})"
        << "";
    QTest::newRow("sc-provisioner") << "sc" << R"({"provisioner":"example.com/other"})"
                                    << "provisioner: Forbidden: updates to provisioner are "
                                       "forbidden.";
}

void tst_StorageKinds::update()
{
    QFETCH(QString, kind);
    QFETCH(QString, patch);
    QFETCH(QString, errors);
    const json old = sample(kind);
    json o = old;
    o.merge_patch(json::parse(patch.toStdString()));
    QCOMPARE(errorsText(o, &old), errors);
}

void tst_StorageKinds::rows()
{
    using printers::persistentVolumeClaimRow;
    using printers::persistentVolumeRow;
    using printers::storageClassRow;
    using Row = std::vector<std::string>;
    json v = sample("pv");
    v["spec"]["accessModes"] = {"ReadWriteOncePod", "ReadOnlyMany", "ReadWriteOnce"};
    v["spec"]["claimRef"] = {{"namespace", "default"}, {"name", "task-pv-claim"}};
    v["status"]["phase"] = "Bound";
    // No creationTimestamp: the age reads <unknown>.
    QCOMPARE(persistentVolumeRow(v, 0),
             (Row{"task-pv-volume", "10Gi", "RWO,ROX,RWOP", "Retain", "Bound",
                  "default/task-pv-claim", "manual", "<unset>", "", "<unknown>", "Filesystem"}));
    // An unbound claim shows neither size nor modes, though it asks for both.
    json c = sample("pvc");
    QCOMPARE(persistentVolumeClaimRow(c, 0),
             (Row{"task-pv-claim", "Pending", "", "", "", "manual", "<unset>", "<unknown>",
                  "Filesystem"}));
    c["spec"]["volumeName"] = "task-pv-volume";
    c["status"] = {{"phase", "Bound"},
                   {"capacity", {{"storage", "10Gi"}}},
                   {"accessModes", {"ReadWriteOnce"}}};
    c["metadata"]["deletionTimestamp"] = "2026-01-05T09:00:00Z";
    QCOMPARE(persistentVolumeClaimRow(c, 0),
             (Row{"task-pv-claim", "Terminating", "task-pv-volume", "10Gi", "RWO", "manual",
                  "<unset>", "<unknown>", "Filesystem"}));
    json s = sample("sc");
    QCOMPARE(storageClassRow(s, 0),
             (Row{"standard", "rancher.io/local-path", "Delete", "Immediate", "false",
                  "<unknown>"}));
    s["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "true"}};
    QCOMPARE(storageClassRow(s, 0)[0], "standard (default)");
    s["metadata"]["annotations"] = {{"storageclass.kubernetes.io/is-default-class", "false"}};
    QCOMPARE(storageClassRow(s, 0)[0], "standard");
}

// Defaulting gives each claim template status.phase Pending; the schema must accept it,
// or every status write of such a StatefulSet is refused with 400 (strict decoding).
void tst_StorageKinds::statefulSetClaimTemplateStatus()
{
    json set = json::parse(R"({"apiVersion":"apps/v1","kind":"StatefulSet",
      "metadata":{"name":"web","namespace":"default"},
      "spec":{"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},
                          "spec":{"containers":[{"name":"nginx","image":"nginx"}]}},
              "volumeClaimTemplates":[{"metadata":{"name":"www"},
                  "spec":{"accessModes":["ReadWriteOnce"],
                          "resources":{"requests":{"storage":"1Gi"}}}}]}})");
    model::applyDefaults(set);
    QCOMPARE(set["spec"]["volumeClaimTemplates"][0]["status"]["phase"], "Pending");
    QVERIFY(model::checkSchema(set).empty());
    set["spec"]["volumeClaimTemplates"][0]["status"]["phaze"] = "Pending";
    QCOMPARE(model::checkSchema(set).size(), size_t(1));
}

QTEST_GUILESS_MAIN(tst_StorageKinds)
#include "tst_storage_kinds.moc"
