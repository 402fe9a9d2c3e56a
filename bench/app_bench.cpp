// kubelab-app-bench: how the desktop app feels, in numbers. Prints one JSON line per
// measurement (milliseconds: p50/p99/max of wall time and p50/p99 of the thread's CPU time
// over many runs):
//   app_start          main() to the window shown and its first chapter loaded
//   step               SimulationController::step() and the window's refresh, at the
//                      default cluster and at 50 nodes / 500 pods
//   inspector          the Inspector and YAML editor actions at 50 nodes / 500 pods
//   map_update         the cluster map's incremental update after one step at 1,000 nodes
//   map_frame          the map's full-viewport repaint while panning and zooming at 1,000
//                      nodes and 10,000 pods
//   ui                 at 50 nodes / 500 pods, each user action (console commands, a notes
//                      Apply, run, rewind, replay, step back) until it is done: its wall
//                      time and the longest the event loop was kept from running (stall)
// Arguments name the groups to run (start step inspector map ui; all when none). The main
// window shows Qt WebEngine, so run it on a display:
//   xvfb-run -a -s '-screen 0 1600x1000x24' build/bench/kubelab-app-bench [GROUP...]
// Wall-clock timing lives here, never in tests.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QWindow>
#include <algorithm>
#include <ctime>
#include <functional>
#include <iostream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/editor/yaml_editor.h"
#include "app/inspector/explanation_model.h"
#include "app/inspector/inspector_widget.h"
#include "app/inspector/object_picker.h"
#include "app/map/cluster_view.h"
#include "app/notes/notes_view.h"
#include "app/window/main_window.h"
#include "app/window/rendering.h"
#include "bench/lifecycle_bench.h"
#include "engine/api/api_server.h"
#include "engine/cluster/cluster.h"

