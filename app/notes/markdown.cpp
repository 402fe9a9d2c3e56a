#include "app/notes/markdown.h"

#include "app/notes/glossary.h"
#include "app/notes/live_figure.h"
#include "app/notes/quiz.h"

#include <md4c-html.h>
#include <md4c.h>
#include <yaml-cpp/yaml.h>

#include <QDir>
#include <QRegularExpression>

#include <functional>

namespace kubelab::app {

namespace {

// Front matter: a first line that is exactly `---`, then YAML up to the next `---` line.
struct Split
{
    QString frontMatter;
    QString body;
    bool hasFrontMatter = false;
};

Split splitFrontMatter(const QString& markdown)
{
    static const QRegularExpression re(QStringLiteral("\\A---\\r?\\n(.*?)^---[ \\t]*(\\r?\\n|\\z)"),
                                       QRegularExpression::DotMatchesEverythingOption |
                                           QRegularExpression::MultilineOption);
    const QRegularExpressionMatch m = re.match(markdown);
    if (!m.hasMatch())
        return {QString(), markdown, false};
    return {m.captured(1), markdown.mid(m.capturedEnd()), true};
}

QString unescapeHtml(QString text)
{
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return text;
}

void appendOutput(const MD_CHAR* text, MD_SIZE size, void* userdata)
{
    static_cast<QByteArray*>(userdata)->append(text, qsizetype(size));
}

// md4c writes a fenced block as <pre><code class="language-X">escaped text</code></pre>;
// the escaped text is already safe inside a double-quoted attribute.
QString addCodeActions(const QString& html)
{
    static const QRegularExpression block(
        QStringLiteral("<pre><code class=\"language-([^\"]*)\">(.*?)</code></pre>\\n?"),
        QRegularExpression::DotMatchesEverythingOption);
    QString out;
    qsizetype last = 0;
    auto it = block.globalMatch(html);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const CodeAction action = codeActionFor(m.captured(1));
        if (action == CodeAction::None)
            continue;
        const bool apply = action == CodeAction::Apply;
        out += QStringView(html).mid(last, m.capturedStart() - last);
        out += QStringLiteral("<div class=\"code-block\">") + m.captured(0).trimmed() +
               QStringLiteral("<div class=\"code-actions\"><button type=\"button\" "
                              "class=\"code-action\" data-action=\"%1\" data-source=\"%2\" "
                              "title=\"%3\">%4</button></div>"
                              "<div class=\"code-result\" hidden></div></div>\n")
                   .arg(apply ? QStringLiteral("apply") : QStringLiteral("run"), m.captured(2),
                        apply ? QStringLiteral("kubectl apply this manifest to the cluster")
                              : QStringLiteral("Run these commands in the cluster"),
                        apply ? QStringLiteral("Apply") : QStringLiteral("Run"));
        last = m.capturedEnd();
    }
    out += QStringView(html).mid(last);
    return out;
}

// The 1-based line of each fenced block opened with `info` as its info string, in order.
// A simple CommonMark fence scanner: a fence of ``` or ~~~ (three or more, indented at most
// three spaces) closes only on a fence of the same character at least as long.
QList<int> fenceLines(const QString& markdown, QLatin1String info)
{
    static const QRegularExpression open(QStringLiteral("\\A {0,3}(`{3,}|~{3,})\\s*([^\\s`]*)"));
    QList<int> lines;
    QString fence;
    const QStringList all = markdown.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString line = all[i];
        if (fence.isEmpty()) {
            const QRegularExpressionMatch m = open.match(line);
            if (!m.hasMatch())
                continue;
            fence = m.captured(1);
            if (m.captured(2) == info)
                lines << int(i + 1);
        } else {
            const QRegularExpression close(QStringLiteral("\\A {0,3}%1%2*[ \\t]*\\z")
                                               .arg(QRegularExpression::escape(fence),
                                                    QRegularExpression::escape(fence.left(1))));
            if (close.match(line).hasMatch())
                fence.clear();
        }
    }
    return lines;
}

QString quizHtml(const Quiz& quiz, int index)
{
    QString html = QStringLiteral("<div class=\"quiz\" data-quiz=\"%1\">"
                                  "<div class=\"quiz-head\">Question %2</div>"
                                  "<div class=\"quiz-question\">%3</div><ol class=\"quiz-choices\">")
                       .arg(index)
                       .arg(index + 1)
                       .arg(renderInline(quiz.question));
    for (qsizetype i = 0; i < quiz.choices.size(); ++i) {
        const QuizChoice& c = quiz.choices[i];
        html += QStringLiteral("<li class=\"quiz-choice\" data-choice=\"%1\" data-right=\"%2\">"
                               "<button type=\"button\" class=\"quiz-pick\">%3</button>"
                               "<div class=\"quiz-why\" hidden>%4</div></li>")
                    .arg(i)
                    .arg(c.right ? 1 : 0)
                    .arg(renderInline(c.text), renderInline(c.why));
    }
    return html + QStringLiteral("</ol><div class=\"quiz-feedback\" hidden></div></div>\n");
}

