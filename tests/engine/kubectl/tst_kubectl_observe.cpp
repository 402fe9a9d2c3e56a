// kubectl logs, events, get events --sort-by, top (from requests) and wait against the fake
// API server, in kubectl 1.32's wording.
#include <QtTest>

#include "fake_client.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using kubectl::test::FakeClient;
using Json = nlohmann::json;

namespace {

std::string ts(int s) { return sim::formatTimestamp(s * sim::kSecond); }

Json pod(const std::string& name, Json containers, Json labels = {{"app", "web"}},
         const std::string& phase = "Running", const std::string& node = "worker-1")
{
    return {{"apiVersion", "v1"}, {"kind", "Pod"},
            {"metadata", {{"name", name}, {"labels", labels}, {"creationTimestamp", ts(0)}}},
            {"spec", {{"nodeName", node}, {"containers", containers}}},
            {"status", {{"phase", phase},
                        {"conditions", {{{"type", "Ready"},
                                         {"status", phase == "Running" ? "True" : "False"}}}}}}};
}

Json container(const std::string& name, const std::string& cpu = {},
               const std::string& memory = {})
{
    Json c = {{"name", name}, {"image", "nginx"}};
    if (!cpu.empty())
        c["resources"]["requests"]["cpu"] = cpu;
    if (!memory.empty())
        c["resources"]["requests"]["memory"] = memory;
    return c;
}

Json event(const std::string& name, const std::string& type, const std::string& reason,
           const std::string& object, int last, int count = 1, int first = -1)
{
    return {{"apiVersion", "v1"}, {"kind", "Event"},
            {"metadata", {{"name", name}}},
            {"involvedObject", {{"kind", "Pod"}, {"name", object}, {"namespace", "default"}}},
            {"type", type}, {"reason", reason}, {"message", reason + " " + object + " "},
            {"count", count}, {"firstTimestamp", ts(first < 0 ? last : first)},
            {"lastTimestamp", ts(last)}};
}

Json node(const std::string& name, bool ready)
{
    return {{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}}},
            {"status", {{"allocatable", {{"cpu", "2"}, {"memory", "4Gi"}, {"pods", "110"}}},
                        {"capacity", {{"cpu", "2"}, {"memory", "4Gi"}, {"pods", "110"}}},
                        {"conditions", {{{"type", "Ready"},
                                         {"status", ready ? "True" : "Unknown"}}}}}}};
}

struct Fixture
{
    FakeClient fake;

    Fixture()
    {
        fake.add(pod("web", {container("app", "100m", "128Mi")}));
        fake.add(pod("multi", {container("main", "250m", "256Mi"), container("sidecar", "50m")},
                     {{"app", "multi"}}));
        fake.add(pod("pending", {container("app", "1")}, {{"app", "web"}}, "Pending", ""));
        fake.add(node("worker-1", true));
        fake.add(node("worker-2", true));
        fake.add(node("worker-3", false));
        fake.add({{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                  {"metadata", {{"name", "web"}}},
                  {"spec", {{"selector", {{"matchLabels", {{"app", "web"}}}}}}}});
        fake.logs["default/web/app"] = "line 1\nline 2\nline 3\n";
        fake.logs["default/web/app/previous"] = "crashed\n";
        fake.logs["default/multi/main"] = "main says hi\n";
        fake.logs["default/multi/sidecar"] = "sidecar says hi\n";
        fake.add(event("e1", "Normal", "Scheduled", "web", 10));
        fake.add(event("e2", "Warning", "BackOff", "multi", 50, 4, 20));
        fake.add(event("e3", "Normal", "Pulled", "web", 30));
    }

    Result run(const std::vector<std::string>& args)
    {
        Environment env = fake.environment();
        return kubectl::run(args, env);
    }
};

std::vector<std::string> words(const QString& line)
{
    std::vector<std::string> out;
    for (const QString& w : line.split(' ', Qt::SkipEmptyParts))
        out.push_back(w.toStdString());
    return out;
}

QString s(const std::string& text) { return QString::fromStdString(text); }

void addRunColumns()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
}

void checkRun(Fixture& f)
{
    QFETCH(QString, command);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    Result r = f.run(words(command));
    QCOMPARE(s(r.out), out);
    QCOMPARE(s(r.err), err);
    QCOMPARE(r.exitCode, exitCode);
}

} // namespace

