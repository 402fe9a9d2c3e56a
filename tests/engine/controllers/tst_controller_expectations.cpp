// ControllerExpectations: each row is a script of expectations and observations for the
// controller key "ns/a" (a step starting with another key is for that key), then what the
// controller would ask. Rows come in pairs whose answers differ by one step.
#include <QtTest>

#include "engine/controllers/controller_expectations.h"

using kubelab::controllers::ControllerExpectations;
namespace sim = kubelab::sim;

namespace {

const std::string kKey = "ns/a";

// Steps, separated by ';':
//   creations N @T   expectCreations(N) at T seconds     created        creationObserved()
//   create NAME @T   expectCreation(NAME)                created NAME   creationObserved(NAME)
//   delete POD @T    expectDeletion(POD)                 deleted POD    deletionObserved(POD)
//   lower N          lowerExpectations(N)                forget         deleteExpectations()
void run(ControllerExpectations& e, const QString& script)
{
    for (const QString& step : script.split(';', Qt::SkipEmptyParts)) {
        QStringList words = step.split(' ', Qt::SkipEmptyParts);
        std::string key = kKey;
        if (words.value(0).contains('/'))
            key = words.takeFirst().toStdString();
        const QString op = words.value(0);
        const std::string arg = words.value(1).toStdString();
        const sim::Time at = words.value(2).mid(1).toLongLong() * sim::kSecond;
        if (op == "creations")
            e.expectCreations(key, words.value(1).toLongLong(), at);
        else if (op == "create")
            e.expectCreation(key, arg, at);
        else if (op == "delete")
            e.expectDeletion(key, arg, at);
        else if (op == "created" && arg.empty())
            e.creationObserved(key);
        else if (op == "created")
            e.creationObserved(key, arg);
        else if (op == "deleted")
            e.deletionObserved(key, arg);
        else if (op == "lower")
            e.lowerExpectations(key, words.value(1).toLongLong());
        else if (op == "forget")
            e.deleteExpectations(key);
        else
            QFAIL(qPrintable("unknown step: " + step));
    }
}

} // namespace

class tst_ControllerExpectations : public QObject
{
    Q_OBJECT

private slots:
    void satisfied_data();
    void satisfied();
    void pending_data();
    void pending();
    void copiesAreIndependent();
};

void tst_ControllerExpectations::satisfied_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("nowSeconds");
    QTest::addColumn<bool>("satisfied");
    QTest::addColumn<bool>("fulfilled");

    QTest::newRow("nothing expected") << "" << 0 << true << true;
    QTest::newRow("creations pending") << "creations 2 @0" << 10 << false << false;
    QTest::newRow("creations partly seen") << "creations 2 @0; created" << 10 << false << false;
    QTest::newRow("creations all seen") << "creations 2 @0; created; created" << 10 << true << true;
    QTest::newRow("more seen than expected")
        << "creations 1 @0; created; created" << 10 << true << true;
    QTest::newRow("count is set, not added")
        << "creations 3 @0; creations 1 @5; created" << 10 << true << true;
    QTest::newRow("at the timeout") << "creations 2 @0" << 300 << false << false;
    QTest::newRow("past the timeout") << "creations 2 @0" << 301 << true << false;
    QTest::newRow("timeout restarts")
        << "creations 2 @0; delete ns/p @200" << 301 << false << false;
    QTest::newRow("deletions pending")
        << "delete ns/p1 @0; delete ns/p2 @0; deleted ns/p1" << 10 << false << false;
    QTest::newRow("deletions all seen")
        << "delete ns/p1 @0; delete ns/p2 @0; deleted ns/p1; deleted ns/p2" << 10 << true << true;
    QTest::newRow("deletion of another pod")
        << "delete ns/p1 @0; deleted ns/p9" << 10 << false << false;
    QTest::newRow("a creation is not a deletion")
        << "delete ns/p1 @0; created" << 10 << false << false;
    QTest::newRow("creations keep deletions")
        << "delete ns/p1 @0; creations 1 @0; created" << 10 << false << false;
    QTest::newRow("creations keep deletions, seen")
        << "delete ns/p1 @0; creations 1 @0; created; deleted ns/p1" << 10 << true << true;
    QTest::newRow("deletions keep the count")
        << "creations 1 @0; delete ns/p @0; deleted ns/p" << 10 << false << false;
    QTest::newRow("lowered to zero") << "creations 4 @0; created; lower 3" << 10 << true << true;
    QTest::newRow("lowered, some left") << "creations 4 @0; lower 3" << 10 << false << false;
    QTest::newRow("named creation pending") << "create ns/web-0 @0" << 10 << false << false;
    QTest::newRow("named creation seen")
        << "create ns/web-0 @0; created ns/web-0" << 10 << true << true;
    QTest::newRow("another name seen")
        << "create ns/web-0 @0; created ns/web-1" << 10 << false << false;
    QTest::newRow("count does not settle a name")
        << "create ns/web-0 @0; created" << 10 << false << false;
    QTest::newRow("named, past the timeout") << "create ns/web-0 @0" << 400 << true << false;
    QTest::newRow("forgotten") << "creations 2 @0; delete ns/p @0; forget" << 10 << true << true;
    QTest::newRow("another key's")
        << "ns/b creations 2 @0; ns/b delete ns/p @0" << 10 << true << true;
    QTest::newRow("another key forgotten") << "creations 2 @0; ns/b forget" << 10 << false << false;
}

