// The window fits the screen it opens on: at 1280×800 the map, the event log, the console
// input and the status bar are all on screen, at 1920×1080 the space is used; View → Reset
// Layout brings the fitted layout back; a saved window too big for today's screen is fitted
// again; selecting a pod does not move the docks' splitters. The offscreen platform is
// given two screens of those sizes side by side (its configfile option), so both sizes are
// checked in one run.
#include <QtTest>

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryFile>

#include "app/console/console_widget.h"
#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/map/cluster_view.h"
#include "app/window/main_window.h"

using kubelab::app::MainWindow;

namespace {

// The widget's rectangle on the desktop, or an empty one when it is not shown.
QRect onDesktop(const QWidget* w)
{
    if (!w->isVisible() || w->width() <= 0 || w->height() <= 0)
        return {};
    return QRect(w->mapToGlobal(QPoint(0, 0)), w->size());
}

// True when `w` is shown, whole, inside the available area of `screen`.
bool insideScreen(const QWidget* w, const QScreen* screen)
{
    const QRect r = onDesktop(w);
    return !r.isEmpty() && screen->availableGeometry().contains(r);
}

QScreen* screenSized(QSize size)
{
    for (QScreen* s : QGuiApplication::screens())
        if (s->availableGeometry().size() == size)
            return s;
    return nullptr;
}

// A window on `screen` in its default (fitted) layout, shown.
void showFitted(MainWindow& w, QScreen* screen)
{
    w.setScreen(screen);
    w.resetLayout();
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
}

} // namespace

