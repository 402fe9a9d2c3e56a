// Checking a manifest as kubectl apply and the API server would, without sending it: each
// stage's problem (YAML decoder, kubectl's apiVersion/kind, strict decoding, validation)
// at the line:column and field path a learner reads in the YAML editor.
#include <QtTest>

#include "engine/model/manifest_check.h"

using namespace kubelab::model;

namespace {

const char kPod[] = "apiVersion: v1\n"
                    "kind: Pod\n"
                    "metadata:\n"
                    "  name: p\n"
                    "spec:\n"
                    "  containers:\n"
                    "  - name: c\n"
                    "    image: nginx\n";

// "line:column field message" of every problem, for readable failures.
QStringList where(const std::vector<ManifestProblem>& problems)
{
    QStringList out;
    for (const auto& p : problems)
        out << QStringLiteral("%1:%2 %3 %4")
                   .arg(p.line)
                   .arg(p.column)
                   .arg(QString::fromStdString(p.field), QString::fromStdString(p.message));
    return out;
}

} // namespace

class tst_ManifestCheck : public QObject
{
    Q_OBJECT

private slots:
    void problems_data();
    void problems();
    void missingFieldMarksItsParent();
};

void tst_ManifestCheck::problems_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // "line:column field", "" for no problem
    QTest::addColumn<QString>("message");  // part of the message
    QTest::newRow("valid pod") << kPod << ""
                               << "";
    QTest::newRow("valid, two documents")
        << QString("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n") + kPod << ""
        << "";
    QTest::newRow("malformed: over-indented key") << QString(kPod) + "     ports: []\n"
                                                  << "9:11 "
                                                  << "mapping values are not allowed";
    QTest::newRow("malformed: tab") << QString(kPod).replace("  name: p", "\tname: p") << "4:1 "
                                    << "tab character";
    QTest::newRow("unknown field") << QString(kPod) + "  nodeNme: x\n"
                                   << "9:3 spec.nodeNme"
                                   << "unknown field";
    QTest::newRow("unknown field in a list item")
        << QString(kPod) + "    portz: []\n"
        << "9:5 spec.containers[0].portz"
        << "strict decoding error: unknown field \"spec.containers[0].portz\"";
    QTest::newRow("wrong type")
        << "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
           "  replicas: \"3\"\n"
        << "6:3 spec.replicas"
        << "cannot unmarshal string into Go struct field";
    QTest::newRow("bad quantity") << QString(kPod) +
                                         "    resources:\n      requests:\n        cpu: lots\n"
                                  << "11:9 spec.containers[0].resources.requests.cpu"
                                  << "quantities must match";
    QTest::newRow("invalid value")
        << QString(kPod).replace("name: p", "name: Bad_Name") << "4:3 metadata.name"
        << "metadata.name: Invalid value: \"Bad_Name\"";
    QTest::newRow("unsupported value in the second document")
        << QString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n") + kPod +
               "    imagePullPolicy: Maybe\n"
        << "14:5 spec.containers[0].imagePullPolicy"
        << "Unsupported value: \"Maybe\"";
    QTest::newRow("unknown kind") << QString(kPod).replace("kind: Pod", "kind: Poddy") << "2:1 kind"
                                  << "no matches for kind \"Poddy\" in version \"v1\"";
    QTest::newRow("no apiVersion") << QString(kPod).remove("apiVersion: v1\n") << "1:1 "
                                   << "apiVersion not set";
}

void tst_ManifestCheck::problems()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, message);
    const auto found = checkManifest(text.toStdString());
    if (expected.isEmpty()) {
        QVERIFY2(found.empty(), qPrintable(where(found).join("\n")));
        return;
    }
    QVERIFY2(found.size() == 1, qPrintable(where(found).join("\n")));
    QCOMPARE(QStringLiteral("%1:%2 %3")
                 .arg(found[0].line)
                 .arg(found[0].column)
                 .arg(QString::fromStdString(found[0].field)),
             expected);
    QVERIFY2(QString::fromStdString(found[0].message).contains(message),
             qPrintable(QString::fromStdString(found[0].message)));
}

// A field that is missing has no line of its own: the problem points at its parent and
// says it is not exact.
void tst_ManifestCheck::missingFieldMarksItsParent()
{
    const auto found = checkManifest(QString(kPod).remove("    image: nginx\n").toStdString());
    QCOMPARE(where(found), QStringList("7:5 spec.containers[0].image spec.containers[0].image: "
                                       "Required value"));
    QVERIFY(!found[0].exact);
}

QTEST_GUILESS_MAIN(tst_ManifestCheck)
#include "tst_manifest_check.moc"
