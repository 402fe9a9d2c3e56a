// WatchCache without a cluster: etcd watch events fed in by hand, watch events collected by
// a recording sink. Which watcher gets which event (the trigger index by spec.nodeName, an
// object leaving a selector), catching a watcher up from the history, refusing a revision
// older than the history, waiting for the cache to reach a watcher's revision, the kept
// writes, and the kinds the cache leaves out.
#include <optional>
#include <utility>

#include <QtTest>

#include "engine/api/watch_cache.h"

using namespace kubelab;
using nlohmann::json;

namespace {
// Keeps "client TYPE name@resourceVersion" for each event sent (a bookmark has no name),
// and not the objects: what the cache no longer holds is freed as it would be.
class RecordingSink final : public api::WatchSink
{
public:
    void send(const std::string& client, json body, std::shared_ptr<const json> object) override
    {
        const json& meta = (object ? *object : body.at("object")).at("metadata");
        m_sent << QString::fromStdString(client + " " + body.value("type", "") + " " +
                                         meta.value("name", "") + "@" +
                                         meta.value("resourceVersion", ""));
    }
    // What was sent since the last call, in order.
    QStringList take() { return std::exchange(m_sent, {}); }

private:
    QStringList m_sent;
};

json pod(const std::string& name, const std::string& node)
{
    json p = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", "default"}}},
              {"spec", json::object()}};
    if (!node.empty())
        p["spec"]["nodeName"] = node;
    return p;
}

std::string podKey(const std::string& name)
{
    return "/registry/pods/default/" + name;
}

json kv(const std::string& key, const json& object, std::int64_t revision)
{
    return {{"key", key}, {"value", object.dump()}, {"mod_revision", revision}};
}

// An etcd watch event putting `object` at `revision`, `previous` having been there at
// `previousRevision`.
json put(const std::string& key, const json& object, std::int64_t revision,
         const std::optional<json>& previous = std::nullopt, std::int64_t previousRevision = 0)
{
    json e = {{"type", "PUT"}, {"kv", kv(key, object, revision)}};
    if (previous)
        e["prev_kv"] = kv(key, *previous, previousRevision);
    return e;
}

json deletion(const std::string& key, std::int64_t revision, const json& previous,
              std::int64_t previousRevision)
{
    return {{"type", "DELETE"},
            {"kv", {{"key", key}, {"mod_revision", revision}}},
            {"prev_kv", kv(key, previous, previousRevision)}};
}

api::CacheWatcher watcher(const std::string& client, const std::string& resource,
                          const std::string& fieldSelector, std::int64_t startRevision)
{
    api::Request r;
    r.verb = "watch";
    r.resource = resource;
    r.fieldSelector = fieldSelector;
    api::CacheWatcher w(client, "w1", r, client + "-request");
    w.startRevision = startRevision;
    return w;
}
} // namespace

