// Live figures (```live blocks): decoding with chapter lines, and the SVG drawn from a
// cluster built here: pods with their phase, the selector, a Deployment's owner tree, a
// stopped scheduler, a Service's endpoints, and that drawing changes nothing.
#include <QtTest>

#include <QRegularExpression>

#include "app/core/simulation_controller.h"
#include "app/notes/chapter_library.h"
#include "app/notes/live_figure.h"
#include "app/notes/markdown.h"
#include "engine/cluster/cluster.h"

using kubelab::app::ChapterLibrary;
using kubelab::app::decodeLiveFigure;
using kubelab::app::LiveFigure;
using kubelab::app::liveFigureFromMap;
using kubelab::app::liveFigureStamp;
using kubelab::app::liveFigureSvg;
using kubelab::app::renderChapter;
using kubelab::app::SimulationController;

namespace {

LiveFigure figure(const QString& yaml)
{
    const auto d = decodeLiveFigure(yaml, 1);
    if (!d.error.isEmpty())
        qWarning("%s", qPrintable(d.error));
    return d.figure;
}

// Pod name -> its chip's phase class ("lf-running"), from a drawing.
QMap<QString, QString> podChips(const QString& svg)
{
    static const QRegularExpression chip(
        QStringLiteral("<g class=\"lf-chip (lf-[a-z]+)\" data-pod=\"([^\"]+)\""));
    QMap<QString, QString> out;
    for (auto it = chip.globalMatch(svg); it.hasNext();) {
        const auto m = it.next();
        out.insert(m.captured(2), m.captured(1));
    }
    return out;
}

// Component -> state ("running", "stopped") for every node, in drawing order.
QStringList components(const QString& svg, const QString& name)
{
    static const QRegularExpression chip(
        QStringLiteral("data-component=\"([^\"]+)\" data-state=\"([^\"]+)\""));
    QStringList out;
    for (auto it = chip.globalMatch(svg); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(1) == name)
            out << m.captured(2);
    }
    return out;
}

bool run(SimulationController& c, const QString& script)
{
    return c.runScript(script);
}

} // namespace

