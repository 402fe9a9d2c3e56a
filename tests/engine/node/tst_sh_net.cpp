// The container shell's network programs against a pod network of the test's own: the
// three nslookup formats (busybox 1.28, busybox 1.29 and later, bind), wget's and curl's
// answers and errors, which images ship which tool, and what each server image answers.
// Each check that passes on the right output has a sibling a plausible wrong one fails.
#include <QtTest>

#include <set>

#include "engine/node/container_fs.h"
#include "engine/node/sh.h"

using namespace kubelab;
using namespace kubelab::node;
using nlohmann::json;

namespace {

// kube-dns and `web` (two nginx pods) in `shop`, and `echo` without endpoints.
struct World
{
    std::vector<json> services, slices, pods;
    bool dnsUp = true;
    World()
    {
        auto svc = [](const std::string& name, const std::string& ip, int port,
                      const std::string& proto = "TCP") {
            return json{{"metadata", {{"name", name}, {"namespace", name == "kube-dns" ? "kube-system" : "shop"}}},
                        {"spec", {{"clusterIP", ip}, {"ports", {{{"port", port}, {"protocol", proto}}}}}}};
        };
        auto slice = [](const std::string& name, const std::string& ns, json ips, int port,
                        const std::string& proto = "TCP") {
            json eps = json::array();
            for (const auto& ip : ips)
                eps.push_back({{"addresses", {ip}}, {"conditions", {{"ready", true}}}});
            return json{{"metadata",
                         {{"name", name + "-x"},
                          {"namespace", ns},
                          {"labels", {{"kubernetes.io/service-name", name}}}}},
                        {"addressType", "IPv4"},
                        {"endpoints", eps},
                        {"ports", {{{"port", port}, {"protocol", proto}}}}};
        };
        services = {svc("kube-dns", "10.96.0.10", 53, "UDP"), svc("web", "10.96.5.5", 80),
                    svc("echo", "10.96.6.6", 80)};
        slices = {slice("kube-dns", "kube-system", {"10.244.0.2"}, 53, "UDP"),
                  slice("web", "shop", {"10.244.1.7", "10.244.2.8"}, 80)};
        auto pod = [](const std::string& name, const std::string& ip, json container) {
            return json{{"metadata", {{"name", name}, {"namespace", "shop"}}},
                        {"spec", {{"containers", {container}}}},
                        {"status", {{"phase", "Running"}, {"podIP", ip}}}};
        };
        pods = {pod("web-a", "10.244.1.7", {{"name", "nginx"}, {"image", "nginx:1.27"}}),
                pod("web-b", "10.244.2.8", {{"name", "nginx"}, {"image", "nginx:1.27"}}),
                pod("echo-a", "10.244.3.9",
                    {{"name", "e"}, {"image", "hashicorp/http-echo"}, {"args", {"-text=hi there"}}}),
                pod("hello", "10.244.3.10",
                    {{"name", "h"}, {"image", "gcr.io/google-samples/hello-app:1.0"}})};
    }
    net::NetworkObjects objects() const
    {
        net::NetworkObjects o;
        for (const auto& s : services)
            o.services.push_back(&s);
        for (const auto& s : slices)
            if (dnsUp || s["metadata"]["name"] != "kube-dns-x")
                o.slices.push_back(&s);
        for (const auto& p : pods)
            o.pods.push_back(&p);
        return o;
    }
};

class FakeNetwork : public net::PodNetwork
{
public:
    explicit FakeNetwork(const World& w) : m_world(w) {}
    std::optional<net::DnsAnswer> query(const std::string& server, const std::string& qname,
                                        const std::string& qtype) const override
    {
        return net::dnsExchange(m_world.objects(), server, qname, qtype);
    }
    net::Connection connectTo(const std::string& node, const std::string& ip, int port,
                              sim::Rng& rng) const override
    {
        m_objects = m_world.objects(); // the connection's pod points in here
        return net::connect(m_objects, node, ip, port, rng);
    }

private:
    const World& m_world;
    mutable net::NetworkObjects m_objects;
};

struct Pod
{
    FileTree host;
    ContainerFs fs;
    std::string image;
    Pod(const std::string& image, Userland u)
        : fs(u, image, PodIdentity{"client", "shop", "10.244.1.3", "client"}, {}), image(image)
    {
    }
    sh::ExecResult exec(const World& world, std::vector<std::string> argv,
                        std::vector<std::string>* log = nullptr, std::uint64_t seed = 1)
    {
        FakeNetwork network(world);
        sim::Rng rng(seed);
        sh::System sys{host, fs, 0, &network, &rng, "worker-1", image, log};
        return sh::execSync(argv, {}, fs.userland(), sys);
    }
};

} // namespace

