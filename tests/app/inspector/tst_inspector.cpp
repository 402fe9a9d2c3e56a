// The inspector dock: selecting from the map, the object box and the event log; the YAML,
// Events, Owners and Scheduling tabs on a Deployment's pod and on a pod no node can take.
#include <QtTest>

#include <QCheckBox>
#include <QDockWidget>
#include <QGraphicsItem>
#include <QGraphicsView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>

#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "app/editor/code_editor.h"
#include "app/inspector/explanation_model.h"
#include "app/inspector/inspector_widget.h"
#include "app/inspector/object_picker.h"
#include "app/map/cluster_view.h"
#include "app/map/map_selection.h"
#include "app/trace/trace_model.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"

using kubelab::app::InspectorWidget;
using kubelab::app::MainWindow;
using kubelab::app::ObjectRef;

namespace {

const char kBigPod[] = R"(kubectl apply -f - <<END
apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: "3"
END
)";

// Names of the deployment's pods, in key order.
QStringList webPods(const MainWindow& w)
{
    QStringList out;
    for (const auto* pod : w.controller()->cluster().objects("pods", "default")) {
        const std::string name = (*pod)["metadata"].value("name", "");
        if (name.rfind("web-", 0) == 0)
            out << QString::fromStdString(name);
    }
    return out;
}

QStringList column(QAbstractItemModel* model, int col)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, col).data().toString();
    return out;
}

// The owner tree from the top-level item down its first-child line to the bold (selected)
// item: "Deployment default/web", ...
QStringList ownerChain(QTreeWidget* tree)
{
    QStringList out;
    QTreeWidgetItem* item = tree->topLevelItemCount() ? tree->topLevelItem(0) : nullptr;
    while (item) {
        out << item->text(0) + ' ' + item->text(1);
        if (item->font(0).bold())
            break;
        item = item->childCount() ? item->child(0) : nullptr;
    }
    return out;
}

} // namespace

