// kubelab: the desktop app.
//   kubelab [--cluster FILE] [--chapter ID] [--script SCRIPT] [--run DURATION]
//           [--select OBJECT [--tab TAB]] [--event SEQ] [--edit MANIFEST] [--show PANEL]
//           [--screenshot FILE] [FILE.kubelab]
// KUBELAB_COLOR_SCHEME=dark|light forces a dark or light palette (otherwise the system's).
#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>
#include <unistd.h>

#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/editor/yaml_editor.h"
#include "app/inspector/inspector_widget.h"
#include "app/labs/lab_library.h"
#include "app/notes/notes_view.h"
#include "app/trace/event_log.h"
#include "app/window/main_window.h"
#include "app/window/rendering.h"
#include "engine/cluster/cluster.h"
#include "engine/cluster/topology.h"
#include "engine/sim/time.h"

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2f, 0x34), base(0x1d, 0x20, 0x24), text(0xe3, 0xe6, 0xea);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa4, 0xae));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6f, 0x9c, 0xff));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x88, 0x90));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x88, 0x90));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x88, 0x90));
    return p;
}

void applyColorSchemeOverride()
{
    const QByteArray scheme = qgetenv("KUBELAB_COLOR_SCHEME");
    if (scheme != "dark" && scheme != "light")
        return;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(scheme == "dark" ? darkPalette()
                                              : QApplication::style()->standardPalette());
}

} // namespace

