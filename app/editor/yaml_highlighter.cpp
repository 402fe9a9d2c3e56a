#include "app/editor/yaml_highlighter.h"

namespace kubelab::app {

YamlHighlighter::YamlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document)
{
    // Colours that read on light and dark backgrounds alike.
    m_key.setForeground(QColor(0x2a, 0x7a, 0xb8));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(QColor(0x2e, 0x8b, 0x3e));
    m_number.setForeground(QColor(0xb0, 0x5a, 0x00));
    m_literal.setForeground(QColor(0x9b, 0x3f, 0xb5));
    m_comment.setForeground(QColor(0x80, 0x80, 0x80));
    m_comment.setFontItalic(true);
    m_marker.setForeground(QColor(0xc0, 0x39, 0x2b));
    m_marker.setFontWeight(QFont::Bold);
    m_dash.setForeground(QColor(0x80, 0x80, 0x80));
    m_dash.setFontWeight(QFont::Bold);
}

namespace {
// Where a `#` comment starts (outside quotes, at line start or after a space), or -1.
int commentStart(const QString& text)
{
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' && (i == 0 || text[i - 1].isSpace())) {
            return i;
        }
    }
    return -1;
}
} // namespace

void YamlHighlighter::scalar(const QString& text, int start, int end)
{
    while (start < end && text[start].isSpace())
        ++start;
    while (end > start && text[end - 1].isSpace())
        --end;
    if (start >= end)
        return;
    const QString value = text.mid(start, end - start);
    static const QRegularExpression number(
        QStringLiteral("^[-+]?(\\d[\\d_]*(\\.\\d*)?([eE][-+]?\\d+)?|0x[0-9a-fA-F]+|\\.inf)$"));
    static const QRegularExpression literal(
        QStringLiteral("^(true|false|True|False|TRUE|FALSE|yes|no|on|off|null|Null|NULL|~)$"));
    if (value.startsWith('"') || value.startsWith('\''))
        setFormat(start, end - start, m_string);
    else if (number.match(value).hasMatch())
        setFormat(start, end - start, m_number);
    else if (literal.match(value).hasMatch())
        setFormat(start, end - start, m_literal);
}

void YamlHighlighter::highlightBlock(const QString& text)
{
    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, 3, m_marker);
        const int hash = commentStart(text);
        if (hash >= 0)
            setFormat(hash, int(text.size()) - hash, m_comment);
        return;
    }
    const int hash = commentStart(text);
    const int end = hash >= 0 ? hash : int(text.size());
    int pos = 0;
    while (pos < end && text[pos].isSpace())
        ++pos;
    // List dashes, possibly several ("- - a").
    while (pos < end && text[pos] == '-' && (pos + 1 == end || text[pos + 1] == ' ')) {
        setFormat(pos, 1, m_dash);
        pos += 2;
        while (pos < end && text[pos] == ' ')
            ++pos;
    }
    // `key: value`: a key is plain or quoted text before ": " or a line-ending ":".
    static const QRegularExpression key(
        QStringLiteral("^(\"[^\"]*\"|'[^']*'|[^\\s#'\"{\\[][^#]*?)\\s*:(\\s|$)"));
    const QRegularExpressionMatch m = key.match(text.mid(pos, end - pos));
    if (m.hasMatch()) {
        setFormat(pos, int(m.capturedLength(1)), m_key);
        pos += int(m.capturedEnd(0));
    }
    scalar(text, pos, end);
    if (hash >= 0)
        setFormat(hash, int(text.size()) - hash, m_comment);
}

} // namespace kubelab::app
