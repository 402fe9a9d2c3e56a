#pragma once
// The main window: the notes in the centre with their table of contents on the left, the
// live cluster around them (map, event log, inspector, console, YAML editor as dockable
// panels), with step / play / pause / speed controls.
#include <QMainWindow>

class QLabel;
class QTableView;
class QAction;
class QDockWidget;

namespace kubelab::shell {
struct Topology;
}

namespace kubelab::app {

class ClusterView;
class ConsoleWidget;
class NotesView;
class InspectorWidget;
class MapSelection;
class Selection;
class SimulationController;
class TocWidget;
class TraceModel;
class YamlEditor;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    // A cluster of another shape than the default four nodes (--cluster, benchmarks).
    explicit MainWindow(const shell::Topology& topology, QWidget* parent = nullptr);
    ~MainWindow() override;

    ClusterView* clusterView() const { return m_view; }
    ConsoleWidget* console() const { return m_console; }
    SimulationController* controller() const { return m_controller; }
    QTableView* eventLog() const { return m_eventLog; }
    NotesView* notesView() const { return m_notes; }
    TocWidget* toc() const { return m_toc; }
    Selection* selection() const { return m_selection; }
    MapSelection* mapSelection() const { return m_mapSelection; }
    InspectorWidget* inspector() const { return m_inspector; }
    YamlEditor* yamlEditor() const { return m_yamlEditor; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    QDockWidget* yamlEditorDock() const { return m_yamlDock; }

    // Refreshes every view from the engine (called on each advance).
    void refresh();

private:
    void buildToolbar();
    // The inspector and YAML editor docks, tabbed behind the event log and the console.
    void buildInspection(QDockWidget* logDock, QDockWidget* consoleDock);
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
    Selection* m_selection = nullptr;
    MapSelection* m_mapSelection = nullptr;
    InspectorWidget* m_inspector = nullptr;
    YamlEditor* m_yamlEditor = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_yamlDock = nullptr;
};

} // namespace kubelab::app
