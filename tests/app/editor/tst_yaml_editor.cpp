// The YAML editor: the server's checks (model::checkManifest, tested on its own in
// tests/engine/model) run after a pause in typing and shown as wavy underlines and a
// problems list; Apply through kubectl; Edit from the inspector.
#include <QtTest>

#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextBlock>

#include "app/console/console_widget.h"
#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/editor/code_editor.h"
#include "app/editor/learner_words.h"
#include "app/editor/yaml_editor.h"
#include "app/inspector/inspector_widget.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"
#include "engine/model/manifest_check.h"

using kubelab::app::MainWindow;
using kubelab::app::YamlEditor;

namespace {

const char kPod[] = "apiVersion: v1\n"
                    "kind: Pod\n"
                    "metadata:\n"
                    "  name: p\n"
                    "spec:\n"
                    "  containers:\n"
                    "  - name: c\n"
                    "    image: nginx\n";

// "line:column field" of every problem, for readable failures.
QStringList where(const std::vector<kubelab::model::ManifestProblem>& problems)
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

class tst_YamlEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validatesAfterTypingPause()
    {
        kubelab::app::SimulationController controller;
        YamlEditor editor(&controller);
        editor.show();
        editor.editor()->setPlainText(QString(kPod) + "     ports: []\n");
        // Not yet: the check waits for a pause in typing.
        QVERIFY(editor.problems().empty());
        QTRY_COMPARE_WITH_TIMEOUT(editor.problems().size(), size_t(1), 2000);
        QCOMPARE(editor.problemList()->count(), 1);
        QVERIFY(editor.problemList()->item(0)->text().startsWith("9:11  "));
        // The underline sits on line 9, from column 11.
        const auto marks = editor.editor()->extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks[0].format.underlineStyle(), QTextCharFormat::WaveUnderline);
        const QTextBlock line9 = editor.editor()->document()->findBlockByNumber(8);
        QCOMPARE(marks[0].cursor.block().blockNumber(), 8);
        QVERIFY(marks[0].cursor.selectionStart() - line9.position() <= 10);
        QVERIFY(marks[0].cursor.selectionEnd() - line9.position() > 10);

