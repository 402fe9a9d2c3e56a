// The kinds registry against `kubectl api-resources -o wide` and kube-apiserver's etcd
// layout.
#include <QtTest>

#include "engine/model/kinds.h"

using namespace kubelab::model;

namespace {

QString joined(const std::vector<std::string>& v)
{
    QStringList out;
    for (const auto& s : v)
        out << QString::fromStdString(s);
    return out.join(',');
}

} // namespace

class tst_Kinds : public QObject
{
    Q_OBJECT

private slots:
    void registry_data();
    void registry();
    void resolve_data();
    void resolve();
    void sortedAndUnique();
    void byApiVersionKind();
    void categories();
};

void tst_Kinds::registry_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("singular");
    QTest::addColumn<QString>("shortNames");
    QTest::addColumn<bool>("namespaced");
    QTest::addColumn<QString>("verbs");
    QTest::addColumn<QString>("prefix");

    const QString all = "create,delete,deletecollection,get,list,patch,update,watch";
    auto row = [&](const char* res, const char* group, const char* av, const char* kind,
                   const char* singular, const char* shorts, bool ns, QString verbs,
                   const char* prefix) {
        QTest::newRow(res) << res << group << av << kind << singular << shorts << ns << verbs
                           << prefix;
    };
    row("configmaps", "", "v1", "ConfigMap", "configmap", "cm", true, all, "/registry/configmaps");
    row("events", "", "v1", "Event", "event", "ev", true, all, "/registry/events");
    row("namespaces", "", "v1", "Namespace", "namespace", "ns", false,
        "create,delete,get,list,patch,update,watch", "/registry/namespaces");
    row("nodes", "", "v1", "Node", "node", "no", false, all, "/registry/minions");
    row("persistentvolumeclaims", "", "v1", "PersistentVolumeClaim", "persistentvolumeclaim",
        "pvc", true, all, "/registry/persistentvolumeclaims");
    row("persistentvolumes", "", "v1", "PersistentVolume", "persistentvolume", "pv", false, all,
        "/registry/persistentvolumes");
    row("pods", "", "v1", "Pod", "pod", "po", true, all, "/registry/pods");
    row("secrets", "", "v1", "Secret", "secret", "", true, all, "/registry/secrets");
    row("serviceaccounts", "", "v1", "ServiceAccount", "serviceaccount", "sa", true, all,
        "/registry/serviceaccounts");
    row("services", "", "v1", "Service", "service", "svc", true, all, "/registry/services/specs");
    row("daemonsets", "apps", "apps/v1", "DaemonSet", "daemonset", "ds", true, all,
        "/registry/daemonsets");
    row("deployments", "apps", "apps/v1", "Deployment", "deployment", "deploy", true, all,
        "/registry/deployments");
    row("replicasets", "apps", "apps/v1", "ReplicaSet", "replicaset", "rs", true, all,
        "/registry/replicasets");
    row("statefulsets", "apps", "apps/v1", "StatefulSet", "statefulset", "sts", true, all,
        "/registry/statefulsets");
    row("jobs", "batch", "batch/v1", "Job", "job", "", true, all, "/registry/jobs");
    row("leases", "coordination.k8s.io", "coordination.k8s.io/v1", "Lease", "lease", "", true, all,
        "/registry/leases");
    row("storageclasses", "storage.k8s.io", "storage.k8s.io/v1", "StorageClass", "storageclass",
        "sc", false, all, "/registry/storageclasses");
    row("endpointslices", "discovery.k8s.io", "discovery.k8s.io/v1", "EndpointSlice",
        "endpointslice", "", true, all, "/registry/endpointslices");
    row("priorityclasses", "scheduling.k8s.io", "scheduling.k8s.io/v1", "PriorityClass",
        "priorityclass", "pc", false, all, "/registry/priorityclasses");
}

void tst_Kinds::registry()
{
    QFETCH(QString, resource);
    QFETCH(QString, group);
    QFETCH(QString, apiVersion);
    QFETCH(QString, kind);
    QFETCH(QString, singular);
    QFETCH(QString, shortNames);
    QFETCH(bool, namespaced);
    QFETCH(QString, verbs);
    QFETCH(QString, prefix);

    const KindInfo* k = kindByResource(group.toStdString(), resource.toStdString());
    QVERIFY(k);
    QCOMPARE(QString::fromStdString(k->apiVersion()), apiVersion);
    QCOMPARE(QString::fromStdString(k->kind), kind);
    QCOMPARE(QString::fromStdString(k->singular), singular);
    QCOMPARE(joined(k->shortNames), shortNames);
    QCOMPARE(k->namespaced, namespaced);
    QCOMPARE(joined(k->verbs), verbs);
    QCOMPARE(QString::fromStdString(k->registryPrefix()), prefix);
    // The same resource under another group is not this kind.
    QVERIFY(!kindByResource(group.isEmpty() ? "apps" : "", resource.toStdString()));
}

