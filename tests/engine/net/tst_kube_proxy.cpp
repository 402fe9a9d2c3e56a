// kube-proxy's nat table and the EndpointSlice controller in a whole cluster: the rules a
// Service's endpoints become on every node, and how deleting, scaling, readiness and a
// stopped kube-proxy change them. Each check has a sibling that the wrong answer fails.
#include <QtTest>

#include "engine/controllers/endpointslice_controller.h"
#include "engine/net/chain_names.h"
#include "engine/net/kube_proxy.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using nlohmann::json;

namespace {

const char* kWorkers[] = {"worker-1", "worker-2", "worker-3"};

net::NatTable tableOf(testing::ClusterLab& lab, const std::string& node)
{
    const auto* proxy = lab.cluster().sim().actorAs<net::KubeProxy>("kube-proxy-" + node);
    if (!proxy)
        qFatal("no kube-proxy on %s", node.c_str());
    return proxy->natTable();
}

std::vector<std::string> chainsWithPrefix(const net::NatTable& t, const std::string& prefix)
{
    std::vector<std::string> out;
    for (const auto& [name, rules] : t.chains)
        if (name.rfind(prefix, 0) == 0)
            out.push_back(name);
    return out;
}

std::vector<std::string> ruleTexts(const net::NatTable& t, const std::string& chain)
{
    std::vector<std::string> out;
    auto it = t.chains.find(chain);
    if (it != t.chains.end())
        for (const net::Rule& r : it->second)
            out.push_back(r.text());
    return out;
}

// The default cluster's own KUBE-SEP chains: the kubernetes Service's one endpoint and
// kube-dns's three ports on each of the two CoreDNS pods.
constexpr int kSystemEndpointChains = 1 + 3 * 2;

std::string podIp(const json& pod)
{
    return pod.value(json::json_pointer("/status/podIP"), std::string());
}

// The KUBE-SEP chain kube-proxy names for default/web (unnamed port) -> ip:80.
std::string sepFor(const std::string& ip)
{
    return net::endpointChainName("default/web", "tcp", ip + ":80");
}

void webDeployment(testing::ClusterLab& lab, int replicas, const std::string& expose)
{
    lab.sh("kubectl create deployment web --image=nginx --replicas=" + std::to_string(replicas));
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    lab.sh("kubectl expose deployment web --port=80" + expose);
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
}

std::string applyService(testing::ClusterLab& lab, const std::string& yaml)
{
    lab.sh("kubectl apply -f -", yaml);
    return lab.ok() ? std::string() : lab.lastError();
}

} // namespace

class tst_KubeProxy : public QObject
{
    Q_OBJECT

private slots:
    void hashVector();
    void probabilities_data();
    void probabilities();
    void threeEndpointsChain();
    void deletedPodLeavesEveryNode();
    void nodePortOnEveryNode();
    void unreadyEndpointIsSkipped();
    void stoppedProxyKeepsStaleRules();
    void clusterIpMessages();
    void nodePortMessages();
    void slicesSplitAt100_data();
    void slicesSplitAt100();
    void determinism();
    void podEndpoint_data();
    void podEndpoint();
};

void tst_KubeProxy::hashVector()
{
    // kube-proxy's chain for the `kubernetes` Service, as every cluster shows it.
    QCOMPARE(net::portProtoHash("default/kubernetes:https", "tcp"),
             std::string("NPX46M4PTMTKRN6Y"));
    QCOMPARE(net::serviceChainName("default/kubernetes:https", "tcp"),
             std::string("KUBE-SVC-NPX46M4PTMTKRN6Y"));
    // The protocol and the port name are part of the hash.
    QVERIFY(net::portProtoHash("default/kubernetes:https", "udp") != "NPX46M4PTMTKRN6Y");
    QVERIFY(net::portProtoHash("default/kubernetes", "tcp") != "NPX46M4PTMTKRN6Y");
    QCOMPARE(net::servicePortName("default", "web", ""), std::string("default/web"));
    QCOMPARE(net::servicePortName("shop", "web", "http"), std::string("shop/web:http"));
}

void tst_KubeProxy::probabilities_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("saved");
    QTest::newRow("1/2") << 2 << "0.50000000000";
    QTest::newRow("1/3") << 3 << "0.33333333349";
    QTest::newRow("1/4") << 4 << "0.25000000000";
    QTest::newRow("1/10") << 10 << "0.10000000009";
}

void tst_KubeProxy::probabilities()
{
    QFETCH(int, n);
    QFETCH(QString, saved);
    QCOMPARE(QString::fromStdString(net::savedProbability(n)), saved);
    // Not the plain decimal: iptables keeps 2^31ths.
    char plain[32];
    std::snprintf(plain, sizeof plain, "%.11f", 1.0 / n);
    if (n == 3 || n == 10)
        QVERIFY(net::savedProbability(n) != plain);
}

