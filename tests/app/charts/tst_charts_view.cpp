// The charts: pods by phase and waiting for a node, sampled as the simulation advances,
// scheduling latencies from the trace, and a rewind that takes the series back with it.
#include <QtTest>

#include <QDockWidget>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QScatterSeries>

#include "app/charts/charts_view.h"
#include "app/charts/pod_stats.h"
#include "app/core/simulation_controller.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"

using kubelab::app::ChartsView;
using kubelab::app::SimulationController;

namespace {

const char kBigPod[] = "kubectl apply -f - <<END\n"
                       "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n"
                       "  containers:\n  - name: app\n    image: nginx\n    resources:\n"
                       "      requests:\n        cpu: \"3\"\n"
                       "END\n";

QPointF last(const QXYSeries* s)
{
    return s->points().isEmpty() ? QPointF(-1, -1) : s->points().back();
}

// kubeadm's two coredns pods in kube-system: created, bound and Running before the boot
// ends, so every series and the latencies start with them.
constexpr double kSystemPods = 2.0;

double seconds(const SimulationController& c)
{
    return double(c.cluster().sim().now()) / kubelab::sim::kSecond;
}

} // namespace

class tst_ChartsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_controller = std::make_unique<SimulationController>(1);
        m_view = std::make_unique<ChartsView>(m_controller.get());
        m_view->resize(1000, 300);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void deploymentRuns()
    {
        QVERIFY(m_controller->runCommand("kubectl create deployment web --image=nginx "
                                         "--replicas=3"));
        // Created and not yet run: all three Pending.
        QCOMPARE(last(m_view->series(ChartsView::Pending)).y(), 3.0);
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods);
        QVERIFY(m_controller->runCommand("settle"));
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods + 3.0);
        QCOMPARE(last(m_view->series(ChartsView::Pending)).y(), 0.0);
        QCOMPARE(last(m_view->series(ChartsView::Unscheduled)).y(), 0.0);
        QCOMPARE(last(m_view->series(ChartsView::Succeeded)).y(), 0.0);
        // Every series runs to now, and Running climbed from 0 on the way.
        for (int s = 0; s < ChartsView::SeriesCount; ++s)
            QCOMPARE(last(m_view->series(ChartsView::Series(s))).x(), seconds(*m_controller));
        QCOMPARE(m_view->series(ChartsView::Running)->points().front().y(), 0.0);
        // One latency per pod, each from its creation to its bind: more than nothing,
        // well under a second in an idle cluster. The coredns pods' come first.
        const auto& latencies = m_view->stats().latencies();
        QCOMPARE(int(latencies.size()), 5);
        QCOMPARE(m_view->latencySeries()->count(), 5);
        QCOMPARE(m_view->latencyAverage()->count(), 5);
        for (size_t i = 0; i < latencies.size(); ++i) {
            const auto& p = latencies[i];
            QVERIFY(p.latency > 0);
            QVERIFY(p.latency < kubelab::sim::kSecond);
            QVERIFY(QString::fromStdString(p.pod).startsWith(i < 2 ? "kube-system/coredns-"
                                                                    : "default/web-"));
        }
        QVERIFY(m_view->summary()->text().contains("<b>5</b> Running"));
    }

    // The first-Deployment chapter's steps: the pods were Running about 2 s in, and the
    // series says so, although `run 10s` is one advance; the counts at the end are the API
    // server's.
    void phaseSeriesFollowsTheTraceThroughRun()
    {
        QVERIFY(m_controller->runScript(
            "kubectl apply -f - <<END\n"
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\nspec:\n"
            "  replicas: 3\n  selector:\n    matchLabels: {app: nginx}\n  template:\n"
            "    metadata:\n      labels: {app: nginx}\n    spec:\n      containers:\n"
            "      - name: nginx\n        image: nginx:1.14.2\nEND\n"
            "step 5\n"));
        const double before = seconds(*m_controller);
        const auto running = [&] { return m_view->series(ChartsView::Running)->points(); };
        for (const QPointF& p : running())
            QVERIFY(p.y() <= kSystemPods); // nginx runs nowhere yet: the check below can fail
        QVERIFY(m_controller->runCommand("run 10s"));
        QVERIFY(seconds(*m_controller) >= before + 10);
        // When the series first reaches 3 Running: within a few seconds of the apply, not
        // at the end of the run as one sample per advance would put it.
        double reached = -1;
        for (const QPointF& p : running())
            if (p.y() == kSystemPods + 3.0 && reached < 0)
                reached = p.x();
        QVERIFY2(reached > before && reached < before + 4, qPrintable(QString::number(reached)));
        // That moment is an etcd write of the trace: a status update of a pod.
        const auto& changes = m_view->stats().changes();
        const auto third = std::find_if(changes.begin(), changes.end(),
                                        [](const auto& c) {
                                            return c.counts.running == int(kSystemPods) + 3;
                                        });
        QVERIFY(third != changes.end());
        const auto record = m_controller->cluster().sim().trace()[third->records - 1];
        QCOMPARE(record.kind, std::string("etcd.txn"));
        QVERIFY(record.summary.find("/registry/pods/default/nginx-") != std::string::npos);
        QCOMPARE(double(record.time) / kubelab::sim::kSecond, reached);
        // And it ends where the API server is.
        const auto api = kubelab::app::countPods(m_controller->cluster());
        QCOMPARE(changes.back().counts, api);
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods + 3.0);
    }

    void podWithoutRoomWaits()
    {
        QCOMPARE(last(m_view->series(ChartsView::Unscheduled)).y(), 0.0);
        QVERIFY(m_controller->runScript(QString(kBigPod) + "settle\n"));
        QCOMPARE(last(m_view->series(ChartsView::Unscheduled)).y(), 1.0);
        QCOMPARE(last(m_view->series(ChartsView::Pending)).y(), 1.0);
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods);
        QCOMPARE(m_view->stats().latencies().size(), size_t(kSystemPods)); // big: never bound
        // It still shows on the latency chart, as long as it has waited.
        QCOMPARE(int(m_view->stats().waiting().size()), 1);
        QCOMPARE(m_view->waitingSeries()->count(), 1);
        QVERIFY(m_view->waitingSeries()->at(0).y() > 1000); // ms: it waited seconds
        QVERIFY(m_view->summary()->text().contains(QStringLiteral("still waiting")));
        QVERIFY(m_controller->runCommand("kubectl delete pod big"));
        QVERIFY(m_controller->runCommand("settle"));
        QCOMPARE(last(m_view->series(ChartsView::Unscheduled)).y(), 0.0);
        QCOMPARE(m_view->waitingSeries()->count(), 0);
    }

    void rewindTakesTheSeriesBack()
    {
        QVERIFY(m_controller->runCommand("run 2s"));
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=3\nsettle\n"));
        QVERIFY(seconds(*m_controller) > 5);
        QCOMPARE(int(m_view->stats().latencies().size()), int(kSystemPods) + 3);
        // Back to just after the last event at or before 3 s (the boot, CoreDNS included,
        // ended at 2.1 s; the Deployment came at 4.1 s).
        QVERIFY(m_controller->runCommand("rewind @3s"));
        const double now = seconds(*m_controller);
        QVERIFY(now <= 3.0);
        for (int s = 0; s < ChartsView::SeriesCount; ++s) {
            const QXYSeries* series = m_view->series(ChartsView::Series(s));
            QCOMPARE(last(series).x(), now);
            for (const QPointF& p : series->points())
                QVERIFY(p.x() <= now);
        }
        // At 3 s the Deployment did not exist yet: only the coredns pods.
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods);
        QCOMPARE(last(m_view->series(ChartsView::Pending)).y(), 0.0);
        QCOMPARE(m_view->stats().latencies().size(), size_t(kSystemPods));
        QCOMPARE(m_view->latencySeries()->count(), int(kSystemPods));
        // And forward again: the same pods, sampled afresh.
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\n"));
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods + 2.0);
        QCOMPARE(int(m_view->stats().latencies().size()), int(kSystemPods) + 2);
    }

    // Hidden, the view still samples; shown, it draws what it missed.
    void samplesWhileHidden()
    {
        m_view->hide();
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\n"));
        QVERIFY(last(m_view->series(ChartsView::Running)).y() != kSystemPods + 2.0);
        m_view->show();
        QCOMPARE(last(m_view->series(ChartsView::Running)).y(), kSystemPods + 2.0);
    }

    // In the window: a tab behind the console, listed in the View menu, following the
    // window's own cluster.
    void dockedInTheMainWindow()
    {
        kubelab::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QList<QAction*> menuItems;
        for (QAction* menu : w.menuBar()->actions())
            if (menu->menu())
                menuItems += menu->menu()->actions();
        QVERIFY(menuItems.contains(w.chartsDock()->toggleViewAction()));
        QVERIFY(menuItems.contains(w.sequenceDock()->toggleViewAction()));
        QVERIFY(w.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\n"));
        // Behind the console it samples but does not draw; its tab picked, it does.
        QVERIFY(w.chartsView()->visibleRegion().isEmpty());
        QVERIFY(last(w.chartsView()->series(ChartsView::Running)).y() != kSystemPods + 2.0);
        QCOMPARE(w.chartsView()->stats().changes().back().counts.running, int(kSystemPods) + 2);
        w.chartsDock()->raise();
        QVERIFY(QTest::qWaitFor([&] { return !w.chartsView()->visibleRegion().isEmpty(); }));
        QCOMPARE(last(w.chartsView()->series(ChartsView::Running)).y(), kSystemPods + 2.0);
    }

private:
    std::unique_ptr<SimulationController> m_controller;
    std::unique_ptr<ChartsView> m_view;
};

QTEST_MAIN(tst_ChartsView)
#include "tst_charts_view.moc"
