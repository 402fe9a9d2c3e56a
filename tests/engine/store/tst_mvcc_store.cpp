#include <QtTest>

#include "engine/store/mvcc_store.h"

using namespace kubelab::store;

class tst_MvccStore : public QObject
{
    Q_OBJECT
private slots:
    void revisionsAndVersions()
    {
        MvccStore s;
        QCOMPARE(s.revision(), 1); // etcd starts at revision 1
        QCOMPARE(s.put("/a", "1"), 2);
        QCOMPARE(s.put("/a", "2"), 3);
        QCOMPARE(s.put("/b", "x"), 4);
        auto r = s.range("/a", "");
        QCOMPARE(r.kvs.size(), size_t(1));
        QCOMPARE(r.kvs[0].createRevision, 2);
        QCOMPARE(r.kvs[0].modRevision, 3);
        QCOMPARE(r.kvs[0].version, 2);
        QCOMPARE(r.kvs[0].value, std::string("2"));
        QCOMPARE(r.revision, 4);
        QVERIFY(r.kvs[0].modRevision != r.kvs[0].createRevision);
    }

    void deleteAndRecreateStartsNewGeneration()
    {
        MvccStore s;
        s.put("/a", "1");
        QCOMPARE(s.deleteRange("/a", ""), 1);
        QCOMPARE(s.range("/a", "").kvs.size(), size_t(0));
        QCOMPARE(s.deleteRange("/a", ""), 0); // nothing left: no new revision
        QCOMPARE(s.revision(), 3);
        s.put("/a", "again");
        auto kv = s.range("/a", "").kvs.at(0);
        QCOMPARE(kv.version, 1);
        QCOMPARE(kv.createRevision, 4);
    }

    void rangePrefixAndLimit()
    {
        MvccStore s;
        for (const char* k : {"/registry/pods/default/a", "/registry/pods/default/b",
                              "/registry/pods/kube-system/c", "/registry/podsx/d"})
            s.put(k, "v");
        auto all = s.range("/registry/pods/", prefixEnd("/registry/pods/"));
        QCOMPARE(all.kvs.size(), size_t(3));
        QCOMPARE(all.kvs[0].key, std::string("/registry/pods/default/a"));
        auto limited = s.range("/registry/pods/", prefixEnd("/registry/pods/"), 0, 2);
        QCOMPARE(limited.kvs.size(), size_t(2));
        QVERIFY(limited.more);
        QCOMPARE(limited.count, 3);
        auto counted = s.range("/registry/", prefixEnd("/registry/"), 0, 0, true);
        QCOMPARE(counted.count, 4);
        QVERIFY(counted.kvs.empty());
        QCOMPARE(prefixEnd("/a/"), std::string("/a0"));
    }

    void readAtPastRevision()
    {
        MvccStore s;
        s.put("/a", "1");        // rev 2
        s.put("/a", "2");        // rev 3
        s.deleteRange("/a", ""); // rev 4
        QCOMPARE(s.range("/a", "", 2).kvs.at(0).value, std::string("1"));
        QCOMPARE(s.range("/a", "", 3).kvs.at(0).value, std::string("2"));
        QVERIFY(s.range("/a", "", 4).kvs.empty());
        QVERIFY_THROWS_EXCEPTION(StoreError, s.range("/a", "", 99));
    }

    void compareAndSwap()
    {
        MvccStore s;
        s.put("/k", "v1"); // rev 2
        Compare c{"/k", Compare::Target::ModRevision, Compare::Result::Equal, 2, {}};
        Op put{Op::Type::Put, "/k", {}, "v2", 0, false};
        Op get{Op::Type::Range, "/k", {}, {}, 0, false};
        auto ok = s.txn({c}, {put}, {get});
        QVERIFY(ok.succeeded);
        QCOMPARE(ok.revision, 3);
        // The same compare now fails: the failure branch reads the current value.
        put.value = "v3";
        auto stale = s.txn({c}, {put}, {get});
        QVERIFY(!stale.succeeded);
        QCOMPARE(stale.revision, 3); // no write happened
        QCOMPARE(stale.responses.at(0).range.kvs.at(0).value, std::string("v2"));
        // Create-if-absent.
        Compare absent{"/new", Compare::Target::CreateRevision, Compare::Result::Equal, 0, {}};
        Op create{Op::Type::Put, "/new", {}, "x", 0, false};
        QVERIFY(s.txn({absent}, {create}, {}).succeeded);
        QVERIFY(!s.txn({absent}, {create}, {}).succeeded);
        // A transaction's writes share one revision.
        Op a{Op::Type::Put, "/t1", {}, "1", 0, false}, b{Op::Type::Put, "/t2", {}, "2", 0, false};
        auto both = s.txn({}, {a, b}, {});
        QCOMPARE(s.range("/t1", "").kvs[0].modRevision, both.revision);
        QCOMPARE(s.range("/t2", "").kvs[0].modRevision, both.revision);
    }

