#pragma once
// The chapters of the notes: `index.yaml` under the notes root gives their reading order;
// each chapter is `<id>.md` (Markdown with optional front matter) beside its figures;
// `glossary.yaml` (optional) defines the terms chapters link to.
// The app reads the copy compiled into its resources (":/notes"); tests may point it at
// a directory. Loads once; read-only afterwards.
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "app/notes/glossary.h"
#include "app/notes/markdown.h"

namespace kubelab::app {

struct ChapterInfo
{
    QString id;    // "control-plane/overview"
    QString title; // from the chapter's front matter or first heading
};

class ChapterLibrary
{
public:
    explicit ChapterLibrary(const QString& root = QStringLiteral(":/notes"));

    // In reading order; only chapters whose file exists.
    const QList<ChapterInfo>& chapters() const { return m_chapters; }
    bool contains(const QString& id) const;
    QString title(const QString& id) const;
    const Glossary& glossary() const { return m_glossary; }
    // Renders the chapter's current file ({} with an error if it cannot be read).
    RenderedChapter render(const QString& id) const;
    // The chapter's folder as a URL ending in "/": relative links in it resolve there.
    QUrl baseUrl(const QString& id) const;
    // The chapter a URL inside the notes points at ("" if it is not a chapter file).
    QString chapterForUrl(const QUrl& url) const;

    // What is wrong with the notes, one message each: an unreadable index, an indexed
    // chapter without a file, a chapter file missing from the index, bad front matter,
    // a chapter without a title, a malformed quiz, a glossary link to no term, a problem in
    // the glossary. Empty when the notes are consistent.
    const QStringList& problems() const { return m_problems; }

private:
    QString filePath(const QString& id) const;
    QUrl rootUrl() const;

    QString m_root;
    Glossary m_glossary;
    QList<ChapterInfo> m_chapters;
    QStringList m_problems;
};

} // namespace kubelab::app
