// TaintToleration: NoSchedule/NoExecute filter with kube-scheduler's reason, and the
// PreferNoSchedule score.
#include <QtTest>

#include "engine/scheduler/plugins/taint_toleration.h"
#include "sched_fixtures.h"

using namespace schedtest;

class tst_TaintToleration : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
    void score_data();
    void score();
};

void tst_TaintToleration::filter_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");
    const char* cp =
        R"([{"taints":[{"key":"node-role.kubernetes.io/control-plane","effect":"NoSchedule"}]}])";
    QTest::newRow("untainted") << "{}"
                               << "[{}]"
                               << "Success"
                               << "";
    QTest::newRow("control-plane") << "{}" << cp << "UnschedulableAndUnresolvable"
                                   << "node(s) had untolerated taint "
                                      "{node-role.kubernetes.io/control-plane: }";
    QTest::newRow("tolerated-exists")
        << R"({"spec":{"tolerations":[{"key":"node-role.kubernetes.io/control-plane",)"
           R"("operator":"Exists","effect":"NoSchedule"}]}})"
        << cp << "Success"
        << "";
    const char* gpu = R"([{"taints":[{"key":"gpu","value":"true","effect":"NoSchedule"}]}])";
    QTest::newRow("value") << "{}" << gpu << "UnschedulableAndUnresolvable"
                           << "node(s) had untolerated taint {gpu: true}";
    QTest::newRow("equal-match")
        << R"({"spec":{"tolerations":[{"key":"gpu","value":"true","effect":"NoSchedule"}]}})" << gpu
        << "Success"
        << "";
    QTest::newRow("equal-wrong-value")
        << R"({"spec":{"tolerations":[{"key":"gpu","value":"false"}]}})" << gpu
        << "UnschedulableAndUnresolvable"
        << "node(s) had untolerated taint {gpu: true}";
    QTest::newRow("exists-all") << R"({"spec":{"tolerations":[{"operator":"Exists"}]}})" << gpu
                                << "Success"
                                << "";
    QTest::newRow("prefer-no-schedule-passes")
        << "{}"
        << R"([{"taints":[{"key":"a","value":"b","effect":"PreferNoSchedule"}]}])"
        << "Success"
        << "";
    QTest::newRow("no-execute") << "{}"
                                << R"([{"taints":[{"key":"x","effect":"NoExecute"}]}])"
                                << "UnschedulableAndUnresolvable"
                                << "node(s) had untolerated taint {x: }";
}

void tst_TaintToleration::filter()
{
    QFETCH(QString, pod);
    QFETCH(QString, node);
    QFETCH(QString, code);
    QFETCH(QString, reason);
    TaintToleration p;
    Status s = runFilter(p, schedtest::pod(pod), nodes(node), 0);
    QCOMPARE(codeName(s), code);
    QCOMPARE(QString::fromStdString(s.message()), reason);
}

void tst_TaintToleration::score_data()
{
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("nodes");
    QTest::addColumn<QString>("scores");
    const char* two = R"([{},{"name":"n2","taints":[{"key":"a","effect":"PreferNoSchedule"}]}])";
    QTest::newRow("prefer-untainted") << "{}" << two << "100,0";
    QTest::newRow("tolerated") << R"({"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}})"
                               << two << "100,100";
    QTest::newRow("none-tainted") << "{}"
                                  << R"([{},{"name":"n2"}])"
                                  << "100,100";
}

void tst_TaintToleration::score()
{
    QFETCH(QString, pod);
    QFETCH(QString, nodes);
    QFETCH(QString, scores);
    TaintToleration p;
    QCOMPARE(join(runScore(p, schedtest::pod(pod), schedtest::nodes(nodes))), scores);
}

QTEST_GUILESS_MAIN(tst_TaintToleration)
#include "tst_taint_toleration.moc"
