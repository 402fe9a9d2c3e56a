// The notes page's bridge to the cluster: the scripts it builds for Apply and Run, and
// what apply() / run() do to the cluster and return to the page.
#include <QtTest>

#include "app/core/simulation_controller.h"
#include "app/notes/notes_bridge.h"
#include "engine/cluster/cluster.h"

using kubelab::app::NotesBridge;
using kubelab::app::SimulationController;

namespace {
const QString kDeployment = QStringLiteral(
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n"
    "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
    "      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n"
    "        image: nginx:1.27\n");
}

class tst_NotesBridge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void applyScriptIsHereDocument()
    {
        QCOMPARE(NotesBridge::applyScript("a: 1\n"),
                 QString("kubectl apply -f - <<EOF\na: 1\nEOF\n"));
        QCOMPARE(NotesBridge::applyScript("a: 1"),
                 QString("kubectl apply -f - <<EOF\na: 1\nEOF\n"));
    }

    void applyScriptAvoidsMarkerInText()
    {
        const QString script = NotesBridge::applyScript("a: |\nEOF\nEOF_\n");
        QVERIFY2(script.startsWith("kubectl apply -f - <<EOF__\n"), qPrintable(script));
        QVERIFY(script.endsWith("\nEOF__\n"));
    }

    void runScript_data()
    {
        QTest::addColumn<QString>("block");
        QTest::addColumn<QString>("script");
        QTest::newRow("plain lines") << "step\nrun 10s\n"
                                     << "step\nrun 10s\n";
        QTest::newRow("blank lines dropped") << "step\n\n  \nsettle\n"
                                             << "step\nsettle\n";
        QTest::newRow("prompts only") << "$ kubectl get pods\nNAME  READY\nweb   1/1\n$ settle\n"
                                      << "kubectl get pods\nsettle\n";
        QTest::newRow("dollar inside a command") << "kubectl get pods -o jsonpath='$'\n"
                                                 << "kubectl get pods -o jsonpath='$'\n";
    }
    void runScript()
    {
        QFETCH(QString, block);
        QFETCH(QString, script);
        QCOMPARE(NotesBridge::runScript(block), script);
    }

    void applyCreatesObjectAndReturnsOutput()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        QSignalSpy output(&controller, &SimulationController::commandOutput);
        QVERIFY(!controller.cluster().object("deployments", "default", "web"));
        const QVariantMap result = bridge.apply(kDeployment);
        QCOMPARE(result.value("ok").toBool(), true);
        QCOMPARE(result.value("output").toString(), QString("deployment.apps/web created\n"));
        QVERIFY(controller.cluster().object("deployments", "default", "web"));
        QCOMPARE(output.count(), 1); // the console sees it too
    }

    void applyReportsInvalidManifest()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        const QVariantMap result =
            bridge.apply(QString(kDeployment).replace("replicas: 2", "replicas: -1"));
        QCOMPARE(result.value("ok").toBool(), false);
        QVERIFY2(result.value("output").toString().contains("spec.replicas: Invalid value: -1"),
                 qPrintable(result.value("output").toString()));
        QVERIFY(!controller.cluster().object("deployments", "default", "web"));
    }

    void runExecutesPromptedCommands()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        const auto before = controller.cluster().sim().now();
        const QVariantMap result = bridge.run("$ run 10s\nadvanced to (sample output)\n");
        QCOMPARE(result.value("ok").toBool(), true);
        QVERIFY2(result.value("output").toString().startsWith("advanced to 12.133s"),
                 qPrintable(result.value("output").toString()));
        QCOMPARE(controller.cluster().sim().now() - before, 10 * kubelab::sim::kSecond);
    }

    void runReportsFailure()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        const QVariantMap result = bridge.run("kubectl get pods nope\n");
        QCOMPARE(result.value("ok").toBool(), false);
        QVERIFY(result.value("output").toString().contains("pods \"nope\" not found"));
    }

    // liveFigure draws the spec the page sends; a spec it cannot read is an error.
    void liveFigureDrawsTheCluster()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        QVERIFY(bridge.apply(kDeployment).value("ok").toBool());
        QVERIFY(controller.runCommand("settle"));
        const QVariantMap r = bridge.liveFigure({{"figure", "owners"}, {"object", "deployment/web"}});
        QVERIFY(r.value("error").toString().isEmpty());
        QCOMPARE(r.value("svg").toString().count("data-pod=\"web-"), 2);
        QVERIFY(r.value("stamp").toString().startsWith("Live: drawn from the cluster beside you"));
        const QVariantMap bad = bridge.liveFigure({{"figure", "owners"}, {"object", "node/x"}});
        QVERIFY(bad.value("error").toString().contains("object \"node/x\""));
        QVERIFY(!bad.value("svg").toString().contains("<svg"));
    }

    // clusterMoved: many moves in a burst are one signal, none while the page is hidden,
    // one when it is shown again after the cluster moved.
    void clusterMovedIsCoalescedAndOnlyWhileVisible()
    {
        SimulationController controller;
        NotesBridge bridge(&controller);
        bridge.setPageVisible(true);
        QSignalSpy moved(&bridge, &NotesBridge::clusterMoved);
        for (int i = 0; i < 20; ++i)
            QVERIFY(controller.step());
        QCOMPARE(moved.count(), 0); // not at once: after the interval
        QTRY_COMPARE(moved.count(), 1);
        QTest::qWait(2 * NotesBridge::kRedrawIntervalMs);
        QCOMPARE(moved.count(), 1);

        bridge.setPageVisible(false);
        for (int i = 0; i < 5; ++i)
            QVERIFY(controller.step());
        QTest::qWait(2 * NotesBridge::kRedrawIntervalMs);
        QCOMPARE(moved.count(), 1);
        bridge.setPageVisible(true);
        QTRY_COMPARE(moved.count(), 2);
        // Shown again without moves in between: nothing to redraw.
        bridge.setPageVisible(false);
        bridge.setPageVisible(true);
        QTest::qWait(2 * NotesBridge::kRedrawIntervalMs);
        QCOMPARE(moved.count(), 2);
    }
};

QTEST_MAIN(tst_NotesBridge)
#include "tst_notes_bridge.moc"
