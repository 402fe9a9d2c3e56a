// kubectl logs, events, get events --sort-by, top (from requests) and wait against a
// simulated cluster without its control loops, in kubectl 1.32's wording: the kubelets run
// the pods and serve their logs.
#include <memory>

#include <QtTest>

#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using Json = nlohmann::json;

namespace {

constexpr sim::Time kNow = 3600 * sim::kSecond;

std::string ts(int s)
{
    return sim::formatTimestamp(s * sim::kSecond);
}

// A busybox container that logs `lines` and runs on (its resources.requests as given).
Json container(const std::string& name, const std::string& lines, const std::string& cpu = {},
               const std::string& memory = {})
{
    std::string script;
    for (const QString& line : QString::fromStdString(lines).split('\n', Qt::SkipEmptyParts))
        script += "echo " + line.toStdString() + "; ";
    Json c = {
        {"name", name}, {"image", "busybox"}, {"command", {"sh", "-c", script + "sleep infinity"}}};
    if (!cpu.empty())
        c["resources"]["requests"]["cpu"] = cpu;
    if (!memory.empty())
        c["resources"]["requests"]["memory"] = memory;
    return c;
}

Json pod(const std::string& name, Json containers, Json labels, const std::string& node)
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"labels", labels}}},
            {"spec", {{"nodeName", node}, {"containers", containers}}}};
}

Json event(const std::string& name, const std::string& type, const std::string& reason,
           const std::string& object, int last, int count = 1, int first = -1)
{
    return {{"apiVersion", "v1"},
            {"kind", "Event"},
            {"metadata", {{"name", name}}},
            {"involvedObject", {{"kind", "Pod"}, {"name", object}, {"namespace", "default"}}},
            {"type", type},
            {"reason", reason},
            {"message", reason + " " + object + " "},
            {"count", count},
            {"firstTimestamp", ts(first < 0 ? last : first)},
            {"lastTimestamp", ts(last)}};
}

// A cluster whose worker-1 runs web (its container crashed once, logging "crashed", and
// has run since) and multi (two containers); pending is bound to no node and not Ready;
// worker-3's kubelet has stopped and its Node is reported Unknown; the Deployment web
// selects web and pending.
struct Fixture : testing::KubectlFixture
{
    Fixture()
    {
        // web's first container logs "crashed" and exits; the one the kubelet restarts logs
        // three lines and runs on (what a container does follows the pod's annotations).
        Json web =
            pod("web", {container("app", "", "100m", "128Mi")}, {{"app", "web"}}, "worker-1");
        web["metadata"]["annotations"] = {{"kubelab.io/behavior", "crash"},
                                          {"kubelab.io/log", "crashed"}};
        create(web);
        create(pod("multi",
                   {container("main", "main says hi", "250m", "256Mi"),
                    container("sidecar", "sidecar says hi", "50m")},
                   {{"app", "multi"}}, "worker-1"));
        Json pending = pod("pending", {container("app", "", "1")}, {{"app", "web"}}, "");
        pending["status"] = {{"phase", "Pending"},
                             {"conditions", {{{"type", "Ready"}, {"status", "False"}}}}};
        create(pending);
        create({{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "web"}}},
                {"spec",
                 {{"selector", {{"matchLabels", {{"app", "web"}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", "web"}}}}},
                    {"spec", {{"containers", {container("app", "")}}}}}}}}});
        runFor(sim::kSecond); // web's first container runs
        patch(
            "pods", "default", "web",
            {{"metadata",
              {{"annotations",
                {{"kubelab.io/behavior", "run"}, {"kubelab.io/log", "line 1\nline 2\nline 3"}}}}}});
        // As the node lifecycle controller marks a node whose kubelet went quiet.
        stopKubelet("worker-3");
        patch("nodes", "", "worker-3",
              {{"status", {{"conditions", {{{"type", "Ready"}, {"status", "Unknown"}}}}}}});
        runFor(10 * sim::kSecond);
    }
};

// Only the events the test writes (no pods run, so no kubelet writes any), an hour in.
struct EventsFixture : testing::KubectlFixture
{
    EventsFixture()
    {
        create(event("e1", "Normal", "Scheduled", "web", 10));
        create(event("e2", "Warning", "BackOff", "multi", 50, 4, 20));
        create(event("e3", "Normal", "Pulled", "web", 30));
        runUntil(kNow);
    }
};

std::vector<std::string> words(const QString& line)
{
    std::vector<std::string> out;
    for (const QString& w : line.split(' ', Qt::SkipEmptyParts))
        out.push_back(w.toStdString());
    return out;
}

QString s(const std::string& text)
{
    return QString::fromStdString(text);
}

void addRunColumns()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
}

void checkRun(testing::KubectlFixture& f)
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

    // One for all the events rows, which only read (an hour of cluster time is not free).
    std::unique_ptr<EventsFixture> m_events;
    EventsFixture& eventsFixture()
    {
        if (!m_events)
            m_events = std::make_unique<EventsFixture>();
        return *m_events;
    }

