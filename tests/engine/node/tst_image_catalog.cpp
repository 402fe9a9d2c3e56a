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
        QTest::addColumn<bool>("strict");
        QTest::addColumn<bool>("known");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("generic");
        QTest::newRow("nginx:1.14.2")
            << "nginx:1.14.2" << false << true << qint64(44'700'000) << false;
        QTest::newRow("nginx latest = 1.27")
            << "nginx" << false << true << qint64(72'100'000) << false;
        QTest::newRow("nginx:1.28, newer than latest")
            << "nginx:1.28.0" << false << true << qint64(72'000'000) << false;
        QTest::newRow("nginx: a version it does not have")
            << "nginx:1.99" << false << false << qint64(0) << false;
        QTest::newRow("busybox") << "busybox" << false << true << qint64(2'160'000) << false;
        QTest::newRow("pause") << "registry.k8s.io/pause:3.10" << false << true << qint64(320'368)
                               << false;
        QTest::newRow("k8s.gcr.io redirects")
            << "k8s.gcr.io/pause:3.10" << false << true << qint64(320'368) << false;
        QTest::newRow("k8s.gcr.io, unknown tag")
            << "k8s.gcr.io/pause:9.99" << false << false << qint64(0) << false;
        QTest::newRow("unknown tag") << "nginx:nope" << false << false << qint64(0) << false;
        QTest::newRow("unknown repo: generic")
            << "nosuchimage" << false << true << qint64(50'000'000) << true;
        QTest::newRow("unknown user repo: generic")
            << "someone/app:v2" << false << true << qint64(50'000'000) << true;
        QTest::newRow("unknown repo, strict")
            << "nosuchimage" << true << false << qint64(0) << false;
        QTest::newRow("catalogue, strict")
            << "nginx:1.14.2" << true << true << qint64(44'700'000) << false;
        QTest::newRow("near miss: swapped letters")
            << "ngnix" << false << false << qint64(0) << false;
        QTest::newRow("near miss: extra letter")
            << "busyboxx:1.36" << false << false << qint64(0) << false;
        QTest::newRow("near miss: missing letter")
            << "postgre:16" << false << false << qint64(0) << false;
        QTest::newRow("far from any: generic")
            << "rust:1.83" << false << true << qint64(50'000'000) << true;
        QTest::newRow("malformed") << "nginx::1" << false << false << qint64(0) << false;
        QTest::newRow("uppercase") << "Nginx" << false << false << qint64(0) << false;
    }
    void find()
    {
        QFETCH(QString, reference);
        QFETCH(bool, strict);
        QFETCH(bool, known);
        QFETCH(qint64, size);
        QFETCH(bool, generic);
        auto info =
            ImageCatalog::find(reference.toStdString(),
                               strict ? node::RegistryPolicy::Strict : node::RegistryPolicy::Open);
        QCOMPARE(info.has_value(), known);
        if (info) {
            QCOMPARE(qint64(info->sizeBytes), size);
            QCOMPARE(info->generic, generic);
        }
    }

    void nearMiss()
    {
        QCOMPARE(ImageCatalog::nearMiss("docker.io/library/ngnix"), "docker.io/library/nginx");
        QCOMPARE(ImageCatalog::nearMiss("docker.io/library/redsi"), "docker.io/library/redis");
        // Two letters off a short name is another image; the namespace must match too.
        QCOMPARE(ImageCatalog::nearMiss("docker.io/library/rust"), "");
        QCOMPARE(ImageCatalog::nearMiss("docker.io/someone/ngnix"), "");
        QCOMPARE(ImageCatalog::nearMiss("docker.io/library/nginx"), "");
    }

    void wellFormed_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("error");
        QTest::newRow("plain") << "nginx" << true << "";
        QTest::newRow("path and tag") << "gcr.io/google-samples/hello-app:1.0" << true << "";
        QTest::newRow("port") << "localhost:5000/my_app:v1.2-rc" << true << "";
        QTest::newRow("digest") << "busybox@sha256:" + QString(64, 'a') << true << "";
        QTest::newRow("double colon") << "nginx::1" << false << "invalid reference format";
        QTest::newRow("short digest")
            << "busybox@sha256:abc" << false << "invalid reference format";
        QTest::newRow("trailing dash") << "my-app-" << false << "invalid reference format";
        QTest::newRow("uppercase")
            << "Nginx" << false
            << "invalid reference format: repository name (library/Nginx) must be lowercase";
        QTest::newRow("uppercase path")
            << "ghcr.io/Me/App:1" << false
            << "invalid reference format: repository name (Me/App) must be lowercase";
    }
    void wellFormed()
    {
        QFETCH(QString, reference);
        QFETCH(bool, ok);
        QFETCH(QString, error);
        const std::string ref = reference.toStdString();
        QCOMPARE(ImageCatalog::wellFormed(ImageCatalog::normalize(ref)), ok);
        if (!ok)
            QCOMPARE(QString::fromStdString(ImageCatalog::referenceError(ref)), error);
    }

    void genericDigest()
    {
        const std::string digest = "sha256:" + std::string(64, 'b');
        auto byDigest = ImageCatalog::find("someone/app@" + digest);
        QVERIFY(byDigest && byDigest->generic);
        QCOMPARE(ImageCatalog::imageId(*byDigest), "docker.io/someone/app@" + digest);
        auto a = ImageCatalog::find("someone/app:v1");
        auto b = ImageCatalog::find("someone/app:v2");
        QVERIFY(a && b);
        QVERIFY(ImageCatalog::imageId(*a) != ImageCatalog::imageId(*b));
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
        const std::string repo = ImageCatalog::pullError("ngnix");
        QVERIFY(repo.find("pull access denied") != std::string::npos);
        QVERIFY(repo.find("docker.io/library/ngnix:latest") != std::string::npos);
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
        QTest::newRow("mysql without password")
            << "mysql:8.0" << QStringList{} << "" << true << 1 << "Error";
        QTest::newRow("ubuntu's bash exits 0")
            << "ubuntu" << QStringList{} << "" << true << 0 << "Completed";
        QTest::newRow("node REPL exits 0")
            << "node:20" << QStringList{} << "" << true << 0 << "Completed";
        QTest::newRow("node server runs")
            << "node:20" << QStringList{"node", "server.js"} << "" << false << 0 << "";
        QTest::newRow("perl one-liner ends")
            << "perl:5.34.0" << QStringList{"perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"} << ""
            << true << 0 << "Completed";
        QTest::newRow("perl loop runs")
            << "perl" << QStringList{"perl", "-e", "while (1) { sleep 1 }"} << "" << false << 0
            << "";
        QTest::newRow("generic image runs")
            << "someone/app:v1" << QStringList{} << "" << false << 0 << "";
        QTest::newRow("generic image runs its script")
            << "someone/app:v1" << QStringList{"sh", "-c", "echo done"} << "" << true << 0
            << "Completed";
    }

    void oneLinerOutput()
    {
        node::BehaviorInput in;
        in.image = *ImageCatalog::find("perl:5.34.0");
        in.containerName = "pi";
        in.command = {"perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"};
        const auto b = node::ContainerBehavior::decide(in);
        QCOMPARE(b.logs.size(), std::size_t(1));
        const std::string& pi = *b.logs[0];
        QCOMPARE(pi.size(), std::size_t(2001)); // 2,000 digits and the point
        QCOMPARE(pi.substr(0, 12), "3.1415926535");
        QCOMPARE(pi.substr(pi.size() - 10), "4780275901"); // rounded, as bpi rounds
        QCOMPARE(QString::fromStdString(node::goDuration(b.runFor)), "8.05s");

        in.image = *ImageCatalog::find("python:3.12");
        in.command = {"python3", "-c", "import time; print('hello'); time.sleep(2)"};
        const auto p = node::ContainerBehavior::decide(in);
        QCOMPARE(p.logs.size(), std::size_t(1));
        QCOMPARE(*p.logs[0], "hello");
        QVERIFY(p.exits);
        QCOMPARE(QString::fromStdString(node::goDuration(p.runFor)), "2.05s");
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
