// The shipped chapters as data: the index and the files agree, every chapter has a title,
// every relative link and figure resolves, and every Apply / Run block works in a fresh
// simulated cluster, in the order a reader meets them.
#include <QtTest>

#include <QRegularExpression>
#include <QTemporaryDir>

#include "app/core/simulation_controller.h"
#include "app/notes/chapter_library.h"
#include "app/notes/markdown.h"
#include "app/notes/notes_bridge.h"

using kubelab::app::ChapterLibrary;
using kubelab::app::NotesBridge;
using kubelab::app::SimulationController;

namespace {

QString unescape(QString s)
{
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
}

// Links and figures in the chapter that do not resolve, one message each.
QStringList brokenLinks(const ChapterLibrary& library, const QString& id)
{
    static const QRegularExpression link(QStringLiteral("(?:href|src)=\"([^\"]*)\""));
    QStringList broken;
    const QString html = library.render(id).html;
    for (auto it = link.globalMatch(html); it.hasNext();) {
        const QString target = unescape(it.next().captured(1));
        const QUrl url = library.baseUrl(id).resolved(QUrl(target));
        if (target.startsWith('#') || url.scheme() == "http" || url.scheme() == "https" ||
            url.scheme() == "lab")
            continue;
        const QString path = url.scheme() == "qrc" ? ":" + url.path() : url.toLocalFile();
        const bool ok = target.endsWith(".md") ? !library.chapterForUrl(url).isEmpty()
                                               : QFileInfo::exists(path);
        if (!ok)
            broken << id + ": " + target;
    }
    return broken;
}

struct Block
{
    QString action;
    QString source;
};

QList<Block> actionBlocks(const QString& html)
{
    static const QRegularExpression button(
        QStringLiteral("data-action=\"(apply|run)\" data-source=\"([^\"]*)\""));
    QList<Block> blocks;
    for (auto it = button.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        blocks.push_back({m.captured(1), unescape(m.captured(2))});
    }
    return blocks;
}

void write(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class tst_Chapters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedNotesAreConsistent()
    {
        const ChapterLibrary library;
        QVERIFY2(library.problems().isEmpty(), qPrintable(library.problems().join('\n')));
        QVERIFY(library.chapters().size() >= 3);
        QCOMPARE(library.chapters().first().id, QString("control-plane/overview"));
        for (const auto& c : library.chapters())
            QVERIFY2(!c.title.isEmpty(), qPrintable(c.id));
        QVERIFY(library.contains("first-deployment/walkthrough"));
        QVERIFY(!library.contains("first-deployment"));
    }

    void problemsAreFound()
    {
        QTemporaryDir dir;
        write(dir.filePath("index.yaml"), "chapters:\n  - a/one\n  - a/missing\n  - a/one\n");
        write(dir.filePath("a/one.md"), "---\ntitle: [bad\n---\nno heading\n");
        write(dir.filePath("b/unlisted.md"), "# Unlisted\n");
        const ChapterLibrary library(dir.path());
        const QString all = library.problems().join('\n');
        QCOMPARE(library.problems().size(), 5);
        QVERIFY2(all.contains("chapter \"a/missing\" has no file"), qPrintable(all));
        QVERIFY(all.contains("chapter \"a/one\" is listed twice"));
        QVERIFY(all.contains("one.md: front matter:"));
        QVERIFY(all.contains("one.md: no title"));
        QVERIFY(all.contains("b/unlisted.md is not listed in the index"));
        QCOMPARE(library.chapters().size(), 1);
    }

    void quizAndTermProblemsAreFound()
    {
        QTemporaryDir dir;
        write(dir.filePath("index.yaml"), "chapters: [a/one]\n");
        write(dir.filePath("glossary.yaml"),
              "terms:\n  - id: pod\n    term: Pod\n    definition: Containers.\n"
              "    see: [nobody]\n");
        write(dir.filePath("a/one.md"), "# One\n\nA [pod](glossary:pod), a [node](glossary:node)."
                                        "\n\n```quiz\nquestion: Q\nchoices:\n  - text: A\n"
                                        "    why: a\n  - text: B\n    why: b\n```\n");
        const ChapterLibrary library(dir.path());
        const QString all = library.problems().join('\n');
        QCOMPARE(library.problems().size(), 3);
        QVERIFY2(all.contains("glossary.yaml:5:11: \"see\" names \"nobody\""), qPrintable(all));
        QVERIFY(all.contains("one.md: line 3: no glossary term \"node\""));
        QVERIFY(all.contains("one.md: quiz: line 8:3: quiz: exactly one choice"));
    }

    // What every shipped chapter must have: 1,500 words of prose, a quiz of five questions
    // or more, a figure, glossary terms, further reading; lab links are well-formed ids and,
    // once lessons/index.yaml exists, name labs listed there.
    void everyChapterIsComplete_data()
    {
        QTest::addColumn<QString>("id");
        const ChapterLibrary library;
        QVERIFY(library.chapters().size() >= 8);
        for (const auto& c : library.chapters())
            QTest::newRow(qPrintable(c.id)) << c.id;
    }
    void everyChapterIsComplete()
    {
        QFETCH(QString, id);
        const ChapterLibrary library;
        QFile f(":/notes/" + id + ".md");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(f.readAll());
        const auto r = library.render(id);
        const int words = kubelab::app::proseWordCount(markdown);
        QVERIFY2(words >= 1500, qPrintable(QString("%1 words").arg(words)));
        QVERIFY2(r.quizzes >= 5, qPrintable(QString("%1 quizzes").arg(r.quizzes)));
        QVERIFY(r.html.contains(".svg\""));
        // A figure drawn from the live cluster, except where no Kubernetes state fits (the
        // AWS chapter's blocks act on AWS only).
        if (id != QLatin1String("aws-certificates/overview"))
            QVERIFY2(r.liveFigures >= 1, qPrintable(QString("%1 live figures").arg(r.liveFigures)));
        QVERIFY2(r.terms.size() >= 5, qPrintable(r.terms.join(' ')));
        QVERIFY2(r.problems.isEmpty(), qPrintable(r.problems.join(QLatin1Char('\n'))));
        QVERIFY(markdown.contains("## Further reading"));
        QVERIFY(markdown.contains("The Kubernetes Book"));
        QVERIFY(markdown.contains("https://kubernetes.io/docs/"));
        static const QRegularExpression labId(QStringLiteral("\\A[a-z0-9]+(-[a-z0-9]+)*\\z"));
        QFile lessons(KUBELAB_SOURCE_DIR "/lessons/index.yaml");
        const QString listed = lessons.open(QIODevice::ReadOnly) ? lessons.readAll() : QString();
        for (const QString& lab : r.labs) {
            QVERIFY2(labId.match(lab).hasMatch(), qPrintable(lab));
            if (!listed.isEmpty())
                QVERIFY2(listed.contains(lab), qPrintable(lab + " is not in lessons/index.yaml"));
        }
    }

    void baseUrlsAndChapterLinks()
    {
        const ChapterLibrary library;
        QCOMPARE(library.baseUrl("worker-nodes/overview"), QUrl("qrc:/notes/worker-nodes/"));
        QCOMPARE(library.chapterForUrl(QUrl("qrc:/notes/worker-nodes/overview.md#kube-proxy")),
                 QString("worker-nodes/overview"));
        QCOMPARE(library.chapterForUrl(QUrl("qrc:/notes/worker-nodes/nope.md")), QString());
        QCOMPARE(library.chapterForUrl(QUrl("qrc:/notes/worker-nodes/pod-start.svg")), QString());
    }

    void linksResolve()
    {
        const ChapterLibrary library;
        int figures = 0;
        for (const auto& c : library.chapters()) {
            const QStringList broken = brokenLinks(library, c.id);
            QVERIFY2(broken.isEmpty(), qPrintable(broken.join('\n')));
            figures += library.render(c.id).html.count(".svg\"");
        }
        QVERIFY(figures >= 1);
    }

    void brokenLinksAreFound()
    {
        QTemporaryDir dir;
        write(dir.filePath("index.yaml"), "chapters: [a/one, a/two]\n");
        write(dir.filePath("a/fig.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        write(dir.filePath("a/two.md"), "# Two\n");
        write(dir.filePath("a/one.md"), "# One\n![ok](fig.svg) ![gone](nope.svg)\n"
                                        "[next](two.md) [lost](../b/three.md)\n");
        const ChapterLibrary library(dir.path());
        QCOMPARE(brokenLinks(library, "a/one"),
                 QStringList({"a/one: nope.svg", "a/one: ../b/three.md"}));
    }

    void blocksRunInAFreshCluster_data()
    {
        QTest::addColumn<QString>("id");
        const ChapterLibrary library;
        for (const auto& c : library.chapters())
            QTest::newRow(qPrintable(c.id)) << c.id;
    }
    void blocksRunInAFreshCluster()
    {
        QFETCH(QString, id);
        const ChapterLibrary library;
        SimulationController controller;
        NotesBridge bridge(&controller);
        for (const Block& b : actionBlocks(library.render(id).html)) {
            const QVariantMap r =
                b.action == "apply" ? bridge.apply(b.source) : bridge.run(b.source);
            QVERIFY2(r.value("ok").toBool(),
                     qPrintable(b.source + "\n--- printed ---\n" + r.value("output").toString()));
        }
    }

    void firstDeploymentHasTheNginxExample()
    {
        const ChapterLibrary library;
        const QList<Block> blocks =
            actionBlocks(library.render("first-deployment/walkthrough").html);
        QVERIFY(blocks.size() >= 4);
        QCOMPARE(blocks.first().action, QString("apply"));
        QVERIFY(blocks.first().source.contains("image: nginx:1.27"));
        QVERIFY(blocks.first().source.contains("replicas: 3"));
    }
};

QTEST_MAIN(tst_Chapters)
#include "tst_chapters.moc"
