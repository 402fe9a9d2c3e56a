// The field readers of model/json_view.h: for each, present, absent, of another type, and
// a path through something that is not an object. Rows come in pairs that tell a right
// reader from a wrong one: the fallback differs from the value present, a present empty
// string or zero is not the fallback, a key with dots is one key for the by-key readers.
#include <QtTest>

#include <utility>

#include "engine/model/json_view.h"

using nlohmann::json;
namespace model = kubelab::model;

namespace {

json parse(const QString& text)
{
    return json::parse(text.toStdString());
}

// Every path row reads this object.
const json& fixture()
{
    static const json o = json::parse(R"({
        "metadata": {"name": "web", "namespace": "prod", "generation": 3,
                     "labels": {"app.kubernetes.io/name": "shop"}},
        "spec": {"replicas": 2, "paused": true, "ratio": 2.9, "serviceName": null,
                 "count": "3", "strategy": "Recreate", "ports": [{"name": "http"}],
                 "template": {"spec": {"restartPolicy": "Never", "hostNetwork": false}}},
        "status": null,
        "a.b": "dotted key", "a": {"b": "nested"}
    })");
    return o;
}

// The results point into their argument only when it is an lvalue.
template<typename T>
concept StringReadable = requires(T&& o)
{
    model::stringAt(std::forward<T>(o), "a");
};
template<typename T>
concept MemberReadable = requires(T&& o)
{
    model::memberAtPath(std::forward<T>(o), "a");
};
static_assert(StringReadable<const json&> && MemberReadable<json&>);
static_assert(!StringReadable<json> && !MemberReadable<json>);

} // namespace

class tst_JsonView : public QObject
{
    Q_OBJECT

private slots:
    void memberAt_data();
    void memberAt();
    void memberAtPath_data();
    void memberAtPath();
    void objectAt_data();
    void objectAt();
    void objectAtPath_data();
    void objectAtPath();
    void stringAt_data();
    void stringAt();
    void stringAtPath_data();
    void stringAtPath();
    void intAt_data();
    void intAt();
    void intAtPath_data();
    void intAtPath();
    void boolAt_data();
    void boolAt();
    void boolAtPath_data();
    void boolAtPath();
    void textAt_data();
    void textAt();
    void textAtPath_data();
    void textAtPath();
    void hasValue_data();
    void hasValue();
    void noCopies();
};

void tst_JsonView::memberAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::newRow("present") << R"({"a": "x", "b": "y"})"
                             << "a"
                             << R"("x")";
    QTest::newRow("present-sibling") << R"({"a": "x", "b": "y"})"
                                     << "b"
                                     << R"("y")";
    QTest::newRow("present-object") << R"({"a": {"k": 1}})"
                                    << "a"
                                    << R"({"k": 1})";
    QTest::newRow("present-null") << R"({"a": null})"
                                  << "a"
                                  << "null";
    QTest::newRow("absent") << R"({"a": 1})"
                            << "b"
                            << "null";
    QTest::newRow("absent-sibling") << R"({"a": 1})"
                                    << "a"
                                    << "1";
    QTest::newRow("not-object-array") << "[1, 2]"
                                      << "0"
                                      << "null";
    QTest::newRow("not-object-string") << R"("a")"
                                       << "a"
                                       << "null";
    QTest::newRow("dotted-key-whole") << R"({"a.b": 1, "a": {"b": 2}})"
                                      << "a.b"
                                      << "1";
}

void tst_JsonView::memberAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const json o = parse(object);
    QCOMPARE(model::memberAt(o, key.toStdString()), parse(expected));
}

void tst_JsonView::memberAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::newRow("present") << "metadata.name"
                             << R"("web")";
    QTest::newRow("present-sibling") << "metadata.namespace"
                                     << R"("prod")";
    QTest::newRow("one-step") << "status"
                              << "null";
    QTest::newRow("deep") << "spec.template.spec.restartPolicy"
                          << R"("Never")";
    QTest::newRow("object") << "spec.template.spec"
                            << R"({"restartPolicy": "Never", "hostNetwork": false})";
    QTest::newRow("absent-leaf") << "metadata.uid"
                                 << "null";
    QTest::newRow("absent-middle") << "spec.selector.matchLabels"
                                   << "null";
    QTest::newRow("through-string") << "spec.strategy.type"
                                    << "null";
    QTest::newRow("through-array") << "spec.ports.name"
                                   << "null";
    QTest::newRow("through-null") << "status.phase"
                                  << "null";
    QTest::newRow("dots-split") << "a.b"
                                << R"("nested")";
    QTest::newRow("label-key-not-a-path") << "metadata.labels.app.kubernetes.io/name"
                                          << "null";
    QTest::newRow("empty") << ""
                           << "null";
}