        // Fixing the text clears the problems and the underline.
        editor.editor()->setPlainText(kPod);
        QTRY_VERIFY_WITH_TIMEOUT(editor.problems().empty(), 2000);
        QVERIFY(editor.editor()->extraSelections().isEmpty());
        QVERIFY(editor.problemList()->isHidden());
    }

    void unknownFieldShowsPath()
    {
        kubelab::app::SimulationController controller;
        YamlEditor editor(&controller);
        editor.setText(QString(kPod) + "    portz: []\n");
        QCOMPARE(editor.problemList()->count(), 1);
        QVERIFY(editor.problemList()->item(0)->text().contains(
            "unknown field \"spec.containers[0].portz\""));
        QCOMPARE(editor.editor()->extraSelections()[0].cursor.selectedText(), QString("portz"));
    }

    // A raw pattern becomes a sentence a learner can act on; the field path and the place
    // stay, and Kubernetes' own words are in the tooltip.
    void quantityErrorsInALearnersWords_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cpu") << "cpu"
                             << "abc"
                             << "cpu must be a quantity such as 500m or 2";
        QTest::newRow("memory") << "memory"
                                << "12q"
                                << "memory must be a quantity such as 128Mi or 1Gi";
    }
    void quantityErrorsInALearnersWords()
    {
        QFETCH(QString, resource);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        kubelab::app::SimulationController controller;
        YamlEditor editor(&controller);
        editor.setText(QString(kPod) + "    resources:\n      requests:\n        " + resource +
                       ": " + value + "\n");
        QCOMPARE(editor.problemList()->count(), 1);
        const QString text = editor.problemList()->item(0)->text();
        QVERIFY2(text.contains(expected), qPrintable(text));
        QVERIFY2(text.startsWith(QStringLiteral("11:")), qPrintable(text)); // line of the value
        QVERIFY(text.contains(QStringLiteral("resources.requests")));
        QVERIFY(!text.contains(QStringLiteral("regular expression"))); // the raw pattern
        QVERIFY(editor.problemList()->item(0)->toolTip().contains(
            QStringLiteral("regular expression")));
    }
    void learnerWords()
    {
        using kubelab::app::learnerMessage;
        // Nothing to reword: the message as it is.
        QCOMPARE(learnerMessage("Required value", "spec.containers[0].image"),
                 QString("Required value"));
        QCOMPARE(learnerMessage("quantities must match the regular expression '^x$'",
                                "spec.containers[0].resources.limits[cpu]"),
                 QString("cpu must be a quantity such as 500m or 2 (a number, optionally with a "
                         "suffix: m for thousandths, Ki/Mi/Gi for bytes)"));
        QCOMPARE(learnerMessage("Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must "
                                "consist of lower case alphanumeric characters (e.g. "
                                "'example.com', regex used for validation is '[a-z]')",
                                "metadata.name"),
                 QString("Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist "
                         "of lower case alphanumeric characters"));
    }

    void applyCreates()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        YamlEditor* editor = w.yamlEditor();
        w.yamlEditorDock()->raise();
        editor->setText(kPod);
        QVERIFY(editor->problems().empty());
        QVERIFY(!w.controller()->cluster().object("pods", "default", "p"));
        editor->editor()->setFocus();
        QTest::keyClick(editor->editor(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(editor->resultText(), QString("pod/p created"));
        QVERIFY(w.controller()->cluster().object("pods", "default", "p"));

        // What the server refuses is shown, and nothing is created.
        editor->setText(QString(kPod).replace("name: p", "name: q").remove("    image: nginx\n"));
        QVERIFY(!editor->apply());
        QVERIFY2(editor->resultText().contains("The Pod \"q\" is invalid"),
                 qPrintable(editor->resultText()));
        QVERIFY(!w.controller()->cluster().object("pods", "default", "q"));
    }

    void editFromInspector()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=1\nsettle\n"));
        w.selection()->select({"deployments", "default", "web"});
        QTest::mouseClick(w.inspector()->editButton(), Qt::LeftButton);
        const QString text = w.yamlEditor()->editor()->toPlainText();
        QVERIFY(text.contains("kind: Deployment"));
        QVERIFY(text.contains("name: web"));
        QVERIFY(!text.contains("status:"));
        QVERIFY(!text.contains("resourceVersion"));
        QVERIFY(!text.contains("uid:"));
        QVERIFY2(w.yamlEditor()->problems().empty(),
                 qPrintable(where(w.yamlEditor()->problems()).join("\n")));
        // Change the replicas and apply: the Deployment is updated.
        w.yamlEditor()->setText(QString(text).replace("replicas: 1", "replicas: 3"));
        QVERIFY(w.yamlEditor()->apply());
        // kubectl warns, as it does, that the Deployment was not made by apply.
        QVERIFY(w.yamlEditor()->resultText().startsWith("deployment.apps/web configured\n"));
        const auto* d = w.controller()->cluster().object("deployments", "default", "web");
        QCOMPARE((*d)["spec"]["replicas"].get<int>(), 3);
    }

    void consoleEditOpensTheObject()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.controller()->runScript("kubectl create deployment web --image=nginx\n"));
        QLineEdit* input = w.console()->input();
        input->setText("kubectl edit deployment web");
        QTest::keyClick(input, Qt::Key_Return);
        YamlEditor* editor = w.yamlEditor();
        QCOMPARE(editor->editing(), QString("deployment web"));
        const QString text = editor->editor()->toPlainText();
        QVERIFY(text.contains("resourceVersion")); // the live object, as kubectl edit shows it
        editor->setText(QString(text).replace("replicas: 1", "replicas: 2"));
        QVERIFY(editor->apply());
        QCOMPARE(editor->resultText(), QString("deployment.apps/web edited"));
        QVERIFY(editor->editing().isEmpty());
        const auto* d = w.controller()->cluster().object("deployments", "default", "web");
        QCOMPARE((*d)["spec"]["replicas"].get<int>(), 2);

        // An object that is not there: kubectl's error, nothing to edit.
        input->setText("kubectl edit deployment nope");
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(editor->editing().isEmpty());
        QVERIFY2(editor->resultText().contains("\"nope\" not found"),
                 qPrintable(editor->resultText()));
    }
};

QTEST_MAIN(tst_YamlEditor)
#include "tst_yaml_editor.moc"
