// Quantities against apimachinery's resource.Quantity: parse, String(), rounding, sums.
#include <QtTest>

#include "engine/model/quantity.h"

using namespace kubelab::model;

class tst_Quantity : public QObject
{
    Q_OBJECT

private slots:
    void canonical_data();
    void canonical();
    void invalid_data();
    void invalid();
    void arithmetic();
    void rounding_data();
    void rounding();
};

void tst_Quantity::canonical_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::addColumn<qint64>("milli");

    QTest::newRow("0.5") << "0.5"
                         << "500m" << qint64(500);
    QTest::newRow("1.5") << "1.5"
                         << "1500m" << qint64(1500);
    QTest::newRow("1024Mi") << "1024Mi"
                            << "1Gi" << qint64(1073741824000);
    QTest::newRow("1000m") << "1000m"
                           << "1" << qint64(1000);
    QTest::newRow("1e3") << "1e3"
                         << "1e3" << qint64(1000000);
    QTest::newRow("1E3") << "1E3"
                         << "1e3" << qint64(1000000);
    QTest::newRow("100M") << "100M"
                          << "100M" << qint64(100000000000);
    QTest::newRow("128Mi") << "128Mi"
                           << "128Mi" << qint64(134217728000);
    QTest::newRow("1536Mi") << "1536Mi"
                            << "1536Mi" << qint64(1610612736000);
    QTest::newRow("0.5Gi") << "0.5Gi"
                           << "512Mi" << qint64(536870912000);
    QTest::newRow("0.5Ki") << "0.5Ki"
                           << "512" << qint64(512000);
    QTest::newRow("binary-under-1") << "0.0001Ki"
                                    << "102400u" << qint64(103);
    QTest::newRow("1Ki") << "1Ki"
                         << "1Ki" << qint64(1024000);
    QTest::newRow("1000Ki") << "1000Ki"
                            << "1000Ki" << qint64(1024000000);
    QTest::newRow("250m") << "250m"
                          << "250m" << qint64(250);
    QTest::newRow("0.25") << "0.25"
                          << "250m" << qint64(250);
    QTest::newRow("2") << "2"
                       << "2" << qint64(2000);
    QTest::newRow("1000") << "1000"
                          << "1k" << qint64(1000000);
    QTest::newRow("1500") << "1500"
                          << "1500" << qint64(1500000);
    QTest::newRow("1G") << "1G"
                        << "1G" << qint64(1000000000000);
    QTest::newRow("1000M") << "1000M"
                           << "1G" << qint64(1000000000000);
    QTest::newRow("0") << "0"
                       << "0" << qint64(0);
    QTest::newRow("0Mi") << "0Mi"
                         << "0" << qint64(0);
    QTest::newRow("negative") << "-1.5"
                              << "-1500m" << qint64(-1500);
    QTest::newRow("plus") << "+2"
                          << "2" << qint64(2000);
    QTest::newRow("leading-zeros") << "007"
                                   << "7" << qint64(7000);
    QTest::newRow("100n") << "100n"
                          << "100n" << qint64(1);
    QTest::newRow("1u") << "1u"
                        << "1u" << qint64(1);
    QTest::newRow("sub-nano-rounds-up") << "0.0000000001"
                                        << "1n" << qint64(1);
    QTest::newRow("1.") << "1."
                        << "1" << qint64(1000);
    QTest::newRow("e-exponent") << "12e-3"
                                << "12e-3" << qint64(12);
    QTest::newRow("1E") << "1E"
                        << "1E" << qint64(9223372036854775807);
    QTest::newRow("1Ei") << "1Ei"
                         << "1Ei" << qint64(9223372036854775807);
    QTest::newRow("1e21") << "1000E"
                          << "1e21" << qint64(9223372036854775807);
}

void tst_Quantity::canonical()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QFETCH(qint64, milli);
    const auto q = Quantity::parse(in.toStdString());
    QVERIFY2(q, Quantity::parseError(in.toStdString()).c_str());
    QCOMPARE(QString::fromStdString(q->toString()), out);
    QCOMPARE(qint64(q->milliValue()), milli);
    QVERIFY(Quantity::parseError(in.toStdString()).empty());
    // Re-parsing the canonical form gives the same amount.
    const auto again = Quantity::parse(q->toString());
    QVERIFY(again && *again == *q);
    // And a different amount is not equal (the check can fail).
    QVERIFY(!(*q == *q + Quantity::fromMilli(1)));
}

