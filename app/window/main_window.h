#pragma once
// The main window: the notes in the centre with their table of contents on the left, the
// live cluster around them (map, event log, inspector, console, YAML editor, sequence
// diagram, charts as dockable panels), with step / play / pause / speed controls.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include <QMainWindow>
#include <QThreadPool>

class QLabel;
class QProgressBar;
class QTableView;
class QAction;
class QDockWidget;
class QStackedWidget;

namespace kubelab::cluster {
class Cluster;
struct Topology;
} // namespace kubelab::cluster

namespace kubelab::app {

class ChartsView;
class ProgressStore;
class SearchDialog;
class SearchIndex;
class ClusterView;
class ConsoleWidget;
class EventLog;
class NotesView;
class InspectorWidget;
class LabLibrary;
class LabView;
class AwsView;
class MapOverlay;
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
    explicit MainWindow(const cluster::Topology& topology, QWidget* parent = nullptr);
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
    MapOverlay* mapOverlay() const { return m_mapOverlay; }
    AwsView* awsView() const { return m_aws; }
    QDockWidget* awsDock() const { return m_awsDock; }
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
    // Draws the packet of `net.trace` record `record` on the map (other records: nothing).
    void showPacketRecord(std::size_t record);

    // File menu: a fresh cluster from the topology dialog, or a saved one (an empty path
    // asks with a file dialog). The cluster is built, or the file replayed, on a worker
    // thread while the window goes on with the current cluster, which the new one replaces
    // when it is ready (an error message says why when it cannot be). False when nothing
    // was started (dialog cancelled, or a load already running).
    bool newCluster();
    bool newCluster(const cluster::Topology& topology, std::uint64_t seed);
    bool openClusterFile(QString path = {});
    // Turns the event loop until a load started above has finished; true when it
    // replaced the cluster. (Startup with a file argument, tests.)
    bool waitForLoad();
    bool loading() const { return m_loading; }
    // Why the last load failed ("" when it did not).
    QString loadError() const { return m_loadError; }
    bool saveClusterFile(QString path);
    // Window geometry and dock layout from the last session (QSettings); false on a first
    // run (the window keeps the fitted layout). A saved window that no longer fits its
    // screen (a smaller monitor now) is fitted again.
    bool restoreLayout();
    // The default layout, sized to about 90% of the window's screen and centred on it, the
    // docks in proportion: the first run, and View → Reset Layout.
    void resetLayout();
    // True when the window's frame lies inside its screen's available area.
    bool fitsScreen() const;
    // What the simulation is doing and what to press: "Paused at …", "Playing at 1×",
    // "Viewing the past: …". Always on the simulation toolbar.
    QLabel* stateBadge() const { return m_badge; }
    QDockWidget* clusterMapDock() const { return m_mapDock; }
    QDockWidget* eventLogDock() const { return m_logDock; }
    QAction* playAction() const { return m_playAction; }
    QAction* stepAction() const { return m_stepAction; }
    // The learner's progress file (QStandardPaths' app data folder, progress.db).
    ProgressStore* progress() const { return m_progress.get(); }
    // Ctrl+K: the search over the chapters (and labs), built at start.
    SearchDialog* searchDialog();
    const SearchIndex* searchIndex() const { return m_searchIndex.get(); }
    // The labs (compiled in) and the view that shows the open one in the centre.
    const LabLibrary& labs() const { return *m_labs; }
    LabView* labView() const { return m_labView; }
    // Opens a lab: shows its steps in the centre and builds its cluster (topology, seed,
    // setup) on the loader thread; the view's checks go live once the controller holds it
    // (waitForLoad). A lab already open is shown again as it is; `rebuild` starts over.
    // False when there is no such lab or a load is already running.
    bool openLab(const QString& id, bool rebuild = false);
    // Shows trace record `record` (0-based) in the event log (debrief links).
    void showTraceRecord(quint64 record);
    // File → Export/Import Progress; an empty path asks with a file dialog.
    bool exportProgress(QString path);
    bool importProgress(QString path);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // Draws the newest `trace packet` on the map; clears one rewound away.
    void followPacketTraces();
    void buildToolbar();
    void buildLabs();
    // The inspector and YAML editor docks, tabbed behind the event log and the console.
    void buildInspection(QDockWidget* logDock, QDockWidget* consoleDock);
    // The sequence diagram and the charts, tabbed behind the console, where the width is;
    // the sequence view and the event log each follow the other's choice of record.
    void buildTraffic(QDockWidget* consoleDock);
    void showAbout();
    void fitToScreen();
    // Raises the YAML editor with room for about 18 lines.
    void showYamlEditor();
    void updateBadge();
    // Asks before a command replaces `later` events (unless told not to ask again).
    bool confirmReplace(quint64 later);
    void updateTitle();
    struct Loaded
    {
        std::unique_ptr<cluster::Cluster> cluster;
        QString error;
    };
    // Runs `build` on m_loader and hands its cluster to the controller; `path` becomes the
    // window's file when it succeeds.
    bool startLoad(const QString& what, const QString& path, std::function<Loaded()> build);
    void finishLoad(Loaded loaded, const QString& path);

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
    QLabel* m_badge = nullptr;
    QDockWidget* m_tocDock = nullptr;
    QDockWidget* m_mapDock = nullptr;
    QDockWidget* m_logDock = nullptr;
    QDockWidget* m_consoleDock = nullptr;
    // The docks' arrangement as built, before any sizing (View → Reset Layout).
    QByteArray m_defaultState;
    QLabel* m_nextLabel = nullptr;
    QAction* m_playAction = nullptr;
    Selection* m_selection = nullptr;
    MapSelection* m_mapSelection = nullptr;
    MapOverlay* m_mapOverlay = nullptr;
    AwsView* m_aws = nullptr;
    // The `net.trace` record drawn on the map, and how far the trace was looked through.
    std::optional<std::size_t> m_packetRecord;
    std::size_t m_packetScan = 0;
    QDockWidget* m_awsDock = nullptr;
    InspectorWidget* m_inspector = nullptr;
    YamlEditor* m_yamlEditor = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QDockWidget* m_yamlDock = nullptr;
    SequenceView* m_sequence = nullptr;
    ChartsView* m_charts = nullptr;
    QDockWidget* m_sequenceDock = nullptr;
    QDockWidget* m_chartsDock = nullptr;
    QAction* m_newAction = nullptr;
    QAction* m_openAction = nullptr;
    QProgressBar* m_loadProgress = nullptr;
    QLabel* m_loadLabel = nullptr;
    bool m_loading = false;
    bool m_loadReplaced = false;
    QString m_loadError;
    std::unique_ptr<ProgressStore> m_progress;
    std::unique_ptr<LabLibrary> m_labs;
    QStackedWidget* m_centre = nullptr;
    LabView* m_labView = nullptr;
    bool m_labLoad = false; // the running load builds the open lab's cluster
    std::unique_ptr<SearchIndex> m_searchIndex;
    SearchDialog* m_searchDialog = nullptr;
    // Last member: destroyed first, waiting for a running load before the rest goes.
    QThreadPool m_loader;
};

} // namespace kubelab::app