void tst_JsonView::memberAtPath()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(model::memberAtPath(fixture(), path.toStdString()), parse(expected));
}

void tst_JsonView::objectAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::newRow("present") << R"({"spec": {"a": 1}, "status": {"b": 2}})"
                             << "spec"
                             << R"({"a": 1})";
    QTest::newRow("present-sibling") << R"({"spec": {"a": 1}, "status": {"b": 2}})"
                                     << "status"
                                     << R"({"b": 2})";
    QTest::newRow("absent") << R"({"spec": {"a": 1}})"
                            << "status"
                            << "{}";
    QTest::newRow("not-object") << R"([{"spec": {"a": 1}}])"
                                << "spec"
                                << "{}";
    // Present with another type: returned as it is (callers compare and copy it).
    QTest::newRow("null") << R"({"spec": null})"
                          << "spec"
                          << "null";
    QTest::newRow("string") << R"({"spec": "x"})"
                            << "spec"
                            << R"("x")";
    QTest::newRow("array") << R"({"spec": [1]})"
                           << "spec"
                           << "[1]";
}

void tst_JsonView::objectAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const json o = parse(object);
    QCOMPARE(model::objectAt(o, key.toStdString()), parse(expected));
}

void tst_JsonView::objectAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::newRow("present") << "spec.template"
                             << R"({"spec": {"restartPolicy": "Never",
                                                        "hostNetwork": false}})";
    QTest::newRow("present-sibling") << "metadata.labels"
                                     << R"({"app.kubernetes.io/name":
                                                                "shop"})";
    QTest::newRow("absent") << "spec.selector"
                            << "{}";
    QTest::newRow("string") << "spec.strategy"
                            << R"("Recreate")";
    QTest::newRow("null") << "status"
                          << "null";
    QTest::newRow("through-null") << "status.conditions"
                                  << "{}";
    QTest::newRow("through-array") << "spec.ports.name"
                                   << "{}";
}

void tst_JsonView::objectAtPath()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(model::objectAtPath(fixture(), path.toStdString()), parse(expected));
}

void tst_JsonView::stringAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<QString>("expected");

    QTest::newRow("present") << R"({"a": "x", "b": "y"})"
                             << "a"
                             << "fb"
                             << "x";
    QTest::newRow("present-sibling") << R"({"a": "x", "b": "y"})"
                                     << "b"
                                     << "fb"
                                     << "y";
    QTest::newRow("present-empty") << R"({"a": ""})"
                                   << "a"
                                   << "fb"
                                   << "";
    QTest::newRow("absent") << R"({"a": "x"})"
                            << "b"
                            << "fb"
                            << "fb";
    QTest::newRow("absent-no-fallback") << R"({"a": "x"})"
                                        << "b"
                                        << ""
                                        << "";
    QTest::newRow("null") << R"({"a": null})"
                          << "a"
                          << "fb"
                          << "fb";
    QTest::newRow("number") << R"({"a": 3})"
                            << "a"
                            << "fb"
                            << "fb";
    QTest::newRow("number-no-digits") << R"({"a": 3})"
                                      << "a"
                                      << ""
                                      << "";
    QTest::newRow("bool") << R"({"a": true})"
                          << "a"
                          << "fb"
                          << "fb";
    QTest::newRow("object") << R"({"a": {"b": "x"}})"
                            << "a"
                            << "fb"
                            << "fb";
    QTest::newRow("not-object") << R"(["a"])"
                                << "a"
                                << "fb"
                                << "fb";
    QTest::newRow("dotted-key-whole") << R"({"a.b": "whole", "a": {"b": "nested"}})"
                                      << "a.b"
                                      << "fb"
                                      << "whole";
}

void tst_JsonView::stringAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(QString, fallback);
    QFETCH(QString, expected);
    const json o = parse(object);
    const std::string fb = fallback.toStdString();
    QCOMPARE(std::string(model::stringAt(o, key.toStdString(), fb)), expected.toStdString());
}

void tst_JsonView::stringAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<QString>("expected");

    QTest::newRow("present") << "metadata.name"
                             << "fb"
                             << "web";
    QTest::newRow("present-sibling") << "metadata.namespace"
                                     << "fb"
                                     << "prod";
    QTest::newRow("deep") << "spec.template.spec.restartPolicy"
                          << "Always"
                          << "Never";
    QTest::newRow("absent") << "spec.podManagementPolicy"
                            << "OrderedReady"
                            << "OrderedReady";
    QTest::newRow("null") << "spec.serviceName"
                          << "fb"
                          << "fb";
    QTest::newRow("number") << "spec.replicas"
                            << "fb"
                            << "fb";
    QTest::newRow("numeric-string") << "spec.count"
                                    << "fb"
                                    << "3";
    QTest::newRow("through-string") << "spec.strategy.type"
                                    << "RollingUpdate"
                                    << "RollingUpdate";
    QTest::newRow("through-array") << "spec.ports.name"
                                   << "fb"
                                   << "fb";
    QTest::newRow("through-null") << "status.phase"
                                  << "Pending"
                                  << "Pending";
}

