#include "app/editor/yaml_editor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QTextBlock>
#include <QVBoxLayout>

#include "app/core/simulation_controller.h"
#include "app/editor/code_editor.h"
#include "app/editor/learner_words.h"
#include "app/editor/yaml_highlighter.h"

namespace kubelab::app {

namespace {
constexpr int kTypingPauseMs = 250;
constexpr int kProblemRows = 4;
// Ends the here-document that carries the text to kubectl; a manifest line is unlikely
// to be exactly this.
const QString kEndMarker = QStringLiteral("KUBELAB_YAML_EDITOR_END");
const QColor kErrorColor(0xc0, 0x39, 0x2b);
const QColor kOkColor(0x27, 0xae, 0x60);

// The text to underline for a problem: the token at line:column (a key up to its colon,
// else up to the next space), or the line's text when the column is past it.
QTextCursor problemCursor(QTextDocument* doc, const model::ManifestProblem& p)
{
    const QTextBlock block = doc->findBlockByNumber(p.line - 1);
    if (!block.isValid())
        return {};
    const QString text = block.text();
    int start = std::clamp(p.column - 1, 0, int(text.size()));
    int end = start;
    while (end < text.size() && text[end] != ':' && !text[end].isSpace())
        ++end;
    if (end == start) {
        // Nothing under the column (end of line, blank): take the line's text.
        start = 0;
        while (start < text.size() && text[start].isSpace())
            ++start;
        end = int(text.size());
        if (end == start && start > 0)
            start = end - 1;
    }
    QTextCursor c(block);
    c.setPosition(block.position() + start);
    c.setPosition(block.position() + end, QTextCursor::KeepAnchor);
    return c;
}
} // namespace

YamlEditor::YamlEditor(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    m_status = new QLabel(this);
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setToolTip(tr("kubectl apply -f - on this text (Ctrl+Return)"));
    bar->addWidget(m_status, 1);
    bar->addWidget(m_apply);
    layout->addLayout(bar);

    m_editor = new CodeEditor(this);
    m_editor->setAccessibleName(tr("YAML text"));
    m_editor->setPlaceholderText(tr("apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\n..."));
    new YamlHighlighter(m_editor->document());
    m_problemList = new QListWidget(this);
    m_problemList->setAccessibleName(tr("Problems"));
    m_problemList->setWordWrap(true);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problemList);

    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setFont(m_editor->font());
    m_result->hide();
    layout->addWidget(m_result);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kTypingPauseMs);
    connect(&m_debounce, &QTimer::timeout, this, &YamlEditor::validateNow);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_apply, &QPushButton::clicked, this, &YamlEditor::apply);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &YamlEditor::apply);
    connect(m_problemList, &QListWidget::currentRowChanged, this, &YamlEditor::jumpTo);
    validateNow();
}

QString YamlEditor::resultText() const
{
    return m_result->text();
}

void YamlEditor::setText(const QString& text)
{
    m_editor->setPlainText(text);
    validateNow();
    // Opening a manifest shows its first problem.
    if (!m_problems.empty()) {
        QTextCursor c = problemCursor(m_editor->document(), m_problems.front());
        c.setPosition(c.selectionStart());
        m_editor->setTextCursor(c);
        m_editor->centerCursor();
    }
}

void YamlEditor::validateNow()
{
    m_debounce.stop();
    m_problems = model::checkManifest(m_editor->toPlainText().toStdString());
    showProblems();
}

