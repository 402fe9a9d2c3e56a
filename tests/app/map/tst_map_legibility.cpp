// The cluster map stays legible and truthful on a 53-node cluster: at the zoom it picks by
// itself no text is drawn below 9 pt (it scrolls instead), nodes are grouped and of one
// size, a NotReady node is framed in red at the fitted zoom and far out, the problems list
// names it and jumps to it, and a node's bars add up its pods' requests.
#include <QtTest>

#include <QScrollBar>
#include <QSignalSpy>

#include "app/core/simulation_controller.h"
#include "app/map/cluster_view.h"
#include "app/map/map_look.h"
#include "app/map/node_box.h"
#include "app/map/pod_phase.h"
#include "engine/cluster/cluster.h"
#include "engine/cluster/topology.h"

using kubelab::app::ClusterView;
using kubelab::app::NodeBox;
using kubelab::app::SimulationController;

namespace {

// 3 control-plane nodes and 50 workers in three groups: 53 nodes.
const char kTopology[] = "controlPlanes: 3\n"
                         "workers:\n"
                         "  - prefix: worker\n"
                         "    count: 30\n"
                         "    labels: {topology.kubernetes.io/zone: zone-a}\n"
                         "  - prefix: gpu\n"
                         "    count: 4\n"
                         "    taints:\n"
                         "      - {key: gpu, value: \"true\", effect: NoSchedule}\n"
                         "  - prefix: edge\n"
                         "    count: 16\n"
                         "    labels: {topology.kubernetes.io/zone: zone-b}\n";

// The map dock's viewport in the fitted window on a 1280×800 screen.
const QSize kDockViewport(460, 320);

bool isRed(const QColor& c)
{
    return c == kubelab::app::notReadyColor();
}

} // namespace

