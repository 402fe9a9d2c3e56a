// The cluster DNS model (net::DnsZone) and the stub resolver (net::resolve) on objects of
// the test's own: the records CoreDNS serves, the search-list walk ndots decides, the
// resolv.conf each dnsPolicy gives, and a server that does not answer. Each check that
// passes on the right answer has a sibling that fails on a wrong one.
#include <QtTest>

#include "engine/net/dns.h"
#include "engine/net/pod_network.h"

using namespace kubelab;
using nlohmann::json;

namespace {

json service(const std::string& ns, const std::string& name, const std::string& clusterIp,
             json ports = json::array({{{"name", "http"}, {"port", 80}, {"protocol", "TCP"}}}))
{
    return {{"metadata", {{"name", name}, {"namespace", ns}}},
            {"spec", {{"clusterIP", clusterIp}, {"type", "ClusterIP"}, {"ports", ports}}}};
}

json slice(const std::string& ns, const std::string& svc, json endpoints,
           json ports = json::array({{{"name", "http"}, {"port", 8080}, {"protocol", "TCP"}}}))
{
    return {{"metadata",
             {{"name", svc + "-abcde"},
              {"namespace", ns},
              {"labels", {{"kubernetes.io/service-name", svc}}}}},
            {"endpoints", endpoints},
            {"ports", ports}};
}

json endpoint(const std::string& ip, bool ready = true, const std::string& hostname = {})
{
    json e = {{"addresses", {ip}}, {"conditions", {{"ready", ready}}}};
    if (!hostname.empty())
        e["hostname"] = hostname;
    return e;
}

struct World
{
    std::vector<json> services, slices;
    net::DnsZone zone() const
    {
        std::vector<const json*> s, e;
        for (const auto& x : services)
            s.push_back(&x);
        for (const auto& x : slices)
            e.push_back(&x);
        return net::DnsZone(s, e);
    }
};

World shop()
{
    World w;
    w.services.push_back(service("shop", "web", "10.96.12.7"));
    w.slices.push_back(slice("shop", "web", {endpoint("10.244.1.5"), endpoint("10.244.2.6")}));
    w.services.push_back(service("shop", "db", "None",
                                 {{{"name", "pg"}, {"port", 5432}, {"protocol", "TCP"}}}));
    w.slices.push_back(slice("shop", "db",
                             {endpoint("10.244.2.9", true, "db-1"), endpoint("10.244.1.8", true, "db-0"),
                              endpoint("10.244.3.3", false, "db-2")},
                             {{{"name", "pg"}, {"port", 5432}, {"protocol", "TCP"}}}));
    json ext = service("shop", "mail", "");
    ext["spec"] = {{"type", "ExternalName"}, {"externalName", "example.com"}};
    w.services.push_back(ext);
    w.services.push_back(service("kube-system", "kube-dns", "10.96.0.10",
                                 {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}}}));
    w.slices.push_back(slice("kube-system", "kube-dns", {endpoint("10.244.0.2")},
                             {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}}}));
    return w;
}

std::string answerText(const net::DnsAnswer& a)
{
    std::string out = a.rcode;
    for (const auto& r : a.records)
        out += " " + r.type + ":" + r.data + (r.port ? ":" + std::to_string(r.port) : "");
    return out;
}

net::ResolvConf shopConf()
{
    return net::podResolvConf({{"metadata", {{"namespace", "shop"}}}, {"spec", json::object()}});
}

} // namespace

class tst_Dns : public QObject
{
    Q_OBJECT
private slots:
    void records_data();
    void records();
    void searchWalk_data();
    void searchWalk();
    void timesOutWithoutCoreDns();
    void resolvConfPerPolicy();
    void parsesResolvConf();
};

