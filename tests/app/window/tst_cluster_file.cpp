// File → Save / Open and File → New: a saved cluster reopens to the same state and trace
// (and stays rewindable); foreign, damaged or divergent files are refused with a reason;
// the New cluster dialog builds the shape it shows and refuses a bad one.
#include <QtTest>

#include <QCheckBox>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <sqlite3.h>

#include "app/core/simulation_controller.h"
#include "app/window/cluster_file.h"
#include "app/window/new_cluster_dialog.h"
#include "engine/cluster/cluster.h"
#include "engine/shell/shell.h"

using namespace kubelab;

namespace {
void run(cluster::Cluster& c, const std::string& line)
{
    std::ostringstream out, err;
    shell::Shell sh(c, out, err);
    QVERIFY2(sh.execute(line), err.str().c_str());
}
} // namespace

class TstClusterFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void saveAndOpenRestoreTheRun()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("lab.kubelab");
        cluster::Topology topo = cluster::Topology::defaults();
        topo.workers[0].count = 2;
        cluster::Cluster c(42, topo);
        run(c, "kubectl create deployment web --image=nginx --replicas=3");
        run(c, "run 5s");
        run(c, "fault stop kubelet/worker-2");
        run(c, "settle");
        QString error;
        QVERIFY2(app::saveCluster(c, path, &error), qPrintable(error));

        auto opened = app::openCluster(path, &error);
        QVERIFY2(opened, qPrintable(error));
        QCOMPARE(opened->sim().trace().sha256(), c.sim().trace().sha256());
        QCOMPARE(opened->sim().now(), c.sim().now());
        QCOMPARE(opened->objects("nodes").size(), size_t(3));
        QCOMPARE(opened->objects("pods", "default").size(), c.objects("pods", "default").size());
        // It goes on like the original: new commands work, and rewinding works.
        run(*opened, "kubectl scale deployment web --replicas=1");
        run(*opened, "settle");
        QVERIFY(opened->rewindTo(opened->timeline().start()));
        QCOMPARE(opened->objects("pods", "default").size(), size_t(0));
    }

    void badFilesAreRefusedWithAReason()
    {
        QTemporaryDir dir;
        QString error;
        QVERIFY(!app::openCluster(dir.filePath("missing.kubelab"), &error));
        QVERIFY(error.contains("no such file"));

        const QString text = dir.filePath("text.kubelab");
        {
            QFile f(text);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not a database");
        }
        QVERIFY(!app::openCluster(text, &error));
        QVERIFY(error.contains("not a KubeLab cluster file"));

        // A file whose recorded trace differs from what the replay gives.
        const QString path = dir.filePath("tampered.kubelab");
        cluster::Cluster c(3);
        run(c, "kubectl run one --image=nginx");
        QVERIFY(app::saveCluster(c, path, &error));
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE meta SET value='00' WHERE key='trace_sha256'", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        QVERIFY(!app::openCluster(path, &error));
        QVERIFY(error.contains("another trace"));
    }

    void newClusterDialogParsesTheShape()
    {
        app::NewClusterDialog dialog;
        auto t = dialog.topology();
        QVERIFY(t);
        QCOMPARE(t->workers.at(0).count, 3);
        // Cluster DNS: on as kubeadm installs it, off with the switch.
        QVERIFY(t->coreDns);
        dialog.dns()->setChecked(false);
        QVERIFY(dialog.yaml()->toPlainText().contains("dns: none"));
        QVERIFY(!dialog.topology()->coreDns);
        dialog.dns()->setChecked(true);
        QVERIFY(dialog.topology()->coreDns);
        dialog.yaml()->setPlainText("controlPlanes: 1\nworkers:\n  - prefix: big\n    count: 7\n");
        t = dialog.topology();
        QVERIFY(t);
        QCOMPARE(t->workers.at(0).count, 7);
        QCOMPARE(t->workers.at(0).prefix, std::string("big"));
        dialog.yaml()->setPlainText("workers:\n  - countt: 2\n");
        QString error;
        QVERIFY(!dialog.topology(&error));
        QVERIFY(error.contains("countt"));
    }

    // File → New keeps the start-up checkpoint policy: every size can rewind, big
    // clusters keep fewer checkpoints.
    void newClusterKeepsTheCheckpointPolicy()
    {
        app::SimulationController controller;
        cluster::Topology small = cluster::Topology::defaults();
        controller.newCluster(small, 5);
        QCOMPARE(controller.cluster().options().checkpointInterval, std::uint64_t(1000));
        QCOMPARE(controller.cluster().options().maxCheckpoints, size_t(64));
        QCOMPARE(controller.cluster().seed(), std::uint64_t(5));
        cluster::Topology big = cluster::Topology::defaults();
        big.workers[0].count = 399;
        controller.newCluster(big, 6);
        QCOMPARE(controller.cluster().options().checkpointInterval, std::uint64_t(1000));
        QCOMPARE(controller.cluster().options().maxCheckpoints, size_t(16));
        QCOMPARE(controller.cluster().objects("nodes").size(), size_t(400));
    }
};

QTEST_MAIN(TstClusterFile)
#include "tst_cluster_file.moc"
