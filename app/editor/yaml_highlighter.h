#pragma once
// Colours YAML as a learner expects from an editor: keys, quoted strings, numbers,
// booleans and null, comments, list dashes and the `---` / `...` document markers. Used
// by the YAML editor and the inspector's read-only YAML view. Line-local on purpose: block
// scalars (`|`) are coloured line by line as plain text.
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace kubelab::app {

class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;

private:
    void scalar(const QString& text, int start, int end);

    QTextCharFormat m_key, m_string, m_number, m_literal, m_comment, m_marker, m_dash;
};

} // namespace kubelab::app
