// kubectl's error wording for API failures (checkErr / StandardErrorMessage /
// AddSourceToErr, kubectl 1.32).
#include <QtTest>

#include "engine/kubectl/errors.h"

using namespace kubelab::kubectl;
using Json = nlohmann::json;

class tst_KubectlErrors : public QObject
{
    Q_OBJECT

private:
    static Json status(const char* reason, const char* message, Json details = nullptr)
    {
        Json s = {
            {"kind", "Status"}, {"status", "Failure"}, {"reason", reason}, {"message", message}};
        if (!details.is_null())
            s["details"] = details;
        return s;
    }

private slots:
    void statusText_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("wrong");
        QTest::newRow("not found")
            << QByteArray::fromStdString(status("NotFound", "pods \"x\" not found").dump())
            << "Error from server (NotFound): pods \"x\" not found"
            << "error: pods \"x\" not found";
        QTest::newRow("already exists")
            << QByteArray::fromStdString(
                   status("AlreadyExists", "deployments.apps \"web\" already exists").dump())
            << "Error from server (AlreadyExists): deployments.apps \"web\" already exists"
            << "";
        QTest::newRow("no reason")
            << QByteArray::fromStdString(status("", "etcdserver: request timed out").dump())
            << "Error from server: etcdserver: request timed out"
            << "Error from server (): etcdserver: request timed out";
        QTest::newRow("unauthorized")
            << QByteArray::fromStdString(status("Unauthorized", "Unauthorized").dump())
            << "error: You must be logged in to the server (Unauthorized)"
            << "";
        const Json one = {{"name", "nginx"},
                          {"kind", "Deployment"},
                          {"group", "apps"},
                          {"causes",
                           {{{"reason", "FieldValueInvalid"},
                             {"message", "Invalid value: -1: must be greater than or "
                                         "equal to 0"},
                             {"field", "spec.replicas"}}}}};
        QTest::newRow("invalid one cause")
            << QByteArray::fromStdString(status("Invalid", "ignored", one).dump())
            << "The Deployment \"nginx\" is invalid: spec.replicas: Invalid value: -1: must be "
               "greater than or equal to 0"
            << "Error from server (Invalid): ignored";
        Json two = one;
        two["causes"].push_back({{"reason", "FieldValueRequired"},
                                 {"message", "Required value"},
                                 {"field", "spec.template.spec.containers[0].image"}});
        two["causes"].push_back(two["causes"][0]); // duplicates are dropped
        QTest::newRow("invalid several causes")
            << QByteArray::fromStdString(status("Invalid", "ignored", two).dump())
            << "The Deployment \"nginx\" is invalid: \n"
               "* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
               "* spec.template.spec.containers[0].image: Required value"
            << "";
        QTest::newRow("invalid without causes")
            << QByteArray::fromStdString(
                   status("Invalid", "x", {{"name", "web"}, {"kind", "Pod"}}).dump())
            << "The Pod \"web\" is invalid"
            << "";
    }

    void statusText()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QFETCH(QString, wrong);
        const QString got =
            QString::fromStdString(statusErrorText(Json::parse(body.toStdString())));
        QCOMPARE(got, expected);
        if (!wrong.isEmpty())
            QVERIFY(got != wrong);
    }

    void withSource()
    {
        const Json nf = status("NotFound", "namespaces \"foo\" not found");
        QCOMPARE(QString::fromStdString(statusErrorText(nf, "creating", "nginx.yaml")),
                 QStringLiteral("Error from server (NotFound): error when creating "
                                "\"nginx.yaml\": namespaces \"foo\" not found"));
        // No source (imperative commands): the message stays as the server wrote it.
        QCOMPARE(QString::fromStdString(statusErrorText(nf, "creating", "")),
                 QStringLiteral("Error from server (NotFound): namespaces \"foo\" not found"));
    }

    void clientErrorPrefixOnce()
    {
        QCOMPARE(QString(clientError("boom").what()), QStringLiteral("error: boom"));
        QCOMPARE(QString(clientError("error: boom").what()), QStringLiteral("error: boom"));
        QVERIFY(QString(clientError("boom").what()) != "boom");
    }
};

QTEST_GUILESS_MAIN(tst_KubectlErrors)
#include "tst_kubectl_errors.moc"