void tst_Quantity::invalid_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("error");
    const QString format = "quantities must match the regular expression "
                           "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    QTest::newRow("empty") << "" << format;
    QTest::newRow("letters") << "abc" << format;
    QTest::newRow("space") << "1 Gi" << format;
    QTest::newRow("bad-suffix") << "1Gb" << format;
    QTest::newRow("lower-ki") << "1ki"
                              << "unable to parse quantity's suffix";
    QTest::newRow("double-suffix") << "1MM"
                                   << "unable to parse quantity's suffix";
    QTest::newRow("bare-e") << "1e"
                            << "unable to parse quantity's suffix";
    QTest::newRow("two-dots") << "1.2.3" << format;
}

void tst_Quantity::invalid()
{
    QFETCH(QString, in);
    QFETCH(QString, error);
    QVERIFY(!Quantity::parse(in.toStdString()));
    QCOMPARE(QString::fromStdString(Quantity::parseError(in.toStdString())), error);
}

void tst_Quantity::arithmetic()
{
    const auto a = *Quantity::parse("100m");
    const auto b = *Quantity::parse("0.2");
    QCOMPARE(QString::fromStdString((a + b).toString()), QString("300m"));
    QCOMPARE(QString::fromStdString((b - a).toString()), QString("100m"));
    QCOMPARE(QString::fromStdString((a - b).toString()), QString("-100m"));
    QVERIFY(a < b);
    QVERIFY(!(b < a));
    QCOMPARE(a.compare(b), -1);
    QCOMPARE(b.compare(a), 1);
    QVERIFY(*Quantity::parse("1Gi") == *Quantity::parse("1073741824"));
    QVERIFY(!(*Quantity::parse("1Gi") == *Quantity::parse("1G")));
    // Exact: ten 0.1s are exactly 1, no floating-point drift.
    Quantity sum;
    for (int i = 0; i < 10; ++i)
        sum = sum + *Quantity::parse("0.1");
    QCOMPARE(QString::fromStdString(sum.toString()), QString("1"));
    QVERIFY(sum == Quantity::fromValue(1));
    // Formats: the left operand's, unless it is zero.
    const auto mi = *Quantity::parse("512Mi");
    QCOMPARE(QString::fromStdString((mi + mi).toString()), QString("1Gi"));
    QCOMPARE(QString::fromStdString((Quantity() + mi + mi).toString()), QString("1Gi"));
    QCOMPARE(QString::fromStdString((*Quantity::parse("1G") + mi).toString()),
             QString("1536870912"));
    QVERIFY(Quantity().isZero());
    QVERIFY(!a.isZero());
    QCOMPARE(QString::fromStdString(Quantity::fromMilli(2500).toString()), QString("2500m"));
    QCOMPARE(
        QString::fromStdString(Quantity::fromValue(2048, Quantity::Format::BinarySI).toString()),
        QString("2Ki"));
}

void tst_Quantity::rounding_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<qint64>("value");
    QTest::newRow("1.5") << "1.5" << qint64(1500) << qint64(2);
    QTest::newRow("100m") << "100m" << qint64(100) << qint64(1);
    QTest::newRow("1n") << "1n" << qint64(1) << qint64(1);
    QTest::newRow("-1.5") << "-1.5" << qint64(-1500) << qint64(-2);
    QTest::newRow("-1n") << "-1n" << qint64(-1) << qint64(-1);
    QTest::newRow("exact") << "3" << qint64(3000) << qint64(3);
    QTest::newRow("1Mi") << "1Mi" << qint64(1048576000) << qint64(1048576);
}

void tst_Quantity::rounding()
{
    QFETCH(QString, in);
    QFETCH(qint64, milli);
    QFETCH(qint64, value);
    const auto q = *Quantity::parse(in.toStdString());
    QCOMPARE(qint64(q.milliValue()), milli);
    QCOMPARE(qint64(q.value()), value);
}

QTEST_GUILESS_MAIN(tst_Quantity)
#include "tst_quantity.moc"
