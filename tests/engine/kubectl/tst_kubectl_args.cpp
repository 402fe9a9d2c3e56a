// Flag parsing as cobra/pflag does it for kubectl.
#include <QtTest>

#include "engine/kubectl/args.h"

using namespace kubelab::kubectl;

class tst_KubectlArgs : public QObject
{
    Q_OBJECT

private:
    static std::vector<FlagSpec> specs()
    {
        return {
            {"namespace", 'n', FlagType::String, "default"},
            {"output", 'o', FlagType::String, ""},
            {"all-namespaces", 'A', FlagType::Bool, "false"},
            {"show-labels", 0, FlagType::Bool, "false"},
            {"grace-period", 0, FlagType::Int, "-1"},
            {"filename", 'f', FlagType::StringSlice, ""},
            {"from-literal", 0, FlagType::StringArray, ""},
            {"dry-run", 0, FlagType::String, "none", "unchanged"},
        };
    }

    static std::vector<std::string> split(const QString& s)
    {
        std::vector<std::string> out;
        for (const QString& part : s.split(' ', Qt::SkipEmptyParts))
            out.push_back(part.toStdString());
        return out;
    }

private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("positional");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("output");
        QTest::addColumn<bool>("all");
        QTest::newRow("plain") << "pods web"
                               << "pods,web"
                               << "default"
                               << "" << false;
        QTest::newRow("interspersed") << "pods -n kube-system web -o wide"
                                      << "pods,web"
                                      << "kube-system"
                                      << "wide" << false;
        QTest::newRow("long equals") << "--namespace=a pods --output=yaml"
                                     << "pods"
                                     << "a"
                                     << "yaml" << false;
        QTest::newRow("attached shorthand") << "pods -nfoo -oname"
                                            << "pods"
                                            << "foo"
                                            << "name" << false;
        QTest::newRow("shorthand equals") << "pods -n=foo"
                                          << "pods"
                                          << "foo"
                                          << "" << false;
        QTest::newRow("chained bools then value") << "pods -Ao yaml"
                                                  << "pods"
                                                  << "default"
                                                  << "yaml" << true;
        QTest::newRow("bool explicit false") << "pods --all-namespaces=false"
                                             << "pods"
                                             << "default"
                                             << "" << false;
        QTest::newRow("double dash ends flags") << "pods -- -n"
                                                << "pods,-n"
                                                << "default"
                                                << "" << false;
        QTest::newRow("jsonpath value keeps equals") << "pods -o=jsonpath={.a}"
                                                     << "pods"
                                                     << "default"
                                                     << "jsonpath={.a}" << false;
    }

    void parses()
    {
        QFETCH(QString, line);
        QFETCH(QString, positional);
        QFETCH(QString, ns);
        QFETCH(QString, output);
        QFETCH(bool, all);
        std::string error;
        auto parsed = parseArgs(split(line), specs(), &error);
        QVERIFY2(parsed, error.c_str());
        QStringList pos;
        for (const std::string& p : parsed->positional)
            pos << QString::fromStdString(p);
        QCOMPARE(pos.join(','), positional);
        QCOMPARE(QString::fromStdString(parsed->get("namespace")), ns);
        QCOMPARE(QString::fromStdString(parsed->get("output")), output);
        QCOMPARE(parsed->boolean("all-namespaces"), all);
    }

    void lists()
    {
        std::string error;
        auto parsed = parseArgs(split("-f a.yaml,b.yaml -f c.yaml --from-literal=k=v,w "
                                      "--from-literal x=y"),
                                specs(), &error);
        QVERIFY(parsed);
        QCOMPARE(parsed->all("filename"), (std::vector<std::string>{"a.yaml", "b.yaml", "c.yaml"}));
        // StringArray keeps commas: kubectl's --from-literal=k=v,w is one literal.
        QCOMPARE(parsed->all("from-literal"), (std::vector<std::string>{"k=v,w", "x=y"}));
        QVERIFY(parsed->all("filename").size() != 2);
    }

    void noOptDefault()
    {
        std::string error;
        auto bare = parseArgs(split("pods --dry-run"), specs(), &error);
        QVERIFY(bare);
        QCOMPARE(QString::fromStdString(bare->get("dry-run")), QStringLiteral("unchanged"));
        QCOMPARE(bare->positional, std::vector<std::string>{"pods"});
        auto given = parseArgs(split("--dry-run=client pods"), specs(), &error);
        QCOMPARE(QString::fromStdString(given->get("dry-run")), QStringLiteral("client"));
        auto absent = parseArgs(split("pods"), specs(), &error);
        QCOMPARE(QString::fromStdString(absent->get("dry-run")), QStringLiteral("none"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown long") << "pods --foo"
                                      << "unknown flag: --foo";
        QTest::newRow("unknown long with value") << "pods --foo=bar"
                                                 << "unknown flag: --foo";
        QTest::newRow("unknown shorthand") << "pods -x"
                                           << "unknown shorthand flag: 'x' in -x";
        QTest::newRow("unknown in chain") << "pods -Ax"
                                          << "unknown shorthand flag: 'x' in -Ax";
        QTest::newRow("missing long value") << "pods --output"
                                            << "flag needs an argument: --output";
        QTest::newRow("missing short value") << "pods -n"
                                             << "flag needs an argument: 'n' in -n";
        QTest::newRow("bad int")
            << "pods --grace-period=abc"
            << "invalid argument \"abc\" for \"--grace-period\" flag: strconv.ParseInt: "
               "parsing \"abc\": invalid syntax";
        QTest::newRow("bad bool")
            << "pods -A=maybe"
            << "invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: "
               "strconv.ParseBool: parsing \"maybe\": invalid syntax";
    }

    void errors()
    {
        QFETCH(QString, line);
        QFETCH(QString, error);
        std::string got;
        QVERIFY(!parseArgs(split(line), specs(), &got));
        QCOMPARE(QString::fromStdString(got), error);
    }
};

QTEST_GUILESS_MAIN(tst_KubectlArgs)
#include "tst_kubectl_args.moc"
