// NodeResourcesBalancedAllocation and ImageLocality scores.
#include <QtTest>

#include "engine/scheduler/plugins/balanced_allocation.h"
#include "engine/scheduler/plugins/image_locality.h"
#include "sched_fixtures.h"

using namespace schedtest;

class tst_BalancedAllocation : public QObject
{
    Q_OBJECT

private slots:
    void balanced_data();
    void balanced();
    void images_data();
    void images();
};

void tst_BalancedAllocation::balanced_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("scores");
    // 2 CPU / 4Gi: 1 CPU + 2Gi is 50%/50% (100); 1 CPU + 0 is 50%/0% (75).
    QTest::newRow("balanced") << R"({"cpu":"1","memory":"2Gi"})"
                              << R"([{}])"
                              << "100";
    QTest::newRow("cpu-only") << R"({"cpu":"1"})"
                              << R"([{}])"
                              << "75";
    QTest::newRow("prefers-balance")
        << R"({"cpu":"1"})"
        << R"([{"running":[{"name":"a","memory":"2Gi"}]},{"name":"n2"}])"
        << "100,75";
}

void tst_BalancedAllocation::balanced()
{
    QFETCH(QString, pod);
    QFETCH(QString, nodes);
    QFETCH(QString, scores);
    NodeResourcesBalancedAllocation p;
    QCOMPARE(join(runScore(p, schedtest::pod(pod), schedtest::nodes(nodes))), scores);
}

void tst_BalancedAllocation::images_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("scores");
    // 500MB on 1 of 2 nodes: 250MB effective -> 100 * (250-23)/(1000-23) = 23.
    QTest::newRow("on-one-node") << "big:1"
                                 << "23,0";
    QTest::newRow("latest-normalized") << "small"
                                       << "0,0"; // 10MB, under the 23MB floor
    QTest::newRow("absent") << "other:2"
                            << "0,0";
}

void tst_BalancedAllocation::images()
{
    QFETCH(QString, image);
    QFETCH(QString, scores);
    ImageLocality p;
    const auto ns = nodes(R"([{"images":[{"names":["big:1"],"sizeBytes":524288000},)"
                          R"({"names":["small:latest"],"sizeBytes":10485760}]},{"name":"n2"}])");
    nlohmann::json pj = {{"image", image.toStdString()}};
    QCOMPARE(join(runScore(p, pod(pj), ns)), scores);
}

QTEST_GUILESS_MAIN(tst_BalancedAllocation)
#include "tst_balanced_allocation.moc"
