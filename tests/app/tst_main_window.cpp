#include <QtTest>

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>

#include "app/cluster_view.h"
#include "app/console_widget.h"
#include "app/main_window.h"
#include "app/simulation_controller.h"
#include "engine/shell/cluster.h"

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
        QTest::newRow("command") << "kubec" << "kubectl";
        QTest::newRow("verb") << "kubectl descr" << "describe";
        QTest::newRow("kind") << "kubectl get deploy" << "deployments";
        QTest::newRow("name") << "kubectl get nodes work" << "worker-1";
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
};

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