// Replaces each fenced block with info string `info` (md4c renders it as code) by what
// `make(text, firstLine)` returns for its unescaped text and the chapter line of its first
// line of YAML; `make` returns an error, if any, in *error and the block becomes an error
// box naming `what` and the fence's line, and a problem of the chapter.
QString replaceBlocks(const QString& html, const QString& markdown, QLatin1String info,
                      const QString& what, RenderedChapter& result,
                      const std::function<QString(const QString&, int, QString*)>& make)
{
    const QRegularExpression block(
        QStringLiteral("<pre><code class=\"language-%1\">(.*?)</code></pre>\\n?").arg(info),
        QRegularExpression::DotMatchesEverythingOption);
    const QList<int> lines = fenceLines(markdown, info);
    QString out;
    qsizetype last = 0;
    int n = 0;
    for (auto it = block.globalMatch(html); it.hasNext(); ++n) {
        const QRegularExpressionMatch m = it.next();
        const int fenceLine = n < lines.size() ? lines[n] : 0;
        QString error;
        const QString made = make(unescapeHtml(m.captured(1)), fenceLine + 1, &error);
        out += QStringView(html).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        if (error.isEmpty()) {
            out += made;
            continue;
        }
        result.problems << what + QStringLiteral(": ") + error;
        out += QStringLiteral("<div class=\"%1-error\" role=\"alert\"><strong>This %2 could not "
                              "be read</strong> (the %1 block at chapter line %3): %4</div>\n")
                   .arg(info, what)
                   .arg(fenceLine)
                   .arg(error.toHtmlEscaped());
    }
    out += QStringView(html).mid(last);
    return out;
}

// Replaces the ```quiz blocks with quizzes (or error boxes).
QString addQuizzes(const QString& html, const QString& markdown, RenderedChapter& result)
{
    return replaceBlocks(html, markdown, QLatin1String("quiz"), QStringLiteral("quiz"), result,
                         [&result](const QString& text, int firstLine, QString* error) {
                             const QuizDecode d = decodeQuiz(text, firstLine);
                             *error = d.error;
                             return d.error.isEmpty() ? quizHtml(d.quiz, result.quizzes++)
                                                      : QString();
                         });
}

// Replaces the ```live blocks with placeholders the page fills in from the bridge (or with
// error boxes): the figure's spec in data attributes, its caption and the live stamp.
QString liveFigureHtml(const LiveFigure& figure, int index)
{
    QString data;
    const QVariantMap spec = figure.toMap();
    for (auto f = spec.cbegin(); f != spec.cend(); ++f)
        data += QStringLiteral(" data-%1=\"%2\"").arg(f.key(), f.value().toString().toHtmlEscaped());
    return QStringLiteral("<figure class=\"live\" data-live=\"%1\"%2><div class=\"live-drawing\">"
                          "<p class=\"live-empty\">The live figure appears here once the notes "
                          "are connected to the cluster.</p></div><figcaption>%3"
                          "<span class=\"live-stamp\">Live: drawn from the cluster beside "
                          "you</span></figcaption></figure>\n")
        .arg(index)
        .arg(data, figure.caption.isEmpty()
                       ? QString()
                       : QStringLiteral("<span class=\"live-caption\">%1</span> ")
                             .arg(renderInline(figure.caption)));
}

QString addLiveFigures(const QString& html, const QString& markdown, RenderedChapter& result)
{
    return replaceBlocks(html, markdown, QLatin1String("live"), QStringLiteral("live figure"),
                         result, [&result](const QString& text, int firstLine, QString* error) {
                             const LiveFigureDecode d = decodeLiveFigure(text, firstLine);
                             *error = d.error;
                             return d.error.isEmpty()
                                        ? liveFigureHtml(d.figure, result.liveFigures++)
                                        : QString();
                         });
}

// The 1-based line where `needle` first occurs in `text` (0 if it does not).
int lineOf(const QString& text, const QString& needle)
{
    const qsizetype at = text.indexOf(needle);
    return at < 0 ? 0 : int(QStringView(text).left(at).count(QLatin1Char('\n')) + 1);
}

