#pragma once
// The main window: notes on one side, the live cluster on the other (map, event log,
// console as dockable panels), with step / play / pause / speed controls.
#include <QMainWindow>

class QLabel;
class QTableView;
class QAction;

namespace kubelab::app {

class ClusterView;
class ConsoleWidget;
class SimulationController;
class TraceModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ClusterView* clusterView() const { return m_view; }
    ConsoleWidget* console() const { return m_console; }
    SimulationController* controller() const { return m_controller; }
    QTableView* eventLog() const { return m_eventLog; }

    // Refreshes every view from the engine (called on each advance).
    void refresh();

private:
    void buildToolbar();
    void showAbout();

    SimulationController* m_controller;
    ClusterView* m_view = nullptr;
    ConsoleWidget* m_console = nullptr;
    TraceModel* m_traceModel = nullptr;
    QTableView* m_eventLog = nullptr;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_nextLabel = nullptr;
    QAction* m_playAction = nullptr;
};

} // namespace kubelab::app
