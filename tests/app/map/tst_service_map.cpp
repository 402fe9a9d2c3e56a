// Services on the map and in the inspector: a Service's endpoints read from its
// EndpointSlices (ready, not ready, terminating), the map's order of Services, the lines
// from a selected Service to its pods, a traced packet's arrows, the kube-proxy rules the
// Traffic tab filters out of a node's nat table, and a stopped kube-proxy's rules marked
// stale.
#include <QtTest>

#include <QGraphicsScene>
#include <QLabel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>

#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/editor/code_editor.h"
#include "app/inspector/inspector_widget.h"
#include "app/inspector/service_traffic.h"
#include "app/map/cluster_view.h"
#include "app/map/map_overlay.h"
#include "app/map/packet_path.h"
#include "app/map/service_info.h"
#include "engine/cluster/cluster.h"
#include "engine/cluster/topology.h"
#include "engine/net/packet_trace.h"

using namespace kubelab::app;
using nlohmann::json;

namespace {

using Cache = std::map<std::string, std::shared_ptr<const json>>;

json service(const std::string& ns, const std::string& name, json spec)
{
    return {{"metadata", {{"namespace", ns}, {"name", name}, {"resourceVersion", "1"}}},
            {"spec", std::move(spec)}};
}

json slice(const std::string& ns, const std::string& svc, json endpoints)
{
    return {{"metadata",
             {{"namespace", ns},
              {"name", svc + "-abcde"},
              {"labels", {{"kubernetes.io/service-name", svc}}}}},
            {"endpoints", std::move(endpoints)}};
}

json endpoint(const std::string& ip, const std::string& pod, json conditions)
{
    return {{"addresses", {ip}},
            {"conditions", std::move(conditions)},
            {"nodeName", "worker-1"},
            {"targetRef", {{"kind", "Pod"}, {"name", pod}}}};
}

// Lines as kube-proxy v1.32 writes them for default/web (three endpoints, a NodePort)
// beside the kubernetes Service.
const char* kTable = R"(*nat
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-EXT-LOLE4ISW44XBNF3G -m comment --comment "masquerade traffic for default/web external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-LOLE4ISW44XBNF3G -j KUBE-SVC-LOLE4ISW44XBNF3G
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web" -m tcp --dport 32747 -j KUBE-EXT-LOLE4ISW44XBNF3G
-A KUBE-SEP-MBUO2PUEYFC4MHZR -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.3.2:80
-A KUBE-SEP-MQ4W7Q2CV67URU6Q -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.1.2:80
-A KUBE-SEP-V2PECCYPB6X2GSCW -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 172.18.0.2:6443
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SERVICES -d 10.110.169.224/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G
-A KUBE-SERVICES -d 10.110.1.1/32 -p tcp -m comment --comment "default/web2 cluster IP" -m tcp --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-MQ4W7Q2CV67URU6Q
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.3.2:80" -j KUBE-SEP-MBUO2PUEYFC4MHZR
-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 172.18.0.2:6443" -j KUBE-SEP-V2PECCYPB6X2GSCW
COMMIT
)";

} // namespace