void tst_KubeProxy::threeEndpointsChain()
{
    testing::ClusterLab lab;
    webDeployment(lab, 3, "");
    const json svc = lab.get("services", "default", "web");
    const std::string svcChain = net::serviceChainName("default/web", "tcp");
    for (const char* node : kWorkers) {
        const auto rules = ruleTexts(tableOf(lab, node), svcChain);
        QCOMPARE(int(rules.size()), 4); // the masquerade rule, then one per endpoint
        QVERIFY(rules[0].find("! -s 10.244.0.0/16 -d " +
                              svc["spec"]["clusterIP"].get<std::string>() + "/32") == 0);
        QVERIFY2(rules[1].find("--probability 0.33333333349 -j KUBE-SEP-") != std::string::npos,
                 rules[1].c_str());
        QVERIFY2(rules[2].find("--probability 0.50000000000 -j KUBE-SEP-") != std::string::npos,
                 rules[2].c_str());
        QVERIFY2(rules[3].find("statistic") == std::string::npos, rules[3].c_str());
        QVERIFY(rules[3].find("-j KUBE-SEP-") != std::string::npos);
        // The wrong spreading (1/3 on every rule) is not what is there.
        QVERIFY(rules[2].find("0.33333333349") == std::string::npos);
    }
    // One KUBE-SEP per pod, DNAT to its IP.
    for (const json& pod : lab.podsOf(lab.names("replicasets").front())) {
        const auto dnat = ruleTexts(tableOf(lab, "worker-1"), sepFor(podIp(pod)));
        QCOMPARE(int(dnat.size()), 2);
        QCOMPARE(dnat[1], "-p tcp -m comment --comment \"default/web\" -m tcp -j DNAT "
                          "--to-destination " +
                              podIp(pod) + ":80");
    }
}

void tst_KubeProxy::deletedPodLeavesEveryNode()
{
    testing::ClusterLab lab;
    webDeployment(lab, 3, "");
    const json victim = lab.podsOf(lab.names("replicasets").front()).front();
    const std::string sep = sepFor(podIp(victim));
    for (const char* node : {"control-plane", "worker-1", "worker-2", "worker-3"})
        QVERIFY2(tableOf(lab, node).chains.count(sep), node); // there before
    lab.sh("kubectl delete pod " + victim["metadata"]["name"].get<std::string>());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    for (const char* node : {"control-plane", "worker-1", "worker-2", "worker-3"}) {
        QVERIFY2(!tableOf(lab, node).chains.count(sep), node);
        // Its replacement took its place: still three endpoints.
        QCOMPARE(int(chainsWithPrefix(tableOf(lab, node), "KUBE-SEP-").size()),
                 3 + kSystemEndpointChains);
    }
}

void tst_KubeProxy::nodePortOnEveryNode()
{
    testing::ClusterLab lab;
    webDeployment(lab, 2, " --type=NodePort");
    const json svc = lab.get("services", "default", "web");
    const int nodePort = svc["spec"]["ports"][0]["nodePort"].get<int>();
    QVERIFY(nodePort >= 30086 && nodePort <= 32767); // dynamic ports skip the static band
    const std::string ext = net::externalChainName("default/web", "tcp");
    for (const char* node : {"control-plane", "worker-1", "worker-2", "worker-3"}) {
        const auto np = ruleTexts(tableOf(lab, node), net::kNodePortsChain);
        QCOMPARE(int(np.size()), 1);
        QCOMPARE(np[0], "-p tcp -m comment --comment \"default/web\" -m tcp --dport " +
                            std::to_string(nodePort) + " -j " + ext);
        const auto extRules = ruleTexts(tableOf(lab, node), ext);
        QCOMPARE(int(extRules.size()), 2);
        QCOMPARE(extRules[1], "-j " + net::serviceChainName("default/web", "tcp"));
    }
    // A ClusterIP Service gets no NodePort rule and no KUBE-EXT chain.
    testing::ClusterLab plain;
    webDeployment(plain, 2, "");
    QVERIFY(ruleTexts(tableOf(plain, "worker-1"), net::kNodePortsChain).empty());
    QVERIFY(chainsWithPrefix(tableOf(plain, "worker-1"), "KUBE-EXT-").empty());
}

