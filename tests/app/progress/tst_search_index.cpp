// Full-text search over chapters and labs: prefix and stemmed matches, titles ranked first,
// snippets that mark the match, and queries that find nothing.
#include "app/progress/search_index.h"

#include <QTest>

using namespace kubelab::app;

class tst_SearchIndex : public QObject
{
    Q_OBJECT

    SearchIndex m_index;

private Q_SLOTS:
    void initTestCase()
    {
        m_index.add({QStringLiteral("chapter"), QStringLiteral("scheduler/overview"),
                     QStringLiteral("The scheduler"),
                     QStringLiteral("The scheduler filters nodes, then scores the rest. A pod "
                                    "that tolerates no taint stays Pending.")});
        m_index.add({QStringLiteral("lab"), QStringLiteral("sched-taints"),
                     QStringLiteral("Taints and tolerations"),
                     QStringLiteral("Taint worker-2 with NoSchedule and watch the scheduler.")});
        m_index.add({QStringLiteral("chapter"), QStringLiteral("worker-nodes/overview"),
                     QStringLiteral("Worker nodes"),
                     QStringLiteral("The kubelet <watches> pods & reports back.\x01")});
        QCOMPARE(m_index.size(), 3);
        QCOMPARE(m_index.error(), QString());
    }

    void finds_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<QString>("matched");
        QTest::addRow("stemmed") << QStringLiteral("taints")
                                 << QStringList{QStringLiteral("sched-taints"),
                                                QStringLiteral("scheduler/overview")}
                                 << QStringLiteral("Taints");
        QTest::addRow("prefix") << QStringLiteral("kube")
                                << QStringList{QStringLiteral("worker-nodes/overview")}
                                << QStringLiteral("kubelet");
        QTest::addRow("every word") << QStringLiteral("scheduler pending")
                                    << QStringList{QStringLiteral("scheduler/overview")}
                                    << QStringLiteral("scheduler");
        QTest::addRow("punctuation ignored") << QStringLiteral("\"NoSchedule\" -(")
                                             << QStringList{QStringLiteral("sched-taints")}
                                             << QStringLiteral("NoSchedule");
        QTest::addRow("absent word") << QStringLiteral("etcd") << QStringList{} << QString();
        QTest::addRow("no word") << QStringLiteral("*** --") << QStringList{} << QString();
    }
    void finds()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, ids);
        QFETCH(QString, matched);
        const QList<SearchHit> hits = m_index.search(query);
        QStringList got;
        for (const SearchHit& h : hits)
            got.append(h.id);
        QCOMPARE(got, ids);
        if (!hits.isEmpty()) {
            QCOMPARE(hits[0].matchedText, matched);
            QVERIFY2(hits[0].snippetHtml.contains(QStringLiteral("<b>") + matched + QStringLiteral("</b>")),
                     qPrintable(hits[0].snippetHtml));
        }
        QCOMPARE(m_index.error(), QString());
    }

    void snippetsAreEscaped()
    {
        const QList<SearchHit> hits = m_index.search(QStringLiteral("kubelet watches"));
        QCOMPARE(hits.size(), 1);
        QVERIFY2(hits[0].snippetHtml.contains(QStringLiteral("&lt;<b>watches</b>&gt;")),
                 qPrintable(hits[0].snippetHtml));
        QVERIFY(hits[0].snippetHtml.contains(QStringLiteral("&amp;")));
    }

    void ftsQueryQuotesEveryWord()
    {
        QCOMPARE(ftsQuery(QStringLiteral("kube-proxy NEAR(x)")),
                 QStringLiteral("\"kube\"* \"proxy\"* \"NEAR\"* \"x\"*"));
        QCOMPARE(ftsQuery(QStringLiteral("  ")), QString());
    }
};

QTEST_GUILESS_MAIN(tst_SearchIndex)
#include "tst_search_index.moc"
