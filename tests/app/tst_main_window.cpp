#include <QtTest>

#include "app/cluster_view.h"
#include "app/main_window.h"
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
        QVERIFY(w.clusterView()->nodeCount() != 0);
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() >= 800);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