void tst_ControllerExpectations::satisfied()
{
    QFETCH(QString, script);
    QFETCH(int, nowSeconds);
    QFETCH(bool, satisfied);
    QFETCH(bool, fulfilled);
    ControllerExpectations e;
    run(e, script);
    QCOMPARE(e.satisfiedExpectations(kKey, nowSeconds * sim::kSecond), satisfied);
    QCOMPARE(e.fulfilled(kKey), fulfilled);
}

void tst_ControllerExpectations::pending_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("creation"); // asked with expectsCreation
    QTest::addColumn<QString>("deletion"); // asked with expectsDeletion
    QTest::addColumn<bool>("creationPending");
    QTest::addColumn<bool>("deletionPending");

    QTest::newRow("creation") << "create node-1 @0"
                              << "node-1"
                              << "node-1" << true << false;
    QTest::newRow("creation, other node") << "create node-1 @0"
                                          << "node-2"
                                          << "node-2" << false << false;
    QTest::newRow("creation seen") << "create node-1 @0; created node-1"
                                   << "node-1"
                                   << "node-1" << false << false;
    QTest::newRow("creation of a count") << "creations 1 @0"
                                         << "node-1"
                                         << "node-1" << false << false;
    QTest::newRow("deletion") << "delete ns/p @0"
                              << "ns/p"
                              << "ns/p" << false << true;
    QTest::newRow("deletion seen") << "delete ns/p @0; deleted ns/p"
                                   << "ns/p"
                                   << "ns/p" << false << false;
    QTest::newRow("deletion, other pod seen") << "delete ns/p @0; deleted ns/q"
                                              << "ns/p"
                                              << "ns/p" << false << true;
    QTest::newRow("both, timed out long ago") << "create node-1 @0; delete ns/p @0"
                                              << "node-1"
                                              << "ns/p" << true << true;
    QTest::newRow("another key's") << "ns/b create node-1 @0; ns/b delete ns/p @0"
                                   << "node-1"
                                   << "ns/p" << false << false;
    QTest::newRow("forgotten") << "create node-1 @0; delete ns/p @0; forget"
                               << "node-1"
                               << "ns/p" << false << false;
}

void tst_ControllerExpectations::pending()
{
    QFETCH(QString, script);
    QFETCH(QString, creation);
    QFETCH(QString, deletion);
    QFETCH(bool, creationPending);
    QFETCH(bool, deletionPending);
    ControllerExpectations e;
    run(e, script);
    QCOMPARE(e.expectsCreation(kKey, creation.toStdString()), creationPending);
    QCOMPARE(e.expectsDeletion(kKey, deletion.toStdString()), deletionPending);
}

void tst_ControllerExpectations::copiesAreIndependent()
{
    // Checkpoints copy the controller, expectations included: a copy must not share state.
    ControllerExpectations original;
    run(original, "creations 1 @0; delete ns/p @0");
    ControllerExpectations copy = original;
    run(copy, "created; deleted ns/p");
    QVERIFY(copy.fulfilled(kKey));
    QVERIFY(!original.fulfilled(kKey));
    QVERIFY(original.expectsDeletion(kKey, "ns/p"));
}

QTEST_GUILESS_MAIN(tst_ControllerExpectations)
#include "tst_controller_expectations.moc"
