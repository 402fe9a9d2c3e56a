#include <QtTest>

#include "engine/node/container_behavior.h"
#include "engine/node/image_catalog.h"

using namespace kubelab;
using node::ImageCatalog;

class tst_ImageCatalog : public QObject
{
    Q_OBJECT
private slots:
    void normalize_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("expected");
        QTest::newRow("short") << "nginx"
                               << "docker.io/library/nginx:latest";
        QTest::newRow("tag") << "nginx:1.14.2"
                             << "docker.io/library/nginx:1.14.2";
        QTest::newRow("user repo") << "bitnami/redis:7"
                                   << "docker.io/bitnami/redis:7";
        QTest::newRow("registry") << "registry.k8s.io/pause:3.10"
                                  << "registry.k8s.io/pause:3.10";
        QTest::newRow("port") << "localhost:5000/app"
                              << "localhost:5000/app:latest";
    }
    void normalize()
    {
        QFETCH(QString, reference);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(ImageCatalog::normalize(reference.toStdString()).name()),
                 expected);
        QVERIFY(QString::fromStdString(ImageCatalog::normalize(reference.toStdString()).name()) !=
                    reference ||
                reference.startsWith("registry"));
    }

    void find_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<bool>("known");
        QTest::addColumn<qint64>("size");
        QTest::newRow("nginx:1.14.2") << "nginx:1.14.2" << true << qint64(44'700'000);
        QTest::newRow("nginx latest = 1.27") << "nginx" << true << qint64(72'100'000);
        QTest::newRow("busybox") << "busybox" << true << qint64(2'160'000);
        QTest::newRow("pause") << "registry.k8s.io/pause:3.10" << true << qint64(320'368);
        QTest::newRow("unknown tag") << "nginx:nope" << false << qint64(0);
        QTest::newRow("unknown repo") << "nosuchimage" << false << qint64(0);
    }
    void find()
    {
        QFETCH(QString, reference);
        QFETCH(bool, known);
        QFETCH(qint64, size);
        auto info = ImageCatalog::find(reference.toStdString());
        QCOMPARE(info.has_value(), known);
        if (info)
            QCOMPARE(qint64(info->sizeBytes), size);
    }

    void aliasesShareDigest()
    {
        auto a = ImageCatalog::find("nginx:latest");
        auto b = ImageCatalog::find("nginx:1.27");
        auto c = ImageCatalog::find("nginx:1.14.2");
        QVERIFY(a && b && c);
        QCOMPARE(ImageCatalog::imageId(*a), ImageCatalog::imageId(*b));
        QVERIFY(ImageCatalog::imageId(*a) != ImageCatalog::imageId(*c));
        QVERIFY(ImageCatalog::imageId(*a).rfind("docker.io/library/nginx@sha256:", 0) == 0);
    }

    void pullTime_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("expected");
        // 400 ms to resolve the manifest, then 50 MB/s.
        QTest::newRow("nginx:1.14.2") << qint64(44'700'000) << "1.294s";
        QTest::newRow("busybox") << qint64(2'160'000) << "443ms";
        QTest::newRow("python") << qint64(371'000'000) << "7.82s";
        QTest::newRow("1 GB") << qint64(3'000'000'000) << "1m0.4s";
    }
    void pullTime()
    {
        QFETCH(qint64, size);
        QFETCH(QString, expected);
        const QString got =
            QString::fromStdString(node::goDuration(ImageCatalog::pullDuration(size)));
        QCOMPARE(got, expected);
        QVERIFY(got != "0s");
    }

    void pullError()
    {
        const std::string tag = ImageCatalog::pullError("nginx:nope");
        QVERIFY(tag.find("code = NotFound") != std::string::npos);
        QVERIFY(tag.find("docker.io/library/nginx:nope: not found") != std::string::npos);
        const std::string repo = ImageCatalog::pullError("nosuchimage");
        QVERIFY(repo.find("pull access denied") != std::string::npos);
        QVERIFY(repo.find(": not found") == std::string::npos);
    }

    void behavior_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("annotation"); // key=value or empty
        QTest::addColumn<bool>("exits");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("reason");
        QTest::newRow("nginx runs") << "nginx" << QStringList{} << "" << false << 0 << "";
        QTest::newRow("busybox sh exits 0")
            << "busybox" << QStringList{} << "" << true << 0 << "Completed";
        QTest::newRow("sleep 3600")
            << "busybox" << QStringList{"sleep", "3600"} << "" << true << 0 << "Completed";
        QTest::newRow("sh -c exit 1") << "busybox" << QStringList{"sh", "-c", "echo hi; exit 1"}
                                      << "" << true << 1 << "Error";
        QTest::newRow("sleep infinity")
            << "alpine" << QStringList{"sleep", "infinity"} << "" << false << 0 << "";
        QTest::newRow("crash annotation")
            << "nginx" << QStringList{} << "kubelab.io/behavior=crash" << true << 1 << "Error";
        QTest::newRow("oom annotation")
            << "nginx" << QStringList{} << "kubelab.io/behavior=oom" << true << 137 << "OOMKilled";
        QTest::newRow("postgres without password")
            << "postgres" << QStringList{} << "" << true << 1 << "Error";
    }
    void behavior()
    {
        QFETCH(QString, image);
        QFETCH(QStringList, command);
        QFETCH(QString, annotation);
        QFETCH(bool, exits);
        QFETCH(int, exitCode);
        QFETCH(QString, reason);
        node::BehaviorInput in;
        in.image = *ImageCatalog::find(image.toStdString());
        in.containerName = "c";
        for (const QString& w : command)
            in.command.push_back(w.toStdString());
        if (!annotation.isEmpty()) {
            const auto kv = annotation.split('=');
            in.annotations[kv[0].toStdString()] = kv[1].toStdString();
        }
        const auto b = node::ContainerBehavior::decide(in);
        QCOMPARE(b.exits, exits);
        QCOMPARE(b.exitCode, exitCode);
        QCOMPARE(QString::fromStdString(b.reason), reason);
    }

    void memoryOverLimitIsOomKilled()
    {
        node::BehaviorInput in;
        in.image = *ImageCatalog::find("nginx");
        in.containerName = "web";
        in.memoryLimitBytes = 256LL * 1024 * 1024;
        in.annotations["kubelab.io/memory-usage"] = "300Mi";
        QCOMPARE(QString::fromStdString(node::ContainerBehavior::decide(in).reason),
                 QString("OOMKilled"));
        in.annotations["kubelab.io/memory-usage"] = "200Mi";
        QVERIFY(node::ContainerBehavior::decide(in).reason != "OOMKilled");
        // Pod-wide annotations are not for init containers.
        in.annotations["kubelab.io/memory-usage"] = "300Mi";
        in.init = true;
        QVERIFY(node::ContainerBehavior::decide(in).reason != "OOMKilled");
    }
};

QTEST_GUILESS_MAIN(tst_ImageCatalog)
#include "tst_image_catalog.moc"
