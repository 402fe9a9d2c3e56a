// The cluster map: incremental updates keep unchanged chips, pods come and go with a fade,
// chips take their state's colour, zoom and fit move the view, far out chips turn into
// mosaics, and a stopped kubelet shows on its node. Offscreen, a default cluster plus a
// synthetic cache of 200 nodes fed the way the engine's is.
#include <QtTest>

#include <QAction>
#include <QGraphicsScene>
#include <QSignalSpy>

#include "app/core/simulation_controller.h"
#include "app/map/cluster_view.h"
#include "app/map/map_layout.h"
#include "app/map/map_legend.h"
#include "app/map/pod_chip.h"
#include "engine/cluster/cluster.h"

using kubelab::app::ClusterView;
using kubelab::app::ComponentState;
using kubelab::app::NodeBox;
using kubelab::app::PodChip;
using kubelab::app::PodPhase;
using nlohmann::json;

namespace {

QStringList podsOf(const kubelab::cluster::Cluster& c, const std::string& prefix)
{
    QStringList names;
    for (const json* p : c.objects("pods", "default")) {
        const std::string name = (*p)["metadata"]["name"];
        if (name.rfind(prefix, 0) == 0)
            names << QString::fromStdString(name);
    }
    return names;
}

// The colour drawn just inside the top-left corner of `item` (past its rim, and clear of
// the name a chip carries when zoomed in).
QColor colorAt(ClusterView& view, const QGraphicsItem* item)
{
    view.ensureVisible(item, 4, 4); // the map scrolls rather than shrink its text
    const QImage image = view.viewport()->grab().toImage();
    return image.pixelColor(view.mapFromScene(item->sceneBoundingRect().topLeft()) + QPoint(3, 3));
}

// Chips in the scene named `name`, including ones fading out.
int chipsNamed(ClusterView& view, const QString& name)
{
    int n = 0;
    for (QGraphicsItem* item : view.scene()->items())
        if (item->type() == PodChip::Type && static_cast<PodChip*>(item)->name() == name)
            ++n;
    return n;
}

// A watch cache shaped as the API server's: `nodes` Ready nodes with `perNode` Running
// pods each.
using Cache = std::map<std::string, std::shared_ptr<const json>>;

Cache syntheticCache(int nodes, int perNode)
{
    Cache cache;
    int rv = 1;
    for (int n = 1; n <= nodes; ++n) {
        const std::string name = "node-" + std::to_string(n);
        cache["/registry/minions/" + name] = std::make_shared<const json>(
            json{{"metadata", {{"name", name}, {"resourceVersion", std::to_string(rv++)}}},
                 {"status", {{"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}});
        for (int p = 0; p < perNode; ++p) {
            const std::string pod = name + "-pod-" + std::to_string(p);
            cache["/registry/pods/default/" + pod] = std::make_shared<const json>(
                json{{"metadata",
                      {{"name", pod},
                       {"namespace", "default"},
                       {"uid", "uid-" + pod},
                       {"resourceVersion", std::to_string(rv++)}}},
                     {"spec", {{"nodeName", name}, {"containers", {{{"name", "app"}}}}}},
                     {"status", {{"phase", "Running"}}}});
        }
    }
    return cache;
}

ClusterView::Input inputFor(const Cache& cache, std::int64_t revision)
{
    ClusterView::Input in;
    in.cache = &cache;
    in.revision = revision;
    in.processed = std::uint64_t(revision);
    in.component = [](const std::string&) { return ComponentState::Running; };
    in.stoppable = [](const std::string&) { return false; };
    return in;
}

} // namespace

class tst_ClusterView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_controller = std::make_unique<kubelab::app::SimulationController>(1);
        m_view = std::make_unique<ClusterView>();
        m_view->resize(640, 480);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        connect(m_controller.get(), &kubelab::app::SimulationController::advanced, this,
                [this] { m_view->showCluster(m_controller->cluster()); });
        m_view->showCluster(m_controller->cluster());
    }
    void cleanup()
    {
        m_view.reset();
        m_controller.reset();
    }

    void nodesAndComponents()
    {
        QCOMPARE(m_view->nodeCount(), 4);
        NodeBox* cp = m_view->nodeBox("control-plane");
        QVERIFY(cp);
        QCOMPARE(cp->role(), NodeBox::Role::ControlPlane);
        QStringList labels;
        for (const auto& c : cp->components())
            labels << c.label;
        QCOMPARE(labels, QStringList({"kube-apiserver", "etcd", "controller-manager", "scheduler",
                                      "kubelet", "kube-proxy", "containerd"}));
        NodeBox* worker = m_view->nodeBox("worker-1");
        QCOMPARE(worker->role(), NodeBox::Role::Worker);
        labels.clear();
        for (const auto& c : worker->components())
            labels << c.label + '=' + QString::number(int(c.state));
        // kube-proxy runs on every node, as kubeadm's DaemonSet does.
        QCOMPARE(labels, QStringList({"kubelet=0", "kube-proxy=0", "containerd=0"}));
        QCOMPARE(
            m_view->legend()->labels().mid(0, 6),
            QStringList({"Pending", "Creating", "Running", "Succeeded", "Failed", "Terminating"}));
    }

    void incrementalUpdateKeepsChips()
    {
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=3\nsettle\n"));
        const QStringList web = podsOf(m_controller->cluster(), "web-");
        QCOMPARE(web.size(), 3);
        PodChip* first = m_view->podChip("default", web[0]);
        QVERIFY(first);
        QCOMPARE(first->phase(), PodPhase::Running);
        QVERIFY(!m_view->podChip("default", "solo"));

        // Nothing moved: no work, no redraw.
        QSignalSpy redrawn(m_view.get(), &ClusterView::redrawn);
        m_view->showCluster(m_controller->cluster());
        QCOMPARE(redrawn.count(), 0);

        QVERIFY(m_controller->runScript("kubectl run solo --image=nginx\nsettle\n"));
        QVERIFY(redrawn.count() > 0);
        QCOMPARE(m_view->podChip("default", web[0]), first); // the same item
        PodChip* solo = m_view->podChip("default", "solo");
        QVERIFY(solo);
        QVERIFY(solo != first);
        // Three web pods, solo, and kubeadm's two coredns pods in kube-system.
        QCOMPARE(m_view->podCount(), 6);
        QVERIFY(m_view->podNames().contains("solo"));
    }

    void deletedPodFadesOut()
    {
        QVERIFY(m_controller->runScript(
            "kubectl run solo --image=nginx\nkubectl run stay --image=nginx\nsettle\n"));
        QTRY_COMPARE(m_view->fadingCount(), 0);
        QCOMPARE(chipsNamed(*m_view, "solo"), 1);
        QVERIFY(m_controller->runScript("kubectl delete pod solo\nsettle\n"));
        // Gone from the map's index at once, still on screen while it fades out.
        QVERIFY(!m_view->podChip("default", "solo"));
        QVERIFY(!m_view->podNames().contains("solo"));
        QCOMPARE(chipsNamed(*m_view, "solo"), 1);
        QVERIFY(m_view->fadingCount() > 0);
        QTRY_COMPARE(chipsNamed(*m_view, "solo"), 0);
        QCOMPARE(chipsNamed(*m_view, "stay"), 1);
        QVERIFY(m_view->podChip("default", "stay"));
    }

    void rewindGoesBack()
    {
        const auto before = m_controller->cluster().sim().processed();
        QVERIFY(m_controller->runScript("kubectl run solo --image=nginx\nsettle\n"));
        QVERIFY(m_view->podChip("default", "solo"));
        QVERIFY(m_controller->cluster().rewindTo(before));
        m_view->showCluster(m_controller->cluster());
        QVERIFY(!m_view->podChip("default", "solo"));
    }

    void chipsTakeTheirStateColour()
    {
        QVERIFY(m_controller->runScript(
            "kubectl run small --image=nginx\n"
            "kubectl apply -f - <<END\n"
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n"
            "  - name: app\n    image: nginx\n    resources:\n      requests:\n"
            "        cpu: \"3\"\n"
            "END\n"
            "settle\n"));
        QTRY_COMPARE(m_view->fadingCount(), 0);
        PodChip* running = m_view->podChip("default", "small");
        PodChip* pending = m_view->podChip("default", "big");
        QCOMPARE(running->phase(), PodPhase::Running);
        QCOMPARE(pending->phase(), PodPhase::Pending);
        QCOMPARE(pending->box(), m_view->unscheduledBox());
        QVERIFY(running->box() != m_view->unscheduledBox());
        QVERIFY(m_view->unscheduledBox()->isVisible());
        const QColor green = kubelab::app::phaseColor(PodPhase::Running);
        const QColor amber = kubelab::app::phaseColor(PodPhase::Pending);
        QCOMPARE(colorAt(*m_view, running), green);
        QCOMPARE(colorAt(*m_view, pending), amber);
        QVERIFY(colorAt(*m_view, pending) != green);
        // Hovering the Pending chip gives the scheduler's one-line reason; a running one
        // has none.
        QVERIFY2(pending->toolTipText().contains(QStringLiteral("0/4 nodes are available")),
                 qPrintable(pending->toolTipText()));
        QVERIFY(!running->toolTipText().contains(QStringLiteral("nodes are available")));
        // The problems list has the Pending pod and not the running one.
        QStringList problems;
        for (const auto& p : m_view->problems())
            problems << p.text;
        QVERIFY(problems.join('|').contains(QStringLiteral("Pending pod default/big")));
        QVERIFY(!problems.join('|').contains(QStringLiteral("small")));
    }

    void zoomAndFit()
    {
        const qreal fitted = m_view->zoom();
        QVERIFY(fitted > 0.3);
        m_view->zoomInAction()->trigger();
        QVERIFY(m_view->zoom() > fitted * 1.2);
        m_view->fitAction()->trigger();
        QVERIFY(qFuzzyCompare(m_view->zoom(), fitted));
        // Ctrl+wheel zooms, a plain wheel does not.
        const QPoint centre = m_view->viewport()->rect().center();
        QWheelEvent up(centre, m_view->viewport()->mapToGlobal(centre), {}, {0, 240}, Qt::NoButton,
                       Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_view->viewport(), &up);
        QVERIFY(m_view->zoom() > fitted * 1.2);
        const qreal zoomed = m_view->zoom();
        QWheelEvent plain(centre, m_view->viewport()->mapToGlobal(centre), {}, {0, 240},
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_view->viewport(), &plain);
        QCOMPARE(m_view->zoom(), zoomed);
        m_view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
        m_view->setFocus();
        QTest::keyClick(m_view.get(), Qt::Key_Minus);
        QVERIFY(m_view->zoom() < zoomed);
        QTest::keyClick(m_view.get(), Qt::Key_0, Qt::ControlModifier);
        QVERIFY(qFuzzyCompare(m_view->zoom(), fitted));
    }

    void stoppedKubeletMarksItsNode()
    {
        QVERIFY(m_controller->runScript("fault stop kubelet/worker-1\n"));
        auto kubelet = [this](const QString& node) {
            for (const auto& c : m_view->nodeBox(node)->components())
                if (c.label == "kubelet")
                    return c.state;
            return ComponentState::NotSimulated;
        };
        QCOMPARE(kubelet("worker-1"), ComponentState::Stopped);
        QCOMPARE(kubelet("worker-2"), ComponentState::Running);
        QVERIFY(m_view->nodeBox("worker-1")->toolTipText().contains("kubelet: stopped"));
        // NotReady once the node lifecycle controller's grace period (50 s) runs out.
        QVERIFY(m_view->nodeBox("worker-1")->ready());
        QVERIFY(m_controller->runScript("run 60s\n"));
        QVERIFY(!m_view->nodeBox("worker-1")->ready());
        QVERIFY(m_view->nodeBox("worker-2")->ready());
        QVERIFY(m_view->nodeBox("worker-1")->toolTipText().contains("NotReady"));
        QVERIFY(m_controller->runScript("fault start kubelet/worker-1\n"));
        QCOMPARE(kubelet("worker-1"), ComponentState::Running);
    }

    void thousandsTurnIntoMosaics()
    {
        auto cache = syntheticCache(200, 10);
        ClusterView view;
        view.resize(640, 480);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.updateMap(inputFor(cache, 1));
        QCOMPARE(view.nodeCount(), 200);
        QCOMPARE(view.podCount(), 2000);
        // Fitted, the map stays legible and scrolls; zoomed far out, a chip would be about
        // a pixel: the boxes paint mosaics instead.
        QVERIFY(view.detailed());
        for (int i = 0; i < 20 && view.detailed(); ++i)
            view.zoomBy(0.7);
        QVERIFY(!view.detailed());
        PodChip* chip = view.podChip("default", "node-7-pod-3");
        QCOMPARE(chip->effectiveOpacity(), 0.0);
        QCOMPARE(view.fadingCount(), 0); // too many and too small to animate
        // One pod changes: its chip changes, the others stay as they were.
        PodChip* other = view.podChip("default", "node-7-pod-4");
        auto& shared = cache["/registry/pods/default/node-7-pod-3"];
        json pod = *shared; // cached objects are immutable: a change is a new object
        pod["status"]["phase"] = "Failed";
        pod["metadata"]["resourceVersion"] = "99999";
        shared = std::make_shared<const json>(std::move(pod));
        view.updateMap(inputFor(cache, 2));
        QCOMPARE(view.podChip("default", "node-7-pod-3"), chip);
        QCOMPARE(chip->phase(), PodPhase::Failed);
        QCOMPARE(other->phase(), PodPhase::Running);
        QCOMPARE(view.podChip("default", "node-7-pod-4"), other);
        // Zoomed in, chips are drawn one by one again.
        for (int i = 0; i < 20 && !view.detailed(); ++i)
            view.zoomBy(1.5);
        QVERIFY(view.detailed());
        QCOMPARE(chip->effectiveOpacity(), 1.0);
    }

    void phaseFromStatus_data()
    {
        QTest::addColumn<QString>("phase");
        QTest::addColumn<QString>("status"); // kubectl's STATUS column
        QTest::addColumn<PodPhase>("expected");
        QTest::newRow("unscheduled") << "Pending"
                                     << "Pending" << PodPhase::Pending;
        QTest::newRow("creating") << "Pending"
                                  << "ContainerCreating" << PodPhase::Creating;
        QTest::newRow("init") << "Pending"
                              << "Init:0/1" << PodPhase::Creating;
        QTest::newRow("init error") << "Pending"
                                    << "Init:Error" << PodPhase::Failed;
        QTest::newRow("pull error") << "Pending"
                                    << "ErrImagePull" << PodPhase::Failed;
        QTest::newRow("running") << "Running"
                                 << "Running" << PodPhase::Running;
        QTest::newRow("crash loop") << "Running"
                                    << "CrashLoopBackOff" << PodPhase::Failed;
        QTest::newRow("completed") << "Succeeded"
                                   << "Completed" << PodPhase::Succeeded;
        QTest::newRow("failed") << "Failed"
                                << "Error" << PodPhase::Failed;
        QTest::newRow("terminating") << "Running"
                                     << "Terminating" << PodPhase::Terminating;
    }
    void phaseFromStatus()
    {
        QFETCH(QString, phase);
        QFETCH(QString, status);
        QFETCH(PodPhase, expected);
        const json pod = {{"status", {{"phase", phase.toStdString()}}}};
        QCOMPARE(kubelab::app::podPhase(pod, status.toStdString()), expected);
    }

    void gridFollowsTheViewportShape_data()
    {
        QTest::addColumn<double>("aspect");
        QTest::addColumn<int>("columns");
        QTest::newRow("square") << 1.0 << 4;
        QTest::newRow("wide") << 4.0 << 8;
        QTest::newRow("tall") << 0.25 << 2;
    }
    void gridFollowsTheViewportShape()
    {
        QFETCH(double, aspect);
        QFETCH(int, columns);
        // 16 boxes 100 wide and 100 high in one group with no gap and no heading.
        const std::vector<int> groups{16};
        QCOMPARE(kubelab::app::columnsForAspect(groups, 100, 100, 0, 0, aspect), columns);
        const auto g = kubelab::app::layoutGroups(groups, 100, 100, 0, 0, columns);
        QCOMPARE(g.columns, columns);
        QCOMPARE(g.positions[std::size_t(columns)], QPointF(0, 100)); // second row
        QCOMPARE(g.size, QSizeF(columns * 100.0, 1600.0 / columns));
    }

    // Each group starts a row of its own under its heading.
    void groupsStartRows()
    {
        const auto g = kubelab::app::layoutGroups({1, 3}, 100, 50, 10, 20, 2);
        QCOMPARE(g.columns, 2);
        QCOMPARE(g.headings, (std::vector<QPointF>{{0, 0}, {0, 80}}));
        QCOMPARE(g.positions, (std::vector<QPointF>{{0, 20}, {0, 100}, {110, 100}, {0, 160}}));
        QCOMPARE(g.size, QSizeF(210, 210));
    }

private:
    std::unique_ptr<kubelab::app::SimulationController> m_controller;
    std::unique_ptr<ClusterView> m_view;
};

QTEST_MAIN(tst_ClusterView)
#include "tst_cluster_view.moc"
