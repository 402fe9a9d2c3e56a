// kubectl scale and rollout (status, history, undo, pause, resume, restart) against a
// simulated cluster without its control loops, with kubectl 1.32's wording; rollout status
// polls while virtual time passes, and the test writes the Deployment's status between
// polls as the deployment controller would.
#include <QtTest>

#include "kubectl_fixture.h"

using namespace kubelab;
using namespace kubelab::kubectl;
using testing::KubectlFixture;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

Json podTemplate(const std::string& image, const std::string& hash = {})
{
    Json labels = {{"app", "web"}};
    if (!hash.empty())
        labels["pod-template-hash"] = hash;
    return {{"metadata", {{"labels", labels}}},
            {"spec", {{"containers", {{{"name", "app"}, {"image", image}}}}}}};
}

// Deployment web at its first revision (nginx:1.0); Fixture rolls it to the second.
Json deployment()
{
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata",
             {{"name", "web"}, {"annotations", {{"deployment.kubernetes.io/revision", "2"}}}}},
            {"spec",
             {{"replicas", 3},
              {"selector", {{"matchLabels", {{"app", "web"}}}}},
              {"template", podTemplate("nginx:1.0")}}}};
}

Json replicaSet(const std::string& name, int revision, const std::string& image,
                const std::string& cause, const std::string& ownerUid)
{
    Json annotations = {{"deployment.kubernetes.io/revision", std::to_string(revision)}};
    if (!cause.empty())
        annotations["kubernetes.io/change-cause"] = cause;
    const std::string hash = name.substr(4);
    return {{"apiVersion", "apps/v1"},
            {"kind", "ReplicaSet"},
            {"metadata",
             {{"name", name},
              {"annotations", annotations},
              {"ownerReferences",
               {{{"apiVersion", "apps/v1"},
                 {"kind", "Deployment"},
                 {"name", "web"},
                 {"uid", ownerUid},
                 {"controller", true}}}}}},
            {"spec",
             {{"replicas", 0},
              {"selector", {{"matchLabels", {{"app", "web"}, {"pod-template-hash", hash}}}}},
              {"template", podTemplate(image, hash)}}}};
}

// web, rolled from nginx:1.0 to nginx:1.1 (generation 2) and done, with the ReplicaSets of
// both revisions, as the deployment controller would have left them.
struct Fixture : KubectlFixture
{
    Fixture()
    {
        const std::string uid = create(deployment())["metadata"]["uid"];
        patch("deployments.apps", "default", "web",
              {{"spec", {{"template", podTemplate("nginx:1.1")}}}});
        patch("deployments.apps", "default", "web",
              {{"status",
                {{"observedGeneration", 2},
                 {"replicas", 3},
                 {"updatedReplicas", 3},
                 {"readyReplicas", 3},
                 {"availableReplicas", 3}}}});
        create(replicaSet("web-5d8f", 1, "nginx:1.0", "kubectl create deployment web", uid));
        create(replicaSet("web-7c9a", 2, "nginx:1.1", "", uid));
        // Another deployment's ReplicaSet: never part of web's history.
        create(replicaSet("api-1111", 3, "httpd", "", "uid-of-another-deployment"));
    }

    // Valid until the simulation next moves.
    const Json& web() const
    {
        const Json* d = find("deployments.apps", "default", "web");
        if (!d)
            throw std::runtime_error("deployment web is gone");
        return *d;
    }
};

std::vector<std::string> words(const QString& line)
{
    std::vector<std::string> out;
    for (const QString& w : line.split(' ', Qt::SkipEmptyParts))
        out.push_back(w.toStdString());
    return out;
}

} // namespace

