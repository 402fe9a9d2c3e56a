// Which simulated processes ignore SIGTERM (so deleting their pod takes the whole grace
// period, then SIGKILL): `sleep` run as PID 1 has no handler, whatever its argument —
// the kernel drops unhandled signals to PID 1 — while server images shut down on it.
#include <QtTest>

#include "engine/node/container_behavior.h"
#include "engine/node/image_catalog.h"

using namespace kubelab;

class tst_ContainerSignals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sigterm_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<bool>("ignoresSigterm");
        QTest::newRow("sleep 3600") << "busybox" << QStringList{"sleep", "3600"} << true;
        QTest::newRow("sleep infinity") << "busybox" << QStringList{"sleep", "infinity"} << true;
        QTest::newRow("alpine sleep infinity")
            << "alpine" << QStringList{"sleep", "infinity"} << true;
        QTest::newRow("sh -c sleep")
            << "busybox" << QStringList{"sh", "-c", "sleep 60; exit 3"} << true;
        QTest::newRow("nginx") << "nginx" << QStringList{} << false;
        QTest::newRow("echo") << "busybox" << QStringList{"echo", "hi"} << false;
    }
    void sigterm()
    {
        QFETCH(QString, image);
        QFETCH(QStringList, command);
        QFETCH(bool, ignoresSigterm);
        node::BehaviorInput in;
        in.image = *node::ImageCatalog::find(image.toStdString());
        in.containerName.assign(1, 'c'); // GCC 12 warns (-Wrestrict, a false positive) on = "c"
        for (const QString& w : command)
            in.command.push_back(w.toStdString());
        const node::ContainerBehavior b = node::ContainerBehavior::decide(in);
        QCOMPARE(b.ignoresSigterm, ignoresSigterm);
    }
};

QTEST_GUILESS_MAIN(tst_ContainerSignals)
#include "tst_container_signals.moc"