void tst_JsonView::stringAtPath()
{
    QFETCH(QString, path);
    QFETCH(QString, fallback);
    QFETCH(QString, expected);
    const std::string fb = fallback.toStdString();
    QCOMPARE(std::string(model::stringAtPath(fixture(), path.toStdString(), fb)),
             expected.toStdString());
}

void tst_JsonView::intAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<qint64>("fallback");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("present") << R"({"a": 2, "b": 5})"
                             << "a" << qint64(7) << qint64(2);
    QTest::newRow("present-sibling") << R"({"a": 2, "b": 5})"
                                     << "b" << qint64(7) << qint64(5);
    QTest::newRow("present-zero") << R"({"a": 0})"
                                  << "a" << qint64(7) << qint64(0);
    QTest::newRow("absent") << R"({"a": 2})"
                            << "b" << qint64(7) << qint64(7);
    QTest::newRow("absent-default") << R"({"a": 2})"
                                    << "b" << qint64(0) << qint64(0);
    QTest::newRow("null") << R"({"a": null})"
                          << "a" << qint64(7) << qint64(7);
    QTest::newRow("fraction") << R"({"a": 2.9})"
                              << "a" << qint64(7) << qint64(2);
    QTest::newRow("negative-fraction") << R"({"a": -2.9})"
                                       << "a" << qint64(7) << qint64(-2);
    QTest::newRow("large") << R"({"a": 5000000000})"
                           << "a" << qint64(7) << qint64(5000000000);
    QTest::newRow("numeric-string") << R"({"a": "3"})"
                                    << "a" << qint64(7) << qint64(7);
    QTest::newRow("bool") << R"({"a": true})"
                          << "a" << qint64(7) << qint64(7);
    QTest::newRow("not-object") << "[2]"
                                << "0" << qint64(7) << qint64(7);
}

void tst_JsonView::intAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(qint64, fallback);
    QFETCH(qint64, expected);
    const json o = parse(object);
    QCOMPARE(qint64(model::intAt(o, key.toStdString(), fallback)), expected);
}

void tst_JsonView::intAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("fallback");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("present") << "spec.replicas" << qint64(1) << qint64(2);
    QTest::newRow("present-sibling") << "metadata.generation" << qint64(1) << qint64(3);
    QTest::newRow("fraction") << "spec.ratio" << qint64(0) << qint64(2);
    QTest::newRow("absent") << "spec.minReadySeconds" << qint64(0) << qint64(0);
    QTest::newRow("absent-fallback")
        << "spec.progressDeadlineSeconds" << qint64(600) << qint64(600);
    QTest::newRow("numeric-string") << "spec.count" << qint64(-1) << qint64(-1);
    QTest::newRow("bool") << "spec.paused" << qint64(-1) << qint64(-1);
    QTest::newRow("through-string") << "spec.strategy.replicas" << qint64(-1) << qint64(-1);
    QTest::newRow("through-null") << "status.replicas" << qint64(-1) << qint64(-1);
}

void tst_JsonView::intAtPath()
{
    QFETCH(QString, path);
    QFETCH(qint64, fallback);
    QFETCH(qint64, expected);
    QCOMPARE(qint64(model::intAtPath(fixture(), path.toStdString(), fallback)), expected);
}

void tst_JsonView::boolAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("fallback");
    QTest::addColumn<bool>("expected");

    QTest::newRow("true") << R"({"a": true, "b": false})"
                          << "a" << false << true;
    QTest::newRow("false") << R"({"a": true, "b": false})"
                           << "b" << true << false;
    QTest::newRow("absent") << R"({"a": false})"
                            << "b" << true << true;
    QTest::newRow("absent-default") << R"({"a": true})"
                                    << "b" << false << false;
    QTest::newRow("null") << R"({"a": null})"
                          << "a" << true << true;
    QTest::newRow("string-true") << R"({"a": "true"})"
                                 << "a" << false << false;
    QTest::newRow("number-one") << R"({"a": 1})"
                                << "a" << false << false;
    QTest::newRow("not-object") << "[true]"
                                << "0" << false << false;
}

void tst_JsonView::boolAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(bool, fallback);
    QFETCH(bool, expected);
    const json o = parse(object);
    QCOMPARE(model::boolAt(o, key.toStdString(), fallback), expected);
}

