// Quiz blocks decoded strictly: a well-formed question, and one row per way a quiz can be
// wrong, each with the chapter line and the message a writer reads.
#include <QtTest>

#include "app/notes/quiz.h"

using kubelab::app::decodeQuiz;

class tst_Quiz : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wellFormed()
    {
        const auto d = decodeQuiz("question: Who binds pods?\n"
                                  "choices:\n"
                                  "  - text: The kubelet\n"
                                  "    why: It runs what is bound.\n"
                                  "  - text: The `scheduler`\n"
                                  "    right: true\n"
                                  "    why: It sets spec.nodeName.\n",
                                  10);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.quiz.question, QString("Who binds pods?"));
        QCOMPARE(d.quiz.choices.size(), 2);
        QVERIFY(!d.quiz.choices[0].right);
        QVERIFY(d.quiz.choices[1].right);
        QCOMPARE(d.quiz.choices[1].text, QString("The `scheduler`"));
        QCOMPARE(d.quiz.choices[0].why, QString("It runs what is bound."));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        const QString a = "  - text: A\n    why: a\n";
        const QString b = "  - text: B\n    right: true\n    why: b\n";
        QTest::newRow("no right choice")
            << "question: Q\nchoices:\n" + a + "  - text: C\n    why: c\n"
            << "line 12:3: quiz: exactly one choice must have \"right: true\", found 0";
        QTest::newRow("two right choices")
            << "question: Q\nchoices:\n" + b + b
            << "line 12:3: quiz: exactly one choice must have \"right: true\", found 2";
        QTest::newRow("choice without why")
            << "question: Q\nchoices:\n" + a + "  - text: B\n    right: true\n"
            << "line 14:5: choice 2: missing \"why\"";
        QTest::newRow("empty why")
            << "question: Q\nchoices:\n" + a + "  - text: B\n    right: true\n    why: \"\"\n"
            << "line 16:10: choice 2: \"why\" must be non-empty text";
        QTest::newRow("no question") << "choices:\n" + a + b
                                     << "line 10:1: quiz: missing \"question\"";
        QTest::newRow("unknown field")
            << "question: Q\nanswer: 2\nchoices:\n" + a + b
            << "line 11:1: quiz: unknown field \"answer\"";
        QTest::newRow("unknown choice field")
            << "question: Q\nchoices:\n" + a + "  - text: B\n    correct: true\n    why: b\n"
            << "line 15:5: choice 2: unknown field \"correct\"";
        QTest::newRow("right is not a bool")
            << "question: Q\nchoices:\n" + a + "  - text: B\n    right: yes\n    why: b\n"
            << "line 15:12: choice 2: \"right\" must be true or false";
        QTest::newRow("one choice") << "question: Q\nchoices:\n" + b
                                    << "line 12:3: quiz: \"choices\" must be a list of at least two";
        QTest::newRow("not a map") << "- just a list\n"
                                   << "line 10:1: quiz: expected a map with \"question\" and "
                                      "\"choices\"";
        QTest::newRow("empty") << ""
                               << "line 10:1: quiz: expected a map with \"question\" and "
                                  "\"choices\"";
        QTest::newRow("bad yaml") << "question: [unclosed\nchoices: x\n"
                                  << "line 11:";
    }
    void malformed()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        const auto d = decodeQuiz(yaml, 10);
        QVERIFY2(d.error.startsWith(error), qPrintable(d.error + "\nexpected: " + error));
    }
};

QTEST_GUILESS_MAIN(tst_Quiz)
#include "tst_quiz.moc"
