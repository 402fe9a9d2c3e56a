// A lab taken end to end in the app, as a learner would: open it from the contents, answer
// its prediction (the cluster waits until then), open a hint, do the steps with the cards'
// Apply button, the console and the revealed solution, pass, follow a debrief link into
// the event log; then start the app again and find the lab passed and the answer
// remembered, and start it once more.
#include <QtTest>

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

#include "app/core/simulation_controller.h"
#include "app/labs/lab_library.h"
#include "app/labs/lab_view.h"
#include "app/labs/step_card.h"
#include "app/notes/notes_view.h"
#include "app/notes/toc_widget.h"
#include "app/progress/progress_store.h"
#include "app/progress/search_index.h"
#include "app/trace/event_log.h"
#include "app/trace/trace_model.h"
#include "app/window/main_window.h"
#include "app/window/search_dialog.h"
#include "engine/cluster/cluster.h"
#include "engine/lab/lab.h"

using namespace kubelab::app;

namespace {
const QString kLab = QStringLiteral("sched-requests");

QString tocState(MainWindow& w, const QString& id)
{
    QTreeWidgetItem* item = w.toc()->labItem(id);
    return item ? item->data(0, Qt::AccessibleDescriptionRole).toString() : QString();
}
} // namespace

class tst_LabView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_lab_view"));
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QSettings().clear();
    }

    // Markdown code fences split into prose and blocks; an unclosed fence runs to the end.
    void splitsCodeBlocks()
    {
        const auto parts = splitCodeBlocks(
            QStringLiteral("Apply:\n\n```yaml\nkind: Pod\n```\n\nThen\n```sh\nsettle\n"));
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts[0].text, QStringLiteral("Apply:"));
        QVERIFY(!parts[0].code);
        QCOMPARE(parts[1].language, QStringLiteral("yaml"));
        QCOMPARE(parts[1].text, QStringLiteral("kind: Pod"));
        QVERIFY(parts[1].code);
        QCOMPARE(parts[2].text, QStringLiteral("Then"));
        QCOMPARE(parts[3].language, QStringLiteral("sh"));
        QCOMPARE(parts[3].text, QStringLiteral("settle\n"));
        QCOMPARE(splitCodeBlocks(QStringLiteral("no code")).size(), 1);
    }

    // Every lab under lessons/ decodes in the app's library, in index order.
    void libraryReadsEveryLab()
    {
        const LabLibrary library(QStringLiteral(KUBELAB_SOURCE_DIR "/lessons"));
        QVERIFY2(library.problems().isEmpty(), qPrintable(library.problems().join('\n')));
        QVERIFY(library.labs().size() >= 12);
        QVERIFY(library.find(kLab));
        QVERIFY(!library.find(QStringLiteral("no-such-lab")));
        const LabLibrary none(QStringLiteral("/no/such/folder"));
        QCOMPARE(none.labs().size(), size_t(0));
        QCOMPARE(none.problems().size(), 1);
        // The compiled-in copy is the same list.
        const LabLibrary compiled;
        QCOMPARE(compiled.labs().size(), library.labs().size());
    }

    // Ctrl+K finds a lab by a word of one of its steps and opens it at that step.
    void searchOpensLabAtMatch()
    {
        {
            MainWindow w;
            // Chapters mention `explain` too; the lab is among the results.
            const auto hits = w.searchIndex()->search(QStringLiteral("explain"));
            const auto hit = std::find_if(hits.cbegin(), hits.cend(), [](const SearchHit& h) {
                return h.kind == QLatin1String("lab") && h.id == kLab;
            });
            QVERIFY(hit != hits.cend());
            QVERIFY(w.searchIndex()->search(QStringLiteral("zqxjkv")).isEmpty());
            Q_EMIT w.searchDialog()->openRequested(hit->kind, hit->id, hit->matchedText);
            QCOMPARE(w.labView()->labId(), kLab);
            QVERIFY(w.waitForLoad());
            // The second step is the one that suggests `explain pod NAME`.
            QCOMPARE(w.labView()->revealText(hit->matchedText), 1);
            QCOMPARE(w.labView()->revealText(QStringLiteral("1200m")), 0);
            QCOMPARE(w.labView()->revealText(QStringLiteral("zqxjkv")), -1);
        }
        // This test's attempt must not count as progress for the next one.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void labEndToEnd()
    {
        qint64 attempt = 0;
        {
            MainWindow w;
            w.show();
            SimulationController* c = w.controller();
            QCOMPARE(tocState(w, kLab), QStringLiteral("not started"));
            QVERIFY(w.searchIndex()->size() > w.notesView()->library().chapters().size());

            // Chosen in the contents, the lab opens and builds its cluster (3 workers).
            w.toc()->setCurrentItem(w.toc()->labItem(kLab));
            QCOMPARE(w.labView()->labId(), kLab);
            QVERIFY(w.waitForLoad());
            LabView* v = w.labView();
            QVERIFY(v->live());
            QCOMPARE(c->cluster().topology().workers.front().count, 3);
            QCOMPARE(tocState(w, kLab), QStringLiteral("started"));
            QCOMPARE(w.progress()->resume()->second, kLab);
            attempt = v->attempt();
            QVERIFY(attempt > 0);

            QList<StepCard*> cards = v->cards();
            QCOMPARE(cards.size(), 2);
            QCOMPARE(cards[0]->state(), StepCard::State::Current);
            QCOMPARE(cards[1]->state(), StepCard::State::Locked);

            // The prediction holds the cluster: no step, no play, no command, no Apply.
            QVERIFY(c->held());
            QVERIFY(!w.stepAction()->isEnabled());
            const quint64 before = c->position();
            QVERIFY(!c->step());
            QVERIFY(!c->runCommand(QStringLiteral("kubectl get pods")));
            QVERIFY(!cards[0]->blockButtons().isEmpty());
            cards[0]->blockButtons()[0]->click();
            QCOMPARE(c->position(), before);

            // The answer is locked in only once a choice is made.
            QVERIFY(!cards[0]->lockButton()->isEnabled());
            cards[0]->choiceButtons()[1]->click(); // three run, the fourth is Pending
            QVERIFY(cards[0]->lockButton()->isEnabled());
            cards[0]->lockButton()->click();
            QVERIFY(!c->held());
            QVERIFY(w.stepAction()->isEnabled());
            QVERIFY(!cards[0]->choiceButtons()[0]->isEnabled());

            // A hint, counted.
            cards[0]->hintButton()->click();
            QCOMPARE(cards[0]->hintsShown(), 1);
            QCOMPARE(w.progress()->latestAttempt(kLab)->hintsUsed, 1);

            // Not passed yet: the check says what it sees.
            v->evaluateNow();
            QCOMPARE(cards[0]->state(), StepCard::State::Current);
            QVERIFY(cards[0]->checkLabel()->text().contains(QStringLiteral("not yet")));

            // Apply from the card, settle from the console: the step passes, the
            // prediction is graded right.
            cards[0]->blockButtons()[0]->click();
            QVERIFY(c->position() > before);
            QVERIFY(c->runCommand(QStringLiteral("settle")));
            QTRY_COMPARE(cards[0]->state(), StepCard::State::Done);
            QVERIFY(cards[0]->predictionResult()->text().contains(QStringLiteral("Right")));
            QCOMPARE(cards[1]->state(), StepCard::State::Current);
            QVERIFY(!v->passed());

            // The solution hides behind a confirmation, then runs.
            QVERIFY(!cards[1]->runSolutionButton()->isVisible());
            cards[1]->solutionButton()->click();
            QVERIFY(!cards[1]->runSolutionButton()->isVisible());
            QVERIFY(cards[1]->confirmSolutionButton()->isVisible());
            cards[1]->confirmSolutionButton()->click();
            QVERIFY(cards[1]->runSolutionButton()->isVisible());
            cards[1]->runSolutionButton()->click();
            QTRY_VERIFY(v->passed());
            QCOMPARE(cards[1]->state(), StepCard::State::Done);
            QCOMPARE(tocState(w, kLab), QStringLiteral("passed"));

            const auto done = w.progress()->latestAttempt(kLab);
            QVERIFY(done && done->passed && done->finishedAt > 0);
            QCOMPARE(done->stepsPassed, QList<int>({0, 1}));
            QCOMPARE(done->predictions.size(), 1);
            QCOMPARE(done->predictions[0].choice, 1);
            QCOMPARE(done->predictions[0].correct, std::optional<bool>(true));

            // The debrief's event links open the event log at that record.
            const QString debrief = v->debriefLabel()->text();
            const qsizetype at = debrief.indexOf(QStringLiteral("kubelab-trace:"));
            QVERIFY2(at > 0, qPrintable(debrief));
            QVERIFY(!debrief.contains(QStringLiteral("not in this run")));
            // Numbered as the log numbers its rows: the record's place, from 1.
            const quint64 place =
                debrief.mid(at + 14).section(QLatin1Char(')'), 0, 0).toULongLong();
            QVERIFY(place > 0);
            QVERIFY(debrief.contains(QStringLiteral("[event #%1]").arg(place)));
            Q_EMIT v->debriefLabel()->linkActivated(QStringLiteral("kubelab-trace:%1").arg(place));
            const QModelIndex current = w.eventLog()->currentIndex();
            QVERIFY(current.isValid());
            const size_t record = w.eventLogPanel()->model()->recordAt(current.row());
            QCOMPARE(record, size_t(place - 1));
            const auto r = c->cluster().sim().trace()[record];
            QCOMPARE(r.kind, std::string("api.request"));
            QVERIFY2(QString::fromStdString(r.target).startsWith(QStringLiteral("events/")),
                     r.target.c_str());
            w.close();
        }

        // Started again, the app reopens the lab: passed, with the answer given.
        MainWindow again;
        QCOMPARE(tocState(again, kLab), QStringLiteral("passed"));
        QVERIFY(again.waitForLoad());
        LabView* v = again.labView();
        QCOMPARE(v->labId(), kLab);
        QVERIFY(v->reviewing());
        QVERIFY(!v->live());
        QVERIFY(!again.controller()->held());
        QList<StepCard*> cards = v->cards();
        QCOMPARE(cards[0]->state(), StepCard::State::Done);
        QVERIFY(cards[0]->choiceButtons()[1]->isChecked());
        QVERIFY(!cards[0]->choiceButtons()[0]->isChecked());
        QVERIFY(cards[0]->predictionResult()->text().contains(QStringLiteral("right")));
        QVERIFY(v->statusLabel()->text().contains(QStringLiteral("Passed")));

        // Start again: a new attempt, the cluster rebuilt, the prediction asked anew. A
        // wrong answer is graded wrong, and the lab stays passed from before.
        v->resetButton()->click();
        QVERIFY(again.waitForLoad());
        QVERIFY(v->live());
        QVERIFY(v->attempt() > attempt);
        cards = v->cards();
        QCOMPARE(cards[0]->state(), StepCard::State::Current);
        QVERIFY(again.controller()->held());
        cards[0]->choiceButtons()[0]->click(); // "all four"
        cards[0]->lockButton()->click();
        cards[0]->blockButtons()[0]->click();
        QVERIFY(again.controller()->runCommand(QStringLiteral("settle")));
        QTRY_COMPARE(cards[0]->state(), StepCard::State::Done);
        QVERIFY(cards[0]->predictionResult()->text().contains(QStringLiteral("Not this time")));
        const auto latest = again.progress()->latestAttempt(kLab);
        QCOMPARE(latest->predictions[0].correct, std::optional<bool>(false));
        QVERIFY(!latest->passed);
        QCOMPARE(again.progress()->labState(kLab), LabState::Passed);
    }
};

QTEST_MAIN(tst_LabView)
#include "tst_lab_view.moc"
