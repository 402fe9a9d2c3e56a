#include "app/notes/markdown.h"

#include <md4c-html.h>
#include <md4c.h>
#include <yaml-cpp/yaml.h>

#include <QDir>
#include <QRegularExpression>

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

RenderedChapter renderChapter(const QString& markdown)
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
    result.html = addCodeActions(QString::fromUtf8(html));
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