void tst_JsonView::boolAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("fallback");
    QTest::addColumn<bool>("expected");

    QTest::newRow("true") << "spec.paused" << false << true;
    QTest::newRow("false") << "spec.template.spec.hostNetwork" << true << false;
    QTest::newRow("absent") << "spec.suspend" << true << true;
    QTest::newRow("number") << "spec.replicas" << false << false;
    QTest::newRow("through-string") << "spec.strategy.paused" << true << true;
    QTest::newRow("through-null") << "status.ready" << true << true;
}

void tst_JsonView::boolAtPath()
{
    QFETCH(QString, path);
    QFETCH(bool, fallback);
    QFETCH(bool, expected);
    QCOMPARE(model::boolAtPath(fixture(), path.toStdString(), fallback), expected);
}

void tst_JsonView::textAt_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");

    QTest::newRow("string") << R"({"a": "x", "b": "y"})"
                            << "a"
                            << "x";
    QTest::newRow("string-sibling") << R"({"a": "x", "b": "y"})"
                                    << "b"
                                    << "y";
    QTest::newRow("string-unquoted") << R"({"a": "3"})"
                                     << "a"
                                     << "3";
    QTest::newRow("number") << R"({"a": 3})"
                            << "a"
                            << "3";
    QTest::newRow("fraction") << R"({"a": 2.5})"
                              << "a"
                              << "2.5";
    QTest::newRow("bool") << R"({"a": false})"
                          << "a"
                          << "false";
    QTest::newRow("array") << R"({"a": [1, "b"]})"
                           << "a"
                           << R"([1,"b"])";
    QTest::newRow("object") << R"({"a": {"k": 1}})"
                            << "a"
                            << R"({"k":1})";
    QTest::newRow("null") << R"({"a": null})"
                          << "a"
                          << "";
    QTest::newRow("absent") << R"({"a": "x"})"
                            << "b"
                            << "";
    QTest::newRow("not-object") << R"(["x"])"
                                << "0"
                                << "";
}

void tst_JsonView::textAt()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const json o = parse(object);
    QCOMPARE(QString::fromStdString(model::textAt(o, key.toStdString())), expected);
}

void tst_JsonView::textAtPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");

    QTest::newRow("string") << "metadata.name"
                            << "web";
    QTest::newRow("number") << "metadata.generation"
                            << "3";
    QTest::newRow("bool") << "spec.paused"
                          << "true";
    QTest::newRow("null") << "spec.serviceName"
                          << "";
    QTest::newRow("absent") << "spec.suspend"
                            << "";
    QTest::newRow("through-string") << "spec.strategy.type"
                                    << "";
    QTest::newRow("through-array") << "spec.ports.name"
                                   << "";
}

void tst_JsonView::textAtPath()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(model::textAtPath(fixture(), path.toStdString())), expected);
}

void tst_JsonView::hasValue_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("expected");

    QTest::newRow("present") << R"({"a": "x"})"
                             << "a" << true;
    QTest::newRow("present-false") << R"({"a": false})"
                                   << "a" << true;
    QTest::newRow("present-zero") << R"({"a": 0})"
                                  << "a" << true;
    QTest::newRow("present-empty-object") << R"({"a": {}})"
                                          << "a" << true;
    QTest::newRow("null") << R"({"a": null})"
                          << "a" << false;
    QTest::newRow("absent") << R"({"a": 1})"
                            << "b" << false;
    QTest::newRow("not-object") << R"(["a"])"
                                << "a" << false;
}

void tst_JsonView::hasValue()
{
    QFETCH(QString, object);
    QFETCH(QString, key);
    QFETCH(bool, expected);
    const json o = parse(object);
    QCOMPARE(model::hasValue(o, key.toStdString()), expected);
}

void tst_JsonView::noCopies()
{
    // The references and views are the object's own storage, not copies of it.
    const json& o = fixture();
    QCOMPARE(&model::memberAt(o, "metadata"), &o["metadata"]);
    QCOMPARE(&model::objectAtPath(o, "spec.template"), &o["spec"]["template"]);
    QVERIFY(&model::objectAtPath(o, "spec.template") != &o["spec"]);
    const std::string& name = o["metadata"]["name"].get_ref<const std::string&>();
    QCOMPARE(model::stringAtPath(o, "metadata.name").data(), name.data());
    QCOMPARE(model::stringAt(model::objectAt(o, "metadata"), "name").data(), name.data());
    // Absent fields share one null and one empty object.
    QCOMPARE(&model::memberAt(o, "x"), &model::memberAtPath(o, "y.z"));
    QCOMPARE(&model::objectAt(o, "x"), &model::objectAtPath(o, "status.x"));
}

QTEST_GUILESS_MAIN(tst_JsonView)
#include "tst_json_view.moc"