class tst_ShNet : public QObject
{
    Q_OBJECT
private slots:
    void busybox128();
    void busyboxNew();
    void bind();
    void timesOut();
    void wgetAndCurl();
    void spreadsOverEndpoints();
    void toolsPerImage();
};

void tst_ShNet::busybox128()
{
    World w;
    Pod p("docker.io/library/busybox:1.28", Userland::Busybox);
    std::vector<std::string> log;
    auto r = p.exec(w, {"nslookup", "web"}, &log);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.stdoutText, std::string("Server:    10.96.0.10\n"
                                       "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                                       "Name:      web\n"
                                       "Address 1: 10.96.5.5 web.shop.svc.cluster.local\n"));
    // The server's PTR, the first search suffix, the address's PTR.
    QCOMPARE(log.size(), size_t(3));
    QVERIFY(QString::fromStdString(log[1]).contains("A? web.shop.svc.cluster.local: NOERROR"));
    r = p.exec(w, {"nslookup", "nosuch"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.stderrText, std::string("nslookup: can't resolve 'nosuch'\n"));
}

void tst_ShNet::busyboxNew()
{
    World w;
    Pod p("docker.io/library/busybox:1.36", Userland::Busybox);
    auto r = p.exec(w, {"nslookup", "web.shop.svc.cluster.local"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.stdoutText, std::string("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                                       "Name:\tweb.shop.svc.cluster.local\nAddress: 10.96.5.5\n\n"
                                       "*** Can't find web.shop.svc.cluster.local: No answer\n\n"));
    r = p.exec(w, {"nslookup", "-type=a", "web.shop.svc.cluster.local"});
    QVERIFY(!QString::fromStdString(r.stdoutText).contains("*** Can't find"));
    // busybox's own nslookup does not walk the search list.
    r = p.exec(w, {"nslookup", "web"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(QString::fromStdString(r.stdoutText).contains("** server can't find web: NXDOMAIN"));
}

void tst_ShNet::bind()
{
    World w;
    Pod p("registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3", Userland::Gnu);
    auto r = p.exec(w, {"nslookup", "web"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.stdoutText, std::string("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                                       "Name:\tweb.shop.svc.cluster.local\nAddress: 10.96.5.5\n\n"));
    r = p.exec(w, {"nslookup", "www.example.com"});
    QVERIFY(QString::fromStdString(r.stdoutText).contains("Non-authoritative answer:\n"));
    r = p.exec(w, {"nslookup", "web.shop"});
    QVERIFY(!QString::fromStdString(r.stdoutText).contains("Non-authoritative"));
    r = p.exec(w, {"nslookup", "nosuch"});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.stdoutText, std::string("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                                       "** server can't find nosuch: NXDOMAIN\n\n"));
}

void tst_ShNet::timesOut()
{
    World w;
    w.dnsUp = false;
    Pod bind("docker.io/tutum/dnsutils:latest", Userland::Gnu);
    auto r = bind.exec(w, {"nslookup", "web"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(QString::fromStdString(r.stdoutText)
                .contains(";; connection timed out; no servers could be reached"));
    Pod bb("docker.io/library/busybox:1.28", Userland::Busybox);
    r = bb.exec(w, {"nslookup", "web"});
    QCOMPARE(r.stdoutText, std::string("Server:    10.96.0.10\nAddress 1: 10.96.0.10\n\n"));
    QCOMPARE(r.exitCode, 1);
    r = bb.exec(w, {"wget", "-qO-", "web"});
    QCOMPARE(r.stderrText, std::string("wget: bad address 'web'\n"));
    // The address still works without DNS.
    r = bb.exec(w, {"wget", "-qO-", "10.96.5.5"});
    QCOMPARE(r.exitCode, 0);
}

void tst_ShNet::wgetAndCurl()
{
    World w;
    Pod bb("docker.io/library/busybox:1.36", Userland::Busybox);
    auto r = bb.exec(w, {"wget", "-qO-", "http://web/"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QString::fromStdString(r.stdoutText).contains("<title>Welcome to nginx!</title>"));
    r = bb.exec(w, {"wget", "-qO-", "web/nope"});
    QCOMPARE(r.stderrText, std::string("wget: server returned error: HTTP/1.1 404 Not Found\n"));
    r = bb.exec(w, {"wget", "-qO-", "echo"});
    QCOMPARE(r.stderrText,
             std::string("wget: can't connect to remote host (10.96.6.6): Connection refused\n"));
    r = bb.exec(w, {"wget", "-qO-", "10.244.3.9:5678"});
    QCOMPARE(r.stdoutText, std::string("hi there\n"));
    r = bb.exec(w, {"wget", "-qO-", "10.244.3.9:80"});
    QCOMPARE(r.exitCode, 1); // nothing listens on 80 there
    r = bb.exec(w, {"wget", "-qO-", "10.244.3.10:8080"});
    QCOMPARE(r.stdoutText, std::string("Hello, world!\nVersion: 1.0.0\nHostname: hello\n"));
    r = bb.exec(w, {"wget", "-qO-", "10.9.9.9"});
    QVERIFY(QString::fromStdString(r.stderrText).contains("Connection timed out"));
    // Without -O, the page is saved where the shell is.
    r = bb.exec(w, {"wget", "web"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(bb.fs.read(bb.host, "/index.html").has_value());

    Pod curl("docker.io/curlimages/curl:8.11.1", Userland::Gnu);
    r = curl.exec(w, {"curl", "-s", "10.244.3.9:5678"});
    QCOMPARE(r.stdoutText, std::string("hi there\n"));
    r = curl.exec(w, {"curl", "nosuch"});
    QCOMPARE(r.exitCode, 6);
    QCOMPARE(r.stderrText, std::string("curl: (6) Could not resolve host: nosuch\n"));
    r = curl.exec(w, {"curl", "-s", "nosuch"});
    QCOMPARE(r.stderrText, std::string());
    r = curl.exec(w, {"curl", "echo"});
    QCOMPARE(r.exitCode, 7);
}

void tst_ShNet::spreadsOverEndpoints()
{
    World w;
    Pod bb("docker.io/library/busybox:1.36", Userland::Busybox);
    std::set<std::string> reached;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::vector<std::string> log;
        bb.exec(w, {"wget", "-qO-", "web"}, &log, seed);
        QVERIFY(!log.empty());
        const std::string& line = log.back();
        QVERIFY2(line.find("KUBE-SERVICES > KUBE-SVC-") != std::string::npos, line.c_str());
        reached.insert(line.substr(line.find("(pod ")));
    }
    QCOMPARE(reached.size(), size_t(2)); // both endpoints, over 20 seeds
    // Same seed, same endpoint.
    std::vector<std::string> a, b;
    bb.exec(w, {"wget", "-qO-", "web"}, &a, 7);
    bb.exec(w, {"wget", "-qO-", "web"}, &b, 7);
    QCOMPARE(a, b);
}

void tst_ShNet::toolsPerImage()
{
    World w;
    Pod debian("docker.io/library/debian:bookworm", Userland::Gnu);
    auto r = debian.exec(w, {"bash", "-c", "curl web"});
    QCOMPARE(r.exitCode, 127);
    QCOMPARE(r.stderrText, std::string("bash: line 1: curl: command not found\n"));
    Pod nginx("docker.io/library/nginx:1.27", Userland::Gnu);
    r = nginx.exec(w, {"curl", "-s", "web"});
    QCOMPARE(r.exitCode, 0);
    r = nginx.exec(w, {"sh", "-c", "wget web"});
    QCOMPARE(r.exitCode, 127);
    Pod alpine("docker.io/library/alpine:3.21", Userland::Busybox);
    r = alpine.exec(w, {"sh", "-c", "curl web"});
    QCOMPARE(r.exitCode, 127);
    QCOMPARE(alpine.exec(w, {"wget", "-qO-", "web"}).exitCode, 0);
}

QTEST_GUILESS_MAIN(tst_ShNet)
#include "tst_sh_net.moc"
