#include "app/window/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

#include "app/charts/charts_view.h"
#include "app/console/console_widget.h"
#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "app/editor/yaml_editor.h"
#include "app/inspector/inspector_widget.h"
#include "app/labs/lab_library.h"
#include "app/labs/lab_view.h"
#include "app/map/cluster_view.h"
#include "app/aws/aws_view.h"
#include "app/map/map_overlay.h"
#include "app/map/packet_path.h"
#include "app/map/map_selection.h"
#include "app/notes/notes_bridge.h"
#include "app/notes/notes_view.h"
#include "app/notes/search_documents.h"
#include "app/progress/progress_store.h"
#include "app/progress/search_index.h"
#include "app/notes/toc_widget.h"
#include "app/trace/event_log.h"
#include "app/trace/sequence_view.h"
#include "app/trace/timeline_bar.h"
#include "app/trace/trace_model.h"
#include "app/window/cluster_file.h"
#include "app/window/help_dialogs.h"
#include "app/window/new_cluster_dialog.h"
#include "app/window/rendering.h"
#include "app/window/search_dialog.h"
#include "engine/cluster/cluster.h"
#include "engine/lab/runner.h"
#include "engine/shell/shell.h"
#include "engine/model/version.h"

namespace kubelab::app {

MainWindow::MainWindow(QWidget* parent) : MainWindow(cluster::Topology::defaults(), parent) {}

MainWindow::MainWindow(const cluster::Topology& topology, QWidget* parent)
    : QMainWindow(parent), m_controller(new SimulationController(topology, 1, this))
{
    setWindowTitle(tr("KubeLab %1").arg(QStringLiteral(KUBELAB_VERSION)));
    setDockNestingEnabled(true);

    m_notes = new NotesView(m_controller, this);
    m_centre = new QStackedWidget(this);
    m_centre->addWidget(m_notes);
    setCentralWidget(m_centre);
    m_toc = new TocWidget(this);
    m_toc->setChapters(m_notes->library().chapters());
    auto* tocDock = new QDockWidget(tr("Contents"), this);
    tocDock->setObjectName("contents");
    tocDock->setWidget(m_toc);
    addDockWidget(Qt::LeftDockWidgetArea, tocDock);
    m_tocDock = tocDock;
    connect(m_toc, &TocWidget::chapterActivated, m_notes, &NotesView::openChapter);
    connect(m_notes, &NotesView::chapterOpened, m_toc, &TocWidget::selectChapter);
    connect(m_notes, &NotesView::chapterOpened, this,
            [this] { m_centre->setCurrentWidget(m_notes); });

    ProgressStore::Opened progress = ProgressStore::open(
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
        QStringLiteral("/progress.db"));
    m_progress = std::move(progress.store);
    m_notes->bridge()->setProgress(m_progress.get());
    if (!progress.message.isEmpty()) {
        QTimer::singleShot(0, this, [this, message = progress.message] {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Progress"), message,
                                        QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->show();
        });
    }
    connect(m_notes, &NotesView::chapterOpened, this, [this](const QString& id) {
        m_progress->chapterOpened(id);
        m_progress->setResume(QStringLiteral("chapter"), id);
    });
    m_searchIndex = std::make_unique<SearchIndex>();
    for (const SearchDocument& doc : chapterSearchDocuments(m_notes->library()))
        m_searchIndex->add(doc);
    buildLabs();

    // The map and the event log (with the inspector) take the right side's whole height;
    // the console and its tabs sit under the notes. At 1280×800 that is what keeps the map
    // tall enough to read.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    m_view = new ClusterView(this);
    auto* mapDock = new QDockWidget(tr("Cluster map"), this);
    mapDock->setObjectName("clusterMap");
    mapDock->setWidget(m_view);
    addDockWidget(Qt::RightDockWidgetArea, mapDock);
    m_mapDock = mapDock;

    m_log = new EventLog(this);
    m_traceModel = m_log->model();
    m_eventLog = m_log->table();
    auto* logDock = new QDockWidget(tr("Event log"), this);
    logDock->setObjectName("eventLog");
    logDock->setWidget(m_log);
    addDockWidget(Qt::RightDockWidgetArea, logDock);
    m_logDock = logDock;

    m_console = new ConsoleWidget(m_controller, this);
    auto* consoleDock = new QDockWidget(tr("Console"), this);
    consoleDock->setObjectName("console");
    consoleDock->setWidget(m_console);
    addDockWidget(Qt::BottomDockWidgetArea, consoleDock);
    m_consoleDock = consoleDock;

    buildToolbar();
    buildInspection(logDock, consoleDock);
    buildTraffic(consoleDock);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_newAction =
        file->addAction(tr("&New Cluster…"), QKeySequence::New, this, [this] { newCluster(); });
    m_openAction = file->addAction(tr("&Open Cluster…"), QKeySequence::Open, this,
                                   [this] { openClusterFile(); });
    file->addAction(tr("&Save Cluster"), QKeySequence::Save, this,
                    [this] { saveClusterFile(m_clusterPath); });
    file->addAction(tr("Save Cluster &As…"), QKeySequence::SaveAs, this,
                    [this] { saveClusterFile({}); });
    file->addSeparator();
    file->addAction(tr("&Export Progress…"), this, [this] { exportProgress({}); });
    file->addAction(tr("&Import Progress…"), this, [this] { importProgress({}); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : {tocDock, mapDock, logDock, consoleDock, m_inspectorDock, m_yamlDock,
                           m_sequenceDock, m_chartsDock})
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    // The map's own shortcuts work while it has the focus; the menu shows them.
    for (QAction* a : {m_view->zoomInAction(), m_view->zoomOutAction(), m_view->fitAction()})
        view->addAction(a);
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    QMenu* sim = menuBar()->addMenu(tr("&Simulation"));
    sim->addAction(m_stepAction);
    sim->addAction(m_timelineBar->stepBackAction());
    sim->addAction(m_timelineBar->stepToAction());
    sim->addAction(m_playAction);
    sim->addSeparator();
    sim->addAction(m_timelineBar->toStartAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    auto keys = [](const QAction* a) { return a->shortcut().toString(QKeySequence::NativeText); };
    help->addAction(tr("&Getting Started"), QKeySequence::HelpContents, this, [this, keys] {
        gettingStartedDialog(this, keys(m_playAction), keys(m_stepAction),
                             keys(m_timelineBar->stepBackAction()))
            ->show();
    });
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] { shortcutsDialog(this)->show(); });
    help->addAction(tr("&Search Chapters and Labs…"), QKeySequence(Qt::CTRL | Qt::Key_K), this,
                    [this] {
                        searchDialog()->start();
                        searchDialog()->show();
                        searchDialog()->raise();
                    });
    help->addSeparator();
    help->addAction(tr("&About KubeLab"), this, &MainWindow::showAbout);
    m_console->showNote(tr("Welcome. The cluster is paused: press Apply under an example in the "
                           "notes, then %1 to play or %2 to step. Type help for commands; "
                           "Help → Getting started has a short tour.")
                            .arg(keys(m_playAction), keys(m_stepAction)));

    m_timeLabel = new QLabel(this);
    m_nextLabel = new QLabel(this);
    statusBar()->addWidget(m_nextLabel, 1);
    m_loadLabel = new QLabel(this);
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setRange(0, 0); // busy: a replay does not report how far it got
    m_loadProgress->setMaximumWidth(160);
    statusBar()->addPermanentWidget(m_loadLabel);
    statusBar()->addPermanentWidget(m_loadProgress);
    m_loadLabel->hide();
    m_loadProgress->hide();
    m_loader.setMaxThreadCount(1);
    statusBar()->addPermanentWidget(m_timeLabel);
    connect(m_controller, &SimulationController::advanced, this, &MainWindow::refresh);
    m_controller->setReplaceGuard([this](quint64 later) { return confirmReplace(later); });
    m_defaultState = saveState();
    fitToScreen();
    refresh();
    // Where the learner left off: the progress file's chapter or lab, else the last
    // chapter shown.
    const auto resume = m_progress->resume();
    m_notes->openChapter(resume && resume->first == QLatin1String("chapter") &&
                                 m_notes->library().contains(resume->second)
                             ? resume->second
                             : m_notes->initialChapter());
    if (resume && resume->first == QLatin1String("lab"))
        openLab(resume->second);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolbar()
{
    QToolBar* bar = addToolBar(tr("Simulation"));
    bar->setObjectName("simulationToolbar");
    QAction* step = bar->addAction(tr("Step"), m_controller, &SimulationController::step);
    step->setShortcut(Qt::Key_F10);
    step->setToolTip(tr("Process the next event (F10)"));
    m_playAction = bar->addAction(tr("Play"));
    m_playAction->setShortcut(Qt::Key_F5);
    m_playAction->setCheckable(true);
    connect(m_playAction, &QAction::toggled, this,
            [this](bool on) { on ? m_controller->play() : m_controller->pause(); });
    connect(m_controller, &SimulationController::playingChanged, this, [this](bool on) {
        m_playAction->setChecked(on);
        m_playAction->setText(on ? tr("Pause") : tr("Play"));
    });
    auto* speed = new QComboBox(bar);
    speed->setAccessibleName(tr("Speed"));
    for (double f : {0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 100.0})
        speed->addItem(QStringLiteral("%1×").arg(f), f);
    speed->setCurrentIndex(2);
    connect(speed, &QComboBox::currentIndexChanged, this,
            [this, speed](int i) { m_controller->setSpeed(speed->itemData(i).toDouble()); });
    bar->addWidget(speed);
    connect(speed, &QComboBox::currentIndexChanged, this, &MainWindow::updateBadge);
    bar->addSeparator();
    m_badge = new QLabel(bar);
    m_badge->setObjectName("stateBadge");
    m_badge->setAccessibleName(tr("Simulation state"));
    m_badge->setTextFormat(Qt::PlainText);
    m_badge->setMargin(3);
    bar->addWidget(m_badge);
    connect(m_controller, &SimulationController::playingChanged, this, &MainWindow::updateBadge);

    addToolBarBreak();
    QToolBar* timeline = addToolBar(tr("Timeline"));
    timeline->setObjectName("timelineToolbar");
    m_timelineBar = new TimelineBar(m_controller, timeline);
    timeline->addWidget(m_timelineBar);
    m_stepAction = step;
}

void MainWindow::buildInspection(QDockWidget* logDock, QDockWidget* consoleDock)
{
    m_selection = new Selection(this);
    m_mapSelection = new MapSelection(m_view, m_selection, this);
    m_mapOverlay = new MapOverlay(m_view, m_selection, this);
    m_inspector = new InspectorWidget(m_controller, m_selection, this);
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName("inspector");
    m_inspectorDock->setWidget(m_inspector);
    tabifyDockWidget(logDock, m_inspectorDock);
    m_yamlEditor = new YamlEditor(m_controller, this);
    m_yamlDock = new QDockWidget(tr("YAML editor"), this);
    m_yamlDock->setObjectName("yamlEditor");
    m_yamlDock->setWidget(m_yamlEditor);
    tabifyDockWidget(consoleDock, m_yamlDock);
    logDock->raise();
    consoleDock->raise();

    // `kubectl edit` in the console opens the object here; Apply saves the edit.
    connect(m_console, &ConsoleWidget::editRequested, this, [this](const QString& args) {
        if (m_yamlEditor->editObject(args))
            showYamlEditor();
    });
    // Choosing an object anywhere brings the inspector forward.
    connect(m_selection, &Selection::changed, this, [this](const ObjectRef& ref) {
        if (!ref.isNull())
            m_inspectorDock->raise();
    });
    // An event-log row whose target is an object ("pods/default/web") selects it.
    connect(m_eventLog, &QTableView::activated, this, [this](const QModelIndex& index) {
        const QString target =
            m_traceModel->index(index.row(), TraceModel::Target).data().toString();
        const auto ref = ObjectRef::parse(target);
        if (ref && m_controller->cluster().object(ref->resource.toStdString(),
                                                  ref->ns.toStdString(), ref->name.toStdString()))
            m_selection->select(*ref);
    });
    connect(m_inspector, &InspectorWidget::editRequested, this, [this](const QString& yaml) {
        m_yamlEditor->setText(yaml);
        showYamlEditor();
    });
}

void MainWindow::showPacketRecord(std::size_t record)
{
    const sim::Trace& trace = m_controller->cluster().sim().trace();
    if (record >= trace.size())
        return;
    const auto packet = net::packetTraceFromRecord(trace[record]);
    if (!packet)
        return;
    m_packetRecord = record;
    m_mapOverlay->showPacket(packetPath(*packet));
}

void MainWindow::followPacketTraces()
{
    // A `trace packet` just run is drawn on the map; one rewound away goes. Only the newest
    // records are looked at: the command's own record is among the last it wrote.
    const sim::Trace& trace = m_controller->cluster().sim().trace();
    if (m_packetRecord && *m_packetRecord >= trace.size()) {
        m_packetRecord.reset();
        m_mapOverlay->clearPacket();
    }
    if (trace.size() < m_packetScan)
        m_packetScan = trace.size();
    constexpr std::size_t kLook = 256;
    const std::size_t from =
        std::max(m_packetScan, trace.size() > kLook ? trace.size() - kLook : 0);
    // Walked forwards by reference (a sealed block is decoded once, no record copied).
    std::optional<std::size_t> newest;
    for (auto it = trace.from(from); it != trace.end(); ++it)
        if (it->kind == net::kPacketTraceKind)
            newest = it.index();
    if (newest)
        showPacketRecord(*newest);
    m_packetScan = trace.size();
}

void MainWindow::showYamlEditor()
{
    m_yamlDock->show();
    m_yamlDock->raise();
    // A manifest needs more lines than the console's strip shows: about 18, within reason.
    const int wanted = std::min(height() * 2 / 5, m_yamlEditor->fontMetrics().lineSpacing() * 18 +
                                                      m_yamlEditor->sizeHint().height() / 4);
    if (m_yamlDock->height() < wanted)
        resizeDocks({m_yamlDock}, {wanted}, Qt::Vertical);
}

void MainWindow::buildTraffic(QDockWidget* consoleDock)
{
    m_sequence = new SequenceView(m_controller, this);
    m_sequenceDock = new QDockWidget(tr("Sequence"), this);
    m_sequenceDock->setObjectName("sequence");
    m_sequenceDock->setWidget(m_sequence);
    tabifyDockWidget(consoleDock, m_sequenceDock);
    m_charts = new ChartsView(m_controller, this);
    m_chartsDock = new QDockWidget(tr("Charts"), this);
    m_chartsDock->setObjectName("charts");
    m_chartsDock->setWidget(m_charts);
    tabifyDockWidget(consoleDock, m_chartsDock);
    m_aws = new AwsView(m_controller, this);
    m_awsDock = new QDockWidget(tr("AWS"), this);
    m_awsDock->setObjectName("aws");
    m_awsDock->setWidget(m_aws);
    tabifyDockWidget(consoleDock, m_awsDock);
    connect(m_awsDock, &QDockWidget::visibilityChanged, m_aws, &AwsView::setActive);
    // New mail behind another tab: the tab says so.
    connect(m_aws, &AwsView::unread, this, [this](int count) {
        m_awsDock->setWindowTitle(count > 0 ? tr("AWS (%1 new)").arg(count) : tr("AWS"));
    });
    consoleDock->raise();
    // Behind the console they work only once their tab is picked.
    m_sequence->setActive(false);
    m_charts->setActive(false);
    connect(m_sequenceDock, &QDockWidget::visibilityChanged, m_sequence, &SequenceView::setActive);
    connect(m_chartsDock, &QDockWidget::visibilityChanged, m_charts, &ChartsView::setActive);
    connect(m_log, &EventLog::recordSelected, m_sequence, &SequenceView::showRecord);
    // A traced packet picked in the log is drawn again on the map.
    connect(m_log, &EventLog::recordSelected, this,
            [this](std::size_t record) { showPacketRecord(record); });
    connect(m_sequence, &SequenceView::recordActivated, m_log, &EventLog::selectRecord);
}

void MainWindow::refresh()
{
    const cluster::Cluster& c = m_controller->cluster();
    m_log->sync(c.sim().trace());
    m_view->showCluster(c);
    followPacketTraces();
    m_timeLabel->setText(tr("virtual time %1 · %2 events")
                             .arg(formatVirtualTime(c.sim().now()))
                             .arg(c.sim().processed()));
    const QString next = m_controller->nextEventSummary();
    m_nextLabel->setText(next.isEmpty() ? tr("No events pending") : tr("Next: %1").arg(next));
    m_nextLabel->setToolTip(m_controller->nextEventMessage());
    updateBadge();
}

bool MainWindow::confirmReplace(quint64 later)
{
    QSettings settings;
    const QString key = QStringLiteral("confirm/replaceLaterEvents");
    if (!settings.value(key, true).toBool())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Replace the later events?"),
                    tr("You are viewing the past. A new command starts a new history from "
                       "here: the %L1 later events are discarded.")
                        .arg(later),
                    QMessageBox::Ok | QMessageBox::Cancel, this);
    box.setObjectName("confirmReplace");
    box.button(QMessageBox::Ok)->setText(tr("Run the command"));
    box.button(QMessageBox::Cancel)->setText(tr("Keep the later events"));
    box.setCheckBox(new QCheckBox(tr("Don't ask again"), &box));
    const bool run = box.exec() == QMessageBox::Ok;
    if (run && box.checkBox()->isChecked())
        settings.setValue(key, false);
    return run;
}

void MainWindow::updateBadge()
{
    const quint64 pos = m_controller->position(), horizon = m_controller->horizon();
    const QString now = formatVirtualTime(m_controller->cluster().sim().now());
    const QString speed = QStringLiteral("%1×").arg(m_controller->speed());
    // Light tints with dark text read the same on the light and the dark palette.
    QString text, tint;
    if (pos < horizon) {
        const quint64 later = horizon - pos;
        text = tr("Viewing the past: event %L1 of %L2 — a new command replaces the %3")
                   .arg(pos)
                   .arg(horizon)
                   .arg(later == 1 ? tr("1 later event") : tr("%L1 later events").arg(later));
        if (m_controller->playing())
            text += tr(" (replaying at %1)").arg(speed);
        tint = QStringLiteral("#e4d9f7");
    } else if (m_controller->held()) {
        text = tr("Waiting for your prediction: answer it in the lab to go on");
        tint = QStringLiteral("#fdeeca");
    } else if (m_controller->playing()) {
        text = tr("Playing at %1 — %2; press %3 to pause")
                   .arg(speed, now, m_playAction->shortcut().toString(QKeySequence::NativeText));
        tint = QStringLiteral("#d4efdc");
    } else {
        text = tr("Paused at %1 — press %2 to play or %3 to step")
                   .arg(now, m_playAction->shortcut().toString(QKeySequence::NativeText),
                        m_stepAction->shortcut().toString(QKeySequence::NativeText));
        tint = QStringLiteral("#fdeeca");
    }
    m_badge->setText(text);
    m_badge->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: #1d2024; border-radius: 4px; }").arg(tint));
}

bool MainWindow::newCluster()
{
    if (m_loading)
        return false;
    NewClusterDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    const auto topology = dialog.topology();
    return topology && newCluster(*topology, dialog.seed());
}

bool MainWindow::newCluster(const cluster::Topology& topology, std::uint64_t seed)
{
    if (m_loading)
        return false;
    int nodes = topology.controlPlanes;
    for (const auto& group : topology.workers)
        nodes += group.count;
    return startLoad(tr("Building a %n-node cluster…", nullptr, nodes), QString(),
                     [topology, seed]() -> Loaded {
                         try {
                             return {SimulationController::buildCluster(topology, seed), {}};
                         } catch (const std::exception& e) {
                             return {nullptr, QString::fromUtf8(e.what())};
                         }
                     });
}

bool MainWindow::openClusterFile(QString path)
{
    if (m_loading)
        return false;
    if (path.isEmpty())
        path = QFileDialog::getOpenFileName(this, tr("Open cluster"), QString(),
                                            tr("KubeLab clusters (*.kubelab);;All files (*)"));
    if (path.isEmpty())
        return false;
    return startLoad(tr("Opening %1…").arg(QFileInfo(path).fileName()), path, [path]() {
        Loaded loaded;
        loaded.cluster = openCluster(path, &loaded.error);
        return loaded;
    });
}

bool MainWindow::startLoad(const QString& what, const QString& path, std::function<Loaded()> build)
{
    m_loading = true;
    m_loadReplaced = false;
    m_loadError.clear();
    m_newAction->setEnabled(false);
    m_openAction->setEnabled(false);
    m_loadLabel->setText(what);
    m_loadLabel->show();
    m_loadProgress->show();
    // The engine has no shared mutable state: a cluster can be built on another thread
    // while this one steps the current cluster. The result comes back as a queued call,
    // dropped if the window has gone (its destructor waits for m_loader first).
    m_loader.start([this, path, build = std::move(build)] {
        auto loaded = std::make_shared<Loaded>(build());
        QMetaObject::invokeMethod(
            this, [this, path, loaded] { finishLoad(std::move(*loaded), path); },
            Qt::QueuedConnection);
    });
    return true;
}

void MainWindow::finishLoad(Loaded loaded, const QString& path)
{
    if (loaded.cluster && m_controller->inCommand()) {
        // Arrived in a turn a running command yields: hand over once it has finished.
        auto held = std::make_shared<Loaded>(std::move(loaded));
        QTimer::singleShot(50, this, [this, held, path] { finishLoad(std::move(*held), path); });
        return;
    }
    m_loading = false;
    m_newAction->setEnabled(true);
    m_openAction->setEnabled(true);
    m_loadLabel->hide();
    m_loadProgress->hide();
    const bool labLoad = std::exchange(m_labLoad, false);
    if (!loaded.cluster) {
        m_loadError = loaded.error;
        if (labLoad)
            m_labView->detach(tr("The lab's cluster could not be built: %1").arg(loaded.error));
        auto* box = new QMessageBox(QMessageBox::Warning,
                                    path.isEmpty() ? tr("New cluster") : tr("Open cluster"),
                                    loaded.error, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // window-modal, without a nested event loop
        return;
    }
    m_controller->replaceCluster(std::move(loaded.cluster));
    m_loadReplaced = true;
    m_clusterPath = path;
    updateTitle();
    if (labLoad) {
        m_labView->attach();
        statusBar()->showMessage(tr("The lab's cluster is ready"), 4000);
        m_console->showNote(tr("Lab \"%1\": this cluster is the lab's. Follow the steps in "
                               "the centre; type commands here or press Run and Apply there.")
                                .arg(QString::fromStdString(m_labView->lab()->title)));
        return;
    }
    if (m_labView->live() || m_labView->reviewing())
        m_labView->detach(tr("Another cluster replaced this lab's: its checks stopped. "
                             "<b>Build the lab again</b> to go on."));
    statusBar()->showMessage(path.isEmpty() ? tr("New cluster ready")
                                            : tr("Opened %1").arg(QFileInfo(path).fileName()),
                             4000);
}

bool MainWindow::waitForLoad()
{
    while (m_loading)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return m_loadReplaced;
}

bool MainWindow::saveClusterFile(QString path)
{
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Save cluster"),
                                            QStringLiteral("cluster.kubelab"),
                                            tr("KubeLab clusters (*.kubelab)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!saveCluster(m_controller->cluster(), path, &error)) {
        QMessageBox::warning(this, tr("Save cluster"), error);
        return false;
    }
    m_clusterPath = path;
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::updateTitle()
{
    const QString file =
        m_clusterPath.isEmpty() ? QString() : QFileInfo(m_clusterPath).fileName() + " — ";
    setWindowTitle(file + tr("KubeLab %1").arg(QStringLiteral(KUBELAB_VERSION)));
}

SearchDialog* MainWindow::searchDialog()
{
    if (!m_searchDialog) {
        m_searchDialog = new SearchDialog(m_searchIndex.get(), this);
        connect(m_searchDialog, &SearchDialog::openRequested, this,
                [this](const QString& kind, const QString& id, const QString& text) {
                    if (kind == QLatin1String("chapter"))
                        m_notes->openChapterAt(id, text);
                    else if (kind == QLatin1String("lab") && openLab(id))
                        m_labView->revealText(text);
                });
    }
    return m_searchDialog;
}

bool MainWindow::exportProgress(QString path)
{
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Export Progress"),
                                            QStringLiteral("kubelab-progress.json"),
                                            tr("KubeLab progress (*.json)"));
    if (path.isEmpty())
        return false;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(m_progress->exportJson()) < 0 || !f.flush()) {
        QMessageBox::warning(this, tr("Export Progress"),
                             tr("Cannot write %1: %2").arg(path, f.errorString()));
        return false;
    }
    statusBar()->showMessage(tr("Progress exported to %1").arg(path), 5000);
    return true;
}

bool MainWindow::importProgress(QString path)
{
    if (path.isEmpty())
        path = QFileDialog::getOpenFileName(this, tr("Import Progress"), {},
                                            tr("KubeLab progress (*.json)"));
    if (path.isEmpty())
        return false;
    QFile f(path);
    QString error;
    if (!f.open(QIODevice::ReadOnly))
        error = f.errorString();
    else if (m_progress->importJson(f.readAll(), &error))
        error.clear();
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Import Progress"),
                             tr("Nothing was imported from %1:\n%2").arg(path, error));
        return false;
    }
    statusBar()->showMessage(tr("Progress imported from %1").arg(path), 5000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_labView->saveTime();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

bool MainWindow::restoreLayout()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        return false;
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!isMaximized() && !isFullScreen() && !fitsScreen())
        fitToScreen();
    return true;
}