namespace {

using kubelab::app::ClusterView;
using kubelab::app::InspectorWidget;
using kubelab::app::MainWindow;
using kubelab::app::ObjectRef;
using nlohmann::json;

// Milliseconds since `t` started, with sub-millisecond precision.
double elapsedMs(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// CPU time of this thread in ms: on a machine shared with other work, wall time says
// what the learner waits, CPU time what the code costs.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct Sample
{
    double wall = 0;
    double cpu = 0;
};

Sample measure(const std::function<void()>& action)
{
    const double cpu = threadCpuMs();
    QElapsedTimer t;
    t.start();
    action();
    return {elapsedMs(t), threadCpuMs() - cpu};
}

double timeMs(const std::function<void()>& action)
{
    return measure(action).wall;
}

// p50, p99 and max of wall times and p50, p99 of CPU times (ms, to the microsecond).
json stats(const std::vector<Sample>& samples)
{
    auto percentiles = [&](double Sample::*field) {
        std::vector<double> v;
        for (const Sample& s : samples)
            v.push_back(s.*field);
        std::sort(v.begin(), v.end());
        return [v](double q) {
            return std::round(v[std::size_t(q * double(v.size() - 1) + 0.5)] * 1000) / 1000;
        };
    };
    const auto wall = percentiles(&Sample::wall);
    const auto cpu = percentiles(&Sample::cpu);
    return {{"n", samples.size()}, {"p50_ms", wall(0.5)},    {"p99_ms", wall(0.99)},
            {"max_ms", wall(1.0)}, {"cpu_p50_ms", cpu(0.5)}, {"cpu_p99_ms", cpu(0.99)}};
}

void print(const json& line)
{
    std::cout << line.dump() << std::endl;
}

// Runs the event loop until `done` or `timeoutMs`; false on timeout.
bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

kubelab::cluster::Topology workers(int count)
{
    kubelab::cluster::Topology t;
    t.workers[0].count = count;
    return t;
}

// (c) main() entry to interactive: the window constructed, shown, its first chapter loaded.
void appStart(const QElapsedTimer& sinceMain, double appMs)
{
    const double before = elapsedMs(sinceMain);
    QElapsedTimer t;
    t.start();
    auto* window = new MainWindow;
    const double constructed = elapsedMs(t);
    bool loaded = false;
    QObject::connect(window->notesView(), &QWebEngineView::loadFinished, window,
                     [&loaded](bool ok) { loaded = ok; });
    window->show();
    const bool exposed = waitFor([window] { return window->windowHandle()->isExposed(); }, 10000);
    const double shown = elapsedMs(t);
    const bool ok = exposed && waitFor([&loaded] { return loaded; }, 20000);
    print({{"bench", "app_start"},
           {"ok", ok},
           {"qapplication_ms", appMs},
           {"construct_ms", constructed},
           {"shown_ms", shown},
           {"chapter_loaded_ms", elapsedMs(t)},
           {"main_to_interactive_ms", before + elapsedMs(t)},
           {"target_ms", 1500}});
    delete window;
}

// (a) One step and the refresh that follows it, `count` times, after `command` gave the
// cluster work to do.
void stepLatency(MainWindow& window, const QString& label, const QString& command, int count)
{
    kubelab::app::SimulationController* c = window.controller();
    c->runCommand(command);
    std::vector<Sample> samples;
    for (int i = 0; i < count; ++i)
        samples.push_back(measure([c] { c->step(); }));
    print({{"bench", "step"},
           {"cluster", label.toStdString()},
           {"nodes", window.clusterView()->nodeCount()},
           {"pods", window.clusterView()->podCount()},
           {"cache_revision", c->cluster().cacheRevision()},
           {"what", "SimulationController::step + MainWindow::refresh"},
           {"latency", stats(samples)}});
}

// (d) Responsiveness: an action as a click would start it, then the event loop until the
// controller is idle. A zero-interval timer fires whenever the loop gets control (also in
// the turns a running command yields); the longest gap between its firings is the longest
// the window could not repaint or take input.
void uiAction(MainWindow& window, const std::string& what, const std::function<void()>& action)
{
    kubelab::app::SimulationController* c = window.controller();
    QElapsedTimer total, sinceBeat;
    double stall = 0;
    std::vector<Sample> gaps; // every turn of the event loop during the action
    QTimer beat;
    beat.setInterval(0);
    QObject::connect(&beat, &QTimer::timeout, [&] {
        const double gap = elapsedMs(sinceBeat);
        gaps.push_back({gap, 0});
        stall = std::max(stall, gap);
        sinceBeat.restart();
    });
    const quint64 before = c->position();
    total.start();
    sinceBeat.start();
    beat.start(); // fires in the loop turns a long command yields to, too
    action();
    stall = std::max(stall, elapsedMs(sinceBeat));
    sinceBeat.restart();
    const bool done = waitFor(
        [&window] {
            return !window.controller()->busy() && !window.controller()->playing() &&
                   !window.loading();
        },
        120000);
    QCoreApplication::processEvents(); // the refresh that follows
    stall = std::max(stall, elapsedMs(sinceBeat));
    print({{"bench", "ui"},
           {"cluster", "50 nodes, 500 pods"},
           {"action", what},
           {"done", done},
           {"events", std::int64_t(c->position()) - std::int64_t(before)},
           {"wall_ms", std::round(elapsedMs(total) * 10) / 10},
           {"longest_stall_ms", std::round(stall * 10) / 10},
           {"loop_turns", gaps.empty() ? json() : stats(gaps)},
           {"target_stall_ms", 16}});
}

void uiResponsiveness(MainWindow& window)
{
    kubelab::app::SimulationController* c = window.controller();
    c->runInteractive(QStringLiteral("settle"));
    waitFor([c] { return !c->busy(); }, 120000);
    const quint64 settled = c->position();
    std::vector<Sample> paints;
    for (int i = 0; i < 20; ++i)
        paints.push_back(measure([&window] { (void)window.grab(); }));
    json panels = json::object();
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        if (!dock->isVisible() || !dock->widget())
            continue;
        std::vector<Sample> one;
        for (int i = 0; i < 10; ++i)
            one.push_back(measure([dock] { (void)dock->widget()->grab(); }));
        panels[dock->windowTitle().toStdString()] = stats(one)["p50_ms"];
    }
    print({{"bench", "ui"},
           {"cluster", "50 nodes, 500 pods"},
           {"action", "paint the whole window (QWidget::grab, every panel)"},
           {"repaint", stats(paints)},
           {"panel_p50_ms", panels}});
    uiAction(window, "console: kubectl get pods (500 rows)",
             [c] { c->runInteractive(QStringLiteral("kubectl get pods")); });
    uiAction(window, "console: kubectl scale deployment web --replicas=520", [c] {
        c->runInteractive(QStringLiteral("kubectl scale deployment web --replicas=520"));
    });
    uiAction(window, "notes: Apply a 3-replica Deployment", [c] {
        c->runScript(QStringLiteral(
            "kubectl apply -f - <<END\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
            "  name: notes\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n"
            "      app: notes\n  template:\n    metadata:\n      labels:\n        app: notes\n"
            "    spec:\n      containers:\n      - name: app\n        image: nginx\nEND\n"));
    });
    uiAction(window, "console: run 30s", [c] { c->runInteractive(QStringLiteral("run 30s")); });
    const quint64 end = c->position();
    uiAction(window, "rewind to before the scale (scrubber)", [c, settled] { c->seek(settled); });
    uiAction(window, "replay to the horizon (scrubber)", [c, end] { c->seek(end); });
    uiAction(window, "step back (Shift+F10)", [c] { c->stepBack(); });
    uiAction(window, "play at 100x for 2 s of wall time", [c] {
        c->setSpeed(100);
        c->play();
        QTimer::singleShot(2000, c, [c] { c->pause(); });
    });
    // File → Save, then Open: the file is replayed on a worker thread while the window
    // keeps painting.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.kubelab"));
    window.saveClusterFile(path);
    uiAction(window, "File > Open the saved cluster (replayed off the GUI thread)",
             [&window, path] { window.openClusterFile(path); });
    kubelab::cluster::Topology big = kubelab::cluster::Topology::defaults();
    big.workers[0].count = 400;
    uiAction(window, "File > New cluster of 401 nodes (built off the GUI thread)",
             [&window, big] { window.newCluster(big, 7); });
}

// The Inspector's and YAML editor's actions (formerly tst_inspector_scale's): each run 7
// times; a selection starts from nothing selected.
void inspectorActions(kubelab::app::SimulationController* controller)
{
    kubelab::app::Selection selection;
    InspectorWidget inspector(controller, &selection);
    inspector.resize(760, 400);
    inspector.show();
    waitFor([&] { return inspector.windowHandle()->isExposed(); }, 5000);
    kubelab::cluster::Cluster& cluster = controller->cluster();
    const auto pods = cluster.objects("pods", "default");
    const QString podName = QString::fromStdString((*pods.front())["metadata"]["name"]);
    const std::string rsName =
        (*cluster.objects("replicasets", "default").front())["metadata"]["name"];
    const ObjectRef pod{"pods", "default", podName};
    const ObjectRef rs{"replicasets", "default", QString::fromStdString(rsName)};
    const ObjectRef big{"pods", "default", "big"};

    auto report = [](const QString& what, const std::vector<Sample>& samples,
                     const json& check = json::object()) {
        double best = samples.front().wall;
        for (const Sample& s : samples)
            best = std::min(best, s.wall);
        json line = {{"bench", "inspector"},
                     {"action", what.toStdString()},
                     {"best_ms", std::round(best * 1000) / 1000},
                     {"latency", stats(samples)}};
        if (!check.empty())
            line["check"] = check;
        print(line);
    };
    auto run = [&](const QString& what, const std::function<void()>& action,
                   const std::function<json()>& check = {}) {
        std::vector<Sample> samples;
        for (int i = 0; i < 7; ++i)
            samples.push_back(measure(action));
        report(what, samples, check ? check() : json::object());
    };
    auto select = [&](const QString& what, const ObjectRef& ref,
                      const std::function<json()>& check = {}) {
        std::vector<Sample> samples;
        for (int i = 0; i < 7; ++i) {
            selection.clear();
            samples.push_back(measure([&] { selection.select(ref); }));
        }
        report(what, samples, check ? check() : json::object());
    };
    auto stepAndRefresh = [&] {
        cluster.step();
        inspector.refresh();
    };
    for (int tab : {InspectorWidget::YamlTab, InspectorWidget::JsonTab, InspectorWidget::EventsTab,
                    InspectorWidget::OwnersTab}) {
        inspector.tabs()->setCurrentIndex(tab);
        const QString name = inspector.tabs()->tabText(tab);
        select("select a pod, " + name, pod);
        run("step and refresh a pod, " + name, stepAndRefresh);
    }
    select("select the ReplicaSet of 500 pods, Owners", rs, [&] {
        return json{{"children", inspector.ownersTree()->topLevelItem(0)->child(0)->childCount()}};
    });
    run("step and refresh the ReplicaSet, Owners", stepAndRefresh);
    select("select the pending pod, Scheduling over 50 nodes", big, [&] {
        return json{{"rows", inspector.schedulingModel()->rowCount()}};
    });
    run("step and refresh the pending pod, Scheduling", stepAndRefresh);
    run(
        "object box list", [&] { inspector.picker()->candidates(); },
        [&] {
            return json{{"candidates", inspector.picker()->candidates().size()}};
        });
    kubelab::app::YamlEditor editor(controller);
    const QString yaml = inspector.editableYaml();
    run(
        "validate a Pod in the YAML editor", [&] { editor.setText(yaml); },
        [&] {
            return json{{"problems", editor.problems().size()}};
        });
}

// A copy of `cache` grown to `total` pods: Running pods cloned from the cluster's own,
// spread over the workers, each with its own name, uid and resourceVersion.
using Cache = std::map<std::string, std::shared_ptr<const json>>;

Cache grownCache(const Cache& cache, int total, int nodes, std::int64_t revision)
{
    Cache grown = cache;
    const json* model = nullptr;
    int pods = 0;
    for (auto it = grown.lower_bound("/registry/pods/");
         it != grown.end() && it->first.rfind("/registry/pods/", 0) == 0; ++it, ++pods)
        if (it->second->at("status").value("phase", "") == "Running")
            model = it->second.get();
    const json pod = *model;
    for (int i = pods; i < total; ++i) {
        json p = pod;
        const std::string name = "synthetic-" + std::to_string(i);
        p["metadata"]["name"] = name;
        p["metadata"]["uid"] = "synthetic-uid-" + std::to_string(i);
        p["metadata"]["resourceVersion"] = std::to_string(revision + 1 + i);
        p["spec"]["nodeName"] = "worker-" + std::to_string(i % nodes + 1);
        grown["/registry/pods/default/" + name] = std::make_shared<const json>(std::move(p));
    }
    return grown;
}

// (b) Frame times: panning at three zooms and zooming in and out through the levels of
// detail, each frame a full repaint of the viewport.
void mapFrames(ClusterView& view, const std::string& size, const std::string& feed)
{
    view.fitToCluster();
    const qreal fit = view.zoom();
    auto frame = [&view](const std::function<void()>& move) {
        return measure([&] {
            move();
            view.viewport()->repaint();
        });
    };
    for (qreal factor : {1.0, 4.0, 40.0}) {
        view.fitToCluster();
        view.zoomBy(factor);
        view.centerOn(view.sceneRect().center());
        std::vector<Sample> samples;
        QScrollBar* h = view.horizontalScrollBar();
        QScrollBar* v = view.verticalScrollBar();
        for (int i = 0; i < 120; ++i)
            samples.push_back(frame([&] {
                const int dir = (i / 30) % 2 ? -1 : 1; // back and forth
                h->setValue(h->value() + dir * 12);
                v->setValue(v->value() + dir * 6);
            }));
        print({{"bench", "map_frame"},
               {"feed", feed},
               {"viewport", size},
               {"action", "pan"},
               {"zoom", view.zoom()},
               {"zoom_over_fit", view.zoom() / fit},
               {"chips_drawn", view.detailed()},
               {"frame", stats(samples)}});
    }
    view.fitToCluster();
    std::vector<Sample> samples;
    for (int i = 0; i < 120; ++i) // in to about 60x the fit, and out again
        samples.push_back(frame([&] { view.zoomBy(i < 60 ? 1.07 : 1 / 1.07); }));
    print({{"bench", "map_frame"},
           {"feed", feed},
           {"viewport", size},
           {"action", "zoom in and out (crosses chips/mosaic)"},
           {"fit_zoom", fit},
           {"frame", stats(samples)}});
}

// (b) and (d) at 1,000 nodes.
void mapAtScale(int nodes, int enginePods, int totalPods)
{
    QElapsedTimer build;
    build.start();
    kubelab::app::SimulationController controller(workers(nodes), 1);
    kubelab::cluster::Cluster& cluster = controller.cluster();
    const double clusterMs = elapsedMs(build);
    controller.runScript(QStringLiteral("kubectl create deployment web --image=nginx "
                                        "--replicas=%1\nsettle\n")
                             .arg(enginePods));
    const double podsMs = elapsedMs(build) - clusterMs;
    ClusterView view;
    view.resize(1600, 1000);
    view.show();
    waitFor([&] { return view.windowHandle()->isExposed(); }, 5000);
    const double firstMs = timeMs([&] { view.showCluster(cluster); });
    print({{"bench", "map_engine_cluster"},
           {"nodes", view.nodeCount()},
           {"pods", view.podCount()},
           {"cluster_build_ms", clusterMs},
           {"pods_to_settled_ms", podsMs},
           {"first_map_ms", firstMs},
           {"peak_rss_mb", kubelab::bench::peakRssMb()}});

    // (d) One step, then the map's update: most steps change nothing it draws (skipped by
    // the cache's revision); some rewrite a Node or a Pod.
    controller.runCommand(
        QStringLiteral("kubectl scale deployment web --replicas=%1").arg(enginePods + 50));
    std::vector<Sample> all, changed;
    for (int i = 0; i < 400; ++i) {
        const auto revision = cluster.cacheRevision();
        cluster.step();
        const Sample ms = measure([&] { view.showCluster(cluster); });
        all.push_back(ms);
        if (cluster.cacheRevision() != revision)
            changed.push_back(ms);
    }
    print({{"bench", "map_update"},
           {"feed", "engine"},
           {"nodes", view.nodeCount()},
           {"pods", view.podCount()},
           {"what", "ClusterView::showCluster after Cluster::step"},
           {"every_step", stats(all)},
           {"steps_that_changed_the_cache", stats(changed)}});
    mapFrames(view, "1600x1000", "engine");

    // The engine is too slow to run 10,000 pods at 1,000 nodes here (about 25 pods/s and
    // 2 GiB at 200 pods): the rest of the pods are cloned into a copy of its cache.
    const auto input = ClusterView::inputOf(cluster);
    const auto grown = grownCache(*input.cache, totalPods, nodes, input.revision);
    ClusterView big;
    big.resize(1600, 1000);
    big.show();
    waitFor([&] { return big.windowHandle()->isExposed(); }, 5000);
    auto feed = [&](const Cache& cache, std::int64_t revision) {
        ClusterView::Input in = input;
        in.cache = &cache;
        in.revision = revision;
        in.processed = std::uint64_t(revision);
        return in;
    };
    std::int64_t revision = input.revision + totalPods + 1;
    const double grownFirst = timeMs([&] { big.updateMap(feed(grown, revision)); });
    auto mutated = grown;
    std::vector<Sample> oneChanged, unchanged;
    for (int i = 0; i < 200; ++i) {
        auto& shared =
            mutated["/registry/pods/default/synthetic-" + std::to_string(enginePods + i)];
        json p = *shared; // as in the engine, a changed object is a new immutable one
        p["status"]["phase"] = i % 2 ? "Running" : "Failed";
        p["metadata"]["resourceVersion"] = std::to_string(++revision);
        shared = std::make_shared<const json>(std::move(p));
        oneChanged.push_back(measure([&] { big.updateMap(feed(mutated, revision)); }));
        unchanged.push_back(measure([&] { big.updateMap(feed(mutated, revision)); }));
    }
    print({{"bench", "map_update"},
           {"feed", "synthetic: engine cache + cloned pods"},
           {"nodes", big.nodeCount()},
           {"pods", big.podCount()},
           {"first_map_ms", grownFirst},
           {"one_pod_changed", stats(oneChanged)},
           {"revision_unchanged", stats(unchanged)}});
    mapFrames(big, "1600x1000", "synthetic 10k pods");
    big.resize(560, 360);
    QCoreApplication::processEvents();
    mapFrames(big, "560x360 (the dock)", "synthetic 10k pods");
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (geteuid() == 0 && !qEnvironmentVariableIsSet("QTWEBENGINE_DISABLE_SANDBOX"))
        qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    if (!qEnvironmentVariableIsSet("QTWEBENGINE_CHROMIUM_FLAGS"))
        qputenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu");
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    // As the app chooses (app/window/rendering.h): software Qt Quick where OpenGL is llvmpipe.
    kubelab::app::chooseQuickRenderer();
    const double appMs = elapsedMs(sinceMain);
    const QStringList groups = QCoreApplication::arguments().mid(1);
    auto wanted = [&groups](const char* group) {
        return groups.isEmpty() || groups.contains(QLatin1String(group));
    };

    if (wanted("start"))
        appStart(sinceMain, appMs);
    if (wanted("step")) {
        MainWindow window;
        window.show();
        window.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=6\nsettle\n");
        stepLatency(window, "default (1 control plane + 3 workers, 6 pods)",
                    "kubectl scale deployment web --replicas=12", 500);
    }
    if (wanted("step") || wanted("inspector") || wanted("ui")) {
        MainWindow window(workers(49)); // and the control plane: 50 nodes
        window.show();
        window.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=500\n"
            "kubectl apply -f - <<END\n"
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n"
            "  - name: app\n    image: nginx\n    resources:\n      requests:\n"
            "        cpu: \"3\"\n"
            "END\n"
            "settle\n");
        if (wanted("step"))
            stepLatency(window, "50 nodes, 500 pods", "kubectl scale deployment web --replicas=520",
                        500);
        if (wanted("inspector"))
            inspectorActions(window.controller());
        if (wanted("ui"))
            uiResponsiveness(window);
    }
    if (wanted("map"))
        mapAtScale(1000, 500, 10000);
    return 0;
}
