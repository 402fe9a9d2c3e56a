#include "app/notes/notes_view.h"

#include <QDesktopServices>
#include <QEvent>
#include <QSettings>
#include <QTimer>
#include <QWebChannel>
#include <QWebEngineFindTextResult>
#include <QWebEnginePage>

#include "app/map/pod_phase.h"
#include "app/notes/notes_bridge.h"

namespace kubelab::app {

namespace {

const QString kLastChapterKey = QStringLiteral("notes/lastChapter");

// Keeps navigation inside the notes: chapter links go to the view, web links to the
// system browser, and the page's script errors to the application log.
class NotesPage : public QWebEnginePage
{
public:
    NotesPage(NotesView* view) : QWebEnginePage(view), m_view(view) {}

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool mainFrame) override
    {
        if (type != NavigationTypeLinkClicked || !mainFrame)
            return true;
        const QString chapter = m_view->library().chapterForUrl(url);
        if (!chapter.isEmpty()) {
            // Not from inside the navigation callback: openChapter replaces the page.
            QTimer::singleShot(0, m_view, [v = m_view, chapter] { v->openChapter(chapter); });
            return false;
        }
        const QString scheme = url.scheme();
        if (scheme == QLatin1String("lab")) {
            QTimer::singleShot(0, m_view, [v = m_view, id = url.path()] {
                Q_EMIT v->labRequested(id);
            });
            return false;
        }
        if (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
            scheme == QLatin1String("mailto")) {
            QDesktopServices::openUrl(url);
            return false;
        }
        return true;
    }

    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString& message,
                                  int line, const QString& source) override
    {
        if (level == ErrorMessageLevel)
            qWarning("notes page %s:%d: %s", qPrintable(source), line, qPrintable(message));
    }

private:
    NotesView* m_view;
};

} // namespace

NotesView::NotesView(SimulationController* controller, QWidget* parent)
    : QWebEngineView(parent), m_bridge(new NotesBridge(controller, this)),
      m_channel(new QWebChannel(this))
{
    setAccessibleName(tr("Notes"));
    setPage(new NotesPage(this));
    m_channel->registerObject(QStringLiteral("bridge"), m_bridge);
    m_bridge->setPageVisible(false); // until shown
    connect(m_bridge, &NotesBridge::labRequested, this, &NotesView::labRequested);
    page()->setWebChannel(m_channel);
    m_dark = palette().color(QPalette::Window).lightness() < 128;
    page()->setBackgroundColor(palette().color(QPalette::Base));
    // The palette may have changed while a page was loading.
    connect(this, &QWebEngineView::loadFinished, this, [this](bool ok) {
        if (ok)
            setPageTheme();
        if (ok && !m_pendingFind.isEmpty()) {
            const QString text = std::exchange(m_pendingFind, QString());
            page()->findText(text, {}, [this, text](const QWebEngineFindTextResult& r) {
                Q_EMIT findFinished(text, r.numberOfMatches());
            });
        }
    });
}

QString NotesView::initialChapter() const
{
    const QString last = QSettings().value(kLastChapterKey).toString();
    if (m_library.contains(last))
        return last;
    return m_library.chapters().isEmpty() ? QString() : m_library.chapters().first().id;
}

QString NotesView::pageHtml(const QString& id, bool dark) const
{
    const RenderedChapter chapter = m_library.render(id);
    const QString error =
        chapter.error.isEmpty()
            ? QString()
            : QStringLiteral("<p class=\"notes-error\">%1</p>").arg(chapter.error.toHtmlEscaped());
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<title>%1</title>"
               "<link rel=\"stylesheet\" href=\"qrc:/assets/notes/notes.css\">"
               "<link id=\"theme\" rel=\"stylesheet\" href=\"qrc:/assets/notes/notes-%2.css\">"
               "<style>%5</style>"
               "<script src=\"qrc:///qtwebchannel/qwebchannel.js\"></script>"
               "<script src=\"qrc:/assets/notes/notes.js\"></script>"
               "</head><body><article data-chapter=\"%6\">%3%4</article></body></html>\n")
        .arg(chapter.title.toHtmlEscaped(), dark ? QStringLiteral("dark") : QStringLiteral("light"),
             error, chapter.html, phaseCss(), id.toHtmlEscaped());
}

bool NotesView::openChapter(const QString& id)
{
    if (!m_library.contains(id))
        return false;
    m_current = id;
    setHtml(pageHtml(id, m_dark), m_library.baseUrl(id));
    QSettings().setValue(kLastChapterKey, id);
    Q_EMIT chapterOpened(id);
    return true;
}

bool NotesView::openChapterAt(const QString& id, const QString& text)
{
    if (!m_library.contains(id))
        return false;
    m_pendingFind = text;
    m_bridge->setRestorePosition(false);
    return openChapter(id);
}

void NotesView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        followPalette();
    QWebEngineView::changeEvent(event);
}

void NotesView::showEvent(QShowEvent* event)
{
    m_bridge->setPageVisible(true);
    QWebEngineView::showEvent(event);
}

void NotesView::hideEvent(QHideEvent* event)
{
    m_bridge->setPageVisible(false);
    QWebEngineView::hideEvent(event);
}

void NotesView::followPalette()
{
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    page()->setBackgroundColor(palette().color(QPalette::Base));
    if (dark == m_dark)
        return;
    m_dark = dark;
    setPageTheme();
}

void NotesView::setPageTheme()
{
    // Swap the stylesheet in place so the reader keeps their scroll position.
    page()->runJavaScript(QStringLiteral("kubelab.setTheme(%1)")
                              .arg(m_dark ? QStringLiteral("true") : QStringLiteral("false")));
}

} // namespace kubelab::app