void YamlEditor::showProblems()
{
    QList<QTextEdit::ExtraSelection> marks;
    m_problemList->clear();
    for (const model::ManifestProblem& p : m_problems) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = problemCursor(m_editor->document(), p);
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(kErrorColor);
        const QString field = QString::fromStdString(p.field);
        const QString original = QString::fromStdString(p.message);
        QString words = learnerMessage(original, field);
        // The place and the field path first, then what is wrong in a learner's words.
        if (!field.isEmpty() && !words.startsWith(field))
            words = QStringLiteral("%1: %2").arg(field, words);
        mark.format.setToolTip(words);
        marks << mark;
        auto* item = new QListWidgetItem(
            QStringLiteral("%1:%2  %3").arg(p.line).arg(p.column).arg(words), m_problemList);
        item->setForeground(kErrorColor);
        QString tip = words == original ? QString() : tr("Kubernetes says: %1").arg(original);
        if (!p.exact)
            tip +=
                (tip.isEmpty() ? QString() : QStringLiteral("\n")) +
                tr("%1 is not in the text; the mark is on the part that would hold it").arg(field);
        item->setToolTip(tip);
    }
    m_editor->setExtraSelections(marks);
    // As tall as its problems, up to four; the text keeps the rest of the dock.
    const int rows = std::min(int(m_problems.size()), kProblemRows);
    int height = 2 * m_problemList->frameWidth() + 2;
    for (int r = 0; r < rows; ++r)
        height += m_problemList->sizeHintForRow(r);
    m_problemList->setFixedHeight(height);
    const bool empty = m_editor->toPlainText().trimmed().isEmpty();
    m_problemList->setVisible(!m_problems.empty());
    m_apply->setEnabled(!empty);
    if (empty)
        m_status->setText(tr("Type or paste a manifest; it is checked as you type."));
    else if (m_problems.empty())
        m_status->setText(tr("<span style='color:%1'>✓ No problems</span>").arg(kOkColor.name()));
    else
        m_status->setText(
            QStringLiteral("<span style='color:%1'>%2</span>")
                .arg(kErrorColor.name(), m_problems.size() == 1
                                             ? tr("1 problem")
                                             : tr("%1 problems").arg(m_problems.size())));
}

void YamlEditor::jumpTo(int row)
{
    if (row < 0 || row >= int(m_problems.size()))
        return;
    QTextCursor c = problemCursor(m_editor->document(), m_problems[size_t(row)]);
    if (c.isNull())
        return;
    c.setPosition(c.selectionStart());
    m_editor->setTextCursor(c);
    m_editor->setFocus();
}

bool YamlEditor::apply()
{
    QString text = m_editor->toPlainText();
    if (text.trimmed().isEmpty())
        return false;
    if (!text.endsWith('\n'))
        text += '\n';
    // Standard output and error both, as a terminal shows them: kubectl's warnings go to
    // standard error even when the apply succeeds.
    QString output;
    const auto capture = connect(m_controller, &SimulationController::commandOutput, this,
                                 [&output](const QString& t) { output += t; });
    const QString command =
        m_editArgs.isEmpty() ? QStringLiteral("kubectl apply -f -") : "kubectl edit " + m_editArgs;
    const bool ok =
        m_controller->runScript(command + " <<" + kEndMarker + "\n" + text + kEndMarker + "\n");
    disconnect(capture);
    if (ok)
        m_editArgs.clear();
    m_result->setText(output.trimmed());
    m_result->setStyleSheet(QStringLiteral("color: %1").arg((ok ? kOkColor : kErrorColor).name()));
    m_result->show();
    return ok;
}

bool YamlEditor::editObject(const QString& args)
{
    QString out, err;
    const auto capture =
        connect(m_controller, &SimulationController::commandOutput, this,
                [&](const QString& t, bool isError) { (isError ? err : out) += t; });
    const bool ok = m_controller->runCommand("kubectl get " + args + " -o yaml");
    disconnect(capture);
    if (!ok) {
        m_result->setText(err.trimmed());
        m_result->setStyleSheet(QStringLiteral("color: %1").arg(kErrorColor.name()));
        m_result->show();
        return false;
    }
    m_editArgs = args;
    setText(out);
    m_result->setText(tr("Editing %1: Apply saves it (kubectl edit).").arg(args));
    m_result->setStyleSheet(QString());
    m_result->show();
    return true;
}

} // namespace kubelab::app
