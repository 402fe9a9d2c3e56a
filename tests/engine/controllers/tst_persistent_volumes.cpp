// The PersistentVolume binder and the local-path provisioner: which volume a claim binds
// (pure), the volume local-path makes, a StatefulSet's claims, and on a whole cluster the
// claim lifecycle: Bound, Released (Retain keeps the volume) and removed (Delete).
#include <QtTest>

#include "engine/controllers/local_path_provisioner.h"
#include "engine/controllers/statefulset_controller.h"
#include "engine/controllers/volume_binding.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using namespace kubelab::controllers;
using kubelab::testing::ClusterLab;

namespace {

Json volume(const std::string& name, const std::string& size, const std::string& cls = "manual",
            Json modes = {"ReadWriteOnce"})
{
    return {{"metadata", {{"name", name}}},
            {"spec",
             {{"capacity", {{"storage", size}}},
              {"accessModes", modes},
              {"storageClassName", cls}}}};
}

Json claim(const std::string& size, const std::string& cls = "manual")
{
    return {{"metadata", {{"name", "data"}, {"namespace", "default"}, {"uid", "u-1"}}},
            {"spec",
             {{"accessModes", {"ReadWriteOnce"}},
              {"resources", {{"requests", {{"storage", size}}}}},
              {"storageClassName", cls}}}};
}

const char kManualPv[] = R"({"apiVersion":"v1","kind":"PersistentVolume",
  "metadata":{"name":"task-pv-volume"},
  "spec":{"storageClassName":"manual","capacity":{"storage":"10Gi"},
          "accessModes":["ReadWriteOnce"],"hostPath":{"path":"/mnt/data"}}})";
const char kManualPvc[] = R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
  "metadata":{"name":"task-pv-claim","namespace":"default"},
  "spec":{"storageClassName":"manual","accessModes":["ReadWriteOnce"],
          "resources":{"requests":{"storage":"3Gi"}}}})";

std::string phase(const Json& o)
{
    return o.is_null() ? "<gone>" : o["status"].value("phase", "");
}

} // namespace

class tst_PersistentVolumes : public QObject
{
    Q_OBJECT

private slots:
    void matching_data();
    void matching();
    void localPathVolume();
    void statefulSetClaims();
    void retainKeepsReleasedVolume();
    void deleteRemovesProvisionedVolume();
};

void tst_PersistentVolumes::matching_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("expected");
    QTest::newRow("smallest-that-fits") << "3Gi" << "pv-5";
    QTest::newRow("exact") << "5Gi" << "pv-5";
    QTest::newRow("only-the-big-one") << "6Gi" << "pv-10";
    QTest::newRow("too-big") << "20Gi" << "";
}

void tst_PersistentVolumes::matching()
{
    QFETCH(QString, request);
    QFETCH(QString, expected);
    const Json small = volume("pv-1", "1Gi"), five = volume("pv-5", "5Gi"),
               ten = volume("pv-10", "10Gi"), other = volume("pv-fast", "5Gi", "fast"),
               rox = volume("pv-rox", "5Gi", "manual", {"ReadOnlyMany"});
    const Json* match =
        findMatchingVolume(claim(request.toStdString()), {&small, &ten, &other, &rox, &five});
    QCOMPARE(match ? QString::fromStdString(match->at("metadata").value("name", "")) : QString(),
             expected);
}

void tst_PersistentVolumes::localPathVolume()
{
    Json c = claim("1Gi", "standard");
    c["metadata"]["name"] = "www-web-0";
    c["spec"]["volumeMode"] = "Filesystem";
    const Json v = LocalPathProvisioner::volumeFor(c, "worker-2", "Delete");
    QCOMPARE(v["metadata"]["name"], "pvc-u-1");
    QCOMPARE(v["spec"]["hostPath"]["path"],
             "/var/local-path-provisioner/pvc-u-1_default_www-web-0");
    QCOMPARE(v["spec"]["capacity"]["storage"], "1Gi");
    QCOMPARE(v["spec"]["persistentVolumeReclaimPolicy"], "Delete");
    QVERIFY(volumeClaimedBy(v, c));
    Json other = c;
    other["metadata"]["uid"] = "u-2"; // a new claim of the same name is not this one's
    QVERIFY(!volumeClaimedBy(v, other));
    const Json node2 = {{"metadata", {{"name", "worker-2"},
                                      {"labels", {{"kubernetes.io/hostname", "worker-2"}}}}}};
    const Json node1 = {{"metadata", {{"name", "worker-1"},
                                      {"labels", {{"kubernetes.io/hostname", "worker-1"}}}}}};
    QVERIFY(volumeNodeAffinityMatches(v, node2));
    QVERIFY(!volumeNodeAffinityMatches(v, node1));
}

