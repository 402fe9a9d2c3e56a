// The sequence view: lanes for the cluster's components, arrows read from the trace in the
// direction each message travelled (sender to receiver), drawn that way, and the link with
// the event log both ways (a picked row marks its arrow, a clicked arrow picks the row).
#include <QtTest>

#include <QCheckBox>
#include <QDockWidget>
#include <QScrollBar>
#include <QTableView>
#include <QToolButton>

#include "app/core/simulation_controller.h"
#include "app/trace/components.h"
#include "app/trace/event_log.h"
#include "app/trace/sequence_canvas.h"
#include "app/trace/sequence_view.h"
#include "app/trace/trace_model.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"

using kubelab::app::MessageKind;
using kubelab::app::SequenceModel;
using kubelab::app::SequenceRow;
using kubelab::app::SequenceView;
using kubelab::app::SimulationController;

namespace {

const char kApiServer[] = "kube-apiserver-control-plane";

// The first row with this label, or -1.
int rowLabelled(const SequenceModel& m, const QString& label)
{
    const auto& rows = m.rows();
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].label == label)
            return int(i);
    return -1;
}

QStringList labels(const SequenceModel& m)
{
    QStringList out;
    for (const SequenceRow& r : m.rows())
        out << r.label;
    return out;
}

// Whether a pixel at `at` or just above or below it is about `color` (antialiasing blends
// a thin line into two rows of pixels).
bool near(const QImage& image, QPoint at, const QColor& color)
{
    for (int dy : {-1, 0, 1}) {
        const QColor c = image.pixelColor(at + QPoint(0, dy));
        if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                std::abs(c.blue() - color.blue()) <
            90)
            return true;
    }
    return false;
}

} // namespace

