// The packet trace in a whole cluster: which endpoint a connection reaches through each
// node's nat table (the draws, the chain walked), what a deleted pod, a stopped kube-proxy
// and an unready endpoint change, NodePorts from outside, DNS names, and the trace record
// the app decodes. Each check has a sibling that the wrong answer fails.
#include <QtTest>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/net/packet_trace.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using nlohmann::json;

namespace {

const char* kNodes[] = {"control-plane", "worker-1", "worker-2", "worker-3"};

// Three bare nginx pods labelled app=web (deleting one leaves it deleted: nothing
// replaces it) behind Service `web` on port 80, optionally a NodePort.
void webPods(testing::ClusterLab& lab, const std::string& type = "ClusterIP")
{
    for (int i = 1; i <= 3; ++i) {
        lab.sh("kubectl run web-" + std::to_string(i) + " --image=nginx --labels=app=web");
        QVERIFY2(lab.ok(), lab.lastError().c_str());
    }
    lab.sh("kubectl apply -f -", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                 "spec:\n  type: " +
                                     type + "\n  selector: {app: web}\n  ports:\n  - port: 80\n");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
}

std::string clusterIp(testing::ClusterLab& lab)
{
    return lab.get("services", "default", "web")["spec"]["clusterIP"].get<std::string>();
}

net::PacketTrace trace(testing::ClusterLab& lab, const std::string& from, const std::string& to,
                       int port = 80, const std::string& ns = "default")
{
    std::string error;
    const auto t = lab.cluster().tracePacket(from, to, port, ns, &error);
    if (!t)
        qFatal("trace packet %s %s:%d: %s", from.c_str(), to.c_str(), port, error.c_str());
    return *t;
}

// The endpoints `n` traces from `from` reach, by pod ("default/web-1").
std::multiset<std::string> reached(testing::ClusterLab& lab, const std::string& from,
                                   const std::string& to, int n, int port = 80)
{
    std::multiset<std::string> out;
    for (int i = 0; i < n; ++i) {
        const auto t = trace(lab, from, to, port);
        out.insert(t.endpointPod.empty() ? t.outcome + " " + t.endpointIp : t.endpointPod);
    }
    return out;
}

bool hasChain(const net::PacketTrace& t, const std::string& prefix)
{
    for (const auto& h : t.hops)
        if (h.chain.rfind(prefix, 0) == 0)
            return true;
    return false;
}

} // namespace

class tst_PacketTrace : public QObject
{
    Q_OBJECT

private slots:
    void threeEndpointsAllReached();
    void deletedPodNeverPicked();
    void stoppedProxyPicksStaleEndpoint();
    void unreadyEndpointSkipped();
    void nodePortFromOutside();
    void dnsNames();
    void errors();
    void recordRoundTrip();
    void determinism();
};

