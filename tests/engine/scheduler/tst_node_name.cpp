// NodeName and NodeUnschedulable: the two simplest filters.
#include <QtTest>

#include "engine/scheduler/plugins/node_name.h"
#include "engine/scheduler/plugins/node_unschedulable.h"
#include "sched_fixtures.h"

using namespace schedtest;

class tst_NodeName : public QObject
{
    Q_OBJECT

private slots:
    void filter_data();
    void filter();
};

void tst_NodeName::filter_data()
{
    QTest::addColumn<QString>("plugin");
    QTest::addColumn<QString>("pod");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("name-unset") << "NodeName"
                                << "{}"
                                << R"([{"name":"n1"}])"
                                << "Success"
                                << "";
    QTest::newRow("name-match") << "NodeName"
                                << R"({"node":"n1"})"
                                << R"([{"name":"n1"}])"
                                << "Success"
                                << "";
    QTest::newRow("name-other") << "NodeName"
                                << R"({"node":"n2"})"
                                << R"([{"name":"n1"}])"
                                << "UnschedulableAndUnresolvable"
                                << "node(s) didn't match the requested node name";
    QTest::newRow("cordoned") << "NodeUnschedulable"
                              << "{}"
                              << R"([{"unschedulable":true}])"
                              << "UnschedulableAndUnresolvable"
                              << "node(s) were unschedulable";
    QTest::newRow("schedulable") << "NodeUnschedulable"
                                 << "{}"
                                 << R"([{}])"
                                 << "Success"
                                 << "";
    QTest::newRow("tolerates-cordon")
        << "NodeUnschedulable"
        << R"({"spec":{"tolerations":[{"key":"node.kubernetes.io/unschedulable",)"
           R"("operator":"Exists","effect":"NoSchedule"}]}})"
        << R"([{"unschedulable":true}])"
        << "Success"
        << "";
}

void tst_NodeName::filter()
{
    QFETCH(QString, plugin);
    QFETCH(QString, pod);
    QFETCH(QString, node);
    QFETCH(QString, code);
    QFETCH(QString, reason);
    NodeName name;
    NodeUnschedulable cordon;
    Plugin& p = plugin == "NodeName" ? static_cast<Plugin&>(name) : cordon;
    Status s = runFilter(p, schedtest::pod(pod), nodes(node), 0);
    QCOMPARE(codeName(s), code);
    QCOMPARE(QString::fromStdString(s.message()), reason);
}

QTEST_GUILESS_MAIN(tst_NodeName)
#include "tst_node_name.moc"