void tst_Dns::records_data()
{
    QTest::addColumn<QString>("qname");
    QTest::addColumn<QString>("qtype");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* tag, const char* q, const char* t, const char* e) {
        QTest::newRow(tag) << q << t << e;
    };
    row("service A", "web.shop.svc.cluster.local", "A", "NOERROR A:10.96.12.7");
    row("case and final dot", "WEB.Shop.svc.cluster.local.", "A", "NOERROR A:10.96.12.7");
    row("other namespace", "web.default.svc.cluster.local", "A", "NXDOMAIN");
    row("headless: ready pods only, by address", "db.shop.svc.cluster.local", "A",
        "NOERROR A:10.244.1.8 A:10.244.2.9");
    row("headless hostname", "db-0.db.shop.svc.cluster.local", "A", "NOERROR A:10.244.1.8");
    row("unready hostname", "db-2.db.shop.svc.cluster.local", "A", "NXDOMAIN");
    row("hostname of a ClusterIP service", "x.web.shop.svc.cluster.local", "A", "NXDOMAIN");
    row("SRV ClusterIP", "_http._tcp.web.shop.svc.cluster.local", "SRV",
        "NOERROR SRV:web.shop.svc.cluster.local:80");
    row("SRV headless", "_pg._tcp.db.shop.svc.cluster.local", "SRV",
        "NOERROR SRV:db-0.db.shop.svc.cluster.local:5432 SRV:db-1.db.shop.svc.cluster.local:5432");
    row("SRV wrong protocol", "_http._udp.web.shop.svc.cluster.local", "SRV", "NXDOMAIN");
    row("SRV unknown port", "_https._tcp.web.shop.svc.cluster.local", "SRV", "NXDOMAIN");
    row("pod record", "10-244-1-5.shop.pod.cluster.local", "A", "NOERROR A:10.244.1.5");
    row("bad pod record", "10-244-1-500.shop.pod.cluster.local", "A", "NXDOMAIN");
    row("ExternalName", "mail.shop.svc.cluster.local", "A",
        "NOERROR CNAME:example.com A:93.184.215.14");
    row("namespace exists", "shop.svc.cluster.local", "A", "NOERROR");
    row("namespace does not", "nope.svc.cluster.local", "A", "NXDOMAIN");
    row("search suffix miss", "web.shop.svc.cluster.local.shop.svc.cluster.local", "A", "NXDOMAIN");
    row("upstream", "www.example.com", "A", "NOERROR A:93.184.215.14");
    row("upstream miss", "api.example.com", "A", "NXDOMAIN");
    row("PTR service", "7.12.96.10.in-addr.arpa", "PTR",
        "NOERROR PTR:web.shop.svc.cluster.local");
    row("PTR endpoint", "8.1.244.10.in-addr.arpa", "PTR",
        "NOERROR PTR:db-0.db.shop.svc.cluster.local");
    row("PTR fallthrough", "9.9.9.9.in-addr.arpa", "PTR", "NXDOMAIN");
}

void tst_Dns::records()
{
    QFETCH(QString, qname);
    QFETCH(QString, qtype);
    QFETCH(QString, expected);
    const World w = shop();
    QCOMPARE(QString::fromStdString(answerText(w.zone().answer(qname.toStdString(),
                                                               qtype.toStdString()))),
             expected);
}

void tst_Dns::searchWalk_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("queries");
    QTest::addColumn<QString>("found");
    QTest::newRow("short name: first suffix answers")
        << "web" << QStringList{"web.shop.svc.cluster.local"} << "10.96.12.7";
    QTest::newRow("name.namespace: second suffix")
        << "web.shop"
        << QStringList{"web.shop.shop.svc.cluster.local", "web.shop.svc.cluster.local"}
        << "10.96.12.7";
    QTest::newRow("ndots:5 sends every suffix first")
        << "www.example.com"
        << QStringList{"www.example.com.shop.svc.cluster.local",
                       "www.example.com.svc.cluster.local", "www.example.com.cluster.local",
                       "www.example.com"}
        << "93.184.215.14";
    QTest::newRow("a final dot asks once")
        << "www.example.com." << QStringList{"www.example.com"} << "93.184.215.14";
    QTest::newRow("no such name: all four fail")
        << "api.example.com"
        << QStringList{"api.example.com.shop.svc.cluster.local",
                       "api.example.com.svc.cluster.local", "api.example.com.cluster.local",
                       "api.example.com"}
        << "";
    QTest::newRow("five dots: as written, once")
        << "db-0.db.shop.svc.cluster.local" << QStringList{"db-0.db.shop.svc.cluster.local"}
        << "10.244.1.8";
    QTest::newRow("four dots still walk the list first")
        << "web.shop.svc.cluster.local"
        << QStringList{"web.shop.svc.cluster.local.shop.svc.cluster.local",
                       "web.shop.svc.cluster.local.svc.cluster.local",
                       "web.shop.svc.cluster.local.cluster.local", "web.shop.svc.cluster.local"}
        << "10.96.12.7";
}

void tst_Dns::searchWalk()
{
    QFETCH(QString, name);
    QFETCH(QStringList, queries);
    QFETCH(QString, found);
    const World w = shop();
    const net::DnsZone zone = w.zone();
    auto transport = [&](const std::string&, const std::string& q, const std::string& t) {
        return std::optional<net::DnsAnswer>(zone.answer(q, t));
    };
    const net::Resolution r = net::resolve(shopConf(), name.toStdString(), "A", transport);
    QStringList sent;
    for (const auto& q : r.queries)
        sent << QString::fromStdString(q.name);
    QCOMPARE(sent, queries);
    QCOMPARE(QString::fromStdString(r.addresses().empty() ? "" : r.addresses().front()), found);
    QVERIFY(!r.timedOut);
}