void MainWindow::resetLayout()
{
    if (isMaximized() || isFullScreen())
        showNormal();
    restoreState(m_defaultState);
    for (QDockWidget* d : findChildren<QDockWidget*>())
        d->setFloating(false);
    m_logDock->raise();
    m_consoleDock->raise();
    fitToScreen();
}

bool MainWindow::fitsScreen() const
{
    const QScreen* s = screen();
    // Before the window is shown its frame is not known: the margins a window manager adds
    // are at most a few pixels at the sides and a title bar on top.
    const QRect frame = isVisible() ? frameGeometry() : geometry().adjusted(-8, -40, 8, 8);
    return s && s->availableGeometry().contains(frame);
}

void MainWindow::fitToScreen()
{
    const QRect avail = screen()->availableGeometry();
    // 90% of the screen leaves room for the frame and shows the desktop around the window.
    const QSize size(avail.width() * 9 / 10, avail.height() * 9 / 10);
    resize(size);
    move(avail.x() + (avail.width() - size.width()) / 2,
         avail.y() + (avail.height() - size.height()) / 2);
    // The docks in proportion: contents a narrow column, the map and log a good third of
    // the width (the notes keep the rest), the console a fifth of the height.
    const int w = size.width(), h = size.height();
    resizeDocks({m_tocDock, m_mapDock}, {std::clamp(w / 7, 160, 240), w * 2 / 5}, Qt::Horizontal);
    // The map takes half of the right side; the log shares the other half with the
    // inspector (its scheduling table grows into it).
    resizeDocks({m_mapDock, m_logDock}, {h / 2, h / 2}, Qt::Vertical);
    resizeDocks({m_consoleDock}, {std::clamp(h / 5, 130, 260)}, Qt::Vertical);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About KubeLab"),
        tr("<h3>KubeLab %1</h3><p>An interactive Kubernetes textbook with a "
           "live, deterministic mini-cluster.</p><p>Simulated Kubernetes %2"
           "<br>Qt %3<br>Drawing: %4</p>")
            .arg(QStringLiteral(KUBELAB_VERSION), QString::fromLatin1(model::kKubernetesVersion),
                 QString::fromLatin1(qVersion()), quickRendererChoice().toHtmlEscaped()));
}

} // namespace kubelab::app