void tst_KubeProxy::unreadyEndpointIsSkipped()
{
    testing::ClusterLab lab;
    lab.sh("kubectl apply -f -", R"(apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {app: web}
spec:
  containers:
  - name: box
    image: busybox
    command: ["sleep", "3600"]
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
)");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    const json pod = lab.get("pods", "default", "slow");
    QVERIFY(!podIp(pod).empty());
    // In the slice, not ready; not in the rules.
    const auto slices = lab.list("endpointslices");
    json endpoint;
    for (const json& s : slices)
        if (s["metadata"]["name"].get<std::string>().rfind("web-", 0) == 0)
            endpoint = s["endpoints"][0];
    QCOMPARE(endpoint["conditions"]["ready"], json(false));
    QVERIFY(!tableOf(lab, "worker-1").chains.count(sepFor(podIp(pod))));
    QVERIFY(!tableOf(lab, "worker-1").chains.count(net::serviceChainName("default/web", "tcp")));
    // Ready once the file exists: now it is.
    lab.sh("kubectl exec slow -- touch /tmp/ready");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    QVERIFY(tableOf(lab, "worker-1").chains.count(sepFor(podIp(pod))));
}

void tst_KubeProxy::stoppedProxyKeepsStaleRules()
{
    testing::ClusterLab lab;
    webDeployment(lab, 2, "");
    const json victim = lab.podsOf(lab.names("replicasets").front()).front();
    const std::string sep = sepFor(podIp(victim));
    lab.sh("fault stop kube-proxy/worker-1");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.sh("kubectl delete pod " + victim["metadata"]["name"].get<std::string>());
    lab.settle();
    QVERIFY(tableOf(lab, "worker-1").chains.count(sep));  // stale on the stopped node
    QVERIFY(!tableOf(lab, "worker-2").chains.count(sep)); // gone where kube-proxy runs
    lab.sh("fault start kube-proxy/worker-1");
    lab.settle();
    QVERIFY(!tableOf(lab, "worker-1").chains.count(sep));
}

void tst_KubeProxy::clusterIpMessages()
{
    testing::ClusterLab lab;
    auto svc = [](const std::string& name, const std::string& ip) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name +
               "\nspec:\n  clusterIP: " + ip + "\n  ports:\n  - port: 80\n";
    };
    QCOMPARE(applyService(lab, svc("dup", "10.96.0.1")),
             std::string("The Service \"dup\" is invalid: spec.clusterIPs: Invalid value: "
                         "[]string{\"10.96.0.1\"}: failed to allocate IP 10.96.0.1: provided IP "
                         "is already allocated\n"));
    QCOMPARE(applyService(lab, svc("far", "10.200.0.5")),
             std::string("The Service \"far\" is invalid: spec.clusterIPs: Invalid value: "
                         "[]string{\"10.200.0.5\"}: failed to allocate IP 10.200.0.5: the "
                         "provided IP (10.200.0.5) is not in the valid range. The range of "
                         "valid IPs is 10.96.0.0/12\n"));
    // kubeadm's kube-dns holds 10.96.0.10; another static address is free, and then taken.
    QCOMPARE(applyService(lab, svc("again", "10.96.0.10")),
             std::string("The Service \"again\" is invalid: spec.clusterIPs: Invalid value: "
                         "[]string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP "
                         "is already allocated\n"));
    QCOMPARE(applyService(lab, svc("static", "10.96.0.20")), std::string());
    QVERIFY(!applyService(lab, svc("again", "10.96.0.20")).empty());
    // Dynamic addresses stay out of the static band 10.96.0.0/24.
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(applyService(lab, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s" +
                                       std::to_string(i) + "\nspec:\n  ports:\n  - port: 80\n"),
                 std::string());
        const std::string ip =
            lab.get("services", "default", "s" + std::to_string(i))["spec"]["clusterIP"];
        QVERIFY2(ip.rfind("10.96.0.", 0) != 0, ip.c_str());
    }
}

void tst_KubeProxy::nodePortMessages()
{
    testing::ClusterLab lab;
    auto svc = [](const std::string& name, int port) {
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name +
               "\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: " +
               std::to_string(port) + "\n";
    };
    QCOMPARE(applyService(lab, svc("low", 8444)),
             std::string("The Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: "
                         "8444: provided port is not in the valid range. The range of valid "
                         "ports is 30000-32767\n"));
    QCOMPARE(applyService(lab, svc("first", 30080)), std::string());
    QCOMPARE(applyService(lab, svc("second", 30080)),
             std::string("The Service \"second\" is invalid: spec.ports[0].nodePort: Invalid "
                         "value: 30080: provided port is already allocated\n"));
    QCOMPARE(applyService(lab, svc("edge", 32767)), std::string());
}

