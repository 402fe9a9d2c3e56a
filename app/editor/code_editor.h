#pragma once
// A plain-text editor with a line-number gutter, in a fixed-width font: the YAML editor's
// text area and the inspector's read-only YAML and JSON views.
#include <QPlainTextEdit>

namespace kubelab::app {

class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit CodeEditor(QWidget* parent = nullptr);

    // Width the gutter needs for the current number of lines.
    int gutterWidth() const;
    // Paints the gutter; called by the gutter widget.
    void paintGutter(QPaintEvent* event);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void layoutGutter();
    void updateGutter(const QRect& rect, int dy);

    QWidget* m_gutter;
};

} // namespace kubelab::app
