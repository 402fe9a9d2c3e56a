#pragma once
// The step controls' second half: a scrubber over the cluster's timeline (drag back to
// rewind, forward to replay up to where this future reached), step back, back to the
// start, and "step to the next event of" a component or object. All through
// SimulationController; the bar only shows and asks.
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QSlider;

namespace kubelab::app {

class SimulationController;

class TimelineBar : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineBar(SimulationController* controller, QWidget* parent = nullptr);

    // For the window's menus and shortcuts.
    QAction* stepBackAction() const { return m_stepBack; }
    QAction* toStartAction() const { return m_toStart; }
    QAction* stepToAction() const { return m_stepTo; }
    QSlider* scrubber() const { return m_slider; }
    QComboBox* stepToTarget() const { return m_target; }

    // Re-reads position, start and horizon (on every advance).
    void refresh();

private:
    void stepToChosen();
    void refillTargets();

    SimulationController* m_controller;
    QSlider* m_slider;
    QLabel* m_position;
    QComboBox* m_target;
    QAction* m_stepBack;
    QAction* m_toStart;
    QAction* m_stepTo;
    bool m_dragging = false;
    size_t m_nodes = 0;
};

} // namespace kubelab::app