class tst_KubectlObserve : public QObject
{
    Q_OBJECT

private slots:
    void logs_data()
    {
        addRunColumns();
        QTest::newRow("pod") << "logs web" << 0 << "line 1\nline 2\nline 3\n" << "";
        QTest::newRow("tail") << "logs web --tail=2" << 0 << "line 2\nline 3\n" << "";
        QTest::newRow("previous") << "logs -p web" << 0 << "crashed\n" << "";
        QTest::newRow("pod/name") << "logs pod/web -c app" << 0 << "line 1\nline 2\nline 3\n"
                                  << "";
        QTest::newRow("default container") << "logs multi" << 0 << "main says hi\n"
                                           << "Defaulted container \"main\" out of: main, "
                                              "sidecar\n";
        QTest::newRow("named container") << "logs multi -c sidecar" << 0 << "sidecar says hi\n"
                                         << "";
        QTest::newRow("all containers") << "logs multi --all-containers --prefix" << 0
                                        << "[pod/multi/main] main says hi\n"
                                           "[pod/multi/sidecar] sidecar says hi\n"
                                        << "";
        QTest::newRow("unknown container") << "logs web -c db" << 1 << ""
                                           << "error: container db is not valid for pod web\n";
        QTest::newRow("deployment") << "logs deploy/web" << 0 << "line 1\nline 2\nline 3\n"
                                    << "Found 2 pods, using pod/web\n";
        QTest::newRow("missing pod") << "logs nope" << 1 << ""
                                     << "Error from server (NotFound): pods \"nope\" not found\n";
        QTest::newRow("no pod")
            << "logs" << 1 << ""
            << "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or "
               "TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' "
               "for help and examples\n";
        QTest::newRow("follow") << "logs -f web" << 1 << ""
                                << "error: --follow is not available in KubeLab's kubectl: run "
                                   "the simulation and ask for the logs again (--tail N shows "
                                   "the newest lines)\n";
    }

    void logs()
    {
        Fixture f;
        checkRun(f);
    }

