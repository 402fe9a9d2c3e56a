#pragma once
// The main window: the notes in the centre with their table of contents on the left, the
// live cluster around them (map, event log, console as dockable panels), with step / play /
// pause / speed controls.
#include <QMainWindow>

class QLabel;
class QTableView;
class QAction;

namespace kubelab::app {

class ClusterView;
class ConsoleWidget;
class NotesView;
class SimulationController;
class TocWidget;
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
    NotesView* notesView() const { return m_notes; }
    TocWidget* toc() const { return m_toc; }

    // Refreshes every view from the engine (called on each advance).
    void refresh();

private:
    void buildToolbar();
    void showAbout();

    SimulationController* m_controller;
    NotesView* m_notes = nullptr;
    TocWidget* m_toc = nullptr;
    ClusterView* m_view = nullptr;
    ConsoleWidget* m_console = nullptr;
    TraceModel* m_traceModel = nullptr;
    QTableView* m_eventLog = nullptr;
    QLabel* m_timeLabel = nullptr;
    QLabel* m_nextLabel = nullptr;
    QAction* m_playAction = nullptr;
};

} // namespace kubelab::app