class tst_SequenceView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lanesOfTheDefaultCluster()
    {
        SimulationController c(1);
        SequenceModel m;
        QVERIFY(m.setActors(c.cluster().sim().actorNames()));
        QStringList actors, titles;
        for (const auto& lane : m.lanes()) {
            actors << QString::fromStdString(lane.actor);
            titles << lane.title + '@' + lane.host;
        }
        QCOMPARE(actors, QStringList({"kubectl", kApiServer, "etcd-control-plane",
                                      "kube-controller-manager-control-plane",
                                      "kube-scheduler-control-plane", "kubelet-control-plane",
                                      "kubelet-worker-1", "kubelet-worker-2", "kubelet-worker-3",
                                      "kube-proxy-control-plane", "kube-proxy-worker-1",
                                      "kube-proxy-worker-2", "kube-proxy-worker-3"}));
        QCOMPARE(titles.mid(0, 3), QStringList({"kubectl@workstation", "API server@control-plane",
                                                "etcd@control-plane"}));
        // containerd has no lane of its own: it is drawn on its kubelet's.
        QVERIFY(!actors.contains("containerd-worker-1"));
        QCOMPARE(m.laneOf("containerd-worker-1"), m.laneOf("kubelet-worker-1"));
        QVERIFY(m.laneOf("containerd-worker-1") != m.laneOf("kubelet-worker-2"));
        QVERIFY(!m.setActors(c.cluster().sim().actorNames())); // unchanged
    }

    void nodesInNaturalOrder()
    {
        std::vector<std::string> actors{"kubelet-worker-10", "etcd-cp", "kubelet-worker-2",
                                        "kubectl", "kube-apiserver-cp"};
        kubelab::app::sortComponents(actors);
        QCOMPARE(actors, (std::vector<std::string>{"kubectl", "kube-apiserver-cp", "etcd-cp",
                                                   "kubelet-worker-2", "kubelet-worker-10"}));
    }

    void createDeploymentDrawsItsTraffic()
    {
        SimulationController c(1);
        SequenceView view(&c);
        view.resize(1300, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(c.runCommand("kubectl create deployment web --image=nginx --replicas=3"));
        const SequenceModel& m = view.model();
        const int kubectl = m.laneOf("kubectl"), api = m.laneOf(kApiServer),
                  etcd = m.laneOf("etcd-control-plane"),
                  kcm = m.laneOf("kube-controller-manager-control-plane");
        const auto& records = c.cluster().sim().trace();

        // kubectl's request, received by the API server.
        const int post = rowLabelled(m, "POST deployments");
        QVERIFY2(post >= 0, qPrintable(labels(m).join(", ")));
        const SequenceRow& request = m.rows()[size_t(post)];
        QCOMPARE(request.from, kubectl);
        QCOMPARE(request.to, api);
        QCOMPARE(request.kind, MessageKind::Request);
        QCOMPARE(records[request.record].actor, std::string(kApiServer));
        QCOMPARE(records[request.record].kind, std::string("api.request"));
        // The write to etcd, received by etcd; then etcd's watch notification back.
        const int txn = rowLabelled(m, "txn put /registry/deployments/default/web");
        QVERIFY(txn > post);
        QCOMPARE(m.rows()[size_t(txn)].from, api);
        QCOMPARE(m.rows()[size_t(txn)].to, etcd);
        QCOMPARE(m.rows()[size_t(txn)].kind, MessageKind::Storage);
        QCOMPARE(records[m.rows()[size_t(txn)].record].kind, std::string("etcd.txn"));
        const int notified = rowLabelled(m, "ADDED /registry/deployments/default/web");
        QVERIFY(notified > txn);
        QCOMPARE(m.rows()[size_t(notified)].from, etcd);
        QCOMPARE(m.rows()[size_t(notified)].to, api);
        // The API server tells the controller manager's informer, and answers kubectl.
        const int informer = rowLabelled(m, "ADDED Deployment web");
        QVERIFY(informer > notified);
        QCOMPARE(m.rows()[size_t(informer)].from, api);
        QCOMPARE(m.rows()[size_t(informer)].to, kcm);
        QCOMPARE(m.rows()[size_t(informer)].kind, MessageKind::Watch);
        const SequenceRow& answer = m.rows().back();
        QCOMPARE(answer.label, QString("201"));
        QCOMPARE(answer.from, api);
        QCOMPARE(answer.to, kubectl);
        QCOMPARE(answer.kind, MessageKind::Response);
        // Nothing runs the wrong way: no request from the API server to kubectl, and no
        // row reaches kubectl before its request was sent.
        for (const SequenceRow& r : m.rows()) {
            QVERIFY(!(r.from == api && r.to == kubectl && r.kind == MessageKind::Request));
            if (r.to == kubectl)
                QVERIFY(m.rowOf(r.record) > post);
        }

        // Drawn as read: kubectl's lane left of the API server's, the head at the API
        // server's end of the line and none at kubectl's.
        kubelab::app::SequenceCanvas* canvas = view.canvas();
        canvas->ensureRowVisible(post);
        const QLine line = canvas->arrowLine(post);
        QCOMPARE(line.x1(), canvas->laneX(kubectl));
        QCOMPARE(line.x2(), canvas->laneX(api));
        QVERIFY(line.x1() < line.x2());
        const QImage image = canvas->viewport()->grab().toImage();
        const QColor color = canvas->colorOf(MessageKind::Request);
        // The line itself takes the pixel rows at y - 1 and y; the head reaches above them.
        QVERIFY(near(image, QPoint(line.x2() - 5, line.y1() - 3), color));  // head
        QVERIFY(!near(image, QPoint(line.x1() + 5, line.y1() - 3), color)); // tail
        QVERIFY(near(image, QPoint((line.x1() + line.x2()) / 2, line.y1()), color));
    }

    void followsAndHolds()
    {
        SimulationController c(1);
        SequenceView view(&c);
        view.resize(1300, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(c.runScript("kubectl create deployment web --image=nginx --replicas=3\nsettle\n"));
        const SequenceModel& m = view.model();
        QVERIFY(view.following());
        QCOMPARE(m.rows().size(), SequenceModel::kWindow);
        // Following, the window ends at the trace's newest message.
        const auto& records = c.cluster().sim().trace();
        size_t last = records.size();
        while (last > 0 && !m.rowFor(records[last - 1], last - 1))
            --last;
        QCOMPARE(m.rows().back().record, last - 1);
        // Scrolling up by hand holds the window still.
        view.canvas()->verticalScrollBar()->triggerAction(QScrollBar::SliderPageStepSub);
        QVERIFY(!view.following());
        const size_t held = m.rows().back().record;
        QVERIFY(c.runScript("kubectl scale deployment web --replicas=5\nsettle\n"));
        QCOMPARE(m.rows().back().record, held);
        view.followButton()->click();
        QVERIFY(view.following());
        QVERIFY(m.rows().back().record > held);
        QVERIFY(labels(m).contains("POST replicasets/scale") || labels(m).contains("POST pods"));
        // After a rewind nothing is left of the future.
        QVERIFY(c.runCommand("rewind @3s")); // the boot, CoreDNS included, ended at 2.1 s
        const auto& now = c.cluster().sim().trace();
        QVERIFY(!m.rows().empty());
        for (const SequenceRow& r : m.rows()) {
            QVERIFY(r.record < now.size());
            QCOMPARE(now[r.record].seq, r.seq);
        }
        QVERIFY(m.rows().back().time <= c.cluster().sim().now());
    }

    void housekeepingOnRequest()
    {
        SimulationController c(1);
        SequenceView view(&c);
        view.resize(1300, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(c.runCommand("run 30s")); // lease renewals, nothing else
        QVERIFY(view.housekeepingBox()->isChecked());
        QVERIFY(!labels(view.model()).contains("PUT leases"));
        view.housekeepingBox()->setChecked(false);
        QVERIFY(labels(view.model()).contains("PUT leases"));
    }

    void eventLogAndArrowsPickEachOther()
    {
        kubelab::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        // Behind the console the view does no work; its tab picked, it catches up.
        QVERIFY(w.controller()->runCommand("kubectl create namespace shop"));
        QVERIFY(w.sequenceView()->model().rows().empty());
        w.sequenceDock()->raise();
        QVERIFY(QTest::qWaitFor([&] { return !w.sequenceView()->visibleRegion().isEmpty(); }));
        QVERIFY(labels(w.sequenceView()->model()).contains("POST namespaces"));
        QVERIFY(w.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\n"
            "kubectl scale deployment web --replicas=6\nsettle\n"));
        const auto& records = w.controller()->cluster().sim().trace();
        auto find = [&](const char* kind, const char* text) {
            for (size_t i = 0; i < records.size(); ++i)
                if (records[i].kind == kind && records[i].summary.find(text) != std::string::npos)
                    return i;
            return records.size();
        };
        const size_t txn = find("etcd.txn", "put /registry/deployments/default/web");
        const size_t post = find("api.request", "POST /apis/apps/v1/namespaces/default/deploy");
        const size_t reconcile = find("controller.reconcile", "deployment-controller: web");
        QVERIFY(txn < records.size() && post < records.size() && reconcile < records.size());

        kubelab::app::EventLog* log = w.eventLogPanel();
        SequenceView* seq = w.sequenceView();
        kubelab::app::SequenceCanvas* canvas = seq->canvas();
        auto pick = [&](size_t record) {
            const int row = log->model()->rowOf(record);
            QVERIFY(row >= 0);
            w.eventLog()->setCurrentIndex(log->model()->index(row, 0));
        };
        auto inView = [&](size_t record) {
            const int row = seq->model().rowOf(record);
            return row >= 0 && canvas->rowRect(row).top() >= 0 &&
                   canvas->rowRect(row).bottom() <= canvas->viewport()->height();
        };
        // Long after it happened (the view follows the settle's end), the txn's row in the
        // log brings its arrow back into the window and into view.
        QVERIFY(seq->model().rowOf(txn) < 0);
        pick(txn);
        QCOMPARE(canvas->highlighted(), std::optional(txn));
        QVERIFY(inView(txn));
        QVERIFY(!seq->following());
        pick(post);
        QCOMPARE(canvas->highlighted(), std::optional(post));
        QVERIFY(inView(post));
        // A record that is no message shows as a note on its actor's lane.
        pick(reconcile);
        const int note = seq->model().rowOf(reconcile);
        QVERIFY(note >= 0);
        QCOMPARE(seq->model().rows()[size_t(note)].kind, MessageKind::Note);
        QCOMPARE(seq->model().rows()[size_t(note)].to,
                 seq->model().laneOf("kube-controller-manager-control-plane"));

        // Clicking an arrow picks its row in the log.
        const int arrow = seq->model().rowOf(post) + 1; // the next message, whatever it is
        canvas->ensureRowVisible(arrow);
        const size_t clicked = seq->model().rows()[size_t(arrow)].record;
        QVERIFY(clicked != post);
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, canvas->rowRect(arrow).center());
        QCOMPARE(log->model()->recordAt(w.eventLog()->currentIndex().row()), clicked);
        QCOMPARE(canvas->highlighted(), std::optional(clicked));
    }
};

QTEST_MAIN(tst_SequenceView)
#include "tst_sequence_view.moc"
