// Rewinding a whole cluster (shell `rewind`, the app's scrubber): going back restores the
// earlier state exactly, stepping on replays the learner's commands to the same trace,
// and a new command after a rewind starts a new future. Also `next` (step to the next
// event of a component or object).
#include <QtTest>

#include <sstream>

#include "engine/cluster/cluster.h"
#include "engine/cluster/event_match.h"
#include "engine/shell/shell.h"

using namespace kubelab;

namespace {
struct Lab
{
    cluster::Cluster cluster{7};
    std::ostringstream out, err;
    shell::Shell sh{cluster, out, err};
    bool run(const std::string& line) { return sh.execute(line); }
    size_t pods() { return cluster.objects("pods", "default").size(); }
};
} // namespace

class TstClusterRewind : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rewindToBeforeApplyEmptiesTheCluster()
    {
        Lab lab;
        const std::uint64_t ready = lab.cluster.sim().processed();
        QVERIFY(lab.run("kubectl create deployment web --image=nginx --replicas=3"));
        QVERIFY(lab.run("settle"));
        QCOMPARE(lab.pods(), size_t(3));
        QVERIFY(lab.cluster.rewindTo(ready));
        QCOMPARE(lab.pods(), size_t(0));
        QVERIFY(!lab.cluster.object("deploy", "default", "web"));
        QCOMPARE(lab.cluster.sim().processed(), ready);
        QCOMPARE(lab.cluster.sim().trace().size(), size_t(ready));
        // Before the cluster was ready there is nothing to rewind to.
        QVERIFY(!lab.cluster.rewindTo(ready - 1));
        QVERIFY(!lab.run("rewind 1000000"));
    }

    void replayAfterRewindGivesTheSameTrace()
    {
        Lab straight;
        QVERIFY(straight.run("kubectl create deployment web --image=nginx --replicas=2"));
        QVERIFY(straight.run("run 5s"));
        QVERIFY(straight.run("kubectl scale deployment web --replicas=4"));
        QVERIFY(straight.run("settle"));
        const std::uint64_t end = straight.cluster.sim().processed();
        const std::string hash = straight.cluster.sim().trace().sha256();

        Lab lab;
        QVERIFY(lab.run("kubectl create deployment web --image=nginx --replicas=2"));
        QVERIFY(lab.run("run 5s"));
        QVERIFY(lab.run("kubectl scale deployment web --replicas=4"));
        QVERIFY(lab.run("settle"));
        QCOMPARE(lab.cluster.sim().trace().sha256(), hash);
        // Before the scale (the boot, CoreDNS included, ends at 2.1 s; the scale comes 5 s
        // after the create).
        QVERIFY(lab.run("rewind @4s"));
        QVERIFY(lab.pods() < 4);
        QVERIFY(lab.cluster.timeline().pendingReplays() >= 1); // scale's GET and PATCH
        while (lab.cluster.sim().processed() < end)
            QVERIFY(lab.cluster.step());
        QCOMPARE(lab.cluster.sim().trace().sha256(), hash);
        QCOMPARE(lab.pods(), size_t(4));
    }

    void newCommandAfterRewindDiverges()
    {
        Lab lab;
        QVERIFY(lab.run("kubectl create deployment web --image=nginx --replicas=2"));
        QVERIFY(lab.run("settle"));
        QVERIFY(lab.run("kubectl scale deployment web --replicas=4"));
        QVERIFY(lab.run("settle"));
        QCOMPARE(lab.pods(), size_t(4));
        const std::uint64_t reached = lab.cluster.sim().processed();
        QCOMPARE(lab.cluster.timeline().horizon(), reached);
        QVERIFY(lab.run("rewind 40"));                       // back before the scale's effects
        QCOMPARE(lab.cluster.timeline().horizon(), reached); // the old future can be replayed
        QVERIFY(lab.run("kubectl scale deployment web --replicas=1"));
        // A new future: it reaches only as far as it has run.
        QCOMPARE(lab.cluster.timeline().horizon(), lab.cluster.sim().processed());
        QCOMPARE(lab.cluster.timeline().pendingReplays(), size_t(0));
        QVERIFY(lab.run("settle"));
        QCOMPARE(lab.pods(), size_t(1));
    }

    void rewindBySequenceNumber()
    {
        Lab lab;
        QVERIFY(lab.run("kubectl run one --image=nginx"));
        QVERIFY(lab.run("settle"));
        const auto& records = lab.cluster.sim().trace();
        const sim::TraceRecord mid = records[records.size() - 20];
        QVERIFY(lab.run("rewind event " + std::to_string(mid.seq)));
        QCOMPARE(lab.cluster.sim().trace().back().seq, mid.seq);
        QVERIFY(!lab.run("rewind event 999999999"));
        QVERIFY(!lab.run("rewind event"));
        QVERIFY(!lab.run("rewind @soon"));
    }

    void nextStopsAtTheNamedComponentOrObject()
    {
        Lab lab;
        QVERIFY(lab.run("kubectl run one --image=nginx"));
        QVERIFY(lab.run("next scheduler"));
        const sim::TraceRecord& r = lab.cluster.sim().trace().back();
        QVERIFY(r.actor.rfind("kube-scheduler", 0) == 0 ||
                r.target.rfind("kube-scheduler", 0) == 0);

        QVERIFY(lab.run("next kubelet/worker-1"));
        const sim::TraceRecord& k = lab.cluster.sim().trace().back();
        QVERIFY(k.actor == "kubelet-worker-1" || k.target == "kubelet-worker-1");

        std::string error;
        auto pod = cluster::eventMatcher(lab.cluster, "pod/one", "", &error);
        QVERIFY(pod);
        sim::TraceRecord informer;
        informer.target = "pods/default/one";
        QVERIFY((*pod)(informer));
        informer.target = "pods/default/one-other";
        QVERIFY(!(*pod)(informer));
        informer.target = "default/one";
        QVERIFY((*pod)(informer));
        QVERIFY(!cluster::eventMatcher(lab.cluster, "kubelet/nowhere", "", &error));
        QVERIFY(error.find("nowhere") != std::string::npos);
        QVERIFY(!cluster::eventMatcher(lab.cluster, "gizmo/x", "", &error));
    }
};

QTEST_GUILESS_MAIN(TstClusterRewind)
#include "tst_cluster_rewind.moc"