void tst_Dns::timesOutWithoutCoreDns()
{
    World w = shop();
    auto objects = [](World& world) {
        net::NetworkObjects o;
        for (const auto& x : world.services)
            o.services.push_back(&x);
        for (const auto& x : world.slices)
            o.slices.push_back(&x);
        return o;
    };
    {
        const net::NetworkObjects o = objects(w);
        auto transport = [&](const std::string& s, const std::string& q, const std::string& t) {
            return net::dnsExchange(o, s, q, t);
        };
        const net::Resolution r = net::resolve(shopConf(), "web", "A", transport);
        QVERIFY(!r.timedOut);
        QCOMPARE(r.addresses(), std::vector<std::string>{"10.96.12.7"});
    }
    // The only CoreDNS endpoint goes unready: nothing answers, and the walk stops at the
    // first query instead of going on down the search list.
    w.slices.back()["endpoints"][0]["conditions"]["ready"] = false;
    const net::NetworkObjects o = objects(w);
    auto transport = [&](const std::string& s, const std::string& q, const std::string& t) {
        return net::dnsExchange(o, s, q, t);
    };
    const net::Resolution r = net::resolve(shopConf(), "web", "A", transport);
    QVERIFY(r.timedOut);
    QCOMPARE(r.queries.size(), size_t(1));
    QVERIFY(!r.queries[0].answer);
    QVERIFY(!r.found());
    // The node's resolver still answers names outside the cluster.
    QVERIFY(net::dnsExchange(o, net::kNodeDnsIp, "www.example.com", "A").has_value());
}

void tst_Dns::resolvConfPerPolicy()
{
    auto pod = [](json spec) {
        return json{{"metadata", {{"namespace", "shop"}}}, {"spec", spec}};
    };
    QCOMPARE(net::podResolvConf(pod(json::object())).text(),
             std::string("search shop.svc.cluster.local svc.cluster.local cluster.local\n"
                         "nameserver 10.96.0.10\noptions ndots:5\n"));
    QCOMPARE(net::podResolvConf(pod({{"dnsPolicy", "Default"}})).text(),
             std::string("nameserver 172.18.0.1\n"));
    QCOMPARE(net::podResolvConf(pod({{"hostNetwork", true}})).text(),
             std::string("nameserver 172.18.0.1\n"));
    QCOMPARE(net::podResolvConf(pod({{"hostNetwork", true}, {"dnsPolicy", "ClusterFirstWithHostNet"}}))
                 .nameservers,
             std::vector<std::string>{"10.96.0.10"});
    const json none = {{"dnsPolicy", "None"},
                       {"dnsConfig",
                        {{"nameservers", {"1.2.3.4"}},
                         {"searches", {"ns1.svc.cluster-domain.example"}},
                         {"options", {{{"name", "ndots"}, {"value", "2"}}, {{"name", "edns0"}}}}}}};
    QCOMPARE(net::podResolvConf(pod(none)).text(),
             std::string("search ns1.svc.cluster-domain.example\nnameserver 1.2.3.4\n"
                         "options ndots:2 edns0\n"));
    // dnsConfig merges into ClusterFirst: its ndots replaces the 5.
    json merged = none;
    merged["dnsPolicy"] = "ClusterFirst";
    const net::ResolvConf m = net::podResolvConf(pod(merged));
    QCOMPARE(m.ndots(), 2);
    QCOMPARE(m.nameservers, (std::vector<std::string>{"10.96.0.10", "1.2.3.4"}));
    QCOMPARE(m.searches.size(), size_t(4));
}

void tst_Dns::parsesResolvConf()
{
    const net::ResolvConf c = net::parseResolvConf(
        "# written by hand\nnameserver 10.96.0.10\nsearch a.b c\noptions ndots:3 timeout:1\n");
    QCOMPARE(c.nameservers, std::vector<std::string>{"10.96.0.10"});
    QCOMPARE(c.searches, (std::vector<std::string>{"a.b", "c"}));
    QCOMPARE(c.ndots(), 3);
    QCOMPARE(net::parseResolvConf("nameserver 1.1.1.1\n").ndots(), 1);
    QCOMPARE(net::reverseName("10.244.1.5"), std::string("5.1.244.10.in-addr.arpa"));
    QVERIFY(net::reverseName("10.244.1").empty());
}

QTEST_GUILESS_MAIN(tst_Dns)
#include "tst_dns.moc"