class tst_KubectlRollout : public QObject
{
    Q_OBJECT

private slots:
    void scale_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("replicas"); // web's spec.replicas afterwards
        QTest::newRow("scale") << "scale deploy/web --replicas=5" << 0
                               << "deployment.apps/web scaled\n"
                               << "" << 5;
        QTest::newRow("precondition holds")
            << "scale deployment web --replicas=2 --current-replicas=3" << 0
            << "deployment.apps/web scaled\n"
            << "" << 2;
        QTest::newRow("precondition fails")
            << "scale deploy/web --replicas=2 --current-replicas=4" << 1 << ""
            << "error: Expected replicas to be 4, was 3\n"
            << 3;
        QTest::newRow("no replicas") << "scale deploy/web" << 1 << ""
                                     << "error: required flag(s) \"replicas\" not set\n"
                                     << 3;
        QTest::newRow("negative")
            << "scale deploy/web --replicas=-1" << 1 << ""
            << "error: The --replicas=COUNT flag is required, and COUNT must be greater than "
               "or equal to 0\n"
            << 3;
        QTest::newRow("missing") << "scale deploy/nope --replicas=1" << 1 << ""
                                 << "Error from server (NotFound): deployments.apps \"nope\" not "
                                    "found\n"
                                 << 3;
        QTest::newRow("not scalable")
            << "scale configmap/x --replicas=1" << 1 << ""
            << "Error from server (NotFound): the server could not find the requested "
               "resource\n"
            << 3;
        QTest::newRow("replicaset by name")
            << "scale rs/web-7c9a --replicas=1 -o name" << 0 << "replicaset.apps/web-7c9a\n"
            << "" << 3;
        QTest::newRow("client dry run") << "scale deploy/web --replicas=9 --dry-run=client" << 0
                                        << "deployment.apps/web scaled (dry run)\n"
                                        << "" << 3;
    }

    void scale()
    {
        QFETCH(QString, command);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, replicas);
        Fixture f;
        Result r = f.run(words(command));
        QCOMPARE(QString::fromStdString(r.err), err);
        QCOMPARE(QString::fromStdString(r.out), out);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE(f.web()["spec"]["replicas"].get<int>(), replicas);
    }

    // Each row: the changes to the Deployment, the first before kubectl's first poll, the
    // others half a second before its next polls, and kubectl's output; virtual time
    // shows how long kubectl waited.
    void status_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("steps"); // JSON merge patches of the Deployment
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("waited"); // virtual seconds

        const QString w = "Waiting for deployment \"web\" rollout to finish: ";
        QTest::newRow("rolling update")
            << "rollout status deployment/web"
            << QStringList{R"({"status":{"updatedReplicas":1,"replicas":4}})",
                           R"({"status":{"updatedReplicas":3,"replicas":4}})",
                           R"({"status":{"replicas":3,"availableReplicas":2}})",
                           R"({"status":{"availableReplicas":3}})"}
            << 0
            << w + "1 out of 3 new replicas have been updated...\n" + w +
                   "1 old replicas are pending termination...\n" + w +
                   "2 of 3 updated replicas are available...\n" +
                   "deployment \"web\" successfully rolled out\n"
            << "" << 3;
        QTest::newRow("unchanged object prints once")
            << "rollout status deploy web"
            << QStringList{R"({"status":{"availableReplicas":1}})", "", "",
                           R"({"status":{"availableReplicas":3}})"}
            << 0
            << w + "1 of 3 updated replicas are available...\n" +
                   "deployment \"web\" successfully rolled out\n"
            << "" << 3;
        // The API server owns metadata.generation: a change of spec moves it to 3.
        QTest::newRow("spec not observed yet")
            << "rollout status deploy/web"
            << QStringList{R"({"spec":{"minReadySeconds":5}})",
                           R"({"status":{"observedGeneration":3}})"}
            << 0
            << "Waiting for deployment spec update to be observed...\n"
               "deployment \"web\" successfully rolled out\n"
            << "" << 1;
        QTest::newRow("timeout") << "rollout status deploy/web --timeout=3s"
                                 << QStringList{R"({"status":{"availableReplicas":0}})"} << 1
                                 << w + "0 of 3 updated replicas are available...\n"
                                 << "error: timed out waiting for the condition\n"
                                 << 3;
        QTest::newRow("no timeout waits at most 10 minutes")
            << "rollout status deploy/web" << QStringList{R"({"status":{"availableReplicas":0}})"}
            << 1 << w + "0 of 3 updated replicas are available...\n"
            << "error: timed out waiting for the condition\n"
            << 600;
        QTest::newRow("watch=false") << "rollout status deploy/web --watch=false"
                                     << QStringList{R"({"status":{"availableReplicas":2}})"} << 0
                                     << w + "2 of 3 updated replicas are available...\n"
                                     << "" << 0;
        QTest::newRow("progress deadline")
            << "rollout status deploy/web"
            << QStringList{R"({"status":{"availableReplicas":1,"conditions":[{"type":
               "Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}})"}
            << 1 << ""
            << "error: deployment \"web\" exceeded its progress deadline\n"
            << 0;
        QTest::newRow("revision mismatch")
            << "rollout status deploy/web --revision=1" << QStringList{} << 1 << ""
            << "error: desired revision (1) is different from the running revision (2)\n"
            << 0;
        QTest::newRow("not found")
            << "rollout status deploy/nope" << QStringList{} << 1 << ""
            << "Error from server (NotFound): deployments.apps \"nope\" not found\n"
            << 0;
        QTest::newRow("no viewer")
            << "rollout status rs/web-7c9a" << QStringList{} << 1 << ""
            << "error: no status viewer has been implemented for ReplicaSet.apps\n"
            << 0;
        QTest::newRow("no resource") << "rollout status" << QStringList{} << 1 << ""
                                     << "error: required resource not specified\n"
                                     << 0;
    }

    void status()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, steps);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, waited);
        Fixture f;
        const sim::Time start = f.now();
        for (int i = 0; i < steps.size(); ++i) {
            if (steps[i].isEmpty())
                continue;
            const Json patch = Json::parse(steps[i].toStdString());
            if (i == 0)
                f.patch("deployments.apps", "default", "web", patch);
            else
                f.patchAt(start + i * sim::kSecond - sim::kSecond / 2, "deployments.apps",
                          "default", "web", patch);
        }
        Result r = f.run(words(command));
        QCOMPARE(QString::fromStdString(r.out), out);
        QCOMPARE(QString::fromStdString(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
        QCOMPARE((f.now() - start) / sim::kSecond, sim::Time(waited));
        // Changes kubectl did not wait for still land, and must have been accepted.
        f.runFor(sim::Time(steps.size()) * sim::kSecond);
        std::string error;
        QVERIFY2(f.scheduledWritesSucceeded(&error), error.c_str());
    }

    void otherStatusViewers_data()
    {
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("out");
        QTest::newRow("daemonset rolling")
            << R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent",
               "generation":1},"spec":{"updateStrategy":{"type":"RollingUpdate"}},"status":{
               "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":2}})"
            << "Waiting for daemon set \"agent\" rollout to finish: 2 out of 3 new pods have "
               "been updated...\n";
        QTest::newRow("daemonset done")
            << R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent",
               "generation":1},"spec":{"updateStrategy":{"type":"RollingUpdate"}},"status":{
               "observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,
               "numberAvailable":3}})"
            << "daemon set \"agent\" successfully rolled out\n";
        QTest::newRow("statefulset not ready")
            << R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db",
               "generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate"}},
               "status":{"observedGeneration":1,"readyReplicas":1}})"
            << "Waiting for 2 pods to be ready...\n";
        QTest::newRow("statefulset partitioned")
            << R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db",
               "generation":1},"spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate",
               "rollingUpdate":{"partition":0}}},"status":{"observedGeneration":1,
               "readyReplicas":3,"updatedReplicas":3}})"
            << "partitioned roll out complete: 3 new pods have been updated...\n";
    }

    void otherStatusViewers()
    {
        QFETCH(QString, object);
        QFETCH(QString, out);
        Fixture f;
        Json o = Json::parse(object.toStdString());
        // The parts of the spec the API server requires and the viewers do not read.
        const Json labels = {{"app", o["metadata"]["name"]}};
        o["spec"]["selector"] = {{"matchLabels", labels}};
        o["spec"]["template"] = {
            {"metadata", {{"labels", labels}}},
            {"spec", {{"containers", {{{"name", "app"}, {"image", "nginx"}}}}}}};
        f.create(o);
        const std::string ref =
            (o["kind"] == "DaemonSet" ? "ds/" : "sts/") + o["metadata"]["name"].get<std::string>();
        Result r = f.run({"rollout", "status", ref, "--watch=false"});
        QCOMPARE(QString::fromStdString(r.out), out);
        QCOMPARE(r.exitCode, 0);
    }

    void history_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::newRow("table") << "rollout history deployment/web" << 0
                               << "deployment.apps/web \n"
                                  "REVISION  CHANGE-CAUSE\n"
                                  "1         kubectl create deployment web\n"
                                  "2         <none>\n\n"
                               << "";
        QTest::newRow("revision") << "rollout history deploy/web --revision=1" << 0
                                  << "deployment.apps/web with revision #1\n"
                                     "Pod Template:\n"
                                     "  Labels:\tapp=web\n"
                                     "  \tpod-template-hash=5d8f\n"
                                     "  Annotations:\tkubernetes.io/change-cause: kubectl create "
                                     "deployment web\n"
                                     "  Containers:\n"
                                     "   app:\n"
                                     "    Image:\tnginx:1.0\n"
                                     "    Port:\t<none>\n"
                                     "    Host Port:\t<none>\n"
                                     "    Environment:\t<none>\n"
                                     "    Mounts:\t<none>\n"
                                     "  Volumes:\t<none>\n"
                                     "  Node-Selectors:\t<none>\n"
                                     "  Tolerations:\t<none>\n\n"
                                  << "";
        QTest::newRow("unknown revision") << "rollout history deploy/web --revision=9" << 1 << ""
                                          << "error: unable to find the specified revision\n";
        QTest::newRow("not a deployment")
            << "rollout history rs/web-7c9a" << 1 << ""
            << "error: no history viewer has been implemented for \"ReplicaSet.apps\"\n";
        QTest::newRow("unknown flag")
            << "rollout history deploy/web --to-revision=1" << 1 << ""
            << "Error: unknown flag: --to-revision\nSee 'kubectl rollout history --help' for "
               "usage.\n";
    }

    void history()
    {
        QFETCH(QString, command);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        Fixture f;
        Result r = f.run(words(command));
        QCOMPARE(QString::fromStdString(r.out), out);
        QCOMPARE(QString::fromStdString(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
    }

    void historyEmpty()
    {
        KubectlFixture f;
        f.create(deployment());
        Result r = f.run({"rollout", "history", "deploy/web"});
        QCOMPARE(QString::fromStdString(r.out),
                 QStringLiteral("deployment.apps/web \nNo rollout history found.\n"));
    }

    void undo_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("paused");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<QString>("image"); // of web's template afterwards
        QTest::newRow("previous") << "rollout undo deployment/web" << false << 0
                                  << "deployment.apps/web rolled back\n"
                                  << ""
                                  << "nginx:1.0";
        QTest::newRow("to revision") << "rollout undo deploy/web --to-revision=1" << false << 0
                                     << "deployment.apps/web rolled back\n"
                                     << ""
                                     << "nginx:1.0";
        QTest::newRow("already there") << "rollout undo deploy/web --to-revision=2" << false << 0
                                       << "deployment.apps/web skipped rollback (current "
                                          "template already matches revision 2)\n"
                                       << ""
                                       << "nginx:1.1";
        QTest::newRow("unknown revision")
            << "rollout undo deploy/web --to-revision=7" << false << 1 << ""
            << "error: unable to find specified revision 7 in "
               "history\n"
            << "nginx:1.1";
        QTest::newRow("paused") << "rollout undo deploy/web" << true << 1 << ""
                                << "error: you cannot rollback a paused deployment; resume it "
                                   "first with 'kubectl rollout resume deployment/web' and try "
                                   "again\n"
                                << "nginx:1.1";
    }

    void undo()
    {
        QFETCH(QString, command);
        QFETCH(bool, paused);
        QFETCH(int, exitCode);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(QString, image);
        Fixture f;
        if (paused)
            f.patch("deployments.apps", "default", "web", {{"spec", {{"paused", true}}}});
        Result r = f.run(words(command));
        QCOMPARE(QString::fromStdString(r.out), out);
        QCOMPARE(QString::fromStdString(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
        const Json& tmpl = f.web()["spec"]["template"];
        QCOMPARE(QString::fromStdString(tmpl["spec"]["containers"][0]["image"]), image);
        QVERIFY(!tmpl["metadata"]["labels"].contains("pod-template-hash"));
    }

    void undoCopiesAnnotations()
    {
        Fixture f;
        QCOMPARE(f.run({"rollout", "undo", "deploy/web"}).exitCode, 0);
        const Json& a = f.web()["metadata"]["annotations"];
        // The revision stays the Deployment's own; the change-cause comes from revision 1.
        QCOMPARE(a.value("deployment.kubernetes.io/revision", ""), std::string("2"));
        QCOMPARE(a.value("kubernetes.io/change-cause", ""),
                 std::string("kubectl create deployment web"));
        QCOMPARE(f.requests.back().patchType, std::string("application/json-patch+json"));
    }

    void pauseResumeRestart_data()
    {
        QTest::addColumn<QStringList>("commands");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("err");
        QTest::addColumn<int>("exitCode"); // of the last command
        QTest::newRow("pause") << QStringList{"rollout pause deploy/web"}
                               << "deployment.apps/web paused\n"
                               << "" << 0;
        QTest::newRow("pause twice")
            << QStringList{"rollout pause deploy/web", "rollout pause deploy/web"}
            << "deployment.apps/web paused\n"
            << "error: deployments.apps \"web\" is already paused\n"
            << 1;
        QTest::newRow("resume") << QStringList{"rollout pause deploy/web",
                                               "rollout resume deploy/web"}
                                << "deployment.apps/web paused\ndeployment.apps/web resumed\n"
                                << "" << 0;
        QTest::newRow("resume unpaused") << QStringList{"rollout resume deploy/web"} << ""
                                         << "error: deployments.apps \"web\" is not paused\n"
                                         << 1;
        QTest::newRow("restart") << QStringList{"rollout restart deploy/web"}
                                 << "deployment.apps/web restarted\n"
                                 << "" << 0;
        QTest::newRow("restart twice in a second")
            << QStringList{"rollout restart deploy/web", "rollout restart deploy/web"}
            << "deployment.apps/web restarted\n"
            << "error: failed to create patch for web: if restart has already been triggered "
               "within the past second, please wait before attempting to trigger another\n"
            << 1;
        QTest::newRow("restart paused")
            << QStringList{"rollout pause deploy/web", "rollout restart deploy/web"}
            << "deployment.apps/web paused\n"
            << "error: deployments.apps \"web\" can't restart paused deployment (run rollout "
               "resume first)\n"
            << 1;
        QTest::newRow("pause a replicaset") << QStringList{"rollout pause rs/web-7c9a"} << ""
                                            << "error: replicasets.apps \"web-7c9a\" pausing is "
                                               "not supported\n"
                                            << 1;
    }

    void pauseResumeRestart()
    {
        QFETCH(QStringList, commands);
        QFETCH(QString, out);
        QFETCH(QString, err);
        QFETCH(int, exitCode);
        Fixture f;
        std::string allOut, allErr;
        int last = 0;
        for (const QString& c : commands) {
            Result r = f.run(words(c));
            allOut += r.out;
            allErr += r.err;
            last = r.exitCode;
        }
        QCOMPARE(QString::fromStdString(allOut), out);
        QCOMPARE(QString::fromStdString(allErr), err);
        QCOMPARE(last, exitCode);
    }

    void restartStampsVirtualTime()
    {
        Fixture f;
        f.runUntil(90 * sim::kSecond);
        QCOMPARE(f.run({"rollout", "restart", "deploy/web"}).exitCode, 0);
        QCOMPARE(f.web()["spec"]["template"]["metadata"]["annotations"].value(
                     "kubectl.kubernetes.io/restartedAt", ""),
                 std::string("2026-01-05T09:01:30Z"));
        QVERIFY(!f.web()["spec"].contains("paused"));
        f.run({"rollout", "pause", "deploy/web"});
        QVERIFY(f.web()["spec"]["paused"].get<bool>());
        f.run({"rollout", "resume", "deploy/web"});
        QVERIFY(!f.web()["spec"].contains("paused"));
    }

    void dispatch_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("outStart");
        QTest::addColumn<QString>("err");
        QTest::newRow("help") << "rollout" << 0 << "Manage the rollout of one or many resources."
                              << "";
        QTest::newRow("unknown subcommand")
            << "rollout foo deploy/web" << 1 << ""
            << "error: unknown command \"foo deploy/web\"\nSee 'kubectl rollout -h' for help and "
               "examples\n";
    }

    void dispatch()
    {
        QFETCH(QString, command);
        QFETCH(int, exitCode);
        QFETCH(QString, outStart);
        QFETCH(QString, err);
        Fixture f;
        Result r = f.run(words(command));
        QVERIFY(QString::fromStdString(r.out).startsWith(outStart));
        QCOMPARE(QString::fromStdString(r.err), err);
        QCOMPARE(r.exitCode, exitCode);
    }
};

QTEST_GUILESS_MAIN(tst_KubectlRollout)
#include "tst_kubectl_rollout.moc"
