// explain(): kubectl 1.30's plaintext layout (plaintext.tmpl).
#include <QtTest>

#include "engine/model/schema.h"

using namespace kubelab::model;

class tst_Explain : public QObject
{
    Q_OBJECT

private slots:
    void fullText();
    void recursive();
    void contains_data();
    void contains();
    void errors_data();
    void errors();
};

namespace {

QString run(const char* group, const char* kind, const char* path, bool recursive = false)
{
    std::string out, error;
    if (!explain(group, kind, path, recursive, &out, &error))
        return "ERROR " + QString::fromStdString(error);
    return QString::fromStdString(out);
}

} // namespace

void tst_Explain::fullText()
{
    const QString expected =
        "GROUP:      apps\n"
        "KIND:       Deployment\n"
        "VERSION:    v1\n"
        "\n"
        "FIELD: strategy <DeploymentStrategy>\n"
        "\n"
        "\n"
        "DESCRIPTION:\n"
        "    How old pods are replaced by new ones.\n"
        "    How a Deployment replaces its pods.\n"
        "    \n"
        "FIELDS:\n"
        "  rollingUpdate\t<RollingUpdateDeployment>\n"
        "    Limits of a rolling update; only with type RollingUpdate.\n"
        "\n"
        "  type\t<string>\n"
        "  enum: Recreate, RollingUpdate\n"
        "    Recreate stops all old pods first; RollingUpdate (default) replaces them a\n"
        "    few at a time.\n"
        "\n"
        "\n";
    QCOMPARE(run("apps", "Deployment", "spec.strategy"), expected);
}

void tst_Explain::recursive()
{
    const QString expected = "GROUP:      apps\n"
                             "KIND:       Deployment\n"
                             "VERSION:    v1\n"
                             "\n"
                             "FIELD: strategy <DeploymentStrategy>\n"
                             "\n"
                             "\n"
                             "DESCRIPTION:\n"
                             "    How old pods are replaced by new ones.\n"
                             "    How a Deployment replaces its pods.\n"
                             "    \n"
                             "FIELDS:\n"
                             "  rollingUpdate\t<RollingUpdateDeployment>\n"
                             "    maxSurge\t<IntOrString>\n"
                             "    maxUnavailable\t<IntOrString>\n"
                             "  type\t<string>\n"
                             "  enum: Recreate, RollingUpdate\n"
                             "\n";
    QCOMPARE(run("apps", "Deployment", "spec.strategy", true), expected);
    QVERIFY(run("apps", "Deployment", "spec.strategy", false) != expected);
}

void tst_Explain::contains_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("recursive");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("present");

    QTest::newRow("core has no GROUP line") << ""
                                            << "Pod"
                                            << "" << false << "GROUP:" << false;
    QTest::newRow("core kind header")
        << ""
        << "Pod"
        << "" << false << "KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n"
        << true;
    QTest::newRow("root lists spec") << "apps"
                                     << "Deployment"
                                     << "" << false << "  spec\t<DeploymentSpec>\n"
                                     << true;
    QTest::newRow("fields sorted") << "apps"
                                   << "Deployment"
                                   << "spec" << false << "  minReadySeconds\t<integer>" << true;
    QTest::newRow("required marker")
        << "apps"
        << "Deployment"
        << "spec" << false << "  selector\t<LabelSelector> -required-\n"
        << true;
    QTest::newRow("not required") << "apps"
                                  << "Deployment"
                                  << "spec" << false << "  replicas\t<integer> -required-" << false;
    QTest::newRow("array field") << ""
                                 << "Pod"
                                 << "spec.containers" << false
                                 << "FIELD: containers <[]Container>\n"
                                 << true;
    QTest::newRow("through an array")
        << ""
        << "Pod"
        << "spec.containers.image" << false << "FIELD: image <string>\n"
        << true;
    QTest::newRow("quantity map") << ""
                                  << "Pod"
                                  << "spec.containers.resources" << false
                                  << "  limits\t<map[string]Quantity>\n"
                                  << true;
    QTest::newRow("long enum view") << ""
                                    << "Pod"
                                    << "spec.restartPolicy" << false
                                    << "FIELD: restartPolicy <string>\nENUM:\n    Always\n"
                                       "    Never\n    OnFailure\n\nDESCRIPTION:\n"
                                    << true;
    QTest::newRow("recursive nests") << "apps"
                                     << "Deployment"
                                     << "spec" << true
                                     << "  selector\t<LabelSelector> -required-\n"
                                        "    matchExpressions\t<[]LabelSelectorRequirement>\n"
                                        "      key\t<string> -required-\n"
                                     << true;
    QTest::newRow("recursive has no descriptions") << "apps"
                                                   << "Deployment"
                                                   << "spec" << true << "Defaults to 600" << false;
    QTest::newRow("time is a string") << ""
                                      << "Pod"
                                      << "metadata" << false << "  creationTimestamp\t<string>\n"
                                      << true;
    QTest::newRow("group line") << "batch"
                                << "Job"
                                << "" << false << "GROUP:      batch\n"
                                << true;
}

void tst_Explain::contains()
{
    QFETCH(QString, group);
    QFETCH(QString, kind);
    QFETCH(QString, path);
    QFETCH(bool, recursive);
    QFETCH(QString, needle);
    QFETCH(bool, present);
    const QString text = run(group.toUtf8().constData(), kind.toUtf8().constData(),
                             path.toUtf8().constData(), recursive);
    QVERIFY2(!text.startsWith("ERROR"), qPrintable(text));
    QVERIFY2(text.contains(needle) == present, qPrintable(text));
    // No description line may pass 80 columns unless it is a single long word.
    for (const QString& line : text.split('\n'))
        QVERIFY2(line.size() <= 80 || !line.trimmed().contains(' '), qPrintable(line));
}

void tst_Explain::errors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown top field") << "foo"
                                       << "ERROR field \"foo\" does not exist";
    QTest::newRow("unknown nested") << "spec.replica"
                                    << "ERROR field \"replica\" does not exist";
    QTest::newRow("below a scalar names the last") << "spec.replicas.foo"
                                                   << "ERROR field \"foo\" does not exist";
    QTest::newRow("known field works") << "spec.replicas"
                                       << "FIELD: replicas <integer>";
}

void tst_Explain::errors()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const QString text = run("apps", "Deployment", path.toUtf8().constData());
    QVERIFY2(text.startsWith(expected) || text.contains(expected), qPrintable(text));
}

QTEST_GUILESS_MAIN(tst_Explain)
#include "tst_explain.moc"
