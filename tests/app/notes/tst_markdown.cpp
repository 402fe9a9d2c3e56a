// Markdown rendering of chapters: md4c output, titles, front matter errors, the Apply / Run
// buttons on code blocks, and chapter IDs from file paths.
#include <QtTest>

#include "app/notes/glossary.h"
#include "app/notes/markdown.h"

using kubelab::app::chapterIdForPath;
using kubelab::app::CodeAction;
using kubelab::app::codeActionFor;
using kubelab::app::Glossary;
using kubelab::app::proseWordCount;
using kubelab::app::renderChapter;

namespace {
const QString kQuiz = QStringLiteral("```quiz\n"
                                     "question: Who binds a pod to a node?\n"
                                     "choices:\n"
                                     "  - text: The kubelet\n"
                                     "    why: It only runs pods bound to it.\n"
                                     "  - text: The `scheduler`\n"
                                     "    right: true\n"
                                     "    why: It writes the binding.\n"
                                     "```\n");
}

class tst_Markdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rendersGithubMarkdown()
    {
        const auto r = renderChapter(
            "Some *emphasis* and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n");
        QVERIFY2(r.html.contains("<em>emphasis</em>"), qPrintable(r.html));
        QVERIFY(r.html.contains("<code>code</code>"));
        QVERIFY(r.html.contains("<table>"));
        QVERIFY(r.html.contains("<del>gone</del>"));
        QVERIFY(!r.html.contains("*emphasis*"));
        QVERIFY(r.error.isEmpty());
    }

    void title_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("title");
        QTest::newRow("front matter wins") << "---\ntitle: The control plane\n---\n# Other\n"
                                           << "The control plane";
        QTest::newRow("first heading") << "Intro\n\n# Worker *nodes* & pods\n\n# Second\n"
                                       << "Worker nodes & pods";
        QTest::newRow("front matter without title") << "---\nauthor: x\n---\n# Heading\n"
                                                    << "Heading";
        QTest::newRow("no title") << "## Only a section\n"
                                  << "";
        QTest::newRow("rule later is not front matter") << "# T\n\n---\ntitle: no\n---\n"
                                                        << "T";
    }
    void title()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, title);
        const auto r = renderChapter(markdown);
        QCOMPARE(r.title, title);
        QVERIFY(r.error.isEmpty());
    }

    void frontMatterIsNotRendered()
    {
        const auto r = renderChapter("---\ntitle: Hidden\n---\nBody text\n");
        QVERIFY(r.html.contains("Body text"));
        QVERIFY2(!r.html.contains("Hidden"), qPrintable(r.html));
    }

    void badFrontMatterIsReported()
    {
        const auto r = renderChapter("---\ntitle: [unclosed\n---\n# Still here\n");
        QVERIFY2(r.error.startsWith("front matter:"), qPrintable(r.error));
        QVERIFY(r.html.contains("Still here"));
        QCOMPARE(r.title, QString("Still here"));
    }

    void quizRendersAsQuestion()
    {
        const auto r = renderChapter("# T\n\n" + kQuiz + "\n" + kQuiz);
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join('\n')));
        QCOMPARE(r.quizzes, 2);
        QVERIFY2(r.html.contains("<div class=\"quiz\" data-quiz=\"0\">"), qPrintable(r.html));
        QVERIFY(r.html.contains("<div class=\"quiz\" data-quiz=\"1\">"));
        QVERIFY(r.html.contains("Who binds a pod to a node?"));
        QVERIFY(r.html.contains("data-choice=\"1\" data-right=\"1\""));
        QVERIFY(r.html.contains("data-choice=\"0\" data-right=\"0\""));
        QVERIFY(r.html.contains("The <code>scheduler</code>"));
        QVERIFY(r.html.contains("<div class=\"quiz-why\" hidden>It writes the binding.</div>"));
        QVERIFY(!r.html.contains("language-quiz"));
        QVERIFY(!r.html.contains("code-action"));
    }

    void malformedQuizIsAnErrorBoxWithItsLine()
    {
        QString bad = kQuiz;
        bad.replace("    right: true\n", "");
        const auto r = renderChapter("---\ntitle: T\n---\n\nText\n\n" + kQuiz + "\n" + bad);
        QCOMPARE(r.quizzes, 1);
        QCOMPARE(r.problems.size(), 1);
        // The bad block's fence is on line 17, its "choices:" on line 19.
        QVERIFY2(r.problems.first().startsWith("quiz: line 20:3: quiz: exactly one choice"),
                 qPrintable(r.problems.first()));
        QVERIFY2(r.html.contains("<div class=\"quiz-error\" role=\"alert\">"), qPrintable(r.html));
        QVERIFY(r.html.contains("chapter line 17"));
        QVERIFY(r.html.contains("Text"));
    }

    void glossaryLinksBecomeTerms()
    {
        const Glossary g = Glossary::fromYaml(
            "terms:\n  - id: kubelet\n    term: kubelet\n    definition: The *node* agent.\n"
            "    see: [pod]\n  - id: pod\n    term: Pod\n    definition: Containers.\n",
            "g");
        const auto r = renderChapter("# T\n\nThe [kubelet](glossary:kubelet) runs.\n", &g);
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join('\n')));
        QCOMPARE(r.terms, QStringList{"kubelet"});
        QVERIFY2(r.html.contains("<span class=\"term\" tabindex=\"0\" data-term=\"kubelet\">"
                                 "kubelet<span class=\"term-def\" role=\"tooltip\">"
                                 "<strong>kubelet</strong> The <em>node</em> agent."),
                 qPrintable(r.html));
        QVERIFY(r.html.contains("See also: Pod"));
        QVERIFY(!r.html.contains("href=\"glossary:"));
    }

    void unknownTermIsAProblem()
    {
        const Glossary g = Glossary::fromYaml(
            "terms:\n  - id: pod\n    term: Pod\n    definition: Containers.\n", "g");
        const auto r = renderChapter("# T\n\nA [pod](glossary:pod).\n\n"
                                     "The [kubelet](glossary:kubelet).\n",
                                     &g);
        QCOMPARE(r.problems, QStringList{"line 5: no glossary term \"kubelet\""});
        QVERIFY(r.html.contains("term-unknown"));
        const auto none = renderChapter("A [pod](glossary:pod).\n");
        QCOMPARE(none.problems, QStringList{"line 1: no glossary term \"pod\""});
    }

    void labLinks()
    {
        const auto r = renderChapter("Try [the lab](lab:sched-taints) and [x](lab:fail-kubelet).");
        QCOMPARE(r.labs, QStringList({"sched-taints", "fail-kubelet"}));
        QVERIFY2(r.html.contains("<a class=\"lab-link\" href=\"lab:sched-taints\""),
                 qPrintable(r.html));
        QVERIFY(r.problems.isEmpty());
    }

    void proseWords_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<int>("words");
        QTest::newRow("plain") << "One two three.\n\nFour *five*." << 5;
        QTest::newRow("front matter skipped") << "---\ntitle: A B C\n---\nOne two\n" << 2;
        QTest::newRow("code and quiz skipped")
            << "One\n\n```yaml\na: b c d\n```\n\ntwo\n\n" + kQuiz + "three\n" << 3;
        QTest::newRow("tags and lone marks skipped") << "<div class=\"x y\">\n\n- a\n- b\n\n</div>\n"
                                                     << 2;
    }
    void proseWords()
    {
        QFETCH(QString, markdown);
        QFETCH(int, words);
        QCOMPARE(proseWordCount(markdown), words);
    }

    void codeActionForLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("action");
        QTest::newRow("yaml") << "yaml" << int(CodeAction::Apply);
        QTest::newRow("yml") << "YML" << int(CodeAction::Apply);
        QTest::newRow("sh") << "sh" << int(CodeAction::Run);
        QTest::newRow("console") << "console" << int(CodeAction::Run);
        QTest::newRow("bash with attrs") << "bash title" << int(CodeAction::Run);
        QTest::newRow("json") << "json" << int(CodeAction::None);
        QTest::newRow("none") << "" << int(CodeAction::None);
    }
    void codeActionForLanguage()
    {
        QFETCH(QString, language);
        QFETCH(int, action);
        QCOMPARE(int(codeActionFor(language)), action);
    }

    void yamlBlockGetsApplyButton()
    {
        const auto r = renderChapter("Text\n\n```yaml\nkind: Pod\nname: \"a\" <b> & c\n```\n");
        QCOMPARE(r.html.count("<button"), 1);
        QVERIFY2(r.html.contains("data-action=\"apply\""), qPrintable(r.html));
        QVERIFY(r.html.contains(">Apply</button>"));
        // The block's text, escaped for the attribute, newline kept.
        QVERIFY2(
            r.html.contains("data-source=\"kind: Pod\nname: &quot;a&quot; &lt;b&gt; &amp; c\n\""),
            qPrintable(r.html));
        // The code itself is still shown.
        QVERIFY(r.html.contains("<code class=\"language-yaml\">kind: Pod"));
        QVERIFY(!r.html.contains("data-action=\"run\""));
    }

    void shellBlocksGetRunButton()
    {
        const auto r = renderChapter("```sh\nstep\n```\n\n```console\n$ kubectl get pods\n```\n");
        QCOMPARE(r.html.count("data-action=\"run\""), 2);
        QCOMPARE(r.html.count(">Run</button>"), 2);
        QVERIFY(r.html.contains("data-source=\"step\n\""));
        QVERIFY(r.html.contains("data-source=\"$ kubectl get pods\n\""));
        QVERIFY(!r.html.contains("data-action=\"apply\""));
    }

    void otherBlocksGetNoButton()
    {
        const auto r = renderChapter("```json\n{}\n```\n\n```\nplain\n```\n\n    indented\n");
        QVERIFY2(!r.html.contains("<button"), qPrintable(r.html));
        QVERIFY(r.html.contains("<code class=\"language-json\">{}"));
        QVERIFY(r.html.contains("plain"));
    }

    void everyActionBlockIsWrapped()
    {
        const auto r =
            renderChapter("```yaml\na: 1\n```\nmiddle\n```json\n{}\n```\n```sh\nstep\n```\n");
        QCOMPARE(r.html.count("<div class=\"code-block\">"), 2);
        QCOMPARE(r.html.count("<div class=\"code-result\" hidden></div>"), 2);
        QVERIFY(r.html.contains("<p>middle</p>"));
        QVERIFY(r.html.indexOf("language-yaml") < r.html.indexOf("middle"));
        QVERIFY(r.html.indexOf("middle") < r.html.indexOf("language-json"));
        QVERIFY(r.html.indexOf("language-json") < r.html.indexOf("language-sh"));
    }

    void chapterId_data()
    {
        QTest::addColumn<QString>("root");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("id");
        QTest::newRow("resource") << ":/notes"
                                  << ":/notes/control-plane/overview.md"
                                  << "control-plane/overview";
        QTest::newRow("directory") << "/src/notes"
                                   << "/src/notes/intro.md"
                                   << "intro";
        QTest::newRow("trailing slash") << "/src/notes/"
                                        << "/src/notes/a/b/c.md"
                                        << "a/b/c";
        QTest::newRow("not markdown") << "/src/notes"
                                      << "/src/notes/a/figure.svg"
                                      << "";
        QTest::newRow("outside") << "/src/notes"
                                 << "/src/other/a.md"
                                 << "";
    }
    void chapterId()
    {
        QFETCH(QString, root);
        QFETCH(QString, file);
        QFETCH(QString, id);
        QCOMPARE(chapterIdForPath(root, file), id);
    }
};

QTEST_MAIN(tst_Markdown)
#include "tst_markdown.moc"
