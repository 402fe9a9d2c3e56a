#include "app/notes/search_documents.h"

#include "app/notes/chapter_library.h"

#include <QTextDocumentFragment>

namespace kubelab::app {

QList<SearchDocument> chapterSearchDocuments(const ChapterLibrary& library)
{
    QList<SearchDocument> docs;
    for (const ChapterInfo& c : library.chapters()) {
        const RenderedChapter r = library.render(c.id);
        docs.append({QStringLiteral("chapter"), c.id, c.title,
                     QTextDocumentFragment::fromHtml(r.html).toPlainText()});
    }
    return docs;
}

} // namespace kubelab::app