class tst_ServiceMap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void endpointsFromSlices()
    {
        const json svc = service("shop", "web",
                                 {{"type", "NodePort"},
                                  {"clusterIP", "10.96.5.5"},
                                  {"ports",
                                   {{{"port", 80},
                                     {"nodePort", 30080},
                                     {"protocol", "TCP"},
                                     {"targetPort", 8080}}}}});
        const json a = slice("shop", "web",
                             {endpoint("10.244.2.3", "web-b", {{"ready", true}}),
                              endpoint("10.244.1.2", "web-a", {{"ready", false}})});
        const json b = slice("shop", "web",
                             {endpoint("10.244.3.4", "web-c",
                                       {{"ready", false}, {"serving", true}, {"terminating", true}})});
        const ServiceInfo info = serviceInfo(svc, {&a, &b});
        QCOMPARE(info.type, QStringLiteral("NodePort"));
        QCOMPARE(info.ports, QStringList{"80:30080/TCP"});
        QCOMPARE(info.targetPorts, QStringList{"8080"});
        QCOMPARE(int(info.endpoints.size()), 3);
        QCOMPARE(info.endpoints[0].address, QStringLiteral("10.244.1.2")); // by address
        QCOMPARE(info.endpoints[0].ready, false);
        QCOMPARE(info.endpoints[2].terminating, true);
        QCOMPARE(info.readyCount(), 1);
        QCOMPARE(info.endpointSummary(), QStringLiteral("1 ready · 2 not ready"));
        // The same Service with only the ready endpoint, and with none.
        const json one = slice("shop", "web", {endpoint("10.244.2.3", "web-b", json::object())});
        QCOMPARE(serviceInfo(svc, {&one}).endpointSummary(), QStringLiteral("1 endpoint ready"));
        QCOMPARE(serviceInfo(svc, {}).endpointSummary(), QStringLiteral("no endpoints"));
        const ServiceInfo headless =
            serviceInfo(service("shop", "db", {{"clusterIP", "None"}}), {});
        QVERIFY(headless.headless());
        QCOMPARE(headless.type, QStringLiteral("ClusterIP"));
        QVERIFY(!info.headless());
        QCOMPARE(serviceInfo(service("shop", "ext",
                                     {{"type", "ExternalName"}, {"externalName", "example.com"}}),
                             {})
                     .endpointSummary(),
                 QStringLiteral("→ example.com"));
    }

    void mapOrder()
    {
        Cache cache;
        for (const auto& [ns, name] : std::vector<std::pair<std::string, std::string>>{
                 {"default", "kubernetes"}, {"kube-system", "kube-dns"}, {"default", "web"},
                 {"shop", "api"}})
            cache["/registry/services/specs/" + ns + "/" + name] =
                std::make_shared<const json>(service(ns, name, {{"clusterIP", "10.96.0.9"}}));
        cache["/registry/endpointslices/shop/api-xyz"] = std::make_shared<const json>(
            slice("shop", "api", {endpoint("10.244.1.9", "api-1", json::object())}));
        // A slice of another namespace's Service of the same name does not count.
        cache["/registry/endpointslices/default/api-zzz"] = std::make_shared<const json>(
            slice("default", "api", {endpoint("10.244.1.8", "api-2", json::object())}));
        QStringList order;
        for (const ServiceInfo& s : servicesIn(cache))
            order << s.ns + '/' + s.name + '=' + QString::number(s.endpoints.size());
        QCOMPARE(order, QStringList({"default/web=0", "shop/api=1", "default/kubernetes=0",
                                     "kube-system/kube-dns=0"}));
    }

    void rulesOfOneService()
    {
        const QStringList web = serviceRuleLines(kTable, "default", "web").split('\n');
        // The NodePort and ClusterIP entries, the EXT and SVC chains, both SEP chains.
        QCOMPARE(web.size(), 8);
        QVERIFY(web.filter("DNAT --to-destination 10.244.").size() == 2);
        QVERIFY(web.filter("KUBE-EXT-LOLE4ISW44XBNF3G -j KUBE-SVC-").size() == 1);
        QVERIFY(web.filter("kubernetes").isEmpty());
        QVERIFY(web.filter("web2").isEmpty()); // a name that only starts the same
        const QStringList api = serviceRuleLines(kTable, "default", "kubernetes").split('\n');
        QCOMPARE(api.size(), 3);
        QVERIFY(api.filter("10.244.").isEmpty());
        QCOMPARE(serviceRuleLines(kTable, "default", "nope"), QString());
        QCOMPARE(serviceRuleLines(kTable, "shop", "web"), QString());
    }

    void linesToEndpointsAndPacketArrows()
    {
        SimulationController controller(1);
        Selection selection;
        ClusterView view;
        view.resize(900, 700);
        MapOverlay overlay(&view, &selection);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(controller.runScript("kubectl create deployment web --image=nginx --replicas=3\n"
                                     "kubectl expose deployment web --port=80\n"
                                     "kubectl apply -f - <<EOF\n"
                                     "apiVersion: v1\nkind: Service\n"
                                     "metadata: {name: lonely}\n"
                                     "spec: {selector: {app: none}, ports: [{port: 80}]}\n"
                                     "EOF\n"
                                     "settle\n"));
        view.showCluster(controller.cluster());
        QVERIFY(view.serviceBox("default", "web"));
        QVERIFY(view.serviceBox("default", "kubernetes"));
        QVERIFY(!view.serviceBox("default", "nope"));
        QCOMPARE(view.serviceBox("default", "web")->info().endpointSummary(),
                 QStringLiteral("3 endpoints ready"));
        // Below every node.
        for (const char* n : {"control-plane", "worker-1", "worker-2", "worker-3"})
            QVERIFY(view.serviceBox("default", "web")->sceneBoundingRect().top() >
                    view.nodeBox(n)->sceneBoundingRect().bottom());

        selection.select({"services", "default", "web"});
        QCOMPARE(overlay.endpointLineCount(), 3);
        selection.select({"services", "default", "lonely"});
        QCOMPARE(overlay.endpointLineCount(), 0);
        QCOMPARE(view.serviceBox("default", "lonely")->info().endpointSummary(),
                 QStringLiteral("no endpoints"));
        selection.select({"pods", "default", "x"});
        QCOMPARE(overlay.endpointLineCount(), 0);

        // A packet from outside through the Service to a pod; a stop not on the map still
        // gets its arrow.
        const QString pod = view.serviceBox("default", "web")->info().endpoints.front().pod;
        MapOverlay::Packet packet;
        packet.stops = {{{}, "from outside"},
                        {{"services", "default", "web"}, "KUBE-SVC"},
                        {{"pods", "default", pod}, "DNAT"}};
        packet.delivered = true;
        packet.caption = "outside → web:80";
        overlay.showPacket(packet);
        QCOMPARE(overlay.packetArrowCount(), 2);
        QVERIFY(overlay.caption()->isVisible());
        overlay.setDetailsShown(true);
        QTRY_VERIFY(overlay.caption()->height() > 3 * overlay.caption()->fontMetrics().height());
        QVERIFY(overlay.caption()->text().contains("2. KUBE-SVC"));
        overlay.setDetailsShown(false); // one line; the stops in the tooltip
        QVERIFY(!overlay.caption()->text().contains("2. KUBE-SVC"));
        QVERIFY(overlay.caption()->toolTip().contains("2. KUBE-SVC"));
        overlay.setDetailsShown(true);
        // Below the map's viewport, covering none of it.
        QVERIFY(overlay.caption()->mapTo(&view, QPoint(0, 0)).y() >=
                view.viewport()->geometry().bottom());
        QVERIFY(overlay.caption()->text().contains("DNAT"));
        overlay.clearPacket();
        QCOMPARE(overlay.packetArrowCount(), 0);
        QVERIFY(!overlay.caption()->isVisible());

        // The Service goes: its box goes.
        QVERIFY(controller.runScript("kubectl delete service web\nsettle\n"));
        view.showCluster(controller.cluster());
        QVERIFY(!view.serviceBox("default", "web"));
    }

    void packetPaths()
    {
        SimulationController controller(
            kubelab::cluster::Topology::fromYaml("dns: coredns\n", "dns.yaml"), 1);
        QVERIFY(controller.runScript(
            "kubectl create deployment web --image=nginx --replicas=2\n"
            "kubectl expose deployment web --port=80 --type=NodePort\n"
            "kubectl apply -f - <<EOF\n"
            "apiVersion: v1\nkind: Service\nmetadata: {name: lonely}\n"
            "spec: {selector: {app: none}, ports: [{port: 80}]}\nEOF\n"
            "kubectl run client --image=busybox:1.36 -- sleep 3600\nsettle\n"));
        // The newest net.trace record after each command, as the window finds it.
        auto traced = [&](const QString& command) -> std::optional<kubelab::net::PacketTrace> {
            controller.runScript(command + '\n');
            const auto& trace = controller.cluster().sim().trace();
            for (std::size_t i = trace.size(); i-- > 0;)
                if (auto t = kubelab::net::packetTraceFromRecord(trace[i]))
                    return t;
            return std::nullopt;
        };
        auto refs = [](const MapOverlay::Packet& p) {
            QStringList out;
            for (const auto& stop : p.stops)
                out << (stop.ref.isNull() ? QStringLiteral("outside") : stop.ref.path());
            return out;
        };

        const auto toService = traced("trace packet client web:80");
        QVERIFY(toService);
        MapOverlay::Packet p = packetPath(*toService);
        QVERIFY(p.delivered);
        QStringList stops = refs(p);
        QCOMPARE(stops.size(), 3);
        QCOMPARE(stops[0], QStringLiteral("pods/default/client"));
        QCOMPARE(stops[1], QStringLiteral("services/default/web"));
        QVERIFY2(stops[2].startsWith("pods/default/web-"), qPrintable(stops[2]));
        QVERIFY(p.stops[0].label.contains("1 DNS query"));
        QVERIFY(p.stops[1].label.contains("DNAT"));
        QVERIFY(p.caption.contains("delivered"));

        // From outside through a node's NodePort: the node comes second.
        const int nodePort = (*controller.cluster().object("services", "default", "web"))
                                 ["spec"]["ports"][0]["nodePort"];
        const auto outside = traced(QStringLiteral("trace packet outside worker-2:%1").arg(nodePort));
        QVERIFY(outside);
        stops = refs(packetPath(*outside));
        QCOMPARE(stops.mid(0, 3), QStringList({"outside", "nodes/worker-2", "services/default/web"}));

        // A Service without endpoints: refused, never reaching a pod.
        const auto refused = traced("trace packet client lonely:80");
        QVERIFY(refused);
        p = packetPath(*refused);
        QVERIFY(!p.delivered);
        for (const QString& s : refs(p))
            QVERIFY2(!s.startsWith("pods/default/web-"), qPrintable(s));
        QVERIFY(p.caption.contains(QString::fromStdString(refused->outcome)));
    }

    void trafficTab()
    {
        SimulationController controller(1);
        Selection selection;
        InspectorWidget inspector(&controller, &selection);
        inspector.resize(900, 600);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        QVERIFY(controller.runScript("kubectl create deployment web --image=nginx --replicas=3\n"
                                     "kubectl expose deployment web --port=80\nsettle\n"));
        selection.select({"pods", "default", "x"});
        QVERIFY(!inspector.tabs()->isTabEnabled(InspectorWidget::TrafficTab));
        selection.select({"services", "default", "web"});
        QVERIFY(inspector.tabs()->isTabEnabled(InspectorWidget::TrafficTab));
        QCOMPARE(inspector.tabs()->currentIndex(), int(InspectorWidget::TrafficTab));
        QCOMPARE(inspector.endpointsView()->model()->rowCount(), 3);
        QString rules = inspector.rulesView()->toPlainText();
        QVERIFY2(rules.contains("# worker-2: kube-proxy running"), qPrintable(rules));
        QCOMPARE(rules.count("DNAT --to-destination 10.244."), 3 * 4); // each SEP on 4 nodes
        QVERIFY(!rules.contains("STOPPED"));
        QVERIFY(!rules.contains("6443"));

        QVERIFY(controller.runScript("fault stop kube-proxy/worker-2\n"
                                     "kubectl scale deployment web --replicas=2\nsettle\n"));
        inspector.refresh();
        rules = inspector.rulesView()->toPlainText();
        QVERIFY2(rules.contains("# worker-2: kube-proxy STOPPED"), qPrintable(rules));
        // The deleted pod's rule stays on worker-2 only.
        QCOMPARE(rules.count("DNAT --to-destination 10.244."), 2 * 3 + 3);
        QCOMPARE(inspector.endpointsView()->model()->rowCount(), 2);
    }
};

QTEST_MAIN(tst_ServiceMap)
#include "tst_service_map.moc"