    void logsServerError()
    {
        Fixture f;
        f.fake.intercept = [](const api::Request& r) -> std::optional<api::Response> {
            if (r.subresource != "log")
                return std::nullopt;
            return api::Response{400, {{"kind", "Status"}, {"reason", "BadRequest"},
                                       {"message", "container \"app\" in pod \"web\" is waiting "
                                                   "to start: ContainerCreating"}}};
        };
        Result r = f.run({"logs", "web"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(s(r.err), QStringLiteral("Error from server (BadRequest): container \"app\" in "
                                          "pod \"web\" is waiting to start: "
                                          "ContainerCreating\n"));
        const api::Request& req = f.fake.requests.back();
        QCOMPARE(req.subresource, std::string("log"));
        QCOMPARE(req.body.value("container", ""), std::string("app"));
        QVERIFY(!req.body.contains("tailLines"));
    }

    void events_data()
    {
        addRunColumns();
        QTest::newRow("sorted by time")
            << "events" << 0
            << "LAST SEEN           TYPE      REASON      OBJECT      MESSAGE\n"
               "59m                 Normal    Scheduled   Pod/web     Scheduled web\n"
               "59m                 Normal    Pulled      Pod/web     Pulled web\n"
               "59m (x4 over 59m)   Warning   BackOff     Pod/multi   BackOff multi\n"
            << "";
        QTest::newRow("warnings only") << "events --types=Warning --no-headers" << 0
                                       << "59m (x4 over 59m)   Warning   BackOff   Pod/multi   "
                                          "BackOff multi\n"
                                       << "";
        QTest::newRow("for a pod") << "events --for pod/multi -o name" << 0
                                   << "event/e2\n" << "";
        QTest::newRow("empty namespace") << "events -n kube-system" << 0 << ""
                                         << "No events found in kube-system namespace.\n";
        QTest::newRow("bad type") << "events --types=Error" << 1 << ""
                                  << "error: valid --types are Normal or Warning\n";
        QTest::newRow("get sorted")
            << "get events --sort-by=.lastTimestamp -o name" << 0
            << "event/e1\nevent/e3\nevent/e2\n" << "";
        QTest::newRow("get unsorted") << "get events -o name" << 0
                                      << "event/e1\nevent/e2\nevent/e3\n" << "";
    }

    void events()
    {
        Fixture f;
        checkRun(f);
    }

    void eventsWatchIsExplained()
    {
        Fixture f;
        for (const auto& args : {std::vector<std::string>{"get", "events", "-w"},
                                 std::vector<std::string>{"events", "--watch"}}) {
            Result r = f.run(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY(r.err.rfind("error: --watch is not available", 0) == 0);
        }
    }

    void top_data()
    {
        addRunColumns();
        QTest::newRow("nodes")
            << "top nodes" << 0
            << "NAME       CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n"
               "worker-1   400m         20%         384Mi           9%          \n"
               "worker-2   0m           0%          0Mi             0%          \n"
               "worker-3   <unknown>    <unknown>   <unknown>       <unknown>   \n"
            << "";
        QTest::newRow("one node by cpu")
            << "top node worker-1 --no-headers" << 0
            << "worker-1   400m   20%   384Mi   9%    \n" << "";
        QTest::newRow("pods")
            << "top pods" << 0
            << "NAME    CPU(cores)   MEMORY(bytes)   \n"
               "multi   300m         256Mi           \n"
               "web     100m         128Mi           \n"
            << "";
        QTest::newRow("pods by memory with containers")
            << "top pod --containers --sort-by=memory" << 0
            << "POD     NAME      CPU(cores)   MEMORY(bytes)   \n"
               "multi   main      250m         256Mi           \n"
               "multi   sidecar   50m          0Mi             \n"
               "web     app       100m         128Mi           \n"
            << "";
        QTest::newRow("no running pods") << "top pods -l app=none" << 0 << ""
                                         << "No resources found in default namespace.\n";
        QTest::newRow("bad sort") << "top pods --sort-by=name" << 1 << ""
                                  << "error: --sort-by accepts only cpu or memory\n";
        QTest::newRow("unknown node") << "top node worker-9" << 1 << ""
                                      << "Error from server (NotFound): nodes \"worker-9\" not "
                                         "found\n";
    }

    void top()
    {
        Fixture f;
        checkRun(f);
    }

    // Each row: when (virtual seconds after the start) the pod turns Ready or goes away.
    void wait_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("changeAt"); // -1: never
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("waited");
        QTest::newRow("ready later") << "wait --for=condition=Ready pod/pending" << 3 << 0
                                     << "pod/pending condition met\n" << "" << 3;
        QTest::newRow("ready already") << "wait --for=condition=ready pod/web --timeout=60s" << -1
                                       << 0 << "pod/web condition met\n" << "" << 0;
        QTest::newRow("timeout") << "wait --for=condition=Ready pod/pending --timeout=5s" << -1
                                 << 1 << ""
                                 << "error: timed out waiting for the condition on "
                                    "pods/pending\n"
                                 << 5;
        QTest::newRow("condition false") << "wait --for=condition=Ready=false pod/pending" << -1
                                         << 0 << "pod/pending condition met\n" << "" << 0;
        QTest::newRow("jsonpath") << "wait --for=jsonpath={.status.phase}=Running pod/pending"
                                  << 2 << 0 << "pod/pending condition met\n" << "" << 2;
        QTest::newRow("delete") << "wait --for=delete pod/pending" << 4 << 0
                                << "pod/pending condition met\n" << "" << 4;
        QTest::newRow("delete of nothing") << "wait --for=delete pod/nope" << -1 << 0 << "" << ""
                                           << 0;
        QTest::newRow("missing") << "wait --for=condition=Ready pod/nope" << -1 << 1 << ""
                                 << "Error from server (NotFound): pods \"nope\" not found\n"
                                 << 0;
        QTest::newRow("selector") << "wait --for=condition=Ready pods -l app=web" << 1 << 0
                                  << "pod/pending condition met\npod/web condition met\n" << ""
                                  << 1;
        QTest::newRow("bad condition") << "wait --for=ready pod/web" << -1 << 1 << ""
                                       << "error: unrecognized condition: \"ready\"\n" << 0;
        QTest::newRow("bad timeout") << "wait --for=delete pod/web --timeout=soon" << -1 << 1
                                     << ""
                                     << "Error: invalid argument \"soon\" for \"--timeout\" flag: "
                                        "time: invalid duration \"soon\"\nSee 'kubectl wait "
                                        "--help' for usage.\n"
                                     << 0;
    }

    void wait()
    {
        QFETCH(QString, command);
        QFETCH(int, changeAt);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, waited);
        Fixture f;
        const sim::Time start = f.fake.now;
        const bool deleting = command.contains("delete");
        f.fake.onSleep = [&](FakeClient& fake) {
            if (changeAt < 0 || fake.now - start < changeAt * sim::kSecond)
                return;
            if (deleting) {
                fake.remove("pods", "default", "pending");
                return;
            }
            fake.mutate("pods", "default", "pending", [](Json& p) {
                p["status"]["phase"] = "Running";
                p["status"]["conditions"][0]["status"] = "True";
            });
        };
        Result r = f.run(words(command));
        QCOMPARE(s(r.out), out);
        QCOMPARE(s(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE((f.fake.now - start) / sim::kSecond, sim::Time(waited));
    }
};

QTEST_GUILESS_MAIN(tst_KubectlObserve)
#include "tst_kubectl_observe.moc"
