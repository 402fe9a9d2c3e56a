#pragma once
// The YAML editor dock: type or paste a manifest, see the server's objections as you type
// (wavy underlines and a problems list, each at its line:column), press Apply (Ctrl+Return)
// to run `kubectl apply -f -` on it. Changes the cluster only through the controller.
#include <QTimer>
#include <QWidget>
#include <vector>

#include "engine/model/manifest_check.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace kubelab::app {

class CodeEditor;
class SimulationController;

class YamlEditor : public QWidget
{
    Q_OBJECT
public:
    explicit YamlEditor(SimulationController* controller, QWidget* parent = nullptr);

    CodeEditor* editor() const { return m_editor; }
    QListWidget* problemList() const { return m_problemList; }
    QPushButton* applyButton() const { return m_apply; }
    // What the last Apply printed (kubectl's output or error), "" before any.
    QString resultText() const;
    const std::vector<model::ManifestProblem>& problems() const { return m_problems; }

    // Replaces the text and validates at once (no typing pause to wait for).
    void setText(const QString& text);
    // Validates now instead of after the typing pause.
    void validateNow();
    // Runs `kubectl apply -f -` on the text (`kubectl edit ARGS` while editing an object);
    // false if kubectl failed.
    bool apply();
    // Opens the live object `kubectl edit ARGS` names (read with `kubectl get ARGS -o
    // yaml`); Apply then saves the edit. False, with kubectl's error shown, if it cannot be
    // read.
    bool editObject(const QString& args);
    // The arguments of the object being edited, "" when the text is a manifest to apply.
    QString editing() const { return m_editArgs; }

private:
    void showProblems();
    void jumpTo(int row);

    SimulationController* m_controller;
    CodeEditor* m_editor;
    QLabel* m_status;
    QPushButton* m_apply;
    QListWidget* m_problemList;
    QLabel* m_result;
    QTimer m_debounce;
    std::vector<model::ManifestProblem> m_problems;
    QString m_editArgs;
};

} // namespace kubelab::app
