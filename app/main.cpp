// kubelab: the desktop app.
//   kubelab [--script SCRIPT] [--select OBJECT] [--edit MANIFEST] [--screenshot FILE]
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QFile>
#include <QTimer>

#include "app/main_window.h"
#include "app/selection.h"
#include "app/simulation_controller.h"
#include "app/yaml_editor.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("KubeLab"));
    QApplication::setOrganizationName(QStringLiteral("KubeLab"));
    QApplication::setApplicationVersion(QStringLiteral(KUBELAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("An interactive Kubernetes textbook"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a screenshot of the window and exit."),
                                  QStringLiteral("FILE"));
    parser.addOption(screenshot);
    QCommandLineOption script(QStringLiteral("script"),
                              QStringLiteral("Run a kubelab-sim shell script first."),
                              QStringLiteral("SCRIPT"));
    parser.addOption(script);
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Show OBJECT (pods/default/web, node/worker-1) in "
                                             "the inspector."),
                              QStringLiteral("OBJECT"));
    parser.addOption(select);
    QCommandLineOption edit(QStringLiteral("edit"),
                            QStringLiteral("Open a manifest in the YAML editor."),
                            QStringLiteral("MANIFEST"));
    parser.addOption(edit);
    parser.process(app);

    kubelab::app::MainWindow window;
    window.show();
    if (parser.isSet(script)) {
        QFile f(parser.value(script));
        if (!f.open(QIODevice::ReadOnly)) {
            qCritical("cannot read script %s", qPrintable(parser.value(script)));
            return 2;
        }
        window.controller()->runScript(QString::fromUtf8(f.readAll()));
    }
    if (parser.isSet(select)) {
        const auto ref = kubelab::app::ObjectRef::parse(parser.value(select));
        if (!ref) {
            qCritical("not an object: %s (try pods/default/NAME)",
                      qPrintable(parser.value(select)));
            return 2;
        }
        window.selection()->select(*ref);
    }
    if (parser.isSet(edit)) {
        QFile f(parser.value(edit));
        if (!f.open(QIODevice::ReadOnly)) {
            qCritical("cannot read manifest %s", qPrintable(parser.value(edit)));
            return 2;
        }
        window.yamlEditor()->setText(QString::fromUtf8(f.readAll()));
        window.yamlEditorDock()->raise();
    }
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(300, &window, [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