class tst_WatchCache : public QObject
{
    Q_OBJECT

private slots:
    void eventGoesToTheWatchersOfItsNode_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("podNode");
        QTest::addColumn<bool>("sent");
        QTest::newRow("its node") << "spec.nodeName=node-a"
                                  << "node-a" << true;
        QTest::newRow("another node") << "spec.nodeName=node-b"
                                      << "node-a" << false;
        QTest::newRow("unscheduled, watched so") << "spec.nodeName="
                                                 << "" << true;
        QTest::newRow("scheduled, watched unscheduled") << "spec.nodeName="
                                                        << "node-a" << false;
        QTest::newRow("every pod") << ""
                                   << "node-a" << true;
        QTest::newRow("not another node") << "spec.nodeName!=node-b"
                                          << "node-a" << true;
        QTest::newRow("not its node") << "spec.nodeName!=node-a"
                                      << "node-a" << false;
    }
    void eventGoesToTheWatchersOfItsNode()
    {
        QFETCH(QString, selector);
        QFETCH(QString, podNode);
        QFETCH(bool, sent);
        api::WatchCache cache;
        RecordingSink sink;
        cache.apply(json::array({put(podKey("other"), pod("other", "node-c"), 2)}), sink);
        cache.addWatcher("kubelet/w1", watcher("kubelet", "pods", selector.toStdString(), 2), sink);
        QCOMPARE(sink.take(), QStringList()); // resumed at the cache's revision: nothing yet
        cache.apply(json::array({put(podKey("web"), pod("web", podNode.toStdString()), 3)}), sink);
        QCOMPARE(sink.take(), sent ? QStringList{"kubelet ADDED web@3"} : QStringList());
    }

    void otherKindsAndLeavingTheSelector()
    {
        api::WatchCache cache;
        RecordingSink sink;
        cache.addWatcher("a/w1", watcher("a", "pods", "spec.nodeName=node-a", 0), sink);
        cache.addWatcher("b/w1", watcher("b", "pods", "spec.nodeName=node-b", 0), sink);
        cache.addWatcher("n/w1", watcher("n", "nodes", "", 0), sink);
        QCOMPARE(sink.take(), QStringList());
        const json onA = pod("web", "node-a");
        const json onB = pod("web", "node-b");
        cache.apply(json::array({put(podKey("web"), onA, 2)}), sink);
        QCOMPARE(sink.take(), QStringList{"a ADDED web@2"}); // not b's, not the node watcher's
        cache.apply(json::array({put(podKey("web"), onA, 3, onA, 2)}), sink);
        QCOMPARE(sink.take(), QStringList{"a MODIFIED web@3"});
        // Found by its previous node too: a sees it leave, b sees it come.
        cache.apply(json::array({put(podKey("web"), onB, 4, onA, 3)}), sink);
        QCOMPARE(sink.take(), (QStringList{"a DELETED web@4", "b ADDED web@4"}));
        cache.apply(json::array({deletion(podKey("web"), 5, onB, 4)}), sink);
        QCOMPARE(sink.take(), QStringList{"b DELETED web@5"});
        QVERIFY(!cache.objects().count(podKey("web")));
        QCOMPARE(cache.revision(), std::int64_t(5));
        // A removed watcher gets nothing more.
        cache.removeWatcher("b/w1");
        QVERIFY(!cache.watcher("b/w1"));
        QVERIFY(cache.watcher("a/w1"));
        cache.apply(json::array({put(podKey("web"), onB, 6)}), sink);
        QCOMPARE(sink.take(), QStringList());
    }

    void catchingUpFromTheHistory()
    {
        api::WatchCache cache(3); // the history keeps the last three events
        RecordingSink sink;
        json batch = json::array();
        for (int rev = 2; rev <= 6; ++rev) {
            const std::string name = "p" + std::to_string(rev);
            batch.push_back(put(podKey(name), pod(name, "node-a"), rev));
        }
        cache.apply(batch, sink);
        QCOMPARE(cache.revision(), std::int64_t(6));
        // Revisions 4, 5 and 6 are in the history: a watch may resume after 3, not after 2.
        QCOMPARE(cache.oldestRevision(), std::int64_t(3));
        QVERIFY(cache.canResumeFrom(3));
        QVERIFY(!cache.canResumeFrom(2));

        cache.addWatcher("a/w1", watcher("a", "pods", "", 4), sink);
        QCOMPARE(sink.take(), (QStringList{"a ADDED p5@5", "a ADDED p6@6"}));
        cache.addWatcher("b/w1", watcher("b", "pods", "", 3), sink);
        QCOMPARE(sink.take(), (QStringList{"b ADDED p4@4", "b ADDED p5@5", "b ADDED p6@6"}));
        // From no revision: the current objects, then the bookmark at the cache's revision.
        cache.addWatcher("c/w1", watcher("c", "pods", "spec.nodeName=node-a", -1), sink);
        QCOMPARE(sink.take(), (QStringList{"c ADDED p2@2", "c ADDED p3@3", "c ADDED p4@4",
                                           "c ADDED p5@5", "c ADDED p6@6", "c BOOKMARK @6"}));
        cache.addWatcher("d/w1", watcher("d", "pods", "spec.nodeName=node-b", -1), sink);
        QCOMPARE(sink.take(), QStringList{"d BOOKMARK @6"});

        // A version only the history holds (the cache has the newer one) is decoded again
        // from etcd's text, at its own revision.
        const json web = pod("web", "node-a");
        cache.apply(json::array({put(podKey("web"), web, 7)}), sink);
        cache.apply(json::array({put(podKey("web"), web, 8, web, 7)}), sink);
        sink.take();
        cache.addWatcher("e/w1", watcher("e", "pods", "", 6), sink);
        QCOMPARE(sink.take(), (QStringList{"e ADDED web@7", "e MODIFIED web@8"}));
    }

    void aWatcherAheadOfTheCacheWaits()
    {
        api::WatchCache cache;
        RecordingSink sink;
        cache.apply(json::array({put(podKey("p2"), pod("p2", ""), 2)}), sink);
        cache.addWatcher("a/w1", watcher("a", "pods", "", 4), sink);
        QCOMPARE(sink.take(), QStringList());
        cache.apply(json::array({put(podKey("p3"), pod("p3", ""), 3)}), sink);
        QCOMPARE(sink.take(), QStringList()); // still behind revision 4
        // Started once the batch that reaches its revision is in: only what follows 4.
        cache.apply(
            json::array({put(podKey("p4"), pod("p4", ""), 4), put(podKey("p5"), pod("p5", ""), 5)}),
            sink);
        QCOMPARE(sink.take(), QStringList{"a ADDED p5@5"});
        cache.apply(json::array({put(podKey("p6"), pod("p6", ""), 6)}), sink);
        QCOMPARE(sink.take(), QStringList{"a ADDED p6@6"});
    }

    void keptWritesAreTheEventsObjects()
    {
        api::WatchCache cache;
        RecordingSink sink;
        json written = pod("web", "");
        api::stampRevision(written, 2);
        auto kept = std::make_shared<const json>(written);
        cache.keepWritten(podKey("web"), 2, kept);
        cache.keepWritten(podKey("other"), 2, kept); // its write comes back at another revision
        cache.apply(json::array({put(podKey("web"), pod("web", ""), 2),
                                 put(podKey("other"), pod("other", ""), 3)}),
                    sink);
        QCOMPARE(cache.objects().at(podKey("web")).get(), kept.get());
        QVERIFY(cache.objects().at(podKey("other")).get() != kept.get());
        const json& other = cache.objects().at(podKey("other"))->at("metadata");
        QCOMPARE(other.value("name", ""), "other");
        QCOMPARE(other.value("resourceVersion", ""), "3");
    }

    void uncachedKindsOnlyMoveTheRevision()
    {
        api::WatchCache cache;
        RecordingSink sink;
        cache.addWatcher("a/w1", watcher("a", "pods", "", -1), sink);
        QCOMPARE(sink.take(), QStringList{"a BOOKMARK @0"});
        const std::string eventKey = "/registry/events/default/web.1";
        auto applied = cache.apply(json::array({put(eventKey, json::object(), 2)}), sink);
        QCOMPARE(applied.uncached, size_t(1));
        QCOMPARE(applied.cached, size_t(0));
        QCOMPARE(applied.lastUncached, eventKey);
        QCOMPARE(cache.revision(), std::int64_t(2));
        QVERIFY(!cache.objects().count(eventKey));
        applied = cache.apply(json::array({put(podKey("web"), pod("web", ""), 3)}), sink);
        QCOMPARE(applied.uncached, size_t(0));
        QCOMPARE(applied.cached, size_t(1));
        QCOMPARE(applied.last, "ADDED " + podKey("web"));
        QVERIFY(cache.objects().count(podKey("web")));
        QCOMPARE(sink.take(), QStringList{"a ADDED web@3"});
    }
};

QTEST_GUILESS_MAIN(tst_WatchCache)
#include "tst_watch_cache.moc"