int main(int argc, char** argv)
{
    // Chromium (Qt WebEngine) refuses to start its sandbox as root, which is how the
    // project's Debian machines run it.
    if (geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("KubeLab"));
    QApplication::setOrganizationName(QStringLiteral("KubeLab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/assets/icons/kubelab.png")));
    QGuiApplication::setDesktopFileName(QStringLiteral("kubelab"));
    QApplication::setApplicationVersion(QStringLiteral(KUBELAB_VERSION));
    applyColorSchemeOverride();
    kubelab::app::chooseQuickRenderer();

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
    QCommandLineOption run(QStringLiteral("run"),
                           QStringLiteral("After the script, advance DURATION of virtual time "
                                          "a second at a time, as playing does (e.g. 20s)."),
                           QStringLiteral("DURATION"));
    parser.addOption(run);
    QCommandLineOption show(QStringLiteral("show"),
                            QStringLiteral("Bring a panel forward and give it half the height: "
                                           "sequence, charts, eventLog, inspector, ..."),
                            QStringLiteral("PANEL"));
    parser.addOption(show);
    QCommandLineOption chapter(QStringLiteral("chapter"),
                               QStringLiteral("Open a chapter (e.g. control-plane/overview)."),
                               QStringLiteral("ID"));
    parser.addOption(chapter);
    QCommandLineOption at(QStringLiteral("at"),
                          QStringLiteral("With --chapter: open it where TEXT first occurs, as "
                                         "a search result does."),
                          QStringLiteral("TEXT"));
    parser.addOption(at);
    QCommandLineOption lab(QStringLiteral("lab"),
                           QStringLiteral("Open a lab (e.g. sched-requests) and build its "
                                          "cluster."),
                           QStringLiteral("ID"));
    parser.addOption(lab);
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Show OBJECT (pods/default/web, node/worker-1) in "
                                             "the inspector."),
                              QStringLiteral("OBJECT"));
    parser.addOption(select);
    QCommandLineOption tab(QStringLiteral("tab"),
                           QStringLiteral("With --select: the inspector tab to show (yaml, json, "
                                          "events, owners, scheduling, traffic)."),
                           QStringLiteral("TAB"));
    parser.addOption(tab);
    QCommandLineOption event(QStringLiteral("event"),
                             QStringLiteral("Select event #SEQ in the event log (the sequence "
                                            "view marks its arrow)."),
                             QStringLiteral("SEQ"));
    parser.addOption(event);
    QCommandLineOption edit(QStringLiteral("edit"),
                            QStringLiteral("Open a manifest in the YAML editor."),
                            QStringLiteral("MANIFEST"));
    parser.addOption(edit);
    parser.addPositionalArgument(QStringLiteral("cluster"),
                                 QStringLiteral("A saved cluster (.kubelab) to open."),
                                 QStringLiteral("[FILE]"));
    QCommandLineOption cluster(QStringLiteral("cluster"),
                               QStringLiteral("The cluster's shape, as kubelab-sim's --cluster "
                                              "reads it (YAML)."),
                               QStringLiteral("FILE"));
    parser.addOption(cluster);
    parser.process(app);

    kubelab::cluster::Topology topology = kubelab::cluster::Topology::defaults();
    if (parser.isSet(cluster)) {
        QFile f(parser.value(cluster));
        if (!f.open(QIODevice::ReadOnly)) {
            qCritical("cannot read cluster file %s", qPrintable(parser.value(cluster)));
            return 2;
        }
        try {
            topology = kubelab::cluster::Topology::fromYaml(f.readAll().toStdString(),
                                                            parser.value(cluster).toStdString());
        } catch (const std::exception& e) {
            qCritical("%s", e.what());
            return 2;
        }
    }
    kubelab::app::MainWindow window(topology);
    kubelab::app::NotesView* notes = window.notesView();
    if (parser.isSet(chapter) &&
        !(parser.isSet(at) ? notes->openChapterAt(parser.value(chapter), parser.value(at))
                           : notes->openChapter(parser.value(chapter)))) {
        QStringList ids;
        for (const auto& c : notes->library().chapters())
            ids << c.id;
        qCritical("no chapter \"%s\"; the chapters are: %s", qPrintable(parser.value(chapter)),
                  qPrintable(ids.join(QStringLiteral(", "))));
        return 2;
    }
    if (!parser.isSet(screenshot))
        window.restoreLayout(); // screenshots keep the default layout
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        window.openClusterFile(parser.positionalArguments().first());
        if (!window.waitForLoad()) {
            qCritical("%s", qPrintable(window.loadError()));
            return 2;
        }
    }
    if (parser.isSet(lab)) {
        if (!window.openLab(parser.value(lab))) {
            QStringList ids;
            for (const auto& l : window.labs().labs())
                ids << QString::fromStdString(l->id);
            qCritical("no lab \"%s\"; the labs are: %s", qPrintable(parser.value(lab)),
                      qPrintable(ids.join(QStringLiteral(", "))));
            return 2;
        }
        if (!window.waitForLoad()) {
            qCritical("%s", qPrintable(window.loadError()));
            return 2;
        }
    }
    if (parser.isSet(script)) {
        QFile f(parser.value(script));
        if (!f.open(QIODevice::ReadOnly)) {
            qCritical("cannot read script %s", qPrintable(parser.value(script)));
            return 2;
        }
        window.controller()->runScript(QString::fromUtf8(f.readAll()),
                                       QFileInfo(f).absolutePath());
    }
    if (parser.isSet(run)) {
        const auto total = kubelab::sim::parseDuration(parser.value(run).toStdString());
        if (!total || *total <= 0) {
            qCritical("not a duration: %s (try 20s or 2m)", qPrintable(parser.value(run)));
            return 2;
        }
        // One advance per virtual second, so views that sample on each advance (the
        // charts) see the run as they would while playing.
        for (kubelab::sim::Duration done = 0; done < *total; done += kubelab::sim::kSecond)
            window.controller()->runCommand(QStringLiteral("run 1s"));
    }
    if (parser.isSet(select)) {
        const auto ref = kubelab::app::ObjectRef::parse(parser.value(select));
        if (!ref) {
            qCritical("not an object: %s (try pods/default/NAME)",
                      qPrintable(parser.value(select)));
            return 2;
        }
        window.selection()->select(*ref);
        if (parser.isSet(tab)) {
            const QStringList tabs{QStringLiteral("yaml"), QStringLiteral("json"),
                                   QStringLiteral("events"), QStringLiteral("owners"),
                                   QStringLiteral("scheduling"), QStringLiteral("traffic")};
            const qsizetype index = tabs.indexOf(parser.value(tab).toLower());
            if (index < 0) {
                qCritical("no inspector tab %s (try: %s)", qPrintable(parser.value(tab)),
                          qPrintable(tabs.join(QStringLiteral(", "))));
                return 2;
            }
            window.inspector()->tabs()->setCurrentIndex(int(index));
        }
    }
    if (parser.isSet(event)) {
        // Event numbers are as the log's # and the timeline count them, from 1.
        bool ok = false;
        const qulonglong number = parser.value(event).toULongLong(&ok);
        const auto& records = window.controller()->cluster().sim().trace();
        if (!ok || number < 1 || number > records.size()) {
            qCritical("no event #%s in the trace", qPrintable(parser.value(event)));
            return 2;
        }
        window.eventLogPanel()->selectRecord(size_t(number - 1));
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
    if (parser.isSet(show)) {
        auto* dock = window.findChild<QDockWidget*>(parser.value(show));
        if (!dock) {
            QStringList names;
            for (const QDockWidget* d : window.findChildren<QDockWidget*>())
                names << d->objectName();
            qCritical("no panel \"%s\"; the panels are: %s", qPrintable(parser.value(show)),
                      qPrintable(names.join(QStringLiteral(", "))));
            return 2;
        }
        dock->show();
        dock->raise();
        window.resizeDocks({dock}, {window.height() / 2}, Qt::Vertical);
    }
    if (parser.isSet(screenshot)) {
        // Shoot once the chapter has loaded and painted (or after 15 s, whatever happened).
        const QString file = parser.value(screenshot);
        auto shoot = [&window, file] {
            const bool ok = window.grab().save(file);
            QApplication::exit(ok ? 0 : 1);
        };
        QObject::connect(notes, &QWebEngineView::loadFinished, &window, [&window, shoot](bool ok) {
            if (ok)
                QTimer::singleShot(500, &window, shoot);
        });
        QTimer::singleShot(15000, &window, shoot);
    }
    return app.exec();
}