class tst_WindowFit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window_fit"));
        QSettings().clear();
        QVERIFY2(screenSized({1280, 800}) && screenSized({1920, 1080}),
                 "the offscreen platform did not read the two-screen configuration");
    }
    void cleanupTestCase() { QSettings().clear(); }

    void fits_data()
    {
        QTest::addColumn<QSize>("screenSize");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }
    void fits()
    {
        QFETCH(QSize, screenSize);
        QScreen* screen = screenSized(screenSize);
        MainWindow w;
        showFitted(w, screen);
        QVERIFY2(w.fitsScreen(), qPrintable(QStringLiteral("window %1x%2 at %3,%4")
                                                .arg(w.frameGeometry().width())
                                                .arg(w.frameGeometry().height())
                                                .arg(w.frameGeometry().x())
                                                .arg(w.frameGeometry().y())));
        QVERIFY(insideScreen(&w, screen));
        QVERIFY(insideScreen(w.console()->input(), screen));
        QVERIFY(insideScreen(w.statusBar(), screen));
        QVERIFY(insideScreen(w.stateBadge(), screen));
        QVERIFY(insideScreen(w.clusterView(), screen));
        QVERIFY(insideScreen(w.eventLog(), screen));
        // The space is used: most of the screen, not a fixed 1400×900.
        const QSize avail = screen->availableGeometry().size();
        QVERIFY(w.width() >= avail.width() * 85 / 100);
        QVERIFY(w.height() >= avail.height() * 85 / 100);
        // Every panel has room to be read.
        QVERIFY(w.console()->input()->height() >= w.console()->input()->sizeHint().height());
        QVERIFY(w.eventLog()->height() >= 80);
        QVERIFY(w.clusterView()->height() >= 150);
    }

    // The same checks fail on a window that does not fit: the old fixed 1400×900 on the
    // small screen puts the console input and the status bar off it.
    void checksFailOnAWindowThatDoesNotFit()
    {
        QScreen* screen = screenSized({1280, 800});
        MainWindow w;
        showFitted(w, screen);
        w.move(screen->availableGeometry().topLeft());
        w.resize(1400, 900);
        QTRY_COMPARE(w.size(), QSize(1400, 900));
        QVERIFY(!w.fitsScreen());
        QVERIFY(!insideScreen(&w, screen));
        QVERIFY(!insideScreen(w.console()->input(), screen));
        QVERIFY(!insideScreen(w.statusBar(), screen));
        // A hidden widget is not on screen either.
        w.console()->input()->hide();
        QVERIFY(!insideScreen(w.console()->input(), screen));
    }

    // The constructor fits the screen the window opens on (the first run: no saved layout).
    void firstRunFitsItsScreen()
    {
        QSettings().clear();
        MainWindow w;
        QVERIFY(!w.restoreLayout()); // nothing saved
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.fitsScreen());
        QVERIFY(insideScreen(w.console()->input(), w.screen()));
        QVERIFY(insideScreen(w.statusBar(), w.screen()));
    }

    // View → Reset Layout: hidden and shrunken docks come back, the window fits again.
    void resetLayoutBringsTheDefaultBack()
    {
        QScreen* screen = screenSized({1920, 1080});
        MainWindow w;
        showFitted(w, screen);
        const QRect fitted = w.geometry();
        w.clusterMapDock()->hide();
        w.resize(700, 500);
        QTRY_VERIFY(!w.clusterView()->isVisible());
        w.resetLayout();
        QTRY_VERIFY(w.clusterView()->isVisible());
        QTRY_COMPARE(w.geometry(), fitted);
        QVERIFY(insideScreen(w.console()->input(), screen));
    }

    // A layout saved on a big screen is fitted to a small one; one that fits is kept.
    void restoredLayoutIsFittedToTheScreen()
    {
        QScreen* small = screenSized({1280, 800});
        {
            MainWindow big;
            showFitted(big, small);
            big.resize(1800, 1000);
            QTRY_COMPARE(big.size(), QSize(1800, 1000));
            big.close(); // saves the layout
        }
        MainWindow w;
        w.setScreen(small);
        QVERIFY(w.restoreLayout());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.fitsScreen());
        QVERIFY(w.width() < 1800);

        // A learner's own smaller window is kept as they left it.
        w.resize(1100, 650);
        QTRY_COMPARE(w.size(), QSize(1100, 650));
        w.close();
        MainWindow again;
        again.setScreen(small);
        QVERIFY(again.restoreLayout());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(1100, 650));
        QSettings().clear();
    }

    // Selecting a pod brings the inspector forward without moving the splitters.
    void selectingAPodKeepsTheSplitters()
    {
        QScreen* screen = screenSized({1280, 800});
        MainWindow w;
        showFitted(w, screen);
        QVERIFY(w.controller()->runCommand(
            QStringLiteral("kubectl create deployment web --image=nginx --replicas=2")));
        QVERIFY(w.controller()->runCommand(QStringLiteral("settle")));
        QTRY_COMPARE(w.clusterView()->podNames().size(), 2 + 2); // web's and CoreDNS's
        QTest::qWait(50);
        const QRect map = w.clusterMapDock()->geometry();
        const QRect log = w.eventLogDock()->geometry();
        const auto pod = kubelab::app::ObjectRef::parse(
            QStringLiteral("pods/default/") +
            w.clusterView()->podNames().filter(QRegularExpression("^web-")).first());
        QVERIFY(pod);
        w.selection()->select(*pod);
        QTRY_VERIFY(w.inspectorDock()->isVisible());
        QTest::qWait(50);
        QCOMPARE(w.clusterMapDock()->geometry(), map);
        QCOMPARE(w.inspectorDock()->geometry(), log);
        QVERIFY(insideScreen(w.console()->input(), screen));

        // The comparison sees a splitter that moves.
        w.resizeDocks({w.clusterMapDock()}, {map.height() - 60}, Qt::Vertical);
        QTRY_VERIFY(w.clusterMapDock()->geometry() != map);
    }
};

int main(int argc, char** argv)
{
    // Two screens side by side, the sizes the issue names; the offscreen platform reads
    // them from a JSON file (Qt's qoffscreenintegration.cpp).
    QTemporaryFile screens(QDir::tempPath() + QStringLiteral("/kubelab-screens-XXXXXX.json"));
    if (!screens.open())
        return 2;
    screens.write(R"({"screens": [
        {"name": "small", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96},
        {"name": "large", "x": 1280, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}
    ]})");
    screens.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + screens.fileName().toLocal8Bit());
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    tst_WindowFit test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_window_fit.moc"