namespace kubelab::app {

void MainWindow::buildLabs()
{
    m_labs = std::make_unique<LabLibrary>();
    for (const QString& problem : m_labs->problems())
        qWarning("%s", qPrintable(problem));
    QList<LabRow> rows;
    for (const auto& l : m_labs->labs()) {
        const QString id = QString::fromStdString(l->id);
        rows.append({id, QString::fromStdString(l->title), l->minutes, m_progress->labState(id)});
    }
    m_toc->setLabs(rows);
    for (const SearchDocument& doc : labSearchDocuments(*m_labs))
        m_searchIndex->add(doc);

    m_labView = new LabView(m_controller, m_progress.get(), this);
    m_centre->addWidget(m_labView);
    connect(m_toc, &TocWidget::labActivated, this, [this](const QString& id) { openLab(id); });
    connect(m_notes, &NotesView::labRequested, this, [this](const QString& id) { openLab(id); });
    connect(m_labView, &LabView::resetRequested, this,
            [this](const QString& id) { openLab(id, true); });
    connect(m_labView, &LabView::chapterRequested, m_notes, &NotesView::openChapter);
    connect(m_labView, &LabView::traceRecordRequested, this, &MainWindow::showTraceRecord);
    connect(m_labView, &LabView::labStateChanged, this, [this](const QString& id) {
        m_toc->setLabState(id, m_progress->labState(id));
    });
    connect(m_controller, &SimulationController::holdChanged, this, [this](bool held) {
        m_stepAction->setEnabled(!held);
        m_playAction->setEnabled(!held);
        updateBadge();
    });
}

bool MainWindow::openLab(const QString& id, bool rebuild)
{
    const std::shared_ptr<const lab::Lab> lab = m_labs->find(id);
    if (!lab)
        return false;
    m_toc->selectLab(id);
    m_progress->setResume(QStringLiteral("lab"), id);
    if (!rebuild && m_labView->labId() == id &&
        (m_labView->live() || m_labView->reviewing() || m_labLoad)) {
        m_centre->setCurrentWidget(m_labView);
        return true;
    }
    if (m_loading) {
        statusBar()->showMessage(tr("A cluster is still being built; open the lab when it is "
                                    "ready"),
                                 4000);
        return false;
    }
    m_labView->showBuilding(lab);
    m_centre->setCurrentWidget(m_labView);
    m_labLoad = true;
    return startLoad(tr("Building the lab's cluster…"), QString(), [lab]() -> Loaded {
        try {
            auto cluster = SimulationController::buildCluster(lab->topology, lab->seed);
            std::string error;
            if (!lab::setupLab(*lab, *cluster, shell::runScriptText, &error))
                return {nullptr, QString::fromStdString("setup: " + error)};
            return {std::move(cluster), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromUtf8(e.what())};
        }
    });
}

void MainWindow::showTraceRecord(quint64 record)
{
    if (record >= m_controller->cluster().sim().trace().size()) {
        statusBar()->showMessage(
            tr("Event #%1 is not in the trace now (rewound past it?)").arg(record + 1), 4000);
        return;
    }
    m_logDock->show();
    m_logDock->raise();
    if (!m_log->selectRecord(size_t(record)))
        statusBar()->showMessage(
            tr("Event #%1 is hidden by the event log's filter").arg(record + 1), 4000);
}

} // namespace kubelab::app