private slots:
    void logs_data()
    {
        addRunColumns();
        QTest::newRow("pod") << "logs web" << 0 << "line 1\nline 2\nline 3\n"
                             << "";
        QTest::newRow("tail") << "logs web --tail=2" << 0 << "line 2\nline 3\n"
                              << "";
        QTest::newRow("previous") << "logs -p web" << 0 << "crashed\n"
                                  << "";
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
        const Json web = f.get("pods", "default", "web");
        QCOMPARE(web["status"]["containerStatuses"][0]["restartCount"], Json(1));
        checkRun(f);
    }

    void logsServerError()
    {
        // web is bound to worker-1, whose kubelet has not started its container yet.
        testing::KubectlFixture f;
        f.create(pod("web", {container("app", "")}, {{"app", "web"}}, "worker-1"));
        Result r = f.run({"logs", "web"});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(s(r.err), QStringLiteral("Error from server (BadRequest): container \"app\" in "
                                          "pod \"web\" is waiting to start: "
                                          "ContainerCreating\n"));
        const api::Request& req = f.requests.back();
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
        QTest::newRow("for a pod") << "events --for pod/multi -o name" << 0 << "event/e2\n"
                                   << "";
        QTest::newRow("empty namespace") << "events -n kube-system" << 0 << ""
                                         << "No events found in kube-system namespace.\n";
        QTest::newRow("bad type") << "events --types=Error" << 1 << ""
                                  << "error: valid --types are Normal or Warning\n";
        QTest::newRow("get sorted") << "get events --sort-by=.lastTimestamp -o name" << 0
                                    << "event/e1\nevent/e3\nevent/e2\n"
                                    << "";
        QTest::newRow("get unsorted")
            << "get events -o name" << 0 << "event/e1\nevent/e2\nevent/e3\n"
            << "";
    }

    void events() { checkRun(eventsFixture()); }

    void eventsWatchIsExplained()
    {
        EventsFixture& f = eventsFixture();
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
        // Every registered node, the control plane's too.
        QTest::newRow("nodes")
            << "top nodes" << 0
            << "NAME            CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   \n"
               "control-plane   0m           0%          0Mi             0%          \n"
               "worker-1        400m         20%         384Mi           9%          \n"
               "worker-2        0m           0%          0Mi             0%          \n"
               "worker-3        <unknown>    <unknown>   <unknown>       <unknown>   \n"
            << "";
        QTest::newRow("one node by cpu")
            << "top node worker-1 --no-headers" << 0 << "worker-1   400m   20%   384Mi   9%    \n"
            << "";
        QTest::newRow("pods") << "top pods" << 0
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
        QTest::newRow("ready later")
            << "wait --for=condition=Ready pod/pending" << 3 << 0 << "pod/pending condition met\n"
            << "" << 3;
        QTest::newRow("ready already") << "wait --for=condition=ready pod/web --timeout=60s" << -1
                                       << 0 << "pod/web condition met\n"
                                       << "" << 0;
        QTest::newRow("timeout") << "wait --for=condition=Ready pod/pending --timeout=5s" << -1 << 1
                                 << ""
                                 << "error: timed out waiting for the condition on "
                                    "pods/pending\n"
                                 << 5;
        QTest::newRow("condition false") << "wait --for=condition=Ready=false pod/pending" << -1
                                         << 0 << "pod/pending condition met\n"
                                         << "" << 0;
        QTest::newRow("jsonpath") << "wait --for=jsonpath={.status.phase}=Running pod/pending" << 2
                                  << 0 << "pod/pending condition met\n"
                                  << "" << 2;
        QTest::newRow("delete") << "wait --for=delete pod/pending" << 4 << 0
                                << "pod/pending condition met\n"
                                << "" << 4;
        QTest::newRow("delete of nothing") << "wait --for=delete pod/nope" << -1 << 0 << ""
                                           << "" << 0;
        QTest::newRow("missing") << "wait --for=condition=Ready pod/nope" << -1 << 1 << ""
                                 << "Error from server (NotFound): pods \"nope\" not found\n"
                                 << 0;
        QTest::newRow("selector") << "wait --for=condition=Ready pods -l app=web" << 1 << 0
                                  << "pod/pending condition met\npod/web condition met\n"
                                  << "" << 1;
        QTest::newRow("bad condition") << "wait --for=ready pod/web" << -1 << 1 << ""
                                       << "error: unrecognized condition: \"ready\"\n"
                                       << 0;
        QTest::newRow("bad timeout") << "wait --for=delete pod/web --timeout=soon" << -1 << 1 << ""
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
        const sim::Time start = f.now();
        // Half a second before kubectl's poll at `changeAt`, pending goes, or is reported
        // Running and Ready (as a kubelet would once it ran it).
        if (changeAt >= 0) {
            const sim::Time at = start + changeAt * sim::kSecond - sim::kSecond / 2;
            if (command.contains("delete"))
                f.removeAt(at, "pods", "default", "pending");
            else
                f.patchAt(at, "pods", "default", "pending",
                          {{"status",
                            {{"phase", "Running"},
                             {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}});
        }
        Result r = f.run(words(command));
        QCOMPARE(s(r.out), out);
        QCOMPARE(s(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE((f.now() - start) / sim::kSecond, sim::Time(waited));
        f.runUntil(start + 5 * sim::kSecond);
        std::string error;
        QVERIFY2(f.scheduledWritesSucceeded(&error), error.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_KubectlObserve)
#include "tst_kubectl_observe.moc"
