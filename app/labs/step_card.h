#pragma once
// One step of a lab as a card: its instruction (Markdown, with Apply and Run under each
// code block, as in the notes), the prediction to answer before the cluster may move on,
// the live check, hints that unlock one at a time and the reference solution behind a
// confirmation. The card shows; LabView decides (it owns the session and the progress).
#include <QFrame>
#include <QList>

#include "engine/lab/lab.h"
#include "engine/lab/runner.h"

class QButtonGroup;
class QLabel;
class QPushButton;
class QRadioButton;
class QVBoxLayout;
class QWidget;

namespace kubelab::app {

class StepCard : public QFrame
{
    Q_OBJECT
public:
    enum class State { Locked, Current, Done };

    StepCard(const lab::Step& step, int index, int count, QWidget* parent = nullptr);

    int index() const { return m_index; }
    State state() const { return m_state; }
    void setState(State state);

    // The live check: holds, or what it observed instead.
    void setVerdict(const lab::Verdict& verdict);
    // The answer given (locks the choices); -1 while unanswered.
    void setAnswer(int choice);
    int answer() const { return m_answer; }
    // The graded prediction: which choice the cluster made true, against the answer.
    void setGrade(const lab::PredictionGrade& grade, int answer);
    // A remembered grade from an earlier attempt (review of a passed lab).
    void setRememberedGrade(int answer, bool correct);
    void setHintsShown(int count);
    int hintsShown() const { return m_hintsShown; }
    void setSolutionShown(bool shown);

    // For tests and the window.
    QList<QRadioButton*> choiceButtons() const { return m_choices; }
    QPushButton* lockButton() const { return m_lock; }
    QPushButton* hintButton() const { return m_hintButton; }
    QPushButton* solutionButton() const { return m_solutionButton; }
    QPushButton* confirmSolutionButton() const { return m_confirmSolution; }
    QPushButton* runSolutionButton() const { return m_runSolution; }
    QLabel* checkLabel() const { return m_check; }
    QLabel* predictionResult() const { return m_result; }
    QList<QPushButton*> blockButtons() const { return m_blockButtons; }

Q_SIGNALS:
    void answerLocked(int choice);
    void hintRequested(); // the next hint: the view counts it and calls setHintsShown
    void solutionRevealed();
    // A script for the cluster: a code block's Apply or Run, or the solution.
    void scriptRequested(const QString& script);

private:
    void buildInstruction(const QString& markdown, QVBoxLayout* into);
    void buildPrediction(const lab::Prediction& prediction, QVBoxLayout* into);
    void buildHelp(QVBoxLayout* into);
    void updateLook();

    const lab::Step& m_step;
    int m_index;
    State m_state = State::Locked;
    QLabel* m_title;
    QLabel* m_stateLabel;
    QWidget* m_body;
    QLabel* m_check;
    QFrame* m_predictionBox = nullptr;
    QList<QRadioButton*> m_choices;
    QButtonGroup* m_choiceGroup = nullptr;
    QPushButton* m_lock = nullptr;
    QLabel* m_result = nullptr;
    int m_answer = -1;
    QList<QLabel*> m_hints;
    int m_hintsShown = 0;
    QPushButton* m_hintButton = nullptr;
    QPushButton* m_solutionButton;
    QFrame* m_confirmBox;
    QPushButton* m_confirmSolution;
    QFrame* m_solutionBox;
    QPushButton* m_runSolution;
    QList<QPushButton*> m_blockButtons;
};

// A Markdown text split at its fenced code blocks: prose, and blocks with their language.
struct MarkdownPart
{
    QString text;
    QString language; // "" for prose; the fence's info word ("yaml", "sh") for a block
    bool code = false;
};
QList<MarkdownPart> splitCodeBlocks(const QString& markdown);

} // namespace kubelab::app