void tst_Kinds::resolve_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // groupResource, or "" for unknown

    QTest::newRow("plural") << "pods"
                            << "pods";
    QTest::newRow("singular") << "pod"
                              << "pods";
    QTest::newRow("short") << "po"
                           << "pods";
    QTest::newRow("kind") << "Pod"
                          << "pods";
    QTest::newRow("kind-upper") << "POD"
                                << "pods";
    QTest::newRow("deploy") << "deploy"
                            << "deployments.apps";
    QTest::newRow("Deployment") << "Deployment"
                                << "deployments.apps";
    QTest::newRow("deployments.apps") << "deployments.apps"
                                      << "deployments.apps";
    QTest::newRow("deployment.apps") << "deployment.apps"
                                     << "deployments.apps";
    QTest::newRow("deployment.v1.apps") << "deployment.v1.apps"
                                        << "deployments.apps";
    QTest::newRow("Deployment.apps") << "Deployment.apps"
                                     << "deployments.apps";
    QTest::newRow("svc") << "svc"
                         << "services";
    QTest::newRow("ns") << "ns"
                        << "namespaces";
    QTest::newRow("no") << "no"
                        << "nodes";
    QTest::newRow("cm") << "cm"
                        << "configmaps";
    QTest::newRow("rs") << "rs"
                        << "replicasets.apps";
    QTest::newRow("sts") << "sts"
                         << "statefulsets.apps";
    QTest::newRow("ds") << "ds"
                        << "daemonsets.apps";
    QTest::newRow("ev") << "ev"
                        << "events";
    QTest::newRow("pc") << "pc"
                        << "priorityclasses.scheduling.k8s.io";
    QTest::newRow("sa") << "sa"
                        << "serviceaccounts";
    QTest::newRow("jobs.batch") << "jobs.batch"
                                << "jobs.batch";
    QTest::newRow("jobs.v1.batch") << "jobs.v1.batch"
                                   << "jobs.batch";
    QTest::newRow("endpointslices") << "endpointslices"
                                    << "endpointslices.discovery.k8s.io";
    QTest::newRow("endpointslices.discovery.k8s.io") << "endpointslices.discovery.k8s.io"
                                                     << "endpointslices.discovery.k8s.io";
    QTest::newRow("leases.v1.coordination.k8s.io") << "leases.v1.coordination.k8s.io"
                                                   << "leases.coordination.k8s.io";
    // Must not resolve.
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("unknown") << "widgets"
                             << "";
    QTest::newRow("eps-no-short") << "eps"
                                  << "";
    QTest::newRow("wrong-group") << "deployments.batch"
                                 << "";
    QTest::newRow("wrong-version") << "deployments.v2.apps"
                                   << "";
    QTest::newRow("core-with-group") << "pods.apps"
                                     << "";
    QTest::newRow("prefix-only") << "dep"
                                 << "";
    QTest::newRow("trailing-dot") << "pods."
                                  << "";
    QTest::newRow("core-versioned") << "pods.v1."
                                    << "pods";
    QTest::newRow("core-version-as-group") << "pods.v1"
                                           << "";
}

void tst_Kinds::resolve()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const KindInfo* k = resolveResource(text.toStdString());
    if (expected.isEmpty()) {
        QVERIFY2(!k, qPrintable(text));
        return;
    }
    QVERIFY2(k, qPrintable(text));
    QCOMPARE(QString::fromStdString(k->groupResource()), expected);
}

void tst_Kinds::sortedAndUnique()
{
    const auto& kinds = allKinds();
    QCOMPARE(int(kinds.size()), 19);
    for (size_t i = 1; i < kinds.size(); ++i) {
        const auto a = std::tie(kinds[i - 1].group, kinds[i - 1].resource);
        const auto b = std::tie(kinds[i].group, kinds[i].resource);
        QVERIFY(a < b);
    }
}

void tst_Kinds::byApiVersionKind()
{
    const KindInfo* d = kindByApiVersionKind("apps/v1", "Deployment");
    QVERIFY(d);
    QCOMPARE(QString::fromStdString(d->groupKind()), QString("Deployment.apps"));
    QVERIFY(!kindByApiVersionKind("v1", "Deployment"));
    QVERIFY(!kindByApiVersionKind("apps/v1beta1", "Deployment"));
    QVERIFY(!kindByApiVersionKind("apps/v1", "deployment")); // kinds are case-sensitive
    const KindInfo* p = kindByApiVersionKind("v1", "Pod");
    QVERIFY(p);
    QCOMPARE(QString::fromStdString(p->groupKind()), QString("Pod"));
}

void tst_Kinds::categories()
{
    QCOMPARE(joined(kindCategories(*resolveResource("pods"))), QString("all"));
    QCOMPARE(joined(kindCategories(*resolveResource("deploy"))), QString("all"));
    QCOMPARE(joined(kindCategories(*resolveResource("cm"))), QString(""));
    QCOMPARE(joined(kindCategories(*resolveResource("leases"))), QString(""));
}

QTEST_GUILESS_MAIN(tst_Kinds)
#include "tst_kinds.moc"