void tst_KubeProxy::slicesSplitAt100_data()
{
    QTest::addColumn<int>("pods");
    QTest::addColumn<QList<int>>("sizes");
    QTest::newRow("100 fit one slice") << 100 << QList<int>{100};
    QTest::newRow("130 need two") << 130 << QList<int>{100, 30};
}

void tst_KubeProxy::slicesSplitAt100()
{
    QFETCH(int, pods);
    QFETCH(QList<int>, sizes);
    testing::ClusterLab lab;
    webDeployment(lab, pods, "");
    QList<int> got;
    for (const json& s : lab.list("endpointslices")) {
        const auto& labels = s["metadata"]["labels"];
        if (labels.value("kubernetes.io/service-name", "") != "web")
            continue;
        QCOMPARE(labels.value("endpointslice.kubernetes.io/managed-by", ""),
                 std::string(controllers::EndpointSliceController::kManagedBy));
        QCOMPARE(s["metadata"]["ownerReferences"][0]["kind"], json("Service"));
        QVERIFY(s["metadata"]["name"].get<std::string>().size() == std::string("web-").size() + 5);
        got.push_back(int(s["endpoints"].size()));
    }
    std::sort(got.begin(), got.end(), std::greater<int>());
    QCOMPARE(got, sizes);
    QCOMPARE(int(chainsWithPrefix(tableOf(lab, "worker-2"), "KUBE-SEP-").size()),
             pods + kSystemEndpointChains);
}

void tst_KubeProxy::determinism()
{
    auto run = [](std::uint64_t seed) {
        testing::ClusterLab lab(seed);
        webDeployment(lab, 3, " --type=NodePort");
        lab.sh("kubectl scale deployment web --replicas=1");
        lab.settle();
        return lab.sh("trace --hash") + lab.sh("iptables worker-1");
    };
    const std::string a = run(11);
    QCOMPARE(run(11), a);
    QVERIFY(run(12) != a);
}

void tst_KubeProxy::podEndpoint_data()
{
    // A pod as the kubelet reports it, and the endpoint the controller makes of it:
    // "-" when the pod is no endpoint, else ready/serving/terminating and the resolved port.
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("podIP");
    QTest::addColumn<bool>("podReady");
    QTest::addColumn<bool>("deleting");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ready") << "Running"
                           << "10.244.1.5" << true << false << "1/1/0 8080";
    QTest::newRow("not ready") << "Running"
                               << "10.244.1.5" << false << false << "0/0/0 8080";
    QTest::newRow("terminating") << "Running"
                                 << "10.244.1.5" << true << true << "0/1/1 8080";
    QTest::newRow("no IP yet") << "Pending"
                               << "" << false << false << "-";
    QTest::newRow("finished") << "Succeeded"
                              << "10.244.1.5" << false << false << "-";
}

void tst_KubeProxy::podEndpoint()
{
    QFETCH(QString, phase);
    QFETCH(QString, podIP);
    QFETCH(bool, podReady);
    QFETCH(bool, deleting);
    QFETCH(QString, expected);
    const json service = {
        {"metadata", {{"name", "web"}, {"namespace", "default"}}},
        {"spec",
         {{"selector", {{"app", "web"}}},
          {"ports",
           {{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}, {"targetPort", "web"}}}}}}};
    json pod = {{"metadata", {{"name", "web-1"}, {"namespace", "default"}, {"uid", "u1"}}},
                {"spec",
                 {{"nodeName", "worker-1"},
                  {"containers",
                   {{{"name", "app"}, {"ports", {{{"name", "web"}, {"containerPort", 8080}}}}}}}}},
                {"status",
                 {{"phase", phase.toStdString()},
                  {"conditions", {{{"type", "Ready"}, {"status", podReady ? "True" : "False"}}}}}}};
    if (!podIP.isEmpty())
        pod["status"]["podIP"] = podIP.toStdString();
    if (deleting)
        pod["metadata"]["deletionTimestamp"] = "2026-01-05T09:00:10Z";
    const auto pe = controllers::EndpointSliceController::podEndpoint(service, pod, nullptr);
    QString got = "-";
    if (pe) {
        const json& c = pe->endpoint["conditions"];
        got = QString("%1/%2/%3 %4")
                  .arg(int(c["ready"].get<bool>()))
                  .arg(int(c["serving"].get<bool>()))
                  .arg(int(c["terminating"].get<bool>()))
                  .arg(pe->ports[0]["port"].get<int>());
        QCOMPARE(pe->endpoint["targetRef"]["name"], json("web-1"));
        QCOMPARE(pe->endpoint["nodeName"], json("worker-1"));
        QCOMPARE(pe->ports[0]["name"], json("http"));
    }
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(tst_KubeProxy)
#include "tst_kube_proxy.moc"
