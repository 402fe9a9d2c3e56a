// The event log's filter bar: by component, object and kind, and periodic housekeeping
// hidden by default; the model follows the trace incrementally (also across a rewind) and
// agrees with one built from scratch; the view keeps to the bottom only while it is there.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>

#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "app/trace/event_log.h"
#include "app/trace/trace_model.h"
#include "engine/cluster/cluster.h"

using kubelab::app::EventLog;
using kubelab::app::SimulationController;
using kubelab::app::TraceFilter;
using kubelab::app::TraceModel;

namespace {

bool periodic(const kubelab::sim::TraceRecord& r)
{
    const auto d = r.detailJson();
    return d.is_object() && d.value("periodic", false);
}

// How many records pass `keep`, counted over the trace itself.
int count(const SimulationController& c,
          const std::function<bool(const kubelab::sim::TraceRecord&)>& keep)
{
    int n = 0;
    for (const auto& r : c.cluster().sim().trace())
        n += keep(r) ? 1 : 0;
    return n;
}

QStringList column(const TraceModel* m, int col)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, col).data().toString();
    return out;
}

} // namespace

class tst_EventLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        // The last test's log points into the last controller's trace, and the script
        // below lets the window paint while it runs: the log goes first.
        m_log.reset();
        m_controller = std::make_unique<SimulationController>(1);
        // A Deployment, then half a minute of lease renewals and status checks.
        QVERIFY(m_controller->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\nrun 30s\n"));
        m_log = std::make_unique<EventLog>();
        m_log->resize(900, 400);
        m_log->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_log.get()));
        m_log->sync(m_controller->cluster().sim().trace());
    }

    // One numbering: # is the event's number on the timeline (its place in the trace from
    // 1), rising row by row; the queue's sequence number, which does not, is not shown.
    void numbersAreTheTimelines()
    {
        const TraceModel* m = m_log->model();
        m_log->periodicBox()->setChecked(false);
        const QStringList numbers = column(m, TraceModel::Seq);
        QCOMPARE(qsizetype(m_controller->position()), numbers.size());
        QCOMPARE(numbers.last().toULongLong(), m_controller->position());
        bool queueOrderDiffers = false;
        const auto& records = m_controller->cluster().sim().trace();
        for (int r = 0; r < numbers.size(); ++r) {
            QCOMPARE(numbers[r].toULongLong(), quint64(r + 1));
            queueOrderDiffers |= r > 0 && records[size_t(r)].seq < records[size_t(r - 1)].seq;
        }
        QVERIFY(queueOrderDiffers); // the old # (seq) was out of row order
    }

    // Summary second and stretching; # narrow; names elide in the middle; times in the
    // app's one format.
    void columnsALearnerReads()
    {
        QCOMPARE(m_log->model()->headerData(1, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Summary"));
        QCOMPARE(m_log->model()->headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("#"));
        QHeaderView* header = m_log->table()->horizontalHeader();
        // Wide: the summary fills what the other columns leave.
        const int summary = header->sectionSize(TraceModel::Summary);
        QCOMPARE(header->length(), m_log->table()->viewport()->width());
        // Narrow: it keeps nearly half the view, and the last columns scroll.
        m_log->resize(420, 400);
        QTRY_VERIFY(header->sectionSize(TraceModel::Summary) >=
                    m_log->table()->viewport()->width() * 45 / 100);
        QVERIFY(header->length() > m_log->table()->viewport()->width());
        m_log->resize(900, 400);
        QTRY_COMPARE(header->sectionSize(TraceModel::Summary), summary);
        for (int c : {TraceModel::Seq, TraceModel::Time, TraceModel::Actor, TraceModel::Target,
                      TraceModel::Kind})
            QVERIFY2(header->sectionSize(c) < summary, qPrintable(QString::number(c)));
        QVERIFY(header->sectionSize(TraceModel::Seq) <
                m_log->table()->fontMetrics().horizontalAdvance(QStringLiteral("0000000")) + 24);
        QCOMPARE(m_log->table()->textElideMode(), Qt::ElideMiddle);

        const QString time = m_log->model()->index(0, TraceModel::Time).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d{3}s$")).match(time).hasMatch(),
                 qPrintable(time));
        QCOMPARE(kubelab::app::formatVirtualTime(2'700'000), QStringLiteral("0.003s"));
        QCOMPARE(kubelab::app::formatVirtualTime(383'863'850'000),
                 QStringLiteral("6m23.864s"));
        QCOMPARE(kubelab::app::formatVirtualTime(59'999'600'000), QStringLiteral("1m00.000s"));
        QCOMPARE(kubelab::app::formatVirtualTime(3'723'000'000'000),
                 QStringLiteral("1h02m03.000s"));
        // From a day on, days lead (the AWS lessons run for weeks).
        QCOMPARE(kubelab::app::formatVirtualTime(39 * 86'400'000'000'000 + 4 * 3'600'000'000'000 +
                                                 560'000'000),
                 QStringLiteral("39d04h00m00.560s"));
        QCOMPARE(kubelab::app::formatVirtualTime(86'399'000'000'000), QStringLiteral("23h59m59.000s"));
        QVERIFY(kubelab::app::formatVirtualTime(383'863'850'000) != QStringLiteral("383.864s"));
        QCOMPARE(kubelab::app::virtualTimeOfStamp(QStringLiteral("2026-01-05T09:00:12Z")),
                 QStringLiteral("12.000s"));
        QCOMPARE(kubelab::app::virtualTimeOfStamp(QStringLiteral("soon")),
                 QStringLiteral("soon"));
    }

    void housekeepingHiddenByDefault()
    {
        const TraceModel* m = m_log->model();
        QVERIFY(m_log->periodicBox()->isChecked());
        const int quiet = count(*m_controller, [](const auto& r) { return !periodic(r); });
        const int all = count(*m_controller, [](const auto&) { return true; });
        QVERIFY(quiet < all); // the run did renew leases
        QCOMPARE(m->rowCount(), quiet);
        // A lease renewal's row is not there, and comes back with the box unticked.
        const auto& records = m_controller->cluster().sim().trace();
        size_t renewal = records.size();
        for (size_t i = 0; i < records.size() && renewal == records.size(); ++i)
            if (records[i].kind == "kubelet.lease" && periodic(records[i]))
                renewal = i;
        QVERIFY(renewal < records.size());
        QCOMPARE(m->rowOf(renewal), -1);
        m_log->periodicBox()->setChecked(false);
        QCOMPARE(m->rowCount(), all);
        QVERIFY(m->rowOf(renewal) >= 0);
        QCOMPARE(m->recordAt(m->rowOf(renewal)), renewal);
    }

    void byComponent_data()
    {
        QTest::addColumn<QString>("actor");
        QTest::newRow("scheduler") << "kube-scheduler-control-plane";
        QTest::newRow("kubelet") << "kubelet-worker-1";
        QTest::newRow("etcd") << "etcd-control-plane";
    }
    void byComponent()
    {
        QFETCH(QString, actor);
        QComboBox* box = m_log->componentBox();
        const int item = box->findData(actor);
        QVERIFY2(item > 0, qPrintable(actor));
        box->setCurrentIndex(item);
        const QStringList actors = column(m_log->model(), TraceModel::Actor);
        QVERIFY(!actors.isEmpty());
        QCOMPARE(actors.count(actor), actors.size());
        const std::string a = actor.toStdString();
        QCOMPARE(actors.size(),
                 count(*m_controller, [&](const auto& r) { return r.actor == a && !periodic(r); }));
        // Back to every component: the others' rows return.
        box->setCurrentIndex(0);
        QVERIFY(column(m_log->model(), TraceModel::Actor).count(actor) <
                m_log->model()->rowCount());
    }

    void byObject()
    {
        m_log->objectEdit()->setText("Deployments/Default/Web"); // any case
        const QStringList targets = column(m_log->model(), TraceModel::Target);
        QVERIFY(!targets.isEmpty());
        for (const QString& t : targets)
            QVERIFY2(t.contains("deployments/default/web", Qt::CaseInsensitive), qPrintable(t));
        QCOMPARE(targets.size(), count(*m_controller, [](const auto& r) {
                     return r.target.find("deployments/default/web") != std::string::npos &&
                            !periodic(r);
                 }));
        m_log->objectEdit()->setText("no-such-object");
        QCOMPARE(m_log->model()->rowCount(), 0);
    }

    void byKind()
    {
        m_log->setKinds(std::set<std::string>{"etcd.txn", "api.request"});
        const QStringList kinds = column(m_log->model(), TraceModel::Kind);
        QVERIFY(kinds.contains("etcd.txn") && kinds.contains("api.request"));
        QCOMPARE(kinds.count("etcd.txn") + kinds.count("api.request"), kinds.size());
        QCOMPARE(kinds.size(), count(*m_controller, [](const auto& r) {
                     return (r.kind == "etcd.txn" || r.kind == "api.request") && !periodic(r);
                 }));
        // Filters combine: etcd's records are txns, never requests.
        m_log->componentBox()->setCurrentIndex(
            m_log->componentBox()->findData("etcd-control-plane"));
        QCOMPARE(column(m_log->model(), TraceModel::Kind).count("api.request"), 0);
        QVERIFY(column(m_log->model(), TraceModel::Kind).count("etcd.txn") > 0);
        m_log->setKinds(std::set<std::string>{});
        QCOMPARE(m_log->model()->rowCount(), 0);
        m_log->setKinds(std::nullopt);
        // Every kind back: all of etcd's records show again.
        QCOMPARE(m_log->model()->rowCount(), count(*m_controller, [](const auto& r) {
                     return r.actor == "etcd-control-plane" && !periodic(r);
                 }));
    }

    // Rows added as the simulation advances, and cut back on a rewind, are those a model
    // built from scratch over the same trace shows.
    void incrementalMatchesFresh()
    {
        m_log->objectEdit()->setText("web");
        m_log->periodicBox()->setChecked(false);
        const auto fresh = [&] {
            TraceModel m;
            m.setFilter(m_log->model()->filter());
            m.sync(m_controller->cluster().sim().trace());
            std::vector<size_t> rows;
            for (int r = 0; r < m.rowCount(); ++r)
                rows.push_back(m.recordAt(r));
            return rows;
        };
        const auto shown = [&] {
            std::vector<size_t> rows;
            for (int r = 0; r < m_log->model()->rowCount(); ++r)
                rows.push_back(m_log->model()->recordAt(r));
            return rows;
        };
        QVERIFY(m_controller->runScript("kubectl scale deployment web --replicas=4\nsettle\n"));
        m_log->sync(m_controller->cluster().sim().trace());
        QCOMPARE(shown(), fresh());
        const int before = m_log->model()->rowCount();
        // Back to before the scale, then a different course in the same advance.
        QVERIFY(m_controller->runScript("rewind @20s\nkubectl delete deployment web\nsettle\n"));
        m_log->sync(m_controller->cluster().sim().trace());
        QCOMPARE(shown(), fresh());
        QVERIFY(m_log->model()->rowCount() != before);
        QVERIFY(column(m_log->model(), TraceModel::Summary).filter("DELETE").size() > 0);
    }

    void followsOnlyAtTheBottom()
    {
        QScrollBar* bar = m_log->table()->verticalScrollBar();
        auto advance = [&](const char* command) {
            QVERIFY(m_controller->runCommand(command));
            m_log->sync(m_controller->cluster().sim().trace());
            QCoreApplication::processEvents(); // the view lays out its new rows
        };
        QVERIFY(bar->maximum() > 0);
        advance("kubectl create deployment more --image=nginx");
        int max = bar->maximum();
        QCOMPARE(bar->value(), max);
        advance("settle");
        QVERIFY(bar->maximum() > max);
        QCOMPARE(bar->value(), bar->maximum());
        // The range also moves by itself (narrower, a horizontal bar takes a row's height):
        // that is not the learner scrolling up, and the log keeps following.
        m_log->resize(300, m_log->height());
        QCoreApplication::processEvents();
        QVERIFY(m_log->table()->horizontalScrollBar()->isVisible());
        advance("run 20s");
        QCOMPARE(bar->value(), bar->maximum());
        m_log->resize(900, 400);
        QCoreApplication::processEvents();
        // Scrolled up, the view stays where the learner left it.
        bar->setValue(0);
        max = bar->maximum();
        advance("kubectl scale deployment more --replicas=3");
        advance("settle");
        QVERIFY(bar->maximum() > max);
        QCOMPARE(bar->value(), 0);
    }

private:
    std::unique_ptr<SimulationController> m_controller;
    std::unique_ptr<EventLog> m_log;
};

QTEST_MAIN(tst_EventLog)
#include "tst_event_log.moc"