    void requestSizeLimit()
    {
        // etcd's --max-request-bytes (1.5 MiB) counts keys and values: at the limit a put is
        // taken, one byte over it is refused with etcd's words and nothing is written.
        MvccStore s;
        const std::string key = "/registry/configmaps/default/big";
        Op put{Op::Type::Put, key, {}, std::string(kMaxRequestBytes - key.size(), 'x'), 0, false};
        QVERIFY(s.txn({}, {put}, {}).succeeded);
        QCOMPARE(s.revision(), 2);
        put.value += "x";
        try {
            s.txn({}, {put}, {});
            QFAIL("a txn over the limit was taken");
        } catch (const StoreError& e) {
            QCOMPARE(QString(e.what()), QString("etcdserver: request is too large"));
            QVERIFY(e.code() == StoreError::Code::RequestTooLarge);
        }
        QCOMPARE(s.revision(), 2);
    }

    void valueCompare()
    {
        MvccStore s;
        s.put("/k", "abc");
        Compare eq{"/k", Compare::Target::Value, Compare::Result::Equal, 0, "abc"};
        Compare ne{"/k", Compare::Target::Value, Compare::Result::Equal, 0, "abd"};
        Compare missing{"/none", Compare::Target::Value, Compare::Result::Equal, 0, ""};
        QVERIFY(s.txn({eq}, {}, {}).succeeded);
        QVERIFY(!s.txn({ne}, {}, {}).succeeded);
        QVERIFY(!s.txn({missing}, {}, {}).succeeded);
    }

    void watchHistoryInOrderNoGaps()
    {
        MvccStore s;
        s.put("/w/a", "1");        // 2
        s.put("/x", "1");          // 3
        s.put("/w/b", "1");        // 4
        s.put("/w/a", "2");        // 5
        s.deleteRange("/w/b", ""); // 6
        auto events = s.eventsSince(2, "/w/", prefixEnd("/w/"));
        QCOMPARE(events.size(), size_t(4));
        std::int64_t last = 0;
        for (const auto& e : events) {
            QVERIFY(e.kv.modRevision > last);
            last = e.kv.modRevision;
        }
        QVERIFY(events[3].type == Event::Type::Delete);
        QCOMPARE(events[3].prevKv->value, std::string("1"));
        QVERIFY(events[2].prevKv.has_value()); // modification carries the previous value
        QVERIFY(!events[0].prevKv.has_value());
        QCOMPARE(s.eventsSince(5, "/w/", prefixEnd("/w/")).size(), size_t(2));
        QCOMPARE(s.eventsSince(7, "/w/", prefixEnd("/w/")).size(), size_t(0));
    }

    void compaction()
    {
        MvccStore s;
        s.put("/a", "1");        // 2
        s.put("/a", "2");        // 3
        s.put("/b", "1");        // 4
        s.deleteRange("/b", ""); // 5
        s.put("/a", "3");        // 6
        s.compact(4);
        QCOMPARE(s.compactRevision(), 4);
        // Reads at or after the compaction revision still work.
        QCOMPARE(s.range("/a", "", 4).kvs.at(0).value, std::string("2"));
        QCOMPARE(s.range("/a", "", 6).kvs.at(0).value, std::string("3"));
        try {
            s.range("/a", "", 3);
            QFAIL("read below the compaction revision must fail");
        } catch (const StoreError& e) {
            QCOMPARE(QString(e.what()), QString("mvcc: required revision has been compacted"));
            QVERIFY(e.code() == StoreError::Code::Compacted);
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, s.eventsSince(2, "/", prefixEnd("/")));
        QCOMPARE(s.eventsSince(4, "/", prefixEnd("/")).size(), size_t(3)); // 4, 5, 6
        QVERIFY_THROWS_EXCEPTION(StoreError, s.compact(3));                // already compacted
        QVERIFY_THROWS_EXCEPTION(StoreError, s.compact(100));              // future
        QCOMPARE(s.range("/", prefixEnd("/")).kvs.size(), size_t(1));
    }