class tst_Inspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseReference_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path"); // "" when the text names no object
        QTest::newRow("full") << "pods/default/web"
                              << "pods/default/web";
        QTest::newRow("kubectl style") << "pod/web"
                                       << "pods/default/web";
        QTest::newRow("short name") << "deploy/shop/api"
                                    << "deployments/shop/api";
        QTest::newRow("cluster-scoped") << "node/worker-1"
                                        << "nodes/worker-1";
        QTest::newRow("etcd key") << "/registry/pods/kube-system/dns"
                                  << "pods/kube-system/dns";
        QTest::newRow("container") << "pods/default/web/app"
                                   << "pods/default/web";
        QTest::newRow("unknown kind") << "frobs/default/x"
                                      << "";
        QTest::newRow("collection") << "pods"
                                    << "";
        QTest::newRow("node with namespace") << "nodes/a/b"
                                             << "";
        QTest::newRow("actor") << "kube-apiserver-control-plane"
                               << "";
    }
    void parseReference()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        const auto ref = ObjectRef::parse(text);
        QCOMPARE(ref ? ref->path() : QString(), path);
    }

    // The object box reads the cluster through the controller: after File -> New frees
    // the old cluster, it lists the new one's objects (it used to keep a reference to the
    // old cluster and read freed memory; AddressSanitizer reports that as a
    // heap-use-after-free).
    void pickerFollowsANewCluster()
    {
        kubelab::app::SimulationController controller(7);
        kubelab::app::Selection selection;
        kubelab::app::ObjectPicker picker(&controller, &selection);
        QVERIFY(picker.candidates().contains("nodes/worker-1"));
        kubelab::cluster::Topology topology;
        topology.workers[0].prefix = "fresh";
        topology.workers[0].count = 1;
        controller.newCluster(topology, 8);
        controller.waitForDisposal();
        const QStringList after = picker.candidates();
        QVERIFY2(after.contains("nodes/fresh-1"), qPrintable(after.join(' ')));
        QVERIFY2(!after.contains("nodes/worker-1"), qPrintable(after.join(' ')));
    }

    void deploymentPod()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.controller()->runScript(
            "kubectl create deployment web --image=nginx --replicas=2\nsettle\n"));
        const QStringList pods = webPods(w);
        QCOMPARE(pods.size(), 2);

        // Click the first pod's chip on the map: it is selected and outlined.
        const ObjectRef ref{"pods", "default", pods[0]};
        QGraphicsItem* chip = w.mapSelection()->itemFor(ref);
        QVERIFY(chip);
        QGraphicsView* view = w.clusterView();
        const QPoint at = view->mapFromScene(chip->sceneBoundingRect().center());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(w.selection()->current(), ref);
        QVERIFY(w.mapSelection()->outline());
        QVERIFY(
            w.mapSelection()->outline()->sceneBoundingRect().contains(chip->sceneBoundingRect()));
        QVERIFY(!w.mapSelection()->outline()->sceneBoundingRect().contains(
            w.mapSelection()->itemFor({"pods", "default", pods[1]})->sceneBoundingRect()));
        QVERIFY(w.inspectorDock()->isVisible());

        InspectorWidget* in = w.inspector();
        in->tabs()->setCurrentIndex(InspectorWidget::YamlTab);
        const QString yaml = in->yamlView()->toPlainText();
        QVERIFY(yaml.contains("kind: Pod"));
        QVERIFY(yaml.contains("name: " + pods[0]));
        QVERIFY(!yaml.contains("name: " + pods[1]));
        in->tabs()->setCurrentIndex(InspectorWidget::JsonTab);
        QVERIFY(in->jsonView()->toPlainText().contains("\"name\": \"" + pods[0] + "\""));

        in->tabs()->setCurrentIndex(InspectorWidget::EventsTab);
        const QStringList reasons = column(in->eventsView()->model(), 2);
        QVERIFY2(reasons.contains("Scheduled"), qPrintable(reasons.join(",")));
        QVERIFY(reasons.contains("Started"));
        QVERIFY(!reasons.contains("FailedScheduling"));
        QVERIFY(!reasons.contains("SuccessfulCreate")); // that one is the ReplicaSet's
        const QStringList messages = column(in->eventsView()->model(), 3);
        QVERIFY(messages.first().contains("assigned default/" + pods[0]));

        in->tabs()->setCurrentIndex(InspectorWidget::OwnersTab);
        const QStringList chain = ownerChain(in->ownersTree());
        QCOMPARE(chain.size(), 3);
        QCOMPARE(chain[0], QString("Deployment default/web"));
        QVERIFY(chain[1].startsWith("ReplicaSet default/web-"));
        QCOMPARE(chain[2], "Pod default/" + pods[0]);

        // Clicking the ReplicaSet selects it; its children are both pods.
        QTreeWidgetItem* rs = in->ownersTree()->topLevelItem(0)->child(0);
        const QRect rect = in->ownersTree()->visualItemRect(rs);
        QTest::mouseClick(in->ownersTree()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(w.selection()->current().resource, QString("replicasets"));
        rs = in->ownersTree()->topLevelItem(0)->child(0);
        QVERIFY(rs->font(0).bold());
        QCOMPARE(rs->childCount(), 2);
        QCOMPARE(QStringList({rs->child(0)->text(1), rs->child(1)->text(1)}),
                 QStringList({"default/" + pods[0], "default/" + pods[1]}));
        QVERIFY(!in->tabs()->isTabEnabled(InspectorWidget::SchedulingTab));
    }

    void pendingPodExplanation()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.controller()->runScript(QString(kBigPod) +
                                          "kubectl run small --image=nginx\nsettle\n"));
        InspectorWidget* in = w.inspector();
        // Typed into the object box: a pod that could not be placed opens on Scheduling.
        w.inspectorDock()->raise();
        in->picker()->setFocus();
        QTest::keyClicks(in->picker(), "pod/big");
        QTest::keyClick(in->picker(), Qt::Key_Return);
        QCOMPARE(w.selection()->current().path(), QString("pods/default/big"));
        QCOMPARE(in->tabs()->currentIndex(), int(InspectorWidget::SchedulingTab));
        QVERIFY(in->schedulingView()->isVisible());

        kubelab::app::ExplanationModel* m = in->schedulingModel();
        QCOMPARE(column(m, 0), QStringList({"control-plane", "worker-1", "worker-2", "worker-3"}));
        const int fit = m->filterColumn("NodeResourcesFit");
        QVERIFY(fit > 0);
        for (int r = 0; r < m->rowCount(); ++r) {
            const QString node = m->index(r, 0).data().toString();
            QCOMPARE(m->index(r, m->feasibleColumn()).data().toString(), QString("no"));
            if (node.startsWith("worker"))
                QCOMPARE(m->index(r, fit).data().toString(), QString("Insufficient cpu"));
        }
        const int taint = m->filterColumn("TaintToleration");
        QVERIFY(m->index(0, taint).data().toString().contains("untolerated taint"));
        QVERIFY(m->chosenNode().isEmpty());
        QVERIFY(in->schedulingResult()->text().contains("Unschedulable"));
        // Headed by numbers: what the pod needs against the most any worker has free; the
        // scheduler's own message stays in the tooltip.
        QVERIFY2(in->schedulingSummary()->text().contains(
                     "3 workers: the pod needs 3 CPU; at most 2 free (worker-1)"),
                 qPrintable(in->schedulingSummary()->text()));
        QVERIFY(in->schedulingSummary()->text().contains("1 node: node(s) had untolerated taint"));
        QVERIFY(in->schedulingSummary()->toolTip().contains("3 Insufficient cpu"));
        // Columns where every node passed are hidden until asked for.
        const int nodeName = m->filterColumn("NodeName");
        QVERIFY(in->schedulingView()->isColumnHidden(nodeName));
        QVERIFY(!in->schedulingView()->isColumnHidden(fit));
        in->decidingOnly()->setChecked(false);
        QVERIFY(!in->schedulingView()->isColumnHidden(nodeName));

        // The pod that fits: scheduled, its node marked, no node short of CPU.
        w.selection()->select({"pods", "default", "small"});
        const std::string placed =
            (*w.controller()->cluster().object("pods", "default", "small"))["spec"]["nodeName"];
        in->tabs()->setCurrentIndex(InspectorWidget::SchedulingTab);
        QCOMPARE(m->chosenNode(), QString::fromStdString(placed));
        QVERIFY(in->schedulingResult()->text().contains("Scheduled on " + m->chosenNode()));
        QVERIFY(!column(m, fit).contains("Insufficient cpu"));
        QVERIFY(!in->schedulingSummary()->text().contains("the pod needs"));
        QCOMPARE(column(m, m->feasibleColumn()).count("yes"), 3);
    }

    void nodeFromMapWithItsEvents()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.controller()->runScript("fault stop kubelet/worker-1\nrun 60s\n"));
        // A click on the node's box, away from its pods, selects the node.
        QGraphicsItem* box = w.mapSelection()->itemFor({"nodes", "", "worker-1"});
        QVERIFY(box);
        QGraphicsView* view = w.clusterView();
        const QPointF corner = box->sceneBoundingRect().bottomRight() - QPointF(4, 4);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(corner));
        QCOMPARE(w.selection()->current().path(), QString("nodes/worker-1"));
        InspectorWidget* in = w.inspector();
        in->tabs()->setCurrentIndex(InspectorWidget::EventsTab);
        const QStringList reasons = column(in->eventsView()->model(), 2);
        QVERIFY2(reasons.contains("NodeNotReady"), qPrintable(reasons.join(",")));
        // worker-2's kubelet still runs: no such event about it.
        w.selection()->select({"nodes", "", "worker-2"});
        QVERIFY(!column(in->eventsView()->model(), 2).contains("NodeNotReady"));
    }

    void eventLogRowSelects()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.controller()->runScript("kubectl run solo --image=nginx\nsettle\n"));
        QTableView* log = w.eventLog();
        int objectRow = -1, actorRow = -1;
        for (int r = 0; r < log->model()->rowCount() && (objectRow < 0 || actorRow < 0); ++r) {
            const QString target =
                log->model()->index(r, kubelab::app::TraceModel::Target).data().toString();
            if (target == "pods/default/solo" || target == "pod/default/solo")
                objectRow = r;
            else if (target.startsWith("kube-apiserver"))
                actorRow = r;
        }
        QVERIFY(objectRow >= 0 && actorRow >= 0);
        // A double click activates a row (the press that precedes it picks the row).
        auto activate = [&](int row) {
            const QModelIndex index = log->model()->index(row, kubelab::app::TraceModel::Target);
            log->scrollTo(index);
            const QPoint at = log->visualRect(index).center();
            QTest::mouseClick(log->viewport(), Qt::LeftButton, {}, at);
            QTest::mouseDClick(log->viewport(), Qt::LeftButton, {}, at);
        };
        activate(objectRow);
        QCOMPARE(w.selection()->current().path(), QString("pods/default/solo"));
        w.selection()->clear();
        activate(actorRow); // an actor, not an object: nothing to select
        QVERIFY(w.selection()->current().isNull());
        activate(objectRow);
        // (The title elides the name in a narrow window; its tooltip has it whole.)
        QVERIFY(w.inspector()->title()->toolTip().contains("solo"));
    }
};

QTEST_MAIN(tst_Inspector)
#include "tst_inspector.moc"
