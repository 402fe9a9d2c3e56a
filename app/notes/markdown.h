#pragma once
// Chapter Markdown to HTML. md4c renders the body (GitHub dialect); fenced code blocks
// the learner can act on get a button: ```yaml blocks "Apply", ```sh / ```console blocks
// "Run". The button carries the block's text in data-source for the notes page's script.
// Used by NotesView and ChapterLibrary; pure functions, no widgets.
#include <QString>

namespace kubelab::app {

struct RenderedChapter
{
    QString title; // front matter `title:`, else the first `# heading`, else empty
    QString html;  // the body, without <html>/<head>
    QString error; // why the front matter could not be read (the body still renders)
};

// What a code block's button does, from the fence's info string (first word).
enum class CodeAction { None, Apply, Run };
CodeAction codeActionFor(const QString& language);

// Renders one chapter. Front matter is an optional YAML map between `---` lines at the top.
RenderedChapter renderChapter(const QString& markdown);

// The chapter ID of `file` under `notesRoot`: its relative path without `.md`, with `/`
// separators ("control-plane/overview"). Empty if `file` is not a .md file under the root.
QString chapterIdForPath(const QString& notesRoot, const QString& file);

} // namespace kubelab::app
