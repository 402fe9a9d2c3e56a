// The notes view in the running window (Qt WebEngine, on a virtual X display): a notes
// button applies the nginx Deployment through the WebChannel and its pods reach the
// cluster map; the theme follows the palette; links, figures, the table of contents and
// the remembered chapter work.
#include <QtTest>

#include <QStandardPaths>
#include <QWebEnginePage>

#include "app/core/simulation_controller.h"
#include "app/map/cluster_view.h"
#include "app/notes/notes_bridge.h"
#include "app/notes/notes_view.h"
#include "app/notes/toc_widget.h"
#include "app/progress/progress_store.h"
#include "app/window/main_window.h"
#include "engine/cluster/cluster.h"

using kubelab::app::MainWindow;
using kubelab::app::NotesView;

namespace {

// Runs a script in the page and waits for its value.
QVariant js(NotesView* view, const QString& script)
{
    auto result = std::make_shared<std::optional<QVariant>>();
    view->page()->runJavaScript(script, [result](const QVariant& v) { *result = v; });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, 5000))
        qWarning("no answer from the page to: %s", qPrintable(script));
    return result->value_or(QVariant());
}

// Opens a chapter (unless it is showing already) and waits until its page is loaded and
// connected to the app.
bool openAndWait(NotesView* view, const QString& id)
{
    QSignalSpy loaded(view, &QWebEngineView::loadFinished);
    if (view->currentChapter() == id)
        loaded.append(QList<QVariant>{true});
    else if (!view->openChapter(id))
        return false;
    // A page that was loading is cancelled (loadFinished(false)); wait for the new one.
    if (!QTest::qWaitFor(
            [&] {
                return std::any_of(loaded.cbegin(), loaded.cend(),
                                   [](const QList<QVariant>& args) { return args[0].toBool(); });
            },
            10000))
        return false;
    const QString title = view->library().title(id);
    return QTest::qWaitFor(
        [&] {
            return js(view, "document.title + '|' + (typeof kubelab !== 'undefined' && "
                            "kubelab.ready)")
                       .toString() == title + "|true";
        },
        10000);
}

} // namespace

