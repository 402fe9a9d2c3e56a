#pragma once
// The console: type kubectl and shell commands, see their output. Up/Down walk the
// history; Tab completes commands, kubectl verbs, kinds and object names.
#include <QStringList>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;

namespace kubelab::app {

class SimulationController;

class ConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ConsoleWidget(SimulationController* controller, QWidget* parent = nullptr);

    QLineEdit* input() const { return m_input; }
    QPlainTextEdit* output() const { return m_output; }
    // A line from the app (not a command's output): the first-launch hint.
    void showNote(const QString& text);
    // Candidates for the word being typed in `line` (for Tab and tests).
    QStringList completions(const QString& line) const;

Q_SIGNALS:
    // `kubectl edit ARGS` typed without a here-document: there is no terminal editor, so
    // the window opens the object in the YAML editor (args without "kubectl edit").
    void editRequested(const QString& args);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void submit();
    void complete();
    void append(const QString& text, bool isError);

    SimulationController* m_controller;
    QPlainTextEdit* m_output;
    QLineEdit* m_input;
    QStringList m_history;
    int m_historyPos = 0;
};

} // namespace kubelab::app
