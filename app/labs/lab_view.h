#pragma once
// A lab beside its cluster: the title and what the lab is about, its steps as cards
// (StepCard), and once every step has passed the debrief with links into the event log.
// The view drives a lab::LabSession over the controller's cluster: it re-evaluates the
// current step's check as the cluster moves (coalesced, and never in the middle of a
// command), holds the cluster while a prediction waits for its answer, grades the
// prediction when the step's check first holds, and records every act in the learner's
// ProgressStore. The window builds and sets up the lab's cluster (showBuilding, then
// attach once the controller holds it) and rebuilds it on Reset (resetRequested).
#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <memory>

#include "engine/lab/lab.h"
#include "engine/lab/runner.h"

class QLabel;
class QPushButton;
class QScrollArea;
class QVBoxLayout;

namespace kubelab::app {

class ProgressStore;
class SimulationController;
class StepCard;

class LabView : public QWidget
{
    Q_OBJECT
public:
    LabView(SimulationController* controller, ProgressStore* progress, QWidget* parent = nullptr);
    ~LabView() override;

    // Shows `lab` while its cluster is being built; checks wait for attach().
    void showBuilding(std::shared_ptr<const lab::Lab> lab);
    // The controller now holds the lab's cluster, set up. A lab passed before opens in
    // review (the remembered answers, the debrief) until the learner starts it again;
    // otherwise a new attempt starts and the checks go live.
    void attach();
    // The controller's cluster is no longer the lab's (another cluster was opened, or
    // building it failed): the checks stop and the hold is let go; `why` is shown.
    void detach(const QString& why);

    std::shared_ptr<const lab::Lab> lab() const { return m_lab; }
    QString labId() const;
    bool live() const { return m_session != nullptr; }
    bool reviewing() const { return m_review; }
    bool passed() const { return m_passed; }
    int currentStep() const { return m_current; }
    qint64 attempt() const { return m_attempt; }
    QList<StepCard*> cards() const { return m_cards; }
    QPushButton* resetButton() const { return m_reset; }
    QLabel* statusLabel() const { return m_status; }
    QLabel* debriefLabel() const { return m_debrief; }
    // Adds the time spent since the last save to the attempt (the window calls it when it
    // closes, while its progress store still exists).
    void saveTime();
    // Re-evaluates now rather than at the next coalesced turn (tests).
    void evaluateNow();
    // Scrolls to the first step whose instruction, prediction or hints have `text` (a
    // search result) and returns its index; -1 when none has it (the debrief, if shown, is
    // scrolled to instead).
    int revealText(const QString& text);

Q_SIGNALS:
    // The learner asked for a fresh cluster and attempt (Reset, Start again).
    void resetRequested(const QString& labId);
    void chapterRequested(const QString& chapterId);
    // A debrief link: show trace record `record` (0-based) in the event log.
    void traceRecordRequested(quint64 record);
    // Started, passed: the contents update the lab's row.
    void labStateChanged(const QString& labId);

private:
    void clear();
    void build();
    void evaluate();
    void openStep(int step);
    void finish();
    void flushTime();
    void showDebrief(bool live);
    void runScript(const QString& script);
    QString debriefMarkdown(bool live) const;

    SimulationController* m_controller;
    ProgressStore* m_progress;
    std::shared_ptr<const lab::Lab> m_lab;
    std::unique_ptr<lab::LabSession> m_session;
    bool m_review = false;
    bool m_startAgain = false; // the learner chose Start again on a passed lab
    bool m_passed = false;
    int m_current = 0;
    qint64 m_attempt = 0;
    QList<int> m_answers;
    QElapsedTimer m_spent; // wall time since the last addLabTime
    qint64 m_carryMs = 0;  // under a second left over from the last one
    QTimer m_evaluate;

    QScrollArea* m_scroll;
    QWidget* m_page;
    QVBoxLayout* m_layout;
    QLabel* m_title;
    QLabel* m_about;
    QLabel* m_status;
    QPushButton* m_reset;
    QPushButton* m_chapter;
    QList<StepCard*> m_cards;
    QLabel* m_debriefHeading = nullptr;
    QLabel* m_debrief = nullptr;
};

} // namespace kubelab::app