class tst_LiveFigure : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodes()
    {
        const auto d = decodeLiveFigure("figure: owners\nobject: deploy/web\ncaption: The *tree*\n", 1);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.figure.kind, LiveFigure::Kind::Owners);
        QCOMPARE(d.figure.objectName, QString("web"));
        QCOMPARE(d.figure.ns, QString("default"));
        QCOMPARE(d.figure.caption, QString("The *tree*"));
        QCOMPARE(d.figure.toMap().value("object").toString(), QString("deployment/web"));
        // What the page sends back decodes to the same figure; a changed one does not.
        const auto back = liveFigureFromMap(d.figure.toMap());
        QVERIFY(back.error.isEmpty());
        QCOMPARE(back.figure.objectName, QString("web"));
        QVERIFY(!liveFigureFromMap({{"figure", "owners"}, {"object", "pod/web"}}).error.isEmpty());
        QVERIFY(!liveFigureFromMap({{"figure", "graph"}}).error.isEmpty());
        // The page's column width, within bounds.
        QCOMPARE(liveFigureFromMap({{"figure", "nodes"}, {"width", 500}}).figure.width, 500);
        QCOMPARE(liveFigureFromMap({{"figure", "nodes"}, {"width", 10}}).figure.width,
                 LiveFigure::kMinWidth);
    }

    // Drawn at the width asked for: a narrower column wraps the same chips onto more rows.
    void drawnToTheColumnWidth()
    {
        SimulationController c;
        QVERIFY(c.runScript("kubectl create deployment web --image=nginx:1.27 --replicas=6\nsettle\n"));
        LiveFigure f = figure("figure: owners\nobject: deployment/web\n");
        f.width = 1000;
        const QString wide = liveFigureSvg(c.cluster(), f);
        f.width = 400;
        const QString narrow = liveFigureSvg(c.cluster(), f);
        QVERIFY2(wide.contains("viewBox=\"0 0 1000 ") && wide.contains("width=\"1000\""), qPrintable(wide));
        QVERIFY(narrow.contains("viewBox=\"0 0 400 "));
        static const QRegularExpression height(QStringLiteral("height=\"(\\d+)\" role"));
        QVERIFY(height.match(narrow).captured(1).toInt() > height.match(wide).captured(1).toInt());
        QCOMPARE(podChips(narrow).size(), 6);
    }

    void decodeErrorsNameTheLine_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown figure") << "caption: x\nfigure: pods\n"
                                        << "line 11:9: live figure: unknown figure \"pods\"";
        QTest::newRow("unknown field") << "figure: nodes\ncolour: red\n"
                                       << "line 11:1: live figure: unknown field \"colour\"";
        QTest::newRow("object of another kind")
            << "figure: owners\nobject: pod/web\n"
            << "line 11:9: live figure: object \"pod/web\": figure: owners draws a deployment";
        QTest::newRow("no object") << "figure: endpoints\n"
                                   << "line 10:1: live figure: figure: endpoints needs \"object: service/NAME\"";
        QTest::newRow("selector on owners")
            << "figure: owners\nobject: deployment/web\nselector: app=web\n"
            << "line 12:11: live figure: \"selector\" is only for figure: nodes";
        QTest::newRow("bad selector") << "figure: nodes\nselector: app==web=x\n"
                                      << "line 11:11: live figure: selector \"app==web=x\"";
        QTest::newRow("object on nodes") << "figure: nodes\nobject: deployment/web\n"
                                         << "line 11:9: live figure: figure: nodes draws the whole cluster";
        QTest::newRow("no figure") << "caption: x\n" << "line 10:1: live figure: missing \"figure\"";
        QTest::newRow("not yaml") << "figure: [nodes\n" << "line 11:1:";
    }
    void decodeErrorsNameTheLine()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        const auto d = decodeLiveFigure(yaml, 10);
        QVERIFY2(d.error.startsWith(error), qPrintable(d.error));
    }

    // A malformed block is a problem of its chapter file, at its line, and an error box in
    // the page; a good one is a placeholder with its spec.
    void chapterProblemsNameTheFile()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("a"));
        QFile index(dir.filePath("index.yaml"));
        QVERIFY(index.open(QIODevice::WriteOnly));
        index.write("chapters: [a/one]\n");
        index.close();
        QFile one(dir.filePath("a/one.md"));
        QVERIFY(one.open(QIODevice::WriteOnly));
        one.write("# One\n\n```live\nfigure: nodes\nselector: app=web\n```\n\n"
                  "```live\nfigure: owners\nobject: replicaset/web\n```\n");
        one.close();
        const ChapterLibrary library(dir.path());
        QCOMPARE(library.problems().size(), 1);
        QVERIFY2(library.problems().first().endsWith(
                     "a/one.md: live figure: line 10:9: live figure: object \"replicaset/web\": "
                     "figure: owners draws a deployment, written deployment/NAME"),
                 qPrintable(library.problems().first()));
        const auto r = library.render("a/one");
        QCOMPARE(r.liveFigures, 1);
        QVERIFY2(r.html.contains("<figure class=\"live\" data-live=\"0\" data-figure=\"nodes\" "
                                 "data-selector=\"app=web\">"),
                 qPrintable(r.html));
        QVERIFY(r.html.contains("class=\"live-error\""));
        QVERIFY(r.html.contains("chapter line 8"));
        QVERIFY(!r.html.contains("language-live"));
    }

    void captionRendersUnderTheFigure()
    {
        const auto r = renderChapter("```live\nfigure: components\ncaption: The `etcd` box\n```\n");
        QVERIFY(r.problems.isEmpty());
        QVERIFY2(r.html.contains("<span class=\"live-caption\">The <code>etcd</code> box</span>"),
                 qPrintable(r.html));
        QVERIFY(r.html.contains("live-stamp"));
    }

    // Pods show on their node with their phase; a pod the stopped scheduler cannot place
    // waits as Pending outside every node.
    void podsAppearWithTheirPhase()
    {
        SimulationController c;
        const LiveFigure nodes = figure("figure: nodes\n");
        // Only kubeadm's two coredns pods, in kube-system, before the learner's own.
        QCOMPARE(podChips(liveFigureSvg(c.cluster(), nodes)).size(), 2);
        QVERIFY(run(c, "kubectl create deployment web --image=nginx:1.27 --replicas=2\nsettle\n"
                       "fault stop scheduler\nkubectl run lone --image=nginx:1.27\nsettle\n"));
        const QString svg = liveFigureSvg(c.cluster(), nodes);
        QVERIFY2(svg.startsWith("<svg class=\"live-svg\""), qPrintable(svg));
        const auto chips = podChips(svg);
        int web = 0;
        for (auto it = chips.cbegin(); it != chips.cend(); ++it)
            if (it.key().startsWith("web-")) {
                ++web;
                QCOMPARE(it.value(), QString("lf-running"));
            }
        QCOMPARE(web, 2);
        QCOMPARE(chips.value("lone"), QString("lf-pending"));
        QVERIFY(svg.contains("Not scheduled"));
        // The Pending pod is drawn in the "Not scheduled" box, before the first node's.
        QVERIFY(svg.indexOf("data-pod=\"lone\"") < svg.indexOf(">control-plane<") ||
                svg.indexOf("data-pod=\"lone\"") < svg.indexOf("lf-strong\">worker"));
        QVERIFY(svg.contains("Running") && svg.contains("Pending")); // the legend
    }

    void selectorFilters()
    {
        SimulationController c;
        QVERIFY(run(c, "kubectl create deployment web --image=nginx:1.27 --replicas=2\n"
                       "kubectl create deployment api --image=nginx:1.27 --replicas=1\nsettle\n"));
        const QString web = liveFigureSvg(c.cluster(), figure("figure: nodes\nselector: app=web\n"));
        const auto chips = podChips(web);
        QCOMPARE(chips.size(), 2);
        for (const QString& name : chips.keys())
            QVERIFY2(name.startsWith("web-"), qPrintable(name));
        QCOMPARE(podChips(liveFigureSvg(c.cluster(), figure("figure: nodes\n"))).size() >= 3, true);
        const QString none = liveFigureSvg(c.cluster(), figure("figure: nodes\nselector: app=db\n"));
        QVERIFY(podChips(none).isEmpty());
        QVERIFY2(none.contains("No pods match app=db yet: press Apply or Run above"), qPrintable(none));
        QVERIFY(!none.contains("<svg"));
        // A node's taints are written beside its name, as the scheduler reads them.
        QVERIFY(!web.contains("taint dedicated=batch:NoSchedule"));
        QVERIFY(run(c, "kubectl taint node worker-3 dedicated=batch:NoSchedule\n"));
        QVERIFY(liveFigureSvg(c.cluster(), figure("figure: nodes\n"))
                    .contains("taint dedicated=batch:NoSchedule"));
    }

    void ownersTreeOfADeployment()
    {
        SimulationController c;
        const LiveFigure owners = figure("figure: owners\nobject: deployment/web\n");
        const QString before = liveFigureSvg(c.cluster(), owners);
        QVERIFY2(before.contains("No Deployment web in namespace default yet"), qPrintable(before));
        QVERIFY(run(c, "kubectl create deployment web --image=nginx:1.27 --replicas=3\n"
                       "kubectl create deployment other --image=nginx:1.27 --replicas=1\nsettle\n"));
        const QString svg = liveFigureSvg(c.cluster(), owners);
        QCOMPARE(svg.count("ReplicaSet web-"), 1);
        QVERIFY2(svg.contains("desired 3 · ready 3"), qPrintable(svg));
        QVERIFY(svg.contains("Deployment web"));
        const auto chips = podChips(svg);
        QCOMPARE(chips.size(), 3);
        for (auto it = chips.cbegin(); it != chips.cend(); ++it) {
            QVERIFY2(it.key().startsWith("web-"), qPrintable(it.key()));
            QCOMPARE(it.value(), QString("lf-running"));
        }
        // Scaled down: the tree follows (and a wrong count would show).
        QVERIFY(run(c, "kubectl scale deployment web --replicas=1\nsettle\n"));
        const QString scaled = liveFigureSvg(c.cluster(), owners);
        QCOMPARE(podChips(scaled).size(), 1);
        QVERIFY(scaled.contains("desired 1 · ready 1"));
        QVERIFY(!scaled.contains("desired 3"));
    }

    // A box draws 30 pods at most and counts the rest.
    void manyPodsAreCounted()
    {
        SimulationController c;
        QVERIFY(run(c, "kubectl create deployment many --image=nginx:1.27 --replicas=40\nsettle\n"));
        const QString owners = liveFigureSvg(c.cluster(), figure("figure: owners\nobject: deployment/many\n"));
        QCOMPARE(podChips(owners).size(), 30);
        QVERIFY2(owners.contains(">+10 more<"), qPrintable(owners));
        QVERIFY(owners.contains("desired 40 · ready 40"));
        QElapsedTimer timer;
        timer.start();
        const QString nodes = liveFigureSvg(c.cluster(), figure("figure: nodes\n"));
        qInfo("nodes figure of %d pods drawn in %lld us", int(c.cluster().objects("pods").size()),
              timer.nsecsElapsed() / 1000);
        QCOMPARE(podChips(nodes).size(), 42); // and the 2 coredns: 14 or so a node, all drawn
        QVERIFY(!nodes.contains(" more<"));
    }

    void stoppedComponentsShowAsStopped()
    {
        SimulationController c;
        const LiveFigure f = figure("figure: components\n");
        QCOMPARE(components(liveFigureSvg(c.cluster(), f), "scheduler"), QStringList{"running"});
        QVERIFY(run(c, "fault stop scheduler\nfault stop kubelet/worker-1\n"));
        const QString svg = liveFigureSvg(c.cluster(), f);
        QCOMPARE(components(svg, "scheduler"), QStringList{"stopped"});
        QCOMPARE(components(svg, "controller-manager"), QStringList{"running"});
        const QStringList kubelets = components(svg, "kubelet");
        QCOMPARE(kubelets.size(), c.cluster().objects("nodes").size());
        QCOMPARE(kubelets.count("stopped"), 1);
        QVERIFY(svg.contains("stopped (fault stop)"));
        QVERIFY(!svg.contains("NotReady")); // not yet: the grace period has not passed
        QVERIFY(run(c, "run 60s\n"));
        QVERIFY(liveFigureSvg(c.cluster(), f).contains(">NotReady<"));
        QVERIFY(run(c, "fault start scheduler\n"));
        QCOMPARE(components(liveFigureSvg(c.cluster(), f), "scheduler"), QStringList{"running"});
    }

    void endpointsOfAService()
    {
        SimulationController c;
        const LiveFigure f = figure("figure: endpoints\nobject: service/web\n");
        QVERIFY(liveFigureSvg(c.cluster(), f).contains("No Service web in namespace default yet"));
        QVERIFY(run(c, "kubectl create deployment web --image=nginx:1.27 --replicas=2\n"
                       "kubectl expose deployment web --port=80\nsettle\n"));
        const QString svg = liveFigureSvg(c.cluster(), f);
        QVERIFY2(svg.contains("EndpointSlice web-"), qPrintable(svg));
        QSet<QString> podIps;
        for (const auto* pod : c.cluster().objects("pods", "default"))
            podIps.insert(QString::fromStdString((*pod)["status"].value("podIP", "")));
        static const QRegularExpression ep(QStringLiteral("data-ip=\"([^\"]+)\" data-ready=\"(\\w+)\""));
        QSet<QString> drawn;
        for (auto it = ep.globalMatch(svg); it.hasNext();) {
            const auto m = it.next();
            drawn.insert(m.captured(1));
            QCOMPARE(m.captured(2), QString("true"));
        }
        QCOMPARE(drawn.size(), 2);
        QCOMPARE(drawn, podIps);
        QVERIFY(!drawn.contains("?"));
    }

    // Drawing reads the watch cache only: the cluster is where it was.
    void drawingChangesNothing()
    {
        SimulationController c;
        QVERIFY(run(c, "kubectl create deployment web --image=nginx:1.27\n"
                       "kubectl expose deployment web --port=80\nstep\n"));
        const auto revision = c.cluster().cacheRevision();
        const auto processed = c.cluster().sim().processed();
        const auto now = c.cluster().sim().now();
        for (const char* yaml : {"figure: nodes\n", "figure: components\n",
                                 "figure: owners\nobject: deployment/web\n",
                                 "figure: endpoints\nobject: service/web\n"})
            QVERIFY(!liveFigureSvg(c.cluster(), figure(yaml)).isEmpty());
        QCOMPARE(c.cluster().cacheRevision(), revision);
        QCOMPARE(c.cluster().sim().processed(), processed);
        QCOMPARE(c.cluster().sim().now(), now);
        QVERIFY(liveFigureStamp(c.cluster()).startsWith(
            "Live: drawn from the cluster beside you at virtual time "));
    }
};

QTEST_MAIN(tst_LiveFigure)
#include "tst_live_figure.moc"