    // Once kWarmVersions newer versions are written, a version's value is kept
    // compressed; every way of reading it must still give back what was written.
    void coldVersionsReadAsWritten()
    {
        auto value = [](int i) {
            std::string v = "{\"metadata\":{\"name\":\"pod-" + std::to_string(i) + "\"},\"spec\":";
            while (v.size() < 900)
                v += "{\"containers\":[{\"image\":\"nginx\",\"name\":\"c" + std::to_string(i) +
                     "\"}]}";
            return v + "}";
        };
        MvccStore s;
        s.put("/old", value(-1)); // 2: never written again, so its current value goes cold
        s.put("/small", "tiny");  // 3: too small to compress
        const int writes = 2 * int(MvccStore::kWarmVersions) + 500;
        std::vector<std::string> written; // by revision - 4
        for (int i = 0; i < writes; ++i) {
            written.push_back(value(i));
            s.put("/k/" + std::to_string(i % 7), written.back());
        }
        MvccStore checkpoint = s; // a copy shares the versions as they are now
        for (int i = 0; i < 100; ++i)
            s.put("/later", value(i));
        const MvccStore::Footprint f = s.footprint();
        QVERIFY(f.coldVersions > MvccStore::kWarmVersions); // all but the newest 4,096
        QVERIFY(f.totalValueBytes < std::size_t(writes) * 900 * 2 / 3);

        // Reads at past revisions, and the current value of a cold key.
        for (int i = 0; i < writes; i += 97) {
            const auto r = s.range("/k/" + std::to_string(i % 7), "", i + 4);
            QCOMPARE(r.kvs.at(0).value, written[std::size_t(i)]);
            QCOMPARE(r.kvs.at(0).modRevision, std::int64_t(i + 4));
        }
        QCOMPARE(s.range("/old", "").kvs.at(0).value, value(-1));
        QCOMPARE(*s.sharedValue("/old"), value(-1));
        QCOMPARE(s.range("/small", "").kvs.at(0).value, std::string("tiny"));
        // Watch history: each event's value and prevKv as written.
        const auto events = s.eventsSince(4, "/k/", prefixEnd("/k/"));
        QCOMPARE(events.size(), std::size_t(writes));
        for (std::size_t i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].kv.value, written[i]);
            if (i >= 7)
                QCOMPARE(events[i].prevKv->value, written[i - 7]);
        }
        // A value compare and a put's prevKv on a cold current value.
        Compare same{"/old", Compare::Target::Value, Compare::Result::Equal, 0, value(-1)};
        Compare other{"/old", Compare::Target::Value, Compare::Result::Equal, 0, value(-2)};
        QVERIFY(s.txn({same}, {}, {}).succeeded);
        QVERIFY(!s.txn({other}, {}, {}).succeeded);
        Op put{Op::Type::Put, "/old", "", "new", 0, true};
        const TxnResult r = s.txn({}, {put}, {});
        QCOMPARE(r.responses.at(0).prevKvs.at(0).value, value(-1));
        // The copy still reads the same.
        QCOMPARE(checkpoint.range("/old", "").kvs.at(0).value, value(-1));
        QCOMPARE(checkpoint.range("/k/0", "", 4).kvs.at(0).value, written[0]);
    }

    void jsonRoundTrip()
    {
        Compare c{"/k", Compare::Target::CreateRevision, Compare::Result::Greater, 5, {}};
        Compare back = Compare::fromJson(c.toJson());
        QCOMPARE(back.key, c.key);
        QVERIFY(back.target == c.target && back.result == c.result && back.number == 5);
        Op o{Op::Type::DeleteRange, "/a", "/b", {}, 0, true};
        Op ob = Op::fromJson(o.toJson());
        QVERIFY(ob.type == Op::Type::DeleteRange && ob.rangeEnd == "/b" && ob.prevKv);
    }
};

QTEST_GUILESS_MAIN(tst_MvccStore)
#include "tst_mvcc_store.moc"
