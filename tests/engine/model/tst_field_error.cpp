// FieldError text against apimachinery's field.Error.Error().
#include <QtTest>

#include "engine/model/field_error.h"

using namespace kubelab::model;
using nlohmann::json;

class tst_FieldError : public QObject
{
    Q_OBJECT

private slots:
    void toString_data();
    void toString();
    void goQuote_data();
    void goQuote();
};

void tst_FieldError::toString_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("badValue"); // JSON text
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("expected");

    QTest::newRow("invalid-int")
        << "FieldValueInvalid"
        << "spec.replicas"
        << "-1"
        << "must be greater than or equal to 0"
        << "spec.replicas: Invalid value: -1: must be greater than or equal to 0";
    QTest::newRow("required") << "FieldValueRequired"
                              << "metadata.name"
                              << "\"\""
                              << "name or generateName is required"
                              << "metadata.name: Required value: name or generateName is required";
    QTest::newRow("required-no-detail") << "FieldValueRequired"
                                        << "spec.containers[0].image"
                                        << "null"
                                        << ""
                                        << "spec.containers[0].image: Required value";
    QTest::newRow("invalid-string")
        << "FieldValueInvalid"
        << "metadata.name"
        << "\"Web_1\""
        << "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"
        << "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must "
           "consist of lower case alphanumeric characters";
    QTest::newRow("unsupported")
        << "FieldValueNotSupported"
        << "spec.template.spec.restartPolicy"
        << "\"Sometimes\""
        << "supported values: \"Always\", \"OnFailure\", \"Never\""
        << "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": "
           "supported values: \"Always\", \"OnFailure\", \"Never\"";
    QTest::newRow("duplicate") << "FieldValueDuplicate"
                               << "spec.ports[1].port"
                               << "80"
                               << ""
                               << "spec.ports[1].port: Duplicate value: 80";
    QTest::newRow("forbidden")
        << "FieldValueForbidden"
        << "spec"
        << "\"x\""
        << "updates to statefulset spec for fields other than 'replicas' are forbidden"
        << "spec: Forbidden: updates to statefulset spec for fields other than 'replicas' "
           "are forbidden";
    QTest::newRow("too-long") << "FieldValueTooLong"
                              << "metadata.annotations"
                              << "\"xxxx\""
                              << "must have at most 262144 bytes"
                              << "metadata.annotations: Too long: must have at most 262144 bytes";
    QTest::newRow("bool") << "FieldValueInvalid"
                          << "spec.x"
                          << "true"
                          << "nope"
                          << "spec.x: Invalid value: true: nope";
    QTest::newRow("float") << "FieldValueInvalid"
                           << "spec.x"
                           << "0.5"
                           << "d"
                           << "spec.x: Invalid value: 0.5: d";
    QTest::newRow("float-big") << "FieldValueInvalid"
                               << "spec.x"
                               << "1000000.0"
                               << "d"
                               << "spec.x: Invalid value: 1e+06: d";
    QTest::newRow("float-small") << "FieldValueInvalid"
                                 << "spec.x"
                                 << "0.00001"
                                 << "d"
                                 << "spec.x: Invalid value: 1e-05: d";
    QTest::newRow("float-whole") << "FieldValueInvalid"
                                 << "spec.x"
                                 << "123456.0"
                                 << "d"
                                 << "spec.x: Invalid value: 123456: d";
    QTest::newRow("type-invalid")
        << "FieldValueTypeInvalid"
        << "spec.replicas"
        << "\"three\""
        << "must be of type integer"
        << "spec.replicas: Invalid value: \"three\": must be of type integer";
    QTest::newRow("string-list") << "FieldValueInvalid"
                                 << "spec.args"
                                 << "[\"a\",\"b\"]"
                                 << "bad"
                                 << "spec.args: Invalid value: []string{\"a\", \"b\"}: bad";
    QTest::newRow("quote-escape") << "FieldValueInvalid"
                                  << "metadata.name"
                                  << "\"a\\\"b\\n\\t\""
                                  << "bad"
                                  << "metadata.name: Invalid value: \"a\\\"b\\n\\t\": bad";
    QTest::newRow("too-many") << "FieldValueTooMany"
                              << "spec.x"
                              << "5"
                              << "must have at most 4 items"
                              << "spec.x: Too many: 5: must have at most 4 items";
}

void tst_FieldError::toString()
{
    QFETCH(QString, type);
    QFETCH(QString, field);
    QFETCH(QString, badValue);
    QFETCH(QString, detail);
    QFETCH(QString, expected);
    FieldError e{type.toStdString(), field.toStdString(), json::parse(badValue.toStdString()),
                 detail.toStdString()};
    QCOMPARE(QString::fromStdString(e.toString()), expected);
    // A different value must change the text (the check can fail).
    FieldError other = e;
    other.badValue = 12345;
    other.detail += "!";
    QVERIFY(QString::fromStdString(other.toString()) != expected);
}

void tst_FieldError::goQuote_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("plain") << QByteArray("web") << QByteArray("\"web\"");
    QTest::newRow("utf8") << QByteArray("caf\xc3\xa9") << QByteArray("\"caf\xc3\xa9\"");
    QTest::newRow("ctrl") << QByteArray("a\x01") << QByteArray("\"a\\x01\"");
    QTest::newRow("del") << QByteArray("\x7f") << QByteArray("\"\\x7f\"");
    QTest::newRow("bad-utf8") << QByteArray("\xff") << QByteArray("\"\\xff\"");
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf") << QByteArray("\"\\ufeff\"");
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"");
}

void tst_FieldError::goQuote()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(QByteArray::fromStdString(kubelab::model::goQuote(in.toStdString())), out);
}

QTEST_GUILESS_MAIN(tst_FieldError)
#include "tst_field_error.moc"
