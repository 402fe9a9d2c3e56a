#pragma once
// The main window: the notes in the centre with their table of contents on the left, the
// live cluster around them (map, event log, inspector, console, YAML editor, sequence
// diagram, charts as dockable panels), with step / play / pause / speed controls.
#include <QMainWindow>

class QLabel;
class QTableView;
class QAction;
class QDockWidget;

namespace kubelab::shell {
struct Topology;
}

namespace kubelab::app {

class ChartsView;
class ClusterView;
class ConsoleWidget;
class EventLog;
class NotesView;
class InspectorWidget;
class MapSelection;
class Selection;
class SequenceView;
class SimulationController;
class TimelineBar;
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
    TimelineBar* timelineBar() const { return m_timelineBar; }
    EventLog* eventLogPanel() const { return m_log; }
    NotesView* notesView() const { return m_notes; }
    TocWidget* toc() const { return m_toc; }
    Selection* selection() const { return m_selection; }
    MapSelection* mapSelection() const { return m_mapSelection; }
    InspectorWidget* inspector() const { return m_inspector; }
    YamlEditor* yamlEditor() const { return m_yamlEditor; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    QDockWidget* yamlEditorDock() const { return m_yamlDock; }
    SequenceView* sequenceView() const { return m_sequence; }
    ChartsView* chartsView() const { return m_charts; }
    QDockWidget* sequenceDock() const { return m_sequenceDock; }
    QDockWidget* chartsDock() const { return m_chartsDock; }

    // Refreshes every view from the engine (called on each advance).
    void refresh();

    // File menu: a fresh cluster from the topology dialog, or a saved one. An empty path
    // asks with a file dialog. False (after telling the user why) on failure.
    void newCluster();
    bool openClusterFile(QString path = {});
    bool saveClusterFile(QString path);
    // Window geometry and dock layout from the last session (QSettings).
    void restoreLayout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildToolbar();
    // The inspector and YAML editor docks, tabbed behind the event log and the console.
    void buildInspection(QDockWidget* logDock, QDockWidget* consoleDock);
    // The sequence diagram and the charts, tabbed behind the console, where the width is;
    // the sequence view and the event log each follow the other's choice of record.
    void buildTraffic(QDockWidget* consoleDock);
    void showAbout();
    void updateTitle();

    SimulationController* m_controller;
    TimelineBar* m_timelineBar = nullptr;
    QAction* m_stepAction = nullptr;
    QString m_clusterPath;
    NotesView* m_notes = nullptr;
    TocWidget* m_toc = nullptr;
    ClusterView* m_view = nullptr;
    ConsoleWidget* m_console = nullptr;
    EventLog* m_log = nullptr;
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
    SequenceView* m_sequence = nullptr;
    ChartsView* m_charts = nullptr;
    QDockWidget* m_sequenceDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
};

} // namespace kubelab::app
