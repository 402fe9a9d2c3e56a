#pragma once
// The notes page's handle on the cluster, published to the page through QWebChannel as
// `bridge`. A YAML block's "Apply" button calls apply(), a shell block's "Run" button calls
// run(); both go through SimulationController::runScript (so the console shows the output
// too) and return the result for the page to show under the block. A quiz answer comes in
// through quizAnswered() and leaves as answerGiven(), for whoever keeps the learner's
// progress; the page itself shows the feedback. A live figure asks liveFigure() for its
// drawing, and again on each clusterMoved().
#include <QObject>
#include <QTimer>
#include <QVariantMap>

namespace kubelab::app {

class ProgressStore;
class SimulationController;

class NotesBridge : public QObject
{
    Q_OBJECT
public:
    explicit NotesBridge(SimulationController* controller, QObject* parent = nullptr);

    // The shell script that applies `yaml` (a here-document whose end marker does not
    // occur in the text).
    static QString applyScript(const QString& yaml);
    // The shell script for a shell block: if any line starts with a `$ ` prompt, only the
    // prompted lines are commands (the rest is sample output); otherwise every line is.
    static QString runScript(const QString& block);

    // Where quiz answers and reading positions are kept (the main window's store; none in
    // tests that do not need it). Not owned.
    void setProgress(ProgressStore* progress) { m_progress = progress; }
    // Set by the notes view before a load that must not be scrolled to the saved place
    // (a search result scrolls to its match instead).
    void setRestorePosition(bool restore) { m_restorePosition = restore; }
    // Whether the page is on screen (the notes view says so when shown and hidden). Only
    // then does clusterMoved() fire; a page shown again after the cluster moved gets one.
    void setPageVisible(bool visible);
    // The shortest time between two clusterMoved() signals.
    static constexpr int kRedrawIntervalMs = 250;

public Q_SLOTS:
    // Both return {"ok": bool, "output": what the commands printed, errors included}.
    QVariantMap apply(const QString& yaml);
    QVariantMap run(const QString& block);
    // The learner picked choice `choice` (0-based) of the chapter's quiz `quizIndex`
    // (0-based, page order); `right` is whether it is the right one. Emits answerGiven.
    void quizAnswered(const QString& chapterId, int quizIndex, int choice, bool right);
    // The chapter's remembered answers, for the page to show again:
    // [{quiz, choice, right, firstChoice, firstRight}], in quiz order.
    QVariantList savedAnswers(const QString& chapterId);
    // Where the learner had scrolled to in the chapter (0..1), or -1 when the page should
    // stay where it is (no saved place, or a search result is being shown).
    double savedPosition(const QString& chapterId);
    // The page scrolled: `position` is 0 at the top and 1 at the bottom. Reaching the
    // bottom marks the chapter read.
    void scrolled(const QString& chapterId, double position);

    // A `lab:ID` link was clicked: emits labRequested (the notes view passes it on).
    void openLab(const QString& labId);

    // A live figure's drawing from the cluster as it is now: `spec` is the figure's data
    // attributes ({figure, selector, object, namespace}, LiveFigure::toMap). Returns
    // {"svg": the drawing (or a note that says what to do), "stamp": the live caption line,
    // "error": why the spec was refused, else empty}. Reads only.
    QVariantMap liveFigure(const QVariantMap& spec);

Q_SIGNALS:
    // The cluster moved: the page redraws its live figures. At most one every
    // kRedrawIntervalMs, and only while the page is visible.
    void clusterMoved();
    void labRequested(const QString& labId);
    void answerGiven(const QString& chapterId, int quizIndex, int choice, bool right);

private:
    QVariantMap execute(const QString& script);

    SimulationController* m_controller;
    ProgressStore* m_progress = nullptr;
    bool m_restorePosition = true;
    QTimer m_redraw;         // coalesces SimulationController::advanced
    bool m_visible = true;
    bool m_movedHidden = false; // the cluster moved while the page was hidden
};

} // namespace kubelab::app
