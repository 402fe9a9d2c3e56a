// JSONPath templates as kubectl -o jsonpath evaluates them (outputs checked against
// kubectl 1.32 on the same data).
#include <QtTest>

#include "engine/kubectl/jsonpath.h"

using kubelab::kubectl::JsonPath;
using kubelab::kubectl::printJsonPath;
using Json = nlohmann::json;

class tst_JsonPath : public QObject
{
    Q_OBJECT

private:
    static Json data()
    {
        return Json::parse(R"({
          "apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
          "items": [
            {"metadata": {"name": "web-1", "labels": {"app": "web", "kubernetes.io/os": "linux"}},
             "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                      "ports": [{"containerPort": 80}]}]},
             "status": {"phase": "Running", "podIP": "10.244.1.2",
                        "conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "web-2", "labels": {"app": "web"}},
             "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"},
                                     {"name": "sidecar", "image": "busybox"}]},
             "status": {"phase": "Pending",
                        "conditions": [{"type": "Ready", "status": "False"}]}},
            {"metadata": {"name": "db", "labels": {"app": "db"}},
             "spec": {"containers": [{"name": "pg", "image": "postgres",
                                      "ports": [{"containerPort": 5432}]}]},
             "status": {"phase": "Running", "restarts": 3}}
          ]})");
    }

private slots:
    void evaluates_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("wrong"); // a plausible wrong answer that must not appear
        auto row = [](const char* name, const char* t, const char* e, const char* w) {
            QTest::newRow(name) << QString::fromUtf8(t) << QString::fromUtf8(e)
                                << QString::fromUtf8(w);
        };
        row("field", "{.kind}", "List", "list");
        row("root", "{$.kind}", "List", "");
        row("bare name", "{kind}", "List", "");
        row("index", "{.items[0].metadata.name}", "web-1", "web-2");
        row("negative index", "{.items[-1].metadata.name}", "db", "web-1");
        row("wildcard names", "{.items[*].metadata.name}", "web-1 web-2 db", "web-1web-2db");
        row("nested wildcard", "{.items[*].spec.containers[*].name}", "nginx nginx sidecar pg",
            "nginx sidecar pg");
        row("slice", "{.items[0:2].metadata.name}", "web-1 web-2", "web-1 web-2 db");
        row("slice open end", "{.items[1:].metadata.name}", "web-2 db", "web-1 web-2 db");
        row("slice step", "{.items[::2].metadata.name}", "web-1 db", "web-1 web-2 db");
        row("object prints as json", "{.items[0].metadata.labels}",
            R"({"app":"web","kubernetes.io/os":"linux"})", "map[app:web]");
        row("array prints as json", "{.items[0].spec.containers[0].ports}",
            R"([{"containerPort":80}])", "");
        row("number", "{.items[2].status.restarts}", "3", "3.0");
        row("missing key is empty", "{.items[0].nothing}", "", "<no value>");
        row("literal text", "name: {.items[0].metadata.name}!", "name: web-1!", "");
        row("quoted newline", R"({.items[0].metadata.name}{"\n"})", "web-1\n", "web-1\\n");
        row("single-quoted tab", R"({'\t'}x)", "\tx", "\\tx");
        row("text backslash-n stays literal", R"({.kind}\n)", "List\\n", "List\n");
        row("range", R"({range .items[*]}{.metadata.name}:{.status.phase}{"\n"}{end})",
            "web-1:Running\nweb-2:Pending\ndb:Running\n", "");
        row("nested range",
            R"({range .items[*]}{.metadata.name}[{range .spec.containers[*]}{.name};{end}]{end})",
            "web-1[nginx;]web-2[nginx;sidecar;]db[pg;]", "");
        row("filter string", R"({.items[?(@.status.phase=="Pending")].metadata.name})", "web-2",
            "web-1");
        row("filter single quotes", "{.items[?(@.metadata.labels.app=='db')].metadata.name}", "db",
            "");
        row("filter not equal", R"({.items[?(@.status.phase!="Running")].metadata.name})", "web-2",
            "web-1 db");
        row("filter number", "{.items[*].spec.containers[?(@.ports[0].containerPort>100)].name}",
            "pg", "nginx");
        row("filter existence", "{.items[?(@.status.podIP)].metadata.name}", "web-1", "");
        row("nested filter in range",
            R"({range .items[*]}{.metadata.name}=)"
            R"({.status.conditions[?(@.type=="Ready")].status} {end})",
            "web-1=True web-2=False db= ", "");
        row("recursive", "{..image}", "nginx:1.25 nginx:1.25 busybox postgres", "");
        row("bracket key with dots", "{.items[0].metadata.labels['kubernetes.io/os']}", "linux",
            "");
        row("escaped dot key", R"({.items[0].metadata.labels.kubernetes\.io/os})", "linux", "");
        row("map wildcard", "{.items[2].metadata.labels.*}", "db", "");
    }

    void evaluates()
    {
        QFETCH(QString, templ);
        QFETCH(QString, expected);
        QFETCH(QString, wrong);
        std::string out, error;
        QVERIFY2(printJsonPath(templ.toStdString(), data(), &out, &error), error.c_str());
        QCOMPARE(QString::fromStdString(out), expected);
        if (!wrong.isEmpty())
            QVERIFY(QString::fromStdString(out) != wrong);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("templ");
        QTest::addColumn<QString>("error");
        QTest::newRow("unclosed action")
            << "{.metadata.name"
            << "error parsing jsonpath {.metadata.name, unclosed action";
        QTest::newRow("unterminated array")
            << "{.items[0}"
            << "error parsing jsonpath {.items[0}, unterminated array";
        QTest::newRow("no template") << ""
                                     << "template format specified but no template given";
        QTest::newRow("index out of range")
            << "{.items[5].metadata.name}"
            << "error executing jsonpath \"{.items[5].metadata.name}\": Error executing "
               "template: array index out of bounds: index 5, length 3. Printing more "
               "information for debugging the template:\n\ttemplate was:\n\t\t"
               "{.items[5].metadata.name}\n";
        QTest::newRow("end without range")
            << "{end}"
            << "error parsing jsonpath {end}, not in range, nothing to end";
    }

    void errors()
    {
        QFETCH(QString, templ);
        QFETCH(QString, error);
        std::string out, err;
        QVERIFY(!printJsonPath(templ.toStdString(), data(), &out, &err));
        QCOMPARE(QString::fromStdString(err), error);
    }

    void shellQuotesAreStripped()
    {
        std::string out, err;
        QVERIFY(printJsonPath("'{.kind}'", data(), &out, &err));
        QCOMPARE(QString::fromStdString(out), QStringLiteral("List"));
        out.clear();
        QVERIFY(printJsonPath("'{.kind}", data(), &out, &err)); // unbalanced: kept as text
        QCOMPARE(QString::fromStdString(out), QStringLiteral("'List"));
    }
};

QTEST_GUILESS_MAIN(tst_JsonPath)
#include "tst_jsonpath.moc"
