#pragma once
// The sequence view: API traffic from the trace as a sequence diagram (see
// sequence_model.h for what becomes an arrow), with a bar to follow the newest messages or
// hold still, to show or hide periodic housekeeping, and a colour key. It is linked to the
// event log: showRecord() marks the arrow of the log's current row (moving the window
// there if need be), and a click on an arrow emits recordActivated() so the log can select
// that row. While hidden or covered (a tab behind others: see setActive) it does no work;
// it catches up when it shows again.
#include <QWidget>
#include <optional>

#include "app/trace/sequence_model.h"

class QCheckBox;
class QLabel;
class QToolButton;

namespace kubelab::app {

class SequenceCanvas;
class SimulationController;

class SequenceView : public QWidget
{
    Q_OBJECT
public:
    explicit SequenceView(SimulationController* controller, QWidget* parent = nullptr);

    const SequenceModel& model() const { return m_model; }
    SequenceCanvas* canvas() const { return m_canvas; }
    QToolButton* followButton() const { return m_follow; }
    QCheckBox* housekeepingBox() const { return m_housekeeping; }

    bool following() const { return m_model.following(); }
    void setFollowing(bool on);
    // Whether the view can be seen. A dock tabbed behind others stays "visible" to Qt, so
    // MainWindow passes on the dock's visibilityChanged; a view on its own is active.
    void setActive(bool active);
    // Marks trace record `record`'s arrow (or a note for a record that is no message) and
    // scrolls to it; stops following, so the learner can look at it.
    void showRecord(size_t record);

Q_SIGNALS:
    // The learner clicked the arrow of trace record `record`.
    void recordActivated(size_t record);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    bool shown() const { return m_active && isVisible(); }
    void updateLegend();
    void updateStatus();

    SimulationController* m_controller;
    SequenceModel m_model;
    SequenceCanvas* m_canvas;
    QToolButton* m_follow;
    QCheckBox* m_housekeeping;
    QLabel* m_legend;
    QLabel* m_status;
    bool m_active = true;
    bool m_dirty = true;
    std::optional<size_t> m_pendingShow; // a record to show once visible
};

} // namespace kubelab::app