void tst_PacketTrace::threeEndpointsAllReached()
{
    testing::ClusterLab lab;
    webPods(lab);
    const std::string ip = clusterIp(lab);
    // Endpoints in ip:port order: the KUBE-SVC rules' order.
    std::map<std::string, std::string> byIp;
    for (int i = 1; i <= 3; ++i) {
        const json pod = lab.get("pods", "default", "web-" + std::to_string(i));
        byIp[pod["status"]["podIP"].get<std::string>() + ":80"] = "default/web-" + std::to_string(i);
    }
    std::vector<std::string> order;
    for (const auto& [ep, pod] : byIp)
        order.push_back(pod);
    std::set<std::string> seen;
    std::set<int> notTakenCounts;
    for (int i = 0; i < 40; ++i) {
        const auto t = trace(lab, "worker-1", ip);
        QCOMPARE(t.outcome, std::string("delivered"));
        seen.insert(t.endpointPod);
        // The draws walk 1/3, then 1/2, then the unconditional rule; the endpoint is the
        // rule after the draws that failed.
        std::vector<const net::PacketHop*> draws;
        for (const auto& h : t.hops)
            if (h.draw >= 0)
                draws.push_back(&h);
        QVERIFY(!draws.empty() && draws.size() <= 2);
        QCOMPARE(draws[0]->probability, std::string("0.33333333349"));
        if (draws.size() == 2)
            QCOMPARE(draws[1]->probability, std::string("0.50000000000"));
        int notTaken = 0;
        for (const auto* d : draws)
            notTaken += d->draw >= std::stod(d->probability) ? 1 : 0;
        // Each failed draw but the last is followed by another draw.
        for (size_t k = 0; k + 1 < draws.size(); ++k)
            QVERIFY(draws[k]->draw >= std::stod(draws[k]->probability));
        QCOMPARE(t.endpointPod, order[size_t(notTaken)]);
        QVERIFY(t.endpointPod != order[size_t((notTaken + 1) % 3)]);
        notTakenCounts.insert(notTaken);
        if (notTaken == 2) { // the last rule, taken without a draw
            bool unconditional = false;
            for (const auto& h : t.hops)
                unconditional = unconditional ||
                                (h.chain.rfind("KUBE-SVC-", 0) == 0 && h.draw < 0 &&
                                 h.rule.find("-j KUBE-SEP-") != std::string::npos &&
                                 h.rule.find("statistic") == std::string::npos);
            QVERIFY(unconditional);
        }
        // The walk: PREROUTING? no, a node's own traffic starts in OUTPUT.
        QCOMPARE(t.hops[1].chain, std::string("OUTPUT"));
        QVERIFY(hasChain(t, "KUBE-SEP-"));
    }
    QCOMPARE(seen, std::set<std::string>(order.begin(), order.end()));
    QCOMPARE(notTakenCounts, (std::set<int>{0, 1, 2}));
    QVERIFY(seen.size() != 2); // a chain that never reached its last rule would fail above
}

void tst_PacketTrace::deletedPodNeverPicked()
{
    testing::ClusterLab lab;
    webPods(lab);
    const std::string ip = clusterIp(lab);
    // Before: web-2 is picked from every node sooner or later.
    for (const char* node : kNodes)
        QVERIFY2(reached(lab, node, ip, 30).count("default/web-2") > 0, node);
    lab.sh("kubectl delete pod web-2");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    for (const char* node : kNodes) {
        const auto r = reached(lab, node, ip, 30);
        QVERIFY2(r.count("default/web-2") == 0, node);
        QCOMPARE(int(r.count("default/web-1") + r.count("default/web-3")), 30);
    }
}

void tst_PacketTrace::stoppedProxyPicksStaleEndpoint()
{
    testing::ClusterLab lab;
    webPods(lab);
    const std::string ip = clusterIp(lab);
    const std::string victimIp =
        lab.get("pods", "default", "web-2")["status"]["podIP"].get<std::string>() + ":80";
    lab.sh("fault stop kube-proxy/worker-2");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.sh("kubectl delete pod web-2");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    // worker-2's stale table still spreads over three endpoints: the deleted one times out.
    int stale = 0;
    for (int i = 0; i < 30; ++i) {
        const auto t = trace(lab, "worker-2", ip);
        if (t.endpointIp != victimIp) {
            QCOMPARE(t.outcome, std::string("delivered"));
            continue;
        }
        ++stale;
        QCOMPARE(t.outcome, std::string("timeout"));
        QVERIFY(!t.delivered);
        QVERIFY(t.endpointPod.empty());
        QCOMPARE(t.hops.back().step, std::string("drop"));
        QVERIFY(hasChain(t, "KUBE-SEP-"));
    }
    QVERIFY(stale > 0);
    // worker-1's kube-proxy runs: it never picks the gone endpoint.
    const auto fresh = reached(lab, "worker-1", ip, 30);
    QVERIFY(fresh.count("timeout " + victimIp) == 0);
    QCOMPARE(int(fresh.count("default/web-1") + fresh.count("default/web-3")), 30);
    // Started again, worker-2 re-lists and forgets it.
    lab.sh("fault start kube-proxy/worker-2");
    lab.settle();
    QVERIFY(reached(lab, "worker-2", ip, 30).count("timeout " + victimIp) == 0);
}

