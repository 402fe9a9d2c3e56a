#pragma once
// Chapter Markdown to HTML. md4c renders the body (GitHub dialect); fenced code blocks
// the learner can act on get a button: ```yaml blocks "Apply", ```sh / ```console blocks
// "Run". The button carries the block's text in data-source for the notes page's script.
// A ```quiz block (see quiz.h) becomes an interactive question; a link to
// `glossary:ID` becomes a term that shows its glossary definition on hover; a link to
// `lab:ID` opens that lab (the notes view handles the click). A ```live block (see
// live_figure.h) becomes a <figure class="live"> the page draws from the cluster.
// Used by NotesView and ChapterLibrary; pure functions, no widgets.
#include <QString>
#include <QStringList>

namespace kubelab::app {

struct RenderedChapter
{
    QString title; // front matter `title:`, else the first `# heading`, else empty
    QString html;  // the body, without <html>/<head>
    QString error; // why the front matter could not be read (the body still renders)
    // What is wrong in the body, "line N: ..." in lines of the chapter file: a malformed
    // quiz or live figure (the page shows an error box in its place) or a glossary link to
    // no term.
    QStringList problems;
    int quizzes = 0;    // well-formed quiz blocks, numbered from 0 in the page
    int liveFigures = 0; // well-formed live blocks, numbered from 0 in the page
    QStringList terms;  // glossary ids linked, in order, repeats included
    QStringList labs;   // lab ids linked, in order
};

class Glossary;

// What a code block's button does, from the fence's info string (first word).
enum class CodeAction { None, Apply, Run };
CodeAction codeActionFor(const QString& language);

// Renders one chapter. Front matter is an optional YAML map between `---` lines at the top.
// Without a glossary every glossary link is a problem.
RenderedChapter renderChapter(const QString& markdown, const Glossary* glossary = nullptr);

// Inline Markdown (one paragraph) to HTML without the <p>, for quiz and glossary text.
QString renderInline(const QString& markdown);

// The words of prose in a chapter: its Markdown without front matter, fenced blocks and
// HTML tags, split at white space. What the chapter length test counts.
int proseWordCount(const QString& markdown);

// The chapter ID of `file` under `notesRoot`: its relative path without `.md`, with `/`
// separators ("control-plane/overview"). Empty if `file` is not a .md file under the root.
QString chapterIdForPath(const QString& notesRoot, const QString& file);

} // namespace kubelab::app
