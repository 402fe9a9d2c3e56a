// The event log, the sequence view and the charts at 50 nodes and 500 pods (a trace of
// some 50,000 records): each action a learner can take, measured with QBENCHMARK (run
// with -median 5 for steadier numbers). The checks are on what the views show, not on
// time; the numbers are for reading (the README quotes them).
#include <QtTest>

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QLineSeries>
#include <QTableView>

#include "app/charts/charts_view.h"
#include "app/core/simulation_controller.h"
#include "app/trace/event_log.h"
#include "app/trace/sequence_canvas.h"
#include "app/trace/sequence_view.h"
#include "app/trace/trace_model.h"
#include "engine/cluster/cluster.h"

using kubelab::app::ChartsView;
using kubelab::app::EventLog;
using kubelab::app::SequenceView;

class tst_TrafficScale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        kubelab::cluster::Topology topology;
        topology.workers[0].count = 49; // and the control plane: 50 nodes
        m_controller = std::make_unique<kubelab::app::SimulationController>(topology, 1);
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=500\nsettle\n"));
        m_log = std::make_unique<EventLog>();
        m_log->resize(900, 400);
        m_log->show();
        m_sequence = std::make_unique<SequenceView>(m_controller.get());
        m_sequence->resize(1300, 500);
        m_sequence->show();
        m_charts = std::make_unique<ChartsView>(m_controller.get());
        m_charts->resize(1300, 400);
        m_charts->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_charts.get()));
        QVERIFY(m_controller->cluster().sim().trace().size() > 40000);
        m_sequence->setFollowing(true);
        qInfo("%zu trace records", m_controller->cluster().sim().trace().size());
    }

    // The whole trace at once: what the log does when a script built the cluster before
    // the window first looked.
    void eventLogFirstSync()
    {
        const kubelab::sim::Trace& trace = m_controller->cluster().sim().trace();
        QBENCHMARK
        {
            kubelab::app::TraceModel model;
            model.sync(trace);
        }
        m_log->sync(trace);
        QCOMPARE(m_log->model()->recordCount(), trace.size());
    }

    void eventLogComponentFilter()
    {
        QComboBox* box = m_log->componentBox();
        const int scheduler = box->findData("kube-scheduler-control-plane");
        QVERIFY(scheduler > 0);
        QBENCHMARK
        {
            box->setCurrentIndex(scheduler);
            box->setCurrentIndex(0);
        }
        box->setCurrentIndex(scheduler);
        QVERIFY(m_log->model()->rowCount() >= 500); // one bind each, at least
    }

    void eventLogObjectFilter()
    {
        m_log->componentBox()->setCurrentIndex(0);
        QBENCHMARK
        {
            m_log->objectEdit()->setText("pods/default/web");
            m_log->objectEdit()->clear();
        }
        m_log->objectEdit()->setText("nodes/worker-7");
        QVERIFY(m_log->model()->rowCount() > 0);
        m_log->objectEdit()->clear();
    }

    void eventLogKinds()
    {
        QBENCHMARK
        {
            m_log->setKinds(std::set<std::string>{"api.request"});
            m_log->setKinds(std::nullopt);
        }
    }

    void eventLogHousekeeping()
    {
        QBENCHMARK
        {
            m_log->periodicBox()->setChecked(false);
            m_log->periodicBox()->setChecked(true);
        }
    }

    // The sequence view jumps to an early record and back to following.
    void sequenceJump()
    {
        const size_t early = m_controller->cluster().sim().trace().size() / 10;
        QBENCHMARK
        {
            m_sequence->showRecord(early);
            m_sequence->setFollowing(true);
        }
        m_sequence->showRecord(early);
        QCOMPARE(m_sequence->canvas()->highlighted(), std::optional(early));
        QVERIFY(m_sequence->model().rowOf(early) >= 0);
    }

    void sequencePaint()
    {
        m_sequence->setFollowing(true);
        QBENCHMARK
        {
            m_sequence->canvas()->viewport()->repaint();
        }
    }

    void chartsPaint()
    {
        const QList<QChartView*> views = m_charts->findChildren<QChartView*>();
        QCOMPARE(views.size(), 2);
        QBENCHMARK
        {
            for (QChartView* v : views)
                v->viewport()->repaint();
        }
        QCOMPARE(m_charts->series(ChartsView::Running)->points().back().y(), 500.0);
    }

    // One event, with every view following it (what each step of play costs the views).
    void step()
    {
        QBENCHMARK
        {
            m_controller->step();
            m_log->sync(m_controller->cluster().sim().trace());
        }
    }

private:
    std::unique_ptr<kubelab::app::SimulationController> m_controller;
    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<SequenceView> m_sequence;
    std::unique_ptr<ChartsView> m_charts;
};

QTEST_MAIN(tst_TrafficScale)
#include "tst_traffic_scale.moc"