void tst_PacketTrace::unreadyEndpointSkipped()
{
    testing::ClusterLab lab;
    lab.sh("kubectl run web-1 --image=nginx --labels=app=web");
    lab.sh("kubectl apply -f -", R"(apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx
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
    const std::string ip = clusterIp(lab);
    const auto before = reached(lab, "worker-1", ip, 20);
    QCOMPARE(int(before.count("default/web-1")), 20);
    // The pod itself answers: only the Service skips it.
    QCOMPARE(trace(lab, "worker-1", "pod/slow").outcome, std::string("delivered"));
    lab.sh("kubectl exec slow -- touch /tmp/ready");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    QVERIFY(reached(lab, "worker-1", ip, 20).count("default/slow") > 0);
}

void tst_PacketTrace::nodePortFromOutside()
{
    testing::ClusterLab lab;
    webPods(lab, "NodePort");
    const int nodePort =
        lab.get("services", "default", "web")["spec"]["ports"][0]["nodePort"].get<int>();
    for (const char* node : kNodes) {
        const json n = lab.get("nodes", "", node);
        const std::string nodeIp = n["status"]["addresses"][0]["address"].get<std::string>();
        for (const std::string& to : {nodeIp, std::string(node)}) {
            const auto t = trace(lab, "outside", to, nodePort);
            QCOMPARE(t.outcome, std::string("delivered"));
            QCOMPARE(t.fromIp, std::string(net::kOutsideClientIp));
            QCOMPARE(t.hops[0].node, std::string());
            QCOMPARE(t.hops[1].node, std::string(node)); // arrives on that node
            QVERIFY(hasChain(t, "KUBE-NODEPORTS"));
            QVERIFY(hasChain(t, "KUBE-EXT-"));
            QVERIFY(hasChain(t, "KUBE-MARK-MASQ"));
            // Marked, so masqueraded to the node's address on the way out.
            bool masq = false;
            for (const auto& h : t.hops)
                masq = masq || (h.step == "masquerade" && h.node == node &&
                                h.text.find(nodeIp) != std::string::npos);
            QVERIFY(masq);
        }
        // A port no Service has: refused by the node.
        QCOMPARE(trace(lab, "outside", node, nodePort == 32767 ? 32766 : nodePort + 1).outcome,
                 std::string("refused"));
    }
    // From outside a ClusterIP is unreachable.
    QCOMPARE(trace(lab, "outside", clusterIp(lab)).outcome, std::string("timeout"));
}

void tst_PacketTrace::dnsNames()
{
    std::ifstream in(KUBELAB_SOURCE_DIR "/tests/scenarios/dns.yaml");
    std::stringstream text;
    text << in.rdbuf();
    testing::ClusterLab lab(7, cluster::Topology::fromYaml(text.str(), "dns.yaml"));
    lab.sh("kubectl create namespace shop");
    lab.sh("kubectl run client -n shop --image=busybox:1.28 -- sleep 3600");
    lab.sh("kubectl run web -n shop --image=nginx --labels=app=web");
    lab.sh("kubectl expose pod web -n shop --port=80");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.settle();
    const std::string ip =
        lab.get("services", "shop", "web")["spec"]["clusterIP"].get<std::string>();
    struct Case
    {
        std::string to;
        std::vector<std::string> queried; // in order
    };
    for (const Case& c : std::vector<Case>{
             {"web", {"web.shop.svc.cluster.local"}},
             {"web.shop", {"web.shop.shop.svc.cluster.local", "web.shop.svc.cluster.local"}},
             {"web.shop.svc.cluster.local",
              {"web.shop.svc.cluster.local.shop.svc.cluster.local",
               "web.shop.svc.cluster.local.svc.cluster.local",
               "web.shop.svc.cluster.local.cluster.local", "web.shop.svc.cluster.local"}}}) {
        const auto t = trace(lab, "shop/client", c.to);
        std::vector<std::string> queried;
        for (const auto& h : t.hops)
            if (h.step == "dns")
                queried.push_back(h.text.substr(3, h.text.find(" -> ") - 3));
        QCOMPARE(queried, c.queried);
        QCOMPARE(t.toIp, ip);
        QCOMPARE(t.outcome, std::string("delivered"));
        QCOMPARE(t.endpointPod, std::string("shop/web"));
    }
    // From another namespace the short name is that namespace's: NXDOMAIN.
    lab.sh("kubectl run other --image=busybox:1.28 -- sleep 3600");
    lab.settle();
    const auto other = trace(lab, "other", "web");
    QCOMPARE(other.outcome, std::string("nxdomain"));
    QVERIFY(!other.delivered);
    QCOMPARE(trace(lab, "other", "web.shop").outcome, std::string("delivered"));
    // A node asks its own resolver, which knows no cluster names.
    QCOMPARE(trace(lab, "worker-1", "web.shop").outcome, std::string("nxdomain"));
}

void tst_PacketTrace::errors()
{
    testing::ClusterLab lab;
    std::string error;
    QVERIFY(!lab.cluster().tracePacket("nosuch", "10.96.0.1", 443, "default", &error));
    QVERIFY2(error.find("no pod \"nosuch\" in namespace \"default\"") != std::string::npos,
             error.c_str());
    QVERIFY(!lab.cluster().tracePacket("worker-1", "pod/nosuch", 80, "default", &error));
    QVERIFY2(error.find("no pod \"nosuch\"") != std::string::npos, error.c_str());
    // The shell's parsing.
    lab.sh("trace packet worker-1");
    QVERIFY(!lab.ok());
    QVERIFY(lab.lastError().find("usage: trace packet FROM TO[:PORT]") != std::string::npos);
    lab.sh("trace packet worker-1 10.96.0.1:99999");
    QVERIFY(!lab.ok());
    QVERIFY(lab.lastError().find("invalid port \"99999\"") != std::string::npos);
    // A node's resolver knows no cluster names.
    const std::string out = lab.sh("trace packet worker-1 kubernetes.default.svc.cluster.local");
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    QVERIFY2(out.find("\noutcome: nxdomain\n") != std::string::npos, out.c_str());
    // The kubernetes Service: through the API server's endpoint on the control plane.
    const auto api = trace(lab, "worker-1", "10.96.0.1", 443);
    QCOMPARE(api.outcome, std::string("delivered"));
    QCOMPARE(api.endpointNode, std::string("control-plane"));
    QCOMPARE(trace(lab, "worker-1", "10.96.0.1", 444).outcome, std::string("timeout"));
}

void tst_PacketTrace::recordRoundTrip()
{
    testing::ClusterLab lab;
    webPods(lab);
    const auto t = trace(lab, "worker-3", clusterIp(lab));
    const auto& records = lab.cluster().sim().trace();
    const sim::TraceRecord& last = *records.from(records.size() - 1);
    QCOMPARE(last.kind, std::string(net::kPacketTraceKind));
    const auto decoded = net::packetTraceFromRecord(last);
    QVERIFY(decoded);
    QCOMPARE(json(*decoded).dump(), json(t).dump());
    QCOMPARE(decoded->hops.size(), t.hops.size());
    // Another record is not a trace.
    const sim::TraceRecord& before = *records.from(records.size() - 2);
    QVERIFY(before.kind != net::kPacketTraceKind);
    QVERIFY(!net::packetTraceFromRecord(before));
}

void tst_PacketTrace::determinism()
{
    auto run = [](std::uint64_t seed) {
        testing::ClusterLab lab(seed);
        webPods(lab, "NodePort");
        std::string out;
        for (int i = 0; i < 5; ++i)
            out += lab.sh("trace packet worker-1 " + clusterIp(lab)) +
                   lab.sh("trace packet outside worker-2:" +
                          lab.get("services", "default", "web")["spec"]["ports"][0]["nodePort"]
                              .dump());
        return out + lab.sh("trace --hash");
    };
    const std::string a = run(3);
    QCOMPARE(run(3), a);
    QVERIFY(run(4) != a);
}

QTEST_GUILESS_MAIN(tst_PacketTrace)
#include "tst_packet_trace.moc"
