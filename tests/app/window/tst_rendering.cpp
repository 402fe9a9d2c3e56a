// The renderer choice (app/window/rendering.h): QT_QUICK_BACKEND decides when set; otherwise a
// software OpenGL (llvmpipe) or none at all means Qt Quick's software renderer, and a
// hardware one leaves Qt Quick on OpenGL.
#include <QtTest>

#include <QQuickWindow>

#include "app/window/rendering.h"

class tst_Rendering : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void environmentDecidesWhenSet()
    {
        qputenv("QT_QUICK_BACKEND", "software");
        const QString before = QQuickWindow::sceneGraphBackend();
        QCOMPARE(kubelab::app::chooseQuickRenderer(), QStringLiteral("QT_QUICK_BACKEND=software"));
        QCOMPARE(QQuickWindow::sceneGraphBackend(), before); // left to Qt
        qunsetenv("QT_QUICK_BACKEND");
    }

    void followsTheOpenGlRenderer()
    {
        const QString gl = kubelab::app::openGlRenderer();
        const bool softwareGl = gl.isEmpty() || gl.contains(QLatin1String("llvmpipe")) ||
                                gl.contains(QLatin1String("softpipe"));
        const QString choice = kubelab::app::chooseQuickRenderer();
        QCOMPARE(kubelab::app::quickRendererChoice(), choice); // what About shows
        QVERIFY2(
            choice.startsWith(softwareGl ? QLatin1String("software") : QLatin1String("OpenGL")),
            qPrintable(choice + " for " + gl));
        QCOMPARE(QQuickWindow::sceneGraphBackend() == QLatin1String("software"), softwareGl);
        if (!gl.isEmpty())
            QVERIFY2(choice.contains(gl), qPrintable(choice)); // says which renderer it saw
    }
};

QTEST_MAIN(tst_Rendering)
#include "tst_rendering.moc"