class tst_NotesView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("KubeLabTests");
        QCoreApplication::setApplicationName("tst_notes_view");
        QSettings().clear();
        QStandardPaths::setTestModeEnabled(true); // a progress file of the test's own
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        QSettings().clear();
    }

    // A search result opens its chapter at the match: the page finds and highlights the
    // words; words the chapter does not hold are reported as not found.
    void openChapterAtFindsTheMatch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("found");
        QTest::addRow("in the chapter") << QStringLiteral("kubelet") << true;
        QTest::addRow("not in it") << QStringLiteral("zqxjkv") << false;
    }
    void openChapterAtFindsTheMatch()
    {
        QFETCH(QString, text);
        QFETCH(bool, found);
        NotesView* view = m_window->notesView();
        const QString id = QStringLiteral("worker-nodes/overview");
        if (view->currentChapter() == id) // a different chapter first, so the page loads
            QVERIFY(openAndWait(view, view->library().chapters().first().id));
        QSignalSpy finds(view, &NotesView::findFinished);
        QVERIFY(view->openChapterAt(id, text));
        QVERIFY(finds.wait(10000));
        QCOMPARE(finds[0][0].toString(), text);
        QCOMPARE(finds[0][1].toInt() > 0, found);
        QVERIFY(!view->openChapterAt(QStringLiteral("no/such"), text));
    }

    void applyButtonRunsNginxOnTheMap()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "first-deployment/walkthrough"));
        auto& cluster = m_window->controller()->cluster();
        QVERIFY(!cluster.object("deployments", "default", "nginx"));
        // Only kubeadm's two coredns pods on the map.
        QCOMPARE(m_window->clusterView()->podNames().size(), 2);
        // The chapter's live figure (the Deployment's owner tree) says what to do first.
        const QString figure = "document.querySelector('figure.live[data-figure=owners]')";
        QTRY_VERIFY_WITH_TIMEOUT(js(notes, figure + ".querySelector('.live-empty').textContent")
                                     .toString()
                                     .startsWith("No Deployment nginx in namespace default yet"),
                                 5000);

        // A real click in the page: the button's handler calls the bridge over the channel.
        QCOMPARE(js(notes, "document.querySelectorAll('button[data-action=apply]').length").toInt(),
                 1);
        js(notes, "document.querySelector('button[data-action=apply]').click()");
        QTRY_VERIFY_WITH_TIMEOUT(cluster.object("deployments", "default", "nginx"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(
            js(notes, "document.querySelector('.code-result').textContent").toString(),
            QString("\u2713 Applied to the clusterdeployment.apps/nginx created"), 5000);
        QVERIFY(js(notes, "document.querySelector('.code-result').className")
                    .toString()
                    .contains("ok"));

        QVERIFY(m_window->controller()->runCommand("settle"));
        QStringList pods = m_window->clusterView()->podNames();
        pods.removeIf([](const QString& name) { return name.startsWith("coredns-"); });
        QCOMPARE(m_window->clusterView()->podNames().size(), 5);
        QCOMPARE(pods.size(), 3);
        for (const QString& name : pods) {
            QVERIFY2(name.startsWith("nginx-"), qPrintable(name));
            const auto* pod = cluster.object("pods", "default", name.toStdString());
            QVERIFY(pod);
            QCOMPARE(QString::fromStdString((*pod)["status"].value("phase", "")),
                     QString("Running"));
        }
        // The live figure redrew itself as the cluster moved: three Running nginx pods
        // under one ReplicaSet, and a stamp with the virtual time.
        const QString running = figure + ".querySelectorAll('g.lf-chip[data-pod^=\"nginx-\"]"
                                         ".lf-running').length";
        QTRY_COMPARE_WITH_TIMEOUT(js(notes, running).toInt(), 3, 5000);
        QCOMPARE(js(notes, figure + ".querySelectorAll('g.lf-chip:not(.lf-running)').length").toInt(), 0);
        QVERIFY(js(notes, figure + ".querySelector('svg').textContent").toString().contains(
            "ReplicaSet nginx-"));
        QVERIFY(js(notes, figure + ".querySelector('.live-stamp').textContent")
                    .toString()
                    .startsWith("Live: drawn from the cluster beside you at virtual time "));
    }

    void runButtonShowsErrors()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "first-deployment/walkthrough"));
        // Point the first Run button at a command that fails.
        js(notes, "var b = document.querySelector('button[data-action=run]');"
                  "b.dataset.source = 'kubectl get pods nope'; b.click()");
        QTRY_VERIFY_WITH_TIMEOUT(js(notes,
                                    "var r = document.querySelector('button[data-action=run]')"
                                    ".closest('.code-block').querySelector('.code-result');"
                                    "r.className + '|' + r.textContent")
                                     .toString()
                                     .startsWith("code-result error|\u2717 Failed"),
                                 5000);
    }

    void themeFollowsPalette()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "control-plane/overview"));
        const QPalette light = QApplication::palette();
        QVERIFY(!notes->darkTheme());
        QVERIFY(js(notes, "document.getElementById('theme').href")
                    .toString()
                    .endsWith("notes-light.css"));
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2f, 0x34));
        dark.setColor(QPalette::Base, QColor(0x1d, 0x20, 0x24));
        QApplication::setPalette(dark);
        QTRY_VERIFY(notes->darkTheme());
        QTRY_COMPARE(js(notes, "getComputedStyle(document.body).backgroundColor").toString(),
                     QString("rgb(29, 32, 36)"));
        QApplication::setPalette(light);
        QTRY_VERIFY(!notes->darkTheme());
        QTRY_COMPARE(js(notes, "getComputedStyle(document.body).backgroundColor").toString(),
                     QString("rgb(253, 253, 252)"));
    }

    void figuresLoad()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "control-plane/overview"));
        QTRY_COMPARE(js(notes, "var i = document.querySelector('img[src$=\".svg\"]');"
                               "i.complete + ' ' + i.naturalWidth")
                         .toString(),
                     QString("true 600"));
    }

    // A wrong choice is marked and explained at once, a right one solves the question and
    // shows every explanation; each answer reaches the bridge for the progress store.
    void quizGivesFeedback()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "control-plane/overview"));
        QSignalSpy answers(notes->bridge(), &kubelab::app::NotesBridge::answerGiven);
        QVERIFY(js(notes, "document.querySelectorAll('.quiz').length").toInt() >= 5);
        const QString quiz = "document.querySelector('.quiz[data-quiz=\"1\"]')";
        QCOMPARE(js(notes, quiz + ".querySelector('.quiz-feedback').hidden").toBool(), true);
        // Choice 0 of question 2 is wrong, choice 1 right (see the chapter).
        js(notes, quiz + ".querySelector('.quiz-choice[data-choice=\"0\"] .quiz-pick').click()");
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE(answers.first(),
                 QList<QVariant>({"control-plane/overview", 1, 0, false}));
        QCOMPARE(js(notes, quiz + ".querySelector('.quiz-choice[data-choice=\"0\"]').className")
                     .toString(),
                 QString("quiz-choice picked wrong"));
        QVERIFY(js(notes, quiz + ".querySelector('.quiz-feedback').textContent")
                    .toString()
                    .startsWith("\u2717 Not this one"));
        QCOMPARE(js(notes, quiz + ".querySelector('[data-choice=\"0\"] .quiz-why').hidden")
                     .toBool(),
                 false);
        QCOMPARE(js(notes, quiz + ".querySelector('[data-choice=\"1\"] .quiz-why').hidden")
                     .toBool(),
                 true);

        js(notes, quiz + ".querySelector('.quiz-choice[data-choice=\"1\"] .quiz-pick').click()");
        QTRY_COMPARE(answers.size(), 2);
        QCOMPARE(answers.last(), QList<QVariant>({"control-plane/overview", 1, 1, true}));
        QVERIFY(js(notes, quiz + ".className").toString().contains("solved"));
        QCOMPARE(js(notes, quiz + ".querySelectorAll('.quiz-why[hidden]').length").toInt(), 0);
        QCOMPARE(js(notes, "document.getElementById('quiz-score').textContent").toString(),
                 QString("1 of 6 answered, 0 right at the first try."));
    }

    // The answers above are in the progress file and come back when the chapter is opened
    // again; so does the place the learner scrolled to, and only in that chapter.
    void answersAndPlaceComeBack()
    {
        NotesView* notes = m_window->notesView();
        const QString id = "control-plane/overview";
        const auto saved = m_window->progress()->quizAnswer(id, 1);
        QVERIFY(saved);
        QCOMPARE(saved->choice, 1);
        QCOMPARE(saved->firstChoice, 0);
        QVERIFY(openAndWait(notes, id));
        QTRY_VERIFY(js(notes, "kubelab.restored").toBool());
        js(notes, "window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2)");
        QTRY_VERIFY_WITH_TIMEOUT(m_window->progress()->chapter(id)->position > 0.3, 5000);
        QVERIFY(!m_window->progress()->chapter(id)->read);

        const QString other = notes->library().chapters().last().id;
        QVERIFY(openAndWait(notes, other));
        QTRY_VERIFY(js(notes, "kubelab.restored").toBool());
        QCOMPARE(js(notes, "window.scrollY").toInt(), 0); // never scrolled: stays at the top
        QCOMPARE(js(notes, "document.querySelectorAll('.quiz-choice.picked').length").toInt(), 0);

        QVERIFY(openAndWait(notes, id));
        QTRY_VERIFY(js(notes, "kubelab.restored").toBool());
        const QString quiz = "document.querySelector('.quiz[data-quiz=\"1\"]')";
        QCOMPARE(js(notes, quiz + ".querySelector('.picked').dataset.choice").toString(), QString("1"));
        QVERIFY(js(notes, quiz + ".className").toString().contains("solved"));
        QCOMPARE(js(notes, "document.getElementById('quiz-score').textContent").toString(),
                 QString("1 of 6 answered, 0 right at the first try."));
        QVERIFY(js(notes, "window.scrollY").toInt() > 100);

        // Reaching the bottom marks the chapter read.
        js(notes, "window.scrollTo(0, document.documentElement.scrollHeight)");
        QTRY_VERIFY_WITH_TIMEOUT(m_window->progress()->chapter(id)->read, 5000);
    }

    // A glossary term shows its definition when the pointer enters it and hides it when
    // the pointer leaves; a lab link is announced to the app instead of being navigated.
    void termsAndLabLinks()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "control-plane/overview"));
        const QString def = "getComputedStyle(document.querySelector("
                            "'.term[data-term=\"control-plane\"] .term-def')).display";
        QCOMPARE(js(notes, def).toString(), QString("none"));
        const QString term = "document.querySelector('.term[data-term=\"control-plane\"]')";
        js(notes, term + ".dispatchEvent(new MouseEvent('mouseenter'))");
        QTRY_COMPARE(js(notes, def).toString(), QString("block"));
        js(notes, term + ".dispatchEvent(new MouseEvent('mouseleave'))");
        QTRY_COMPARE(js(notes, def).toString(), QString("none"));
        QSignalSpy labs(notes, &NotesView::labRequested);
        js(notes, "document.querySelector('a.lab-link[href=\"lab:fail-scheduler\"]').click()");
        QTRY_COMPARE(labs.size(), 1);
        QCOMPARE(labs.first().first().toString(), QString("fail-scheduler"));
        QCOMPARE(notes->currentChapter(), QString("control-plane/overview"));
    }

    void chapterLinksOpenInTheView()
    {
        NotesView* notes = m_window->notesView();
        QVERIFY(openAndWait(notes, "control-plane/overview"));
        js(notes, "document.querySelector('a[href$=\"worker-nodes/overview.md\"]').click()");
        QTRY_COMPARE(notes->currentChapter(), QString("worker-nodes/overview"));
        QCOMPARE(m_window->toc()->currentChapter(), QString("worker-nodes/overview"));
    }

    void tocOpensChapters()
    {
        auto* toc = m_window->toc();
        const auto items =
            toc->findItems("Your first Deployment", Qt::MatchContains | Qt::MatchRecursive);
        QCOMPARE(items.size(), 1);
        toc->setCurrentItem(items.first());
        QCOMPARE(m_window->notesView()->currentChapter(), QString("first-deployment/walkthrough"));
        // The labs follow, each a row the learner can choose.
        const auto labs = toc->findItems("Requests and Insufficient cpu", Qt::MatchRecursive);
        QCOMPARE(labs.size(), 1);
        QVERIFY(labs.first()->flags() & Qt::ItemIsEnabled);
        QCOMPARE(toc->labItem("sched-requests"), labs.first());
    }

    void remembersLastChapter()
    {
        m_window->notesView()->openChapter("worker-nodes/overview");
        NotesView other(m_window->controller());
        QCOMPARE(other.initialChapter(), QString("worker-nodes/overview"));
        QSettings().setValue("notes/lastChapter", "gone/away");
        QCOMPARE(other.initialChapter(), QString("control-plane/overview"));
    }

private:
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(tst_NotesView)
#include "tst_notes_view.moc"
