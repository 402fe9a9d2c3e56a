#pragma once
// The notes view: one chapter at a time, rendered from Markdown into an HTML page styled by
// assets/notes (light or dark after the window palette, switching live when the palette
// changes). The page reaches the cluster through a QWebChannel `bridge` (NotesBridge).
// Links to other chapters open them here; web links open in the system browser; a
// `lab:ID` link is not navigated but announced with labRequested for the Labs view. The last
// chapter opened is remembered in QSettings and reopened at the next start.
#include <QWebEngineView>

#include "app/notes/chapter_library.h"

class QWebChannel;

namespace kubelab::app {

class NotesBridge;
class SimulationController;

class NotesView : public QWebEngineView
{
    Q_OBJECT
public:
    explicit NotesView(SimulationController* controller, QWidget* parent = nullptr);

    const ChapterLibrary& library() const { return m_library; }
    NotesBridge* bridge() const { return m_bridge; }
    QString currentChapter() const { return m_current; }
    // The chapter to show at start: the remembered one if it still exists, else the first.
    QString initialChapter() const;
    // True when the dark stylesheet is in use.
    bool darkTheme() const { return m_dark; }

    // The full page for a chapter (what openChapter loads), for the given theme.
    QString pageHtml(const QString& id, bool dark) const;

public Q_SLOTS:
    // Shows the chapter; false (and nothing changes) if there is no such chapter.
    bool openChapter(const QString& id);
    // Shows the chapter scrolled to the first place `text` occurs, highlighted (a search
    // result). The find runs once the page has loaded; findFinished reports it.
    bool openChapterAt(const QString& id, const QString& text);

Q_SIGNALS:
    void chapterOpened(const QString& id);
    // After openChapterAt: how many times the text occurs in the chapter (0: not found).
    void findFinished(const QString& text, int matches);
    // A `lab:ID` link in a chapter was clicked.
    void labRequested(const QString& labId);

protected:
    void changeEvent(QEvent* event) override;
    // The page's live figures redraw only while the view is shown.
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void followPalette();
    void setPageTheme();

    ChapterLibrary m_library;
    NotesBridge* m_bridge;
    QWebChannel* m_channel;
    QString m_current;
    QString m_pendingFind; // openChapterAt's text, found when the page has loaded
    bool m_dark = false;
};

} // namespace kubelab::app
