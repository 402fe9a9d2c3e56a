// kubelab: the desktop app.
//   kubelab [--screenshot FILE]
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "app/main_window.h"

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
    parser.process(app);

    kubelab::app::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        QTimer::singleShot(300, &window, [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