void tst_PersistentVolumes::statefulSetClaims()
{
    const Json set = Json::parse(R"({"metadata":{"name":"web","namespace":"default"},
      "spec":{"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[]}},
              "volumeClaimTemplates":[{"metadata":{"name":"www"},
                  "spec":{"accessModes":["ReadWriteOnce"]},"status":{"phase":"Pending"}}]}})");
    const std::vector<Json> claims = StatefulSetController::claimsFor(set, 1);
    QCOMPARE(claims.size(), size_t(1));
    QCOMPARE(claims[0]["metadata"]["name"], "www-web-1");
    QCOMPARE(claims[0]["metadata"]["labels"]["app"], "nginx");
    QVERIFY(!claims[0].contains("status"));
    const Json pod = StatefulSetController::newPod(set, 1);
    QCOMPARE(pod["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"], "www-web-1");
    QCOMPARE(pod["spec"]["volumes"][0]["name"], "www");
}

void tst_PersistentVolumes::retainKeepsReleasedVolume()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", kManualPv);
    lab.sh("kubectl apply -f -", kManualPvc);
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.runFor(5 * sim::kSecond);
    const Json pvc = lab.get("persistentvolumeclaims", "default", "task-pv-claim");
    QCOMPARE(phase(pvc), "Bound");
    QCOMPARE(pvc["spec"]["volumeName"], "task-pv-volume");
    QCOMPARE(pvc["status"]["capacity"]["storage"], "10Gi");
    QCOMPARE(phase(lab.get("persistentvolumes", "", "task-pv-volume")), "Bound");
    lab.sh("kubectl delete pvc task-pv-claim");
    lab.runFor(5 * sim::kSecond);
    const Json pv = lab.get("persistentvolumes", "", "task-pv-volume");
    QCOMPARE(phase(pv), "Released");
    QCOMPARE(pv["spec"]["claimRef"]["name"], "task-pv-claim");
    // A new claim of the same name does not get the released volume back.
    lab.sh("kubectl apply -f -", kManualPvc);
    lab.runFor(5 * sim::kSecond);
    QCOMPARE(phase(lab.get("persistentvolumeclaims", "default", "task-pv-claim")), "Pending");
}

void tst_PersistentVolumes::deleteRemovesProvisionedVolume()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", R"({"apiVersion":"v1","kind":"PersistentVolumeClaim",
      "metadata":{"name":"data","namespace":"default"},
      "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}})");
    lab.sh("kubectl apply -f -", R"({"apiVersion":"v1","kind":"Pod",
      "metadata":{"name":"user","namespace":"default"},
      "spec":{"containers":[{"name":"c","image":"nginx:1.27"}],
              "volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}]}})");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.runFor(1 * sim::kSecond);
    // Provisioning takes the helper pod's time: the pod is not bound before the claim.
    const Json early = lab.get("persistentvolumeclaims", "default", "data");
    QCOMPARE(phase(early), "Pending");
    QCOMPARE(early["spec"]["storageClassName"], "standard");
    QVERIFY(lab.get("pods", "default", "user")["spec"].value("nodeName", "").empty());
    lab.runFor(10 * sim::kSecond);
    const Json pvc = lab.get("persistentvolumeclaims", "default", "data");
    QCOMPARE(phase(pvc), "Bound");
    const std::string node = lab.get("pods", "default", "user")["spec"].value("nodeName", "");
    QCOMPARE(pvc["metadata"]["annotations"]["volume.kubernetes.io/selected-node"], node);
    const std::string pvName = pvc["spec"]["volumeName"];
    QCOMPARE(phase(lab.get("pods", "default", "user")), "Running");
    lab.sh("kubectl delete pod user --grace-period=0 --force");
    lab.sh("kubectl delete pvc data");
    lab.runFor(10 * sim::kSecond);
    QCOMPARE(phase(lab.get("persistentvolumes", "", pvName)), "<gone>");
}

QTEST_GUILESS_MAIN(tst_PersistentVolumes)
#include "tst_persistent_volumes.moc"
