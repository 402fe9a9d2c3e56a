#include "app/window/rendering.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QQuickWindow>

namespace kubelab::app {

QString openGlRenderer()
{
    QOpenGLContext context;
    if (!context.create())
        return {};
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!surface.isValid() || !context.makeCurrent(&surface))
        return {};
    const auto* name = reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    QString renderer = name ? QString::fromLatin1(name) : QString();
    context.doneCurrent();
    return renderer;
}

namespace {
const char* const kChoiceProperty = "kubelabQuickRenderer"; // on qApp, set once at start

QString choose()
{
    if (!qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND"))
        return QStringLiteral("QT_QUICK_BACKEND=%1").arg(qEnvironmentVariable("QT_QUICK_BACKEND"));
    const QString renderer = openGlRenderer();
    const bool software = renderer.isEmpty() || renderer.contains(QLatin1String("llvmpipe")) ||
                          renderer.contains(QLatin1String("softpipe")) ||
                          renderer.contains(QLatin1String("SwiftShader")) ||
                          renderer.contains(QLatin1String("Software Rasterizer"));
    if (!software)
        return QStringLiteral("OpenGL (%1)").arg(renderer);
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    return renderer.isEmpty() ? QStringLiteral("software (no OpenGL)")
                              : QStringLiteral("software (OpenGL is %1)").arg(renderer);
}
} // namespace

QString chooseQuickRenderer()
{
    const QString choice = choose();
    qApp->setProperty(kChoiceProperty, choice);
    return choice;
}

QString quickRendererChoice()
{
    return qApp ? qApp->property(kChoiceProperty).toString() : QString();
}

} // namespace kubelab::app
