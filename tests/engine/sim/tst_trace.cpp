// The trace's sealed blocks: records read back the same from a compressed block as from
// the open tail, in order, by index and by iterator; a cut inside a sealed block leaves
// exactly the records before it; copies share blocks; the hash covers every record.
#include <QtTest>

#include "engine/sim/trace.h"

using namespace kubelab;
using sim::Trace;
using sim::TraceRecord;

namespace {
// Record i: every field depends on i, so a record read from the wrong place differs.
TraceRecord record(size_t i)
{
    TraceRecord r;
    r.time = sim::Time(i * 1000 + 7);
    r.seq = i + 1;
    r.actor = "kubelet/worker-" + std::to_string(i % 13);
    r.target = i % 5 ? "pods/default/web-" + std::to_string(i) : "";
    r.kind = i % 3 ? "api.request" : "etcd.txn";
    r.summary = "record " + std::to_string(i) + " of a long enough summary line";
    r.detail = nlohmann::json{{"i", i}, {"ops", {{{"key", "k"}}}}}.dump();
    if (i % 3 == 0)
        r.attachments.push_back(
            {"/ops/0/value", std::make_shared<const std::string>("value " + std::to_string(i))});
    return r;
}

Trace filled(size_t n)
{
    Trace t;
    for (size_t i = 0; i < n; ++i)
        t.append(record(i));
    return t;
}

bool same(const TraceRecord& a, const TraceRecord& b)
{
    return a.toJson() == b.toJson();
}

// The hash as Trace::sha256 defines it, over records built afresh.
std::string expectedHash(size_t n)
{
    std::string lines;
    for (size_t i = 0; i < n; ++i)
        lines += record(i).toJson().dump() + "\n";
    return sim::sha256Hex(lines);
}
} // namespace

class tst_Trace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsReadBackFromSealedBlocks()
    {
        const size_t n = 3 * Trace::kBlockRecords + 17;
        const Trace t = filled(n);
        QCOMPARE(t.size(), n);
        const Trace::Footprint f = t.footprint();
        QCOMPARE(f.blocks, size_t(3));
        QCOMPARE(f.sealedRecords, 3 * Trace::kBlockRecords);
        QVERIFY(f.compressedBytes > 0 && f.compressedBytes < f.rawBytes / 4);

        // By index, out of order (blocks decoded again after leaving the cache).
        for (size_t i : {n - 1, size_t(0), size_t(1500), size_t(1023), size_t(1024), size_t(3071),
                         size_t(3072), size_t(5), size_t(2500), size_t(700)})
            QVERIFY2(same(t[i], record(i)), qPrintable(QString::number(i)));
        QVERIFY(!same(t[1], record(2))); // the comparison can fail
        // An attachment of a sealed record is back, with its text.
        QCOMPARE(t[3].attachments.size(), size_t(1));
        QCOMPARE(*t[3].attachments[0].text, std::string("value 3"));
        QCOMPARE(t[3].detailJson()["ops"][0]["value"], nlohmann::json("value 3"));

        // Iterating, from the start and from the middle of a block.
        size_t i = 0;
        for (const TraceRecord& r : t) {
            if (!same(r, record(i)))
                QFAIL(qPrintable("record " + QString::number(i) + " differs"));
            ++i;
        }
        QCOMPARE(i, n);
        i = 1000;
        for (auto it = t.from(1000); it != t.end(); ++it, ++i)
            QCOMPARE(it->seq, std::uint64_t(i + 1));
        QCOMPARE(i, n);
        QCOMPARE(t.back().seq, std::uint64_t(n));
    }

    void hashCoversEveryRecord()
    {
        const size_t n = 2 * Trace::kBlockRecords + 3;
        Trace t = filled(n);
        QCOMPARE(t.sha256(), expectedHash(n));
        QVERIFY(t.sha256() != expectedHash(n - 1));
        Trace other = filled(n - 1);
        TraceRecord changed = record(n - 1);
        changed.summary += "!";
        other.append(changed);
        QVERIFY(other.sha256() != t.sha256());
    }

    void truncateInsideASealedBlock()
    {
        const size_t n = 3 * Trace::kBlockRecords + 10;
        for (size_t keep : {size_t(0), size_t(1), Trace::kBlockRecords - 1, Trace::kBlockRecords,
                            Trace::kBlockRecords + 1, 2 * Trace::kBlockRecords + 500, n - 5}) {
            Trace t = filled(n);
            t[0]; // a decoded block in the cache must not outlive the cut
            t.truncate(keep);
            QCOMPARE(t.size(), keep);
            QCOMPARE(t.sha256(), expectedHash(keep));
            if (keep > 0)
                QCOMPARE(t.back().seq, std::uint64_t(keep));
            // Appending after the cut continues from there, across the next seal.
            for (size_t i = keep; i < keep + Trace::kBlockRecords + 2; ++i)
                t.append(record(i));
            QCOMPARE(t.sha256(), expectedHash(keep + Trace::kBlockRecords + 2));
        }
    }

    void copiesAreIndependent()
    {
        const size_t n = 2 * Trace::kBlockRecords + 5;
        Trace a = filled(n);
        Trace b = a; // a checkpoint: shares the sealed blocks
        b.truncate(10);
        b.append(record(10));
        QCOMPARE(a.size(), n);
        QCOMPARE(a.sha256(), expectedHash(n));
        QCOMPARE(b.sha256(), expectedHash(11));
        a.clear();
        QVERIFY(a.empty());
        QCOMPARE(a.begin(), a.end());
        QCOMPARE(b.size(), size_t(11));
    }
};

QTEST_GUILESS_MAIN(tst_Trace)
#include "tst_trace.moc"
