// The glossary file decoded strictly: a good file, then one row per kind of mistake with
// the file:line:column a writer is pointed at.
#include <QtTest>

#include "app/notes/glossary.h"

using kubelab::app::Glossary;

class tst_Glossary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wellFormed()
    {
        const Glossary g = Glossary::fromYaml("terms:\n"
                                              "  - id: pod\n    term: Pod\n"
                                              "    definition: The smallest unit.\n"
                                              "    see: [node]\n"
                                              "  - id: node\n    term: Node\n"
                                              "    definition: A machine.\n",
                                              "g.yaml");
        QVERIFY2(g.problems().isEmpty(), qPrintable(g.problems().join('\n')));
        QCOMPARE(g.entries().size(), 2);
        QVERIFY(g.find("pod"));
        QCOMPARE(g.find("pod")->see, QStringList{"node"});
        QCOMPARE(g.find("node")->definition, QString("A machine."));
        QVERIFY(!g.find("kubelet"));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("problem");
        const QString ok = "  - id: pod\n    term: Pod\n    definition: d\n";
        QTest::newRow("no terms list") << "glossary: []\n"
                                       << "g.yaml:1:1: expected one field, a list under";
        QTest::newRow("duplicate id") << "terms:\n" + ok + ok
                                      << "g.yaml:5:9: term \"pod\" is defined twice";
        QTest::newRow("missing definition") << "terms:\n  - id: x\n    term: X\n"
                                            << "g.yaml:2:5: \"definition\" must be non-empty";
        QTest::newRow("unknown field")
            << "terms:\n" + ok + "    seealso: [pod]\n"
            << "g.yaml:5:5: unknown field \"seealso\"";
        QTest::newRow("bad id") << "terms:\n  - id: Pod Thing\n    term: P\n    definition: d\n"
                                << "g.yaml:2:9: id \"Pod Thing\" must be lower-case";
        QTest::newRow("see names nothing") << "terms:\n" + ok + "    see: [nobody]\n"
                                           << "g.yaml:5:11: \"see\" names \"nobody\"";
        QTest::newRow("see not a list") << "terms:\n" + ok + "    see: pod\n"
                                        << "g.yaml:5:10: \"see\" must be a list";
        QTest::newRow("bad yaml") << "terms: [\n" << "g.yaml:";
    }
    void malformed()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, problem);
        const Glossary g = Glossary::fromYaml(yaml, "g.yaml");
        const QString all = g.problems().join('\n');
        QVERIFY2(!g.problems().isEmpty() && g.problems().first().startsWith(problem),
                 qPrintable(all + "\nexpected: " + problem));
    }

    void missingFileIsAProblem()
    {
        const Glossary g = Glossary::load("/nonexistent/glossary.yaml");
        QCOMPARE(g.problems(), QStringList{"/nonexistent/glossary.yaml: cannot read the glossary"});
    }

    void shippedGlossaryIsWellFormed()
    {
        const Glossary g = Glossary::load(KUBELAB_SOURCE_DIR "/notes/glossary.yaml");
        QVERIFY2(g.problems().isEmpty(), qPrintable(g.problems().join('\n')));
        QVERIFY(g.entries().size() >= 30);
        for (const auto& e : g.entries())
            QVERIFY2(e.definition.size() >= 30, qPrintable(e.id));
    }
};

QTEST_GUILESS_MAIN(tst_Glossary)
#include "tst_glossary.moc"