class tst_MapLegibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_controller = std::make_unique<SimulationController>(
            kubelab::cluster::Topology::fromYaml(kTopology, "test.yaml"), 1);
        m_view = std::make_unique<ClusterView>();
        m_view->resize(kDockViewport);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        connect(m_controller.get(), &SimulationController::advanced, this,
                [this] { m_view->showCluster(m_controller->cluster()); });
        m_view->showCluster(m_controller->cluster());
        QCOMPARE(m_view->nodeCount(), 53);
    }
    void cleanup()
    {
        m_view.reset();
        m_controller.reset();
    }

    void noTextBelowNinePointAtItsOwnZoom()
    {
        m_view->fitToCluster();
        m_view->resetTextStats();
        m_view->viewport()->grab();
        const qreal least = m_view->look().minTextPixels;
        QVERIFY(m_view->textsDrawn() > 10); // names, status, components: text is drawn
        QVERIFY2(m_view->smallestTextDrawn() >= least - 0.01,
                 qPrintable(QString::number(m_view->smallestTextDrawn())));
        QVERIFY(m_view->zoom() >= m_view->legibleZoom() - 1e-9);
        // The check can fail: showing the whole cluster at once would take a zoom that puts
        // the smallest text below 9 pt, so the map scrolls instead.
        const QRectF all = m_view->sceneRect();
        const qreal wholeZoom = std::min(m_view->viewport()->width() / all.width(),
                                         m_view->viewport()->height() / all.height());
        QVERIFY(wholeZoom * kubelab::app::mapgeom::kSmallPixels < least);
        QVERIFY(m_view->verticalScrollBar()->maximum() > 0);
        // Zoomed out by the learner, text that would be too small is left out, not shrunk.
        for (int i = 0; i < 4; ++i)
            m_view->zoomBy(0.6);
        m_view->resetTextStats();
        m_view->viewport()->grab();
        QVERIFY(m_view->textsDrawn() == 0 || m_view->smallestTextDrawn() >= least - 0.01);
    }

    void groupedControlPlaneFirstOneSize()
    {
        const NodeBox* cp = m_view->nodeBox("control-plane-1");
        QVERIFY(cp);
        const qreal height = cp->boundingRect().height();
        qreal lastControlPlane = 0, firstWorker = 1e9;
        QStringList order;
        for (const QString& name : {QStringLiteral("control-plane-1"), QStringLiteral("gpu-1"),
                                    QStringLiteral("worker-1"), QStringLiteral("edge-1")})
            order << name;
        for (QGraphicsItem* item : m_view->scene()->items()) {
            if (item->type() != NodeBox::Type)
                continue;
            const auto* box = static_cast<const NodeBox*>(item);
            if (box->role() == NodeBox::Role::Unscheduled)
                continue;
            QCOMPARE(box->boundingRect().height(), height); // tiles of one size
            if (box->role() == NodeBox::Role::ControlPlane)
                lastControlPlane = std::max(lastControlPlane, box->y());
            else
                firstWorker = std::min(firstWorker, box->y());
        }
        QVERIFY(lastControlPlane < firstWorker);
        // Groups by zone or worker group, the biggest first (zone-a 30, zone-b 16, gpu 4),
        // each starting a row of its own; in a group, natural order (worker-9, worker-10).
        QCOMPARE(m_view->nodeBox("gpu-1")->group(), QStringLiteral("gpu"));
        QCOMPARE(m_view->nodeBox("worker-7")->group(), QStringLiteral("zone-a"));
        QVERIFY(m_view->nodeBox("worker-30")->y() < m_view->nodeBox("edge-1")->y());
        QVERIFY(m_view->nodeBox("edge-16")->y() < m_view->nodeBox("gpu-1")->y());
        QCOMPARE(m_view->nodeBox("worker-1")->x(), 0.0);
        QCOMPARE(m_view->nodeBox("edge-1")->x(), 0.0);
        QCOMPARE(m_view->nodeBox("gpu-1")->x(), 0.0);
        QVERIFY(m_view->nodeBox("worker-9")->y() <= m_view->nodeBox("worker-10")->y());
        // The sibling: sorted by name alone, gpu nodes would come before the workers.
        QVERIFY(!(m_view->nodeBox("gpu-4")->y() < m_view->nodeBox("worker-1")->y()));
    }

    void notReadyNodeMarkedAtEveryZoom()
    {
        QVERIFY(m_view->problems().empty());
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=100\nsettle\n"
            "fault stop kubelet/worker-2\nrun 60s\n"));
        const NodeBox* sick = m_view->nodeBox("worker-2");
        const NodeBox* well = m_view->nodeBox("worker-3");
        QVERIFY(!sick->ready());
        QVERIFY(well->ready());
        QVERIFY(!sick->chips().empty());

        auto edgeColours = [&](const NodeBox* box) {
            const QImage image = m_view->viewport()->grab().toImage();
            const QRect r = m_view->mapFromScene(box->sceneBoundingRect()).boundingRect();
            return QList<QColor>{image.pixelColor(r.left() + 1, r.center().y()),
                                 image.pixelColor(r.center().x(), r.top() + 1),
                                 image.pixelColor(r.center().x(), r.bottom() - 1)};
        };
        m_view->fitToCluster();
        const qreal fitted = m_view->zoom();
        m_view->centerOn(sick);
        QCOMPARE(m_view->zoom(), fitted);
        for (const QColor& c : edgeColours(sick))
            QVERIFY2(isRed(c), qPrintable(c.name()));
        for (const QColor& c : edgeColours(well))
            QVERIFY2(!isRed(c), qPrintable(c.name()));

        // Far out, where pods are a mosaic strip over the tile, the frame is on top.
        for (int i = 0; i < 12 && m_view->detailed(); ++i)
            m_view->zoomBy(0.7);
        QVERIFY(!m_view->detailed());
        m_view->centerOn(sick);
        for (const QColor& c : edgeColours(sick))
            QVERIFY2(isRed(c), qPrintable(c.name()));
        for (const QColor& c : edgeColours(well))
            QVERIFY2(!isRed(c), qPrintable(c.name()));

        // The problems list names it and the stopped kubelet, and jumps to the node.
        QStringList texts;
        for (const auto& p : m_view->problems())
            texts << p.text;
        QVERIFY2(texts.contains(QStringLiteral("NotReady node worker-2")),
                 qPrintable(texts.join('|')));
        QVERIFY(texts.contains(QStringLiteral("kubelet stopped on worker-2")));
        QVERIFY(!texts.join('|').contains(QStringLiteral("worker-3")));
        QSignalSpy chosen(m_view.get(), &ClusterView::problemChosen);
        m_view->jumpTo(m_view->problems().front());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("nodes"));
        QCOMPARE(chosen.first().at(2).toString(), QStringLiteral("worker-2"));
        QVERIFY(m_view->zoom() >= m_view->legibleZoom() - 1e-9);
        QVERIFY(m_view->mapToScene(m_view->viewport()->rect())
                    .boundingRect()
                    .contains(sick->sceneBoundingRect().center()));
    }

    void barsAddUpRequests()
    {
        QVERIFY(m_controller->runScript("kubectl apply -f - <<END\n"
                                        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n"
                                        "spec:\n  nodeName: worker-5\n  containers:\n"
                                        "  - name: app\n    image: nginx\n    resources:\n"
                                        "      requests: {cpu: 700m, memory: 256Mi}\n"
                                        "END\nsettle\n"));
        const NodeBox* box = m_view->nodeBox("worker-5");
        QCOMPARE(box->requestedCpu(), 700);
        QCOMPARE(box->requestedMemory(), 256ll << 20);
        QCOMPARE(m_view->nodeBox("worker-6")->requestedCpu(), 0);
        QVERIFY2(
            box->resourceText().startsWith(QStringLiteral("cpu 700m / 2 · memory 256Mi / 4Gi")),
            qPrintable(box->resourceText()));
    }

private:
    std::unique_ptr<SimulationController> m_controller;
    std::unique_ptr<ClusterView> m_view;
};

QTEST_MAIN(tst_MapLegibility)
#include "tst_map_legibility.moc"