// Glossary links become terms with their definition in a hover box; lab links get a class.
QString addTermsAndLabs(const QString& html, const QString& markdown, const Glossary* glossary,
                        RenderedChapter& result)
{
    static const QRegularExpression link(
        QStringLiteral("<a href=\"(glossary|lab):([^\"]*)\"(?: title=\"[^\"]*\")?>(.*?)</a>"),
        QRegularExpression::DotMatchesEverythingOption);
    QString out;
    qsizetype last = 0;
    for (auto it = link.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString id = m.captured(2);
        const QString label = m.captured(3);
        out += QStringView(html).mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        if (m.captured(1) == QLatin1String("lab")) {
            result.labs << id;
            out += QStringLiteral("<a class=\"lab-link\" href=\"lab:%1\" title=\"Open the lab\">"
                                  "%2</a>")
                       .arg(id, label);
            continue;
        }
        result.terms << id;
        const GlossaryEntry* entry = glossary ? glossary->find(id) : nullptr;
        if (!entry) {
            result.problems << QStringLiteral("line %1: no glossary term \"%2\"")
                                   .arg(lineOf(markdown, QStringLiteral("(glossary:") + id))
                                   .arg(id);
            out += QStringLiteral("<span class=\"term term-unknown\" title=\"not in the "
                                  "glossary\">%1</span>")
                       .arg(label);
            continue;
        }
        QString see;
        for (const QString& s : entry->see)
            if (const GlossaryEntry* other = glossary->find(s))
                see += (see.isEmpty() ? QString() : QStringLiteral(", ")) + other->term.toHtmlEscaped();
        out += QStringLiteral("<span class=\"term\" tabindex=\"0\" data-term=\"%1\">%2<span "
                              "class=\"term-def\" role=\"tooltip\"><strong>%3</strong> %4%5</span>"
                              "</span>")
                   .arg(id, label, entry->term.toHtmlEscaped(), renderInline(entry->definition),
                        see.isEmpty() ? QString()
                                      : QStringLiteral("<span class=\"term-see\">See also: %1</span>")
                                            .arg(see));
    }
    out += QStringView(html).mid(last);
    return out;
}

QString firstHeading(const QString& html)
{
    static const QRegularExpression h1(QStringLiteral("<h1>(.*?)</h1>"),
                                       QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    const QRegularExpressionMatch m = h1.match(html);
    if (!m.hasMatch())
        return {};
    return unescapeHtml(m.captured(1).remove(tag)).simplified();
}

} // namespace

CodeAction codeActionFor(const QString& language)
{
    const QString lang = language.section(QLatin1Char(' '), 0, 0).toLower();
    if (lang == QLatin1String("yaml") || lang == QLatin1String("yml"))
        return CodeAction::Apply;
    if (lang == QLatin1String("sh") || lang == QLatin1String("shell") ||
        lang == QLatin1String("bash") || lang == QLatin1String("console"))
        return CodeAction::Run;
    return CodeAction::None;
}

QString renderInline(const QString& markdown)
{
    const QByteArray source = markdown.toUtf8();
    QByteArray html;
    md_html(source.constData(), MD_SIZE(source.size()), appendOutput, &html, MD_DIALECT_GITHUB,
            MD_HTML_FLAG_SKIP_UTF8_BOM);
    QString text = QString::fromUtf8(html).trimmed();
    if (text.startsWith(QLatin1String("<p>")) && text.endsWith(QLatin1String("</p>")))
        text = text.mid(3, text.size() - 7);
    return text;
}

int proseWordCount(const QString& markdown)
{
    static const QRegularExpression fenced(
        QStringLiteral("^ {0,3}(`{3,}|~{3,})[^\\n]*\\n.*?^ {0,3}\\1[`~]*[ \\t]*$"),
        QRegularExpression::DotMatchesEverythingOption | QRegularExpression::MultilineOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    static const QRegularExpression word(QStringLiteral("\\w"));
    QString body = splitFrontMatter(markdown).body;
    body.remove(fenced).remove(tag);
    int words = 0;
    for (const QString& w : body.split(space, Qt::SkipEmptyParts))
        if (w.contains(word))
            ++words;
    return words;
}

RenderedChapter renderChapter(const QString& markdown, const Glossary* glossary)
{
    RenderedChapter result;
    const Split split = splitFrontMatter(markdown);
    if (split.hasFrontMatter) {
        try {
            const YAML::Node front = YAML::Load(split.frontMatter.toStdString());
            if (!front.IsMap() && !front.IsNull())
                result.error = QStringLiteral("front matter: expected a map of fields");
            else if (front["title"])
                result.title = QString::fromStdString(front["title"].as<std::string>());
        } catch (const YAML::Exception& e) {
            // The front matter starts on line 2 of the file.
            result.error = QStringLiteral("front matter:%1:%2: %3")
                               .arg(e.mark.line + 2)
                               .arg(e.mark.column + 1)
                               .arg(QString::fromStdString(e.msg));
        }
    }
    const QByteArray source = split.body.toUtf8();
    QByteArray html;
    if (md_html(source.constData(), MD_SIZE(source.size()), appendOutput, &html, MD_DIALECT_GITHUB,
                MD_HTML_FLAG_SKIP_UTF8_BOM) != 0)
        result.error = QStringLiteral("md4c could not parse the Markdown");
    result.html = addTermsAndLabs(
        addCodeActions(addLiveFigures(addQuizzes(QString::fromUtf8(html), markdown, result),
                                      markdown, result)),
        markdown,
        glossary, result);
    if (result.title.isEmpty())
        result.title = firstHeading(result.html);
    return result;
}

QString chapterIdForPath(const QString& notesRoot, const QString& file)
{
    if (!file.endsWith(QLatin1String(".md")))
        return {};
    const QString rel = QDir(notesRoot).relativeFilePath(file);
    if (rel.startsWith(QLatin1String("..")) || QDir::isAbsolutePath(rel))
        return {};
    return rel.chopped(3);
}

} // namespace kubelab::app
