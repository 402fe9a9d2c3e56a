#include <QtTest>

#include <QSignalSpy>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>

#include "app/console/console_widget.h"
#include "app/core/event_words.h"
#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "app/map/cluster_view.h"
#include "app/trace/timeline_bar.h"
#include "app/window/help_dialogs.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"

class tst_MainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsVersionAndNodes()
    {
        kubelab::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.windowTitle().contains(QStringLiteral(KUBELAB_VERSION)));
        QCOMPARE(w.clusterView()->nodeCount(), 4);
        QVERIFY(w.eventLog()->model()->rowCount() > 0);
    }

    void consoleRunsKubectl()
    {
        kubelab::app::MainWindow w;
        w.show();
        QLineEdit* input = w.console()->input();
        QTest::keyClicks(input, "kubectl create namespace shop");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.console()->output()->toPlainText().contains("namespace/shop created"));
        QTest::keyClicks(input, "kubectl get pods nope");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(w.console()->output()->toPlainText().contains("pods \"nope\" not found"));
        // History: Up brings back the last command.
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QString("kubectl get pods nope"));
    }

    void completion_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("command") << "kubec"
                                 << "kubectl";
        QTest::newRow("verb") << "kubectl descr"
                              << "describe";
        QTest::newRow("new verb") << "kubectl exp"
                                  << "expose";
        QTest::newRow("set") << "kubectl se"
                             << "set";
        QTest::newRow("kind") << "kubectl get deploy"
                              << "deployments";
        QTest::newRow("name") << "kubectl get nodes work"
                              << "worker-1";
        QTest::newRow("aws command") << "aw"
                                     << "aws";
        QTest::newRow("inbox command") << "inb"
                                       << "inbox";
        QTest::newRow("aws service") << "aws ac"
                                     << "acm";
        QTest::newRow("aws subcommand") << "aws acm describe-"
                                        << "describe-certificate";
        QTest::newRow("aws option") << "aws acm describe-certificate --cert"
                                    << "--certificate-arn";
    }
    void completion()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        kubelab::app::MainWindow w;
        const QStringList options = w.console()->completions(typed);
        QVERIFY2(options.contains(expected), qPrintable(options.join(",")));
        QVERIFY(!options.contains("no-such-thing"));
    }

    void tabCompletesInPlace()
    {
        kubelab::app::MainWindow w;
        w.show();
        QLineEdit* input = w.console()->input();
        QTest::keyClicks(input, "kubectl api-res");
        QTest::keyClick(input, Qt::Key_Tab);
        QCOMPARE(input->text(), QString("kubectl api-resources "));
    }

    void stepAdvancesTrace()
    {
        kubelab::app::MainWindow w;
        const int before = w.eventLog()->model()->rowCount();
        w.controller()->runCommand("kubectl create namespace shop");
        QVERIFY(w.eventLog()->model()->rowCount() > before);
        const auto processed = w.controller()->cluster().sim().processed();
        QVERIFY(w.controller()->step());
        QCOMPARE(w.controller()->cluster().sim().processed(), processed + 1);
    }

    // The scenario: rewind to before the apply and see the map empty; replay
    // to where the run had got and see the same pods (the same trace, byte for byte).
    void scrubberRewindsAndReplays()
    {
        kubelab::app::MainWindow w;
        w.show();
        auto* c = w.controller();
        const quint64 start = c->start();
        QVERIFY(c->runCommand("kubectl create deployment web --image=nginx --replicas=3"));
        QVERIFY(c->runCommand("settle"));
        // The three web pods and kubeadm's two coredns pods.
        QCOMPARE(w.clusterView()->podNames().size(), 5);
        const std::string hash = c->cluster().sim().trace().sha256();
        const quint64 end = c->position();
        QCOMPARE(c->horizon(), end);

        QSlider* slider = w.timelineBar()->scrubber();
        QCOMPARE(quint64(slider->value()), end);
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(c->position(), start);
        QCOMPARE(w.clusterView()->podNames().size(), 2); // only CoreDNS, Ready at boot
        QCOMPARE(c->horizon(), end); // can still go forward
        QVERIFY(!w.timelineBar()->stepBackAction()->isEnabled());

        QTest::keyClick(slider, Qt::Key_End);
        QTRY_COMPARE_WITH_TIMEOUT(c->position(), end, 10000);
        // The views refresh in a turn of their own once a long replay ends.
        QTRY_COMPARE(w.clusterView()->podNames().size(), 5);
        QCOMPARE(c->cluster().sim().trace().sha256(), hash);

        w.timelineBar()->stepBackAction()->trigger(); // a checkpoint, then a sliced replay
        QTRY_COMPARE_WITH_TIMEOUT(c->position(), end - 1, 10000);
        QVERIFY(c->cluster().sim().trace().sha256() != hash);
    }

    // The state badge says what the cluster is doing and what to press, with the
    // shortcuts the actions really have.
    void badgeSaysPausedPlayingAndPast()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
        QSettings().clear();
        kubelab::app::MainWindow w;
        w.show();
        QLabel* badge = w.stateBadge();
        QVERIFY2(badge->text().startsWith(QStringLiteral("Paused at 2.133s — press F5 to play "
                                                         "or F10 to step")),
                 qPrintable(badge->text()));
        QVERIFY(!badge->text().contains(QStringLiteral("Viewing the past")));
        w.stepAction()->setShortcut(Qt::Key_F8); // read from the action, not a kept string
        w.refresh();
        QVERIFY(badge->text().contains(QStringLiteral("F8 to step")));

        w.playAction()->trigger();
        QVERIFY2(badge->text().startsWith(QStringLiteral("Playing at 1×")),
                 qPrintable(badge->text()));
        w.playAction()->trigger();
        QVERIFY(badge->text().startsWith(QStringLiteral("Paused at")));

        auto* c = w.controller();
        QVERIFY(c->runCommand(QStringLiteral("kubectl create namespace shop")));
        QVERIFY(c->runCommand(QStringLiteral("step 20")));
        const quint64 end = c->position();
        c->seek(end - 10);
        QTRY_COMPARE(c->position(), end - 10);
        // A seek that ended after a long slice refreshes the views in a turn of its own
        // (always so in a sanitizer build): wait for it.
        QTRY_VERIFY2(badge->text().startsWith(
                     QStringLiteral("Viewing the past: event %L1 of %L2 — a new command "
                                    "replaces the 10 later events")
                         .arg(end - 10)
                         .arg(end)),
                 qPrintable(badge->text()));
        c->seek(end); // back at the present: no longer in the past
        QTRY_COMPARE(c->position(), end);
        QTRY_VERIFY(badge->text().startsWith(QStringLiteral("Paused at")));

        // The console's `rewind` says where it went in the app's numbers and time format,
        // and the badge agrees.
        QSignalSpy output(c, &kubelab::app::SimulationController::commandOutput);
        QVERIFY(c->runCommand(QStringLiteral("rewind 4")));
        QVERIFY2(badge->text().startsWith(
                     QStringLiteral("Viewing the past: event %L1 of %L2").arg(end - 4).arg(end)),
                 qPrintable(badge->text()));
        const QString said = output.first().at(0).toString();
        QVERIFY2(
            said.startsWith(QStringLiteral("rewound to event %1 of %2 at %3: the 4 later")
                                .arg(end - 4)
                                .arg(end)
                                .arg(kubelab::app::formatVirtualTime(c->cluster().sim().now()))),
            qPrintable(said));
        // `rewind event N` takes the event log's numbers.
        QVERIFY(c->runCommand(QStringLiteral("rewind event %1").arg(end - 6)));
        QCOMPARE(c->position(), end - 6);
        QVERIFY(!c->runCommand(QStringLiteral("rewind event %1").arg(end + 50)));
    }

    // A command issued in the past asks before it replaces the later events; keeping them
    // refuses the command, and "Don't ask again" is remembered.
    void commandInThePastAsksFirst()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
        QSettings().clear();
        kubelab::app::MainWindow w;
        w.show();
        auto* c = w.controller();
        QVERIFY(c->runCommand(QStringLiteral("kubectl create namespace shop")));
        QVERIFY(c->runCommand(QStringLiteral("step 20")));
        const quint64 end = c->position();
        c->seek(end - 5);
        QTRY_COMPARE(c->position(), end - 5);
        // Reading and replaying in the past ask nothing.
        QVERIFY(c->runCommand(QStringLiteral("time")));

        auto answer = [&w](bool run, bool dontAsk) {
            QTimer::singleShot(0, &w, [&w, run, dontAsk] {
                auto* box = w.findChild<QMessageBox*>(QStringLiteral("confirmReplace"));
                QVERIFY(box);
                QVERIFY(box->text().contains(QStringLiteral("5 later events")));
                box->checkBox()->setChecked(dontAsk);
                (run ? box->button(QMessageBox::Ok) : box->button(QMessageBox::Cancel))->click();
            });
        };
        answer(false, true);
        QVERIFY(!c->runCommand(QStringLiteral("kubectl create namespace other")));
        QVERIFY(w.console()->output()->toPlainText().contains(QStringLiteral("not run")));
        QCOMPARE(c->horizon(), end); // the later events were kept
        QCOMPARE(c->position(), end - 5);

        answer(true, true);
        QVERIFY(c->runCommand(QStringLiteral("kubectl create namespace other")));
        QVERIFY(w.console()->output()->toPlainText().contains(QStringLiteral("created")));
        QCOMPARE(c->horizon(), c->position()); // a new history from here

        // Don't ask again: the next command in the past runs without a dialog.
        const quint64 now = c->position();
        c->seek(now - 3);
        QTRY_COMPARE(c->position(), now - 3);
        QVERIFY(c->runCommand(QStringLiteral("kubectl create namespace third")));
        QVERIFY(!w.findChild<QMessageBox*>(QStringLiteral("confirmReplace")));
        QSettings().clear();
    }

    // First launch: the console's first line says what to do, with the real keys.
    void consoleStartsWithWhatToDo()
    {
        kubelab::app::MainWindow w;
        const QString first = w.console()->output()->toPlainText().section('\n', 0, 0);
        QVERIFY2(first.contains(QStringLiteral("press Apply")) &&
                     first.contains(QStringLiteral("F5 to play or F10 to step")),
                 qPrintable(first));
    }

    // Help → Keyboard shortcuts lists the actions' shortcuts as they are, not a kept list.
    void shortcutsAreReadFromTheActions()
    {
        kubelab::app::MainWindow w;
        auto has = [&w](const QString& menu, const QString& action, const QString& keys) {
            for (const auto& r : kubelab::app::shortcutRows(&w))
                if (r.menu == menu && r.action == action && r.keys == keys)
                    return true;
            return false;
        };
        QVERIFY(has("Simulation", "Play", "F5"));
        QVERIFY(has("Simulation", "Step", "F10"));
        QVERIFY(has("Simulation", "Step back", "Shift+F10"));
        QVERIFY(has("Help", "Getting Started", "F1"));
        QVERIFY(!has("Simulation", "Play", "F6"));
        w.playAction()->setShortcut(Qt::Key_F6);
        QVERIFY(has("Simulation", "Play", "F6"));
        QVERIFY(!has("Simulation", "Play", "F5"));

        QAction* item = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == QStringLiteral("&Keyboard Shortcuts"))
                item = a;
        QVERIFY(item);
        item->trigger();
        auto* table = w.findChild<QTableWidget*>(QStringLiteral("shortcutTable"));
        QVERIFY(table && table->isVisible());
        QCOMPARE(table->rowCount(), int(kubelab::app::shortcutRows(&w).size()));
        QVERIFY(!table->findItems(QStringLiteral("F6"), Qt::MatchExactly).isEmpty());
    }

    // Help → Getting started (F1): the tour names the parts and the keys as they are.
    void gettingStartedTour()
    {
        kubelab::app::MainWindow w;
        w.show();
        QVERIFY(!w.findChild<QTextBrowser*>(QStringLiteral("gettingStarted")));
        QAction* item = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(Qt::Key_F1))
                item = a;
        QVERIFY(item);
        item->trigger();
        auto* tour = w.findChild<QTextBrowser*>(QStringLiteral("gettingStarted"));
        QVERIFY(tour && tour->isVisible());
        const QString text = tour->toPlainText();
        for (const char* part :
             {"notes", "Apply", "F10", "F5", "map", "Inspector", "Rewind", "Shift+F10"})
            QVERIFY2(text.contains(QLatin1String(part)), part);
    }

    // The status bar's next event speaks a learner's words; the engine's names are in its
    // tooltip.
    void nextEventInWords()
    {
        kubelab::app::MainWindow w;
        QLabel* next = nullptr;
        for (QLabel* l : w.statusBar()->findChildren<QLabel*>())
            if (l->text().startsWith(QStringLiteral("Next: ")))
                next = l;
        QVERIFY(next);
        QCOMPARE(next->text(), QStringLiteral("Next: the controller manager checks node health"));
        QVERIFY(!next->text().contains(QStringLiteral("timer.")));
        QVERIFY(next->toolTip().contains(QStringLiteral("timer.monitor")));
        QCOMPARE(kubelab::app::eventWords("kube-scheduler-control-plane", "kube-apiserver",
                                          "api.request"),
                 QStringLiteral("the API server receives a request from the scheduler"));
        QCOMPARE(kubelab::app::eventWords("kubelet-worker-2", "kubelet-worker-2", "timer.lease"),
                 QStringLiteral("the kubelet on worker-2 renews its lease"));
        // A kind with no words yet still says who acts and on what.
        QCOMPARE(kubelab::app::eventWords("x", "kubelet-worker-1", "made.up"),
                 QStringLiteral("the kubelet on worker-1 handles made.up from x"));
    }

    // `exit` has nothing to leave in the app's console: help leaves it out and typing it
    // says so; a script still stops at it.
    void exitInTheConsole()
    {
        kubelab::app::MainWindow w;
        auto* c = w.controller();
        QVERIFY(c->runCommand(QStringLiteral("help")));
        const QString help = w.console()->output()->toPlainText();
        QVERIFY(help.contains(QStringLiteral("rewind N")));
        QVERIFY(!help.contains(QStringLiteral("  exit ")));
        QVERIFY(!c->runCommand(QStringLiteral("exit")));
        QVERIFY(w.console()->output()->toPlainText().contains(
            QStringLiteral("nothing to leave here (close the window to quit)")));
        QVERIFY(c->runScript(QStringLiteral("exit\nkubectl create namespace after\n")));
        QVERIFY(!c->runCommand(QStringLiteral("kubectl get namespace after")));
    }

    // The console runs `settle` and `run` in slices, ending exactly where the shell's
    // synchronous commands end (same trace), and says so when done.
    void consoleSettlesInSlices()
    {
        kubelab::app::MainWindow w;
        kubelab::app::MainWindow twin;
        auto* c = w.controller();
        QVERIFY(c->runCommand("kubectl create deployment web --image=nginx --replicas=2"));
        QVERIFY(twin.controller()->runCommand(
            "kubectl create deployment web --image=nginx --replicas=2"));
        QLineEdit* input = w.console()->input();
        QTest::keyClicks(input, "settle");
        QTest::keyClick(input, Qt::Key_Return); // may finish in its first slice, or later
        QTRY_VERIFY_WITH_TIMEOUT(!c->busy(), 10000);
        QVERIFY(w.console()->output()->toPlainText().contains("settled at"));
        QVERIFY(twin.controller()->runCommand("settle"));
        QCOMPARE(c->cluster().sim().trace().sha256(),
                 twin.controller()->cluster().sim().trace().sha256());
        QCOMPARE(w.clusterView()->podNames().size(), 2 + 2); // web's and CoreDNS's

        const auto before = c->cluster().sim().now();
        QTest::keyClicks(input, "run 30s");
        QTest::keyClick(input, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!c->busy(), 10000);
        QCOMPARE(c->cluster().sim().now(), before + 30 * kubelab::sim::kSecond);
        QVERIFY(w.console()->output()->toPlainText().contains("advanced to"));
        QTest::keyClicks(input, "run soon");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(!c->busy());
        QVERIFY(w.console()->output()->toPlainText().contains("invalid duration"));
    }

    void stepToStopsAtTheChosenComponent()
    {
        kubelab::app::MainWindow w;
        auto* c = w.controller();
        QVERIFY(c->runCommand("kubectl run one --image=nginx"));
        QSignalSpy finished(c, &kubelab::app::SimulationController::stepToFinished);
        w.timelineBar()->stepToTarget()->setCurrentText("kubelet/worker-2");
        w.timelineBar()->stepToAction()->trigger();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        const auto& r = c->cluster().sim().trace().back();
        QVERIFY(r.actor == "kubelet-worker-2" || r.target == "kubelet-worker-2");
        QString error;
        QVERIFY(!c->stepTo("kubelet/nowhere", &error));
        QVERIFY(error.contains("nowhere"));
    }

    // File → Open replays the file on a worker thread: the call returns at once with the
    // window still on its cluster, and the opened one replaces it when ready. A second
    // open meanwhile is refused; a bad file leaves the cluster as it was and says why.
    void openLoadsOffTheGuiThread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lab.kubelab"));
        std::string hash;
        {
            kubelab::app::MainWindow source;
            QVERIFY(source.controller()->runCommand(
                "kubectl create deployment web --image=nginx --replicas=3"));
            QVERIFY(source.controller()->runCommand("settle"));
            QVERIFY(source.saveClusterFile(path));
            hash = source.controller()->cluster().sim().trace().sha256();
        }
        kubelab::app::MainWindow w;
        w.show();
        QVERIFY(w.openClusterFile(path));
        QVERIFY(w.loading());
        QCOMPARE(w.clusterView()->podNames().size(), 2); // still the fresh cluster: CoreDNS
        QVERIFY(!w.openClusterFile(path));               // one load at a time
        QVERIFY(w.waitForLoad());
        QVERIFY(!w.loading());
        QCOMPARE(w.controller()->cluster().sim().trace().sha256(), hash);
        QCOMPARE(w.clusterView()->podNames().size(), 3 + 2);
        QVERIFY(w.windowTitle().contains(QStringLiteral("lab.kubelab")));

        // Opened while a command steps the cluster (its yields run the load's hand-over):
        // the cluster is replaced once the command has finished, not dropped.
        kubelab::app::MainWindow busy;
        QVERIFY(busy.openClusterFile(path));
        QVERIFY(busy.controller()->runScript(
            "kubectl create deployment other --image=nginx --replicas=20\nsettle\n"));
        QVERIFY(busy.waitForLoad());
        QCOMPARE(busy.controller()->cluster().sim().trace().sha256(), hash);

        const QString bad = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a cluster");
        f.close();
        QVERIFY(w.openClusterFile(bad));
        QVERIFY(!w.waitForLoad());
        QVERIFY2(w.loadError().contains(QStringLiteral("is not a KubeLab cluster file")),
                 qPrintable(w.loadError()));
        QCOMPARE(w.controller()->cluster().sim().trace().sha256(), hash);
        auto* box = w.findChild<QMessageBox*>();
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->text(), w.loadError());
        box->close();
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
