// The scheduler's cache: snapshots list the registered nodes in name order, follow nodes
// that come and go between cycles, and a copy of the cache (a checkpoint's scheduler)
// snapshots its own nodes, not the original's.
#include <QtTest>

#include "engine/scheduler/cache.h"

using namespace kubelab::scheduler;
using json = nlohmann::json;

namespace {
json node(const std::string& name)
{
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}}},
            {"status", {{"allocatable", {{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}}}}}};
}

QStringList names(const Snapshot& s)
{
    QStringList out;
    for (const NodeInfo* n : s.nodes)
        out << QString::fromStdString(n->name);
    return out;
}
} // namespace

class tst_Cache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snapshotsFollowNodes()
    {
        Cache c;
        c.setNode(node("b"));
        c.setNode(node("a"));
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b"}));
        c.setNode(node("c"));
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b", "c"}));
        c.setNode(node("a")); // an update: same list
        QCOMPARE(names(c.snapshot()), QStringList({"a", "b", "c"}));
        c.removeNode("b");
        QCOMPARE(names(c.snapshot()), QStringList({"a", "c"}));
        c.clear();
        QCOMPARE(names(c.snapshot()), QStringList());
    }

    void aCopySnapshotsItsOwnNodes()
    {
        Cache original;
        original.setNode(node("a"));
        (void)original.snapshot();
        Cache copy = original;
        const Snapshot s = copy.snapshot();
        QCOMPARE(s.nodes.size(), size_t(1));
        QCOMPARE(s.nodes[0], copy.node("a"));
        QVERIFY(s.nodes[0] != original.node("a"));
        Cache assigned;
        assigned.setNode(node("z"));
        (void)assigned.snapshot();
        assigned = original;
        QCOMPARE(assigned.snapshot().nodes[0], assigned.node("a"));
    }
};

QTEST_GUILESS_MAIN(tst_Cache)
#include "tst_cache.moc"
