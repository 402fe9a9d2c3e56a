// Label selectors: labels.Parse grammar and messages, LabelSelectorAsSelector semantics.
#include <QtTest>

#include "engine/model/selector.h"

using namespace kubelab::model;
using nlohmann::json;

namespace {

const char* const kNameRegex =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const char* const kValueRegex =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

std::map<std::string, std::string> labelsOf(const QString& text)
{
    std::map<std::string, std::string> out;
    for (const QString& kv : text.split(',', Qt::SkipEmptyParts)) {
        const auto parts = kv.split('=');
        out[parts[0].toStdString()] = parts.value(1).toStdString();
    }
    return out;
}

} // namespace

class tst_Selector : public QObject
{
    Q_OBJECT

private slots:
    void parseMatch_data();
    void parseMatch();
    void parseErrors_data();
    void parseErrors();
    void fromJson_data();
    void fromJson();
    void jsonLabels();
};

void tst_Selector::parseMatch_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("matches");

    QTest::newRow("eq") << "app=web"
                        << "app=web"
                        << "app=web,tier=fe" << true;
    QTest::newRow("eq-miss") << "app=web"
                             << "app=web"
                             << "app=db" << false;
    QTest::newRow("eq-absent") << "app=web"
                               << "app=web"
                               << "tier=fe" << false;
    QTest::newRow("double-eq") << "app==web"
                               << "app=web"
                               << "app=web" << true;
    QTest::newRow("neq") << "app!=web"
                         << "app!=web"
                         << "app=db" << true;
    QTest::newRow("neq-absent") << "app!=web"
                                << "app!=web"
                                << "" << true;
    QTest::newRow("neq-miss") << "app!=web"
                              << "app!=web"
                              << "app=web" << false;
    QTest::newRow("in") << "env in (prod, dev)"
                        << "env in (dev,prod)"
                        << "env=dev" << true;
    QTest::newRow("in-miss") << "env in (prod,dev)"
                             << "env in (dev,prod)"
                             << "env=qa" << false;
    QTest::newRow("notin") << "env notin (prod)"
                           << "env notin (prod)"
                           << "" << true;
    QTest::newRow("notin-miss") << "env notin (prod)"
                                << "env notin (prod)"
                                << "env=prod" << false;
    QTest::newRow("exists") << "release"
                            << "release"
                            << "release=" << true;
    QTest::newRow("exists-miss") << "release"
                                 << "release"
                                 << "app=x" << false;
    QTest::newRow("not-exists") << "!legacy"
                                << "!legacy"
                                << "app=x" << true;
    QTest::newRow("not-exists-miss") << "!legacy"
                                     << "!legacy"
                                     << "legacy=1" << false;
    QTest::newRow("gt") << "gen>3"
                        << "gen>3"
                        << "gen=4" << true;
    QTest::newRow("gt-miss") << "gen>3"
                             << "gen>3"
                             << "gen=3" << false;
    QTest::newRow("gt-nonint-label") << "gen>3"
                                     << "gen>3"
                                     << "gen=x" << false;
    QTest::newRow("lt") << "gen<3"
                        << "gen<3"
                        << "gen=2" << true;
    QTest::newRow("combo-sorted") << "tier!=db,app=web,!legacy,env in (a,b),release"
                                  << "app=web,env in (a,b),!legacy,release,tier!=db"
                                  << "app=web,env=a,release=1,tier=fe" << true;
    QTest::newRow("combo-one-fails") << "app=web,tier!=db"
                                     << "app=web,tier!=db"
                                     << "app=web,tier=db" << false;
    QTest::newRow("empty-all") << ""
                               << ""
                               << "anything=1" << true;
    QTest::newRow("empty-value") << "app="
                                 << "app="
                                 << "app=" << true;
    QTest::newRow("empty-value-miss") << "app="
                                      << "app="
                                      << "app=x" << false;
    QTest::newRow("in-empty-parens") << "a in ()"
                                     << "a in ()"
                                     << "a=" << true;
    QTest::newRow("keyword-as-value") << "a in (in,notin)"
                                      << "a in (in,notin)"
                                      << "a=in" << true;
    QTest::newRow("prefixed-key") << "app.kubernetes.io/name=web"
                                  << "app.kubernetes.io/name=web"
                                  << "app.kubernetes.io/name=web" << true;
    QTest::newRow("spaces") << " app = web , tier != db "
                            << "app=web,tier!=db"
                            << "app=web" << true;
}

void tst_Selector::parseMatch()
{
    QFETCH(QString, selector);
    QFETCH(QString, canonical);
    QFETCH(QString, labels);
    QFETCH(bool, matches);
    std::string error;
    const auto sel = LabelSelector::parse(selector.toStdString(), &error);
    QVERIFY2(sel, error.c_str());
    QCOMPARE(QString::fromStdString(sel->toString()), canonical);
    QCOMPARE(sel->matches(labelsOf(labels)), matches);
    QVERIFY(!sel->matchesNothing());
}

void tst_Selector::parseErrors_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("error");

    QTest::newRow("colon")
        << "app:web"
        << QString("unable to parse requirement: <nil>: Invalid value: \"app:web\": ") + kNameRegex;
    QTest::newRow("bad-value") << "app=a b"
                               << "found 'b', expected: ',' or 'end of string'";
    QTest::newRow("value-chars")
        << "app=demo-{x}"
        << QString("unable to parse requirement: values[0][app]: Invalid value: "
                   "\"demo-{x}\": ") +
               kValueRegex;
    QTest::newRow("gt-not-int")
        << "env>qa"
        << "unable to parse requirement: values[0]: Invalid value: \"qa\": for 'Gt', 'Lt' "
           "operators, the value must be an integer";
    QTest::newRow("trailing-comma") << "app=web,"
                                    << "found '', expected: identifier after ','";
    QTest::newRow("leading-comma") << ",app"
                                   << "found ',', expected: !, identifier, or 'end of string'";
    QTest::newRow("no-paren") << "env in prod"
                              << "unable to parse requirement: found 'prod' expected: '('";
    QTest::newRow("unclosed") << "env in (a"
                              << "unable to parse requirement: found '', expected: ',' or ')'";
    QTest::newRow("bad-op")
        << "env (a)"
        << "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt";
    QTest::newRow("not-not") << "!!x"
                             << "unable to parse requirement: found '!', expected: identifier";
    QTest::newRow("starts-with-op") << "!=x"
                                    << "found '!=', expected: !, identifier, or 'end of string'";
    QTest::newRow("double-slash")
        << "a/b/c=x"
        << "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name "
           "must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
           "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
           "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
           "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    QTest::newRow("bad-prefix")
        << "Ex_ample/name=x"
        << "unable to parse requirement: <nil>: Invalid value: \"Ex_ample/name\": prefix "
           "part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
           "characters, '-' or '.', and must start and end with an alphanumeric character "
           "(e.g. 'example.com', regex used for validation is "
           "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    QTest::newRow("long-name") << QString(64, 'a') + "=x"
                               << "unable to parse requirement: <nil>: Invalid value: \"" +
                                      QString(64, 'a') +
                                      "\": name part must be no more than 63 characters";
}

void tst_Selector::parseErrors()
{
    QFETCH(QString, selector);
    QFETCH(QString, error);
    std::string got;
    const auto sel = LabelSelector::parse(selector.toStdString(), &got);
    QVERIFY(!sel);
    QCOMPARE(QString::fromStdString(got), error);
}

void tst_Selector::fromJson_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QString>("error");

    QTest::newRow("null-nothing") << "null"
                                  << "app=web" << false << "";
    QTest::newRow("empty-everything") << "{}"
                                      << "app=web" << true << "";
    QTest::newRow("empty-parts-everything") << R"({"matchLabels":{},"matchExpressions":[]})"
                                            << "" << true << "";
    QTest::newRow("matchLabels") << R"({"matchLabels":{"app":"web"}})"
                                 << "app=web,x=y" << true << "";
    QTest::newRow("matchLabels-miss") << R"({"matchLabels":{"app":"web"}})"
                                      << "app=db" << false << "";
    QTest::newRow("expr-in") << R"({"matchExpressions":[{"key":"env","operator":"In",
        "values":["a","b"]}]})"
                             << "env=b" << true << "";
    QTest::newRow("expr-in-miss") << R"({"matchExpressions":[{"key":"env","operator":"In",
        "values":["a","b"]}]})"
                                  << "env=c" << false << "";
    QTest::newRow("expr-notin") << R"({"matchExpressions":[{"key":"env",
        "operator":"NotIn","values":["a"]}]})"
                                << "" << true << "";
    QTest::newRow("expr-exists") << R"({"matchExpressions":[{"key":"env",
        "operator":"Exists"}]})"
                                 << "env=" << true << "";
    QTest::newRow("expr-doesnotexist-miss") << R"({"matchExpressions":[{"key":"env",
        "operator":"DoesNotExist"}]})"
                                            << "env=x" << false << "";
    QTest::newRow("bad-operator") << R"({"matchExpressions":[{"key":"env",
        "operator":"Equals","values":["a"]}]})"
                                  << "" << false
                                  << "\"Equals\" is not a valid label selector operator";
    QTest::newRow("in-empty")
        << R"({"matchExpressions":[{"key":"env","operator":"In"}]})"
        << "" << false
        << "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set "
           "can't be empty";
    QTest::newRow("exists-with-values")
        << R"({"matchExpressions":[{"key":"env",
        "operator":"Exists","values":["a"]}]})"
        << "" << false
        << "values: Invalid value: []string{\"a\"}: values set must be empty for exists and "
           "does not exist";
    QTest::newRow("bad-key") << R"({"matchLabels":{"-app":"web"}})"
                             << "" << false
                             << QString("key: Invalid value: \"-app\": ") + kNameRegex;
    QTest::newRow("two-errors") << R"({"matchLabels":{"-app":"a b"}})"
                                << "" << false
                                << QString("[key: Invalid value: \"-app\": ") + kNameRegex +
                                       ", values[0][-app]: Invalid value: \"a b\": " + kValueRegex +
                                       "]";
}

void tst_Selector::fromJson()
{
    QFETCH(QString, selector);
    QFETCH(QString, labels);
    QFETCH(bool, matches);
    QFETCH(QString, error);
    std::string got;
    const auto sel = LabelSelector::fromJson(json::parse(selector.toStdString()), &got);
    if (!error.isEmpty()) {
        QVERIFY(!sel);
        QCOMPARE(QString::fromStdString(got), error);
        return;
    }
    QVERIFY2(sel, got.c_str());
    QCOMPARE(sel->matches(labelsOf(labels)), matches);
}

void tst_Selector::jsonLabels()
{
    const auto sel = LabelSelector::parse("app=web");
    QVERIFY(sel);
    QVERIFY(sel->matches(json::parse(R"({"app":"web"})")));
    QVERIFY(!sel->matches(json::parse(R"({"app":"db"})")));
    QVERIFY(!sel->matches(json(nullptr)));
    QVERIFY(LabelSelector().matches(json(nullptr)));
    QVERIFY(LabelSelector().empty());
    const auto nothing = LabelSelector::fromJson(json(nullptr));
    QVERIFY(nothing && nothing->matchesNothing() && !nothing->empty());
    QVERIFY(!nothing->matches(json::object()));
}

QTEST_GUILESS_MAIN(tst_Selector)
#include "tst_selector.moc"
