// The learner's progress file: what is written is read back, every earlier schema version
// upgrades with its data, an unreadable file is set aside (never deleted) and replaced, a
// killed writer loses no committed answer, export/import round-trips and names bad fields.
#include "app/progress/progress_store.h"
#include "app/progress/sqlite_db.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace kubelab::app;

namespace {

// A clock that advances one second per reading, so every timestamp differs.
ProgressStore::Clock testClock()
{
    auto t = std::make_shared<qint64>(1'790'000'000'000);
    return [t] { return *t += 1000; };
}

std::unique_ptr<ProgressStore> openStore(const QString& path)
{
    ProgressStore::Opened o = ProgressStore::open(path, testClock());
    if (!o.message.isEmpty())
        qWarning() << o.message;
    return std::move(o.store);
}

void fillSample(ProgressStore& s)
{
    s.chapterOpened(QStringLiteral("scheduler/overview"));
    s.setChapterPosition(QStringLiteral("scheduler/overview"), 0.4);
    s.markChapterRead(QStringLiteral("control-plane/overview"));
    s.recordQuizAnswer(QStringLiteral("scheduler/overview"), 0, 2, false);
    s.recordQuizAnswer(QStringLiteral("scheduler/overview"), 0, 1, true);
    s.recordQuizAnswer(QStringLiteral("scheduler/overview"), 1, 3, true);
    const qint64 a = s.startLab(QStringLiteral("sched-requests"));
    s.stepPassed(a, 0);
    s.predictionAnswered(a, 1, 2);
    s.predictionGraded(a, 1, true);
    s.hintUsed(a);
    s.addLabTime(a, 95);
    s.finishLab(a, true);
    s.startLab(QStringLiteral("fail-kubelet"));
    s.addBookmark(QStringLiteral("scheduler/overview"), QStringLiteral("scoring"),
                  QStringLiteral("ask about weights"));
    s.setResume(QStringLiteral("chapter"), QStringLiteral("scheduler/overview"));
}

} // namespace

class tst_ProgressStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAreReadBack()
    {
        QTemporaryDir dir;
        auto s = openStore(dir.filePath(QStringLiteral("sub/progress.db")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sub/progress.db"))));
        fillSample(*s);
        QCOMPARE(s->lastError(), QString());

        const auto ch = s->chapter(QStringLiteral("scheduler/overview"));
        QVERIFY(ch);
        QCOMPARE(ch->position, 0.4);
        QVERIFY(!ch->read);
        QVERIFY(s->chapter(QStringLiteral("control-plane/overview"))->read);
        QVERIFY(!s->chapter(QStringLiteral("no/such")));

        const auto q0 = s->quizAnswer(QStringLiteral("scheduler/overview"), 0);
        QVERIFY(q0);
        QCOMPARE(q0->choice, 1);
        QVERIFY(q0->correct);
        QCOMPARE(q0->firstChoice, 2); // the first try is what the score counts
        QVERIFY(!q0->firstCorrect);
        QCOMPARE(q0->attempts, 2);
        QCOMPARE(s->quizScore(QStringLiteral("scheduler/overview")), std::make_pair(1, 2));

        QCOMPARE(s->labState(QStringLiteral("sched-requests")), LabState::Passed);
        QCOMPARE(s->labState(QStringLiteral("fail-kubelet")), LabState::InProgress);
        QCOMPARE(s->labState(QStringLiteral("fail-rollout")), LabState::NotStarted);
        const auto lab = s->latestAttempt(QStringLiteral("sched-requests"));
        QVERIFY(lab);
        QCOMPARE(lab->stepsPassed, QList<int>{0});
        QCOMPARE(lab->hintsUsed, 1);
        QCOMPARE(lab->secondsSpent, 95);
        QCOMPARE(lab->predictions.size(), 1);
        QCOMPARE(lab->predictions[0].choice, 2);
        QCOMPARE(lab->predictions[0].correct, std::optional<bool>(true));

        // A prediction is made once: a second answer does not replace the first.
        s->predictionAnswered(lab->id, 1, 0);
        QCOMPARE(s->latestAttempt(QStringLiteral("sched-requests"))->predictions[0].choice, 2);

        QCOMPARE(s->bookmarks().size(), 1);
        QCOMPARE(s->bookmarks()[0].note, QStringLiteral("ask about weights"));
        s->removeBookmark(s->bookmarks()[0].id);
        QVERIFY(s->bookmarks().isEmpty());
        QCOMPARE(s->resume()->second, QStringLiteral("scheduler/overview"));
        s->setResume(QStringLiteral("lab"), QStringLiteral("fail-kubelet"));
        QCOMPARE(s->resume()->first, QStringLiteral("lab"));

        // Reopening finds everything (and the file is in WAL mode).
        s.reset();
        auto again = openStore(dir.filePath(QStringLiteral("sub/progress.db")));
        QCOMPARE(again->labState(QStringLiteral("sched-requests")), LabState::Passed);
        QCOMPARE(again->resume()->second, QStringLiteral("fail-kubelet"));
        SqliteDb raw(dir.filePath(QStringLiteral("sub/progress.db")), SQLITE_OPEN_READONLY);
        SqliteStatement mode(raw, "PRAGMA journal_mode");
        QVERIFY(mode.next());
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
    }

    // A file left at each earlier schema version, with data of that version, upgrades and
    // keeps its data.
    void upgradesFromEveryVersion_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 0; v < ProgressStore::schemaVersion(); ++v)
            QTest::addRow("from %d", v) << v;
    }
    void upgradesFromEveryVersion()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("progress.db"));
        {
            SqliteDb db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            if (version > 0)
                db.exec("PRAGMA application_id=1263300711");
            QVERIFY(migrateProgress(db, version));
            QCOMPARE(db.scalar("PRAGMA user_version"), version);
            if (version >= 1) {
                db.exec("INSERT INTO chapters VALUES('worker-nodes/overview', 0.5, 1, 7);"
                        "INSERT INTO quiz_answers(chapter_id, quiz, choice, correct, answered_at)"
                        " VALUES('worker-nodes/overview', 0, 3, 1, 8)");
            }
            if (version >= 2) // what version 2 and later write beside every answer
                db.exec("UPDATE quiz_answers SET first_choice = 3, first_correct = 1");
            if (version >= 3)
                db.exec("INSERT INTO lab_attempts(lab_id, started_at, passed) VALUES('fail-kubelet', 9, 1)");
            if (version >= 4)
                db.exec("INSERT INTO bookmarks(chapter_id, created_at) VALUES('worker-nodes/overview', 10)");
            QVERIFY2(db.ok(), qPrintable(db.error()));
        }
        ProgressStore::Opened o = ProgressStore::open(path, testClock());
        QCOMPARE(o.message, QString());
        {
            SqliteDb db(path, SQLITE_OPEN_READONLY);
            QCOMPARE(db.scalar("PRAGMA user_version"), ProgressStore::schemaVersion());
        }
        if (version >= 1) {
            QVERIFY(o.store->chapter(QStringLiteral("worker-nodes/overview"))->read);
            const auto q = o.store->quizAnswer(QStringLiteral("worker-nodes/overview"), 0);
            QVERIFY(q);
            QCOMPARE(q->firstChoice, 3); // migration 2 carried the only answer over as the first
            QVERIFY(q->firstCorrect);
        } else {
            QVERIFY(o.store->chapters().isEmpty());
        }
        QCOMPARE(o.store->labState(QStringLiteral("fail-kubelet")),
                 version >= 3 ? LabState::Passed : LabState::NotStarted);
        QCOMPARE(o.store->bookmarks().size(), version >= 4 ? 1 : 0);
        // The upgraded file takes every kind of write.
        fillSample(*o.store);
        QCOMPARE(o.store->lastError(), QString());
    }

    void unreadableFileIsSetAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::addRow("not a database") << QByteArray(5000, 'x') << QStringLiteral("not a database");
        QByteArray header("SQLite format 3");
        header.append('\0');
        QTest::addRow("truncated database") << header + QByteArray(84, '\x07')
                                            << QStringLiteral("could not read");
    }
    void unreadableFileIsSetAside()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("progress.db"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        ProgressStore::Opened o = ProgressStore::open(path, testClock());
        QVERIFY(o.store);
        QVERIFY2(o.message.contains(QStringLiteral("could not read")), qPrintable(o.message));
        QVERIFY2(o.message.contains(reason), qPrintable(o.message));
        QVERIFY(o.message.contains(o.setAside));
        QVERIFY2(!o.message.contains(QStringLiteral("SQL failed")), qPrintable(o.message));
        QFile aside(o.setAside);
        QVERIFY(aside.open(QIODevice::ReadOnly));
        QCOMPARE(aside.readAll(), content); // the learner's file is kept as it was
        o.store->recordQuizAnswer(QStringLiteral("a"), 0, 1, true);
        QCOMPARE(o.store->lastError(), QString());
        QVERIFY(o.store->quizAnswer(QStringLiteral("a"), 0));
    }

    void healthyFileIsNotSetAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("progress.db"));
        fillSample(*openStore(path));
        ProgressStore::Opened o = ProgressStore::open(path, testClock());
        QCOMPARE(o.message, QString());
        QCOMPARE(o.setAside, QString());
        QCOMPARE(o.store->labState(QStringLiteral("sched-requests")), LabState::Passed);
    }

    void foreignOrNewerFilesAreNotTouched_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<QString>("reason");
        QTest::addRow("another program's database")
            << QByteArray("CREATE TABLE photos(id INTEGER)") << QStringLiteral("not a KubeLab progress file");
        QTest::addRow("written by a newer KubeLab")
            << QByteArray("PRAGMA application_id=1263300711; PRAGMA user_version=99")
            << QStringLiteral("a newer KubeLab wrote it");
    }
    void foreignOrNewerFilesAreNotTouched()
    {
        QFETCH(QByteArray, sql);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("progress.db"));
        {
            SqliteDb db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
            QVERIFY(db.exec(sql.constData()));
        }
        ProgressStore::Opened o = ProgressStore::open(path, testClock());
        QVERIFY2(o.message.contains(reason), qPrintable(o.message));
        SqliteDb kept(o.setAside, SQLITE_OPEN_READONLY);
        QCOMPARE(kept.scalar("PRAGMA user_version"), sql.contains("99") ? 99 : 0);
        QCOMPARE(kept.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'chapters'"), 0);
    }

    // A process answering quizzes as fast as it can is killed with SIGKILL; every answer it
    // reported as committed is in the file afterwards.
    void killedWriterLosesNoCommittedAnswer()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("progress.db"));
        openStore(path); // created before the child starts, as the app would have
        int fds[2];
        QCOMPARE(pipe(fds), 0);
        const pid_t child = fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            close(fds[0]);
            auto s = ProgressStore::open(path, testClock()).store;
            for (int i = 0;; ++i) {
                s->recordQuizAnswer(QStringLiteral("kill/test"), i, i % 4, true);
                if (!s->lastError().isEmpty() || write(fds[1], &i, sizeof i) != sizeof i)
                    _exit(3);
            }
        }
        close(fds[1]);
        int acked = -1, got = 0;
        while (acked < 300 && read(fds[0], &got, sizeof got) == sizeof got)
            acked = got;
        kill(child, SIGKILL);
        while (read(fds[0], &got, sizeof got) == sizeof got)
            acked = got; // what it reported before it died
        close(fds[0]);
        int status = 0;
        QCOMPARE(waitpid(child, &status, 0), child);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        QVERIFY(acked >= 300);

        ProgressStore::Opened o = ProgressStore::open(path, testClock());
        QCOMPARE(o.message, QString()); // the WAL is recovered, not set aside
        const QList<QuizAnswer> answers = o.store->quizAnswers(QStringLiteral("kill/test"));
        QVERIFY(answers.size() >= acked + 1);
        for (int i = 0; i <= acked; ++i) {
            QCOMPARE(answers[i].quiz, i);
            QCOMPARE(answers[i].choice, i % 4);
        }
    }

    void exportImportRoundTrips()
    {
        QTemporaryDir dir;
        auto a = openStore(dir.filePath(QStringLiteral("a.db")));
        fillSample(*a);
        const QByteArray exported = a->exportJson();
        auto b = openStore(dir.filePath(QStringLiteral("b.db")));
        QString error;
        QVERIFY2(b->importJson(exported, &error), qPrintable(error));
        QCOMPARE(b->exportJson(), exported);
        // Importing again adds nothing twice.
        QVERIFY(b->importJson(exported, &error));
        QCOMPARE(b->exportJson(), exported);
        QCOMPARE(b->attempts(QStringLiteral("sched-requests")).size(), 1);

        // An answer already here is kept; a different store's new one is added.
        auto c = openStore(dir.filePath(QStringLiteral("c.db")));
        c->recordQuizAnswer(QStringLiteral("scheduler/overview"), 0, 3, false);
        QVERIFY(c->importJson(exported, &error));
        QCOMPARE(c->quizAnswer(QStringLiteral("scheduler/overview"), 0)->choice, 3);
        QCOMPARE(c->quizAnswer(QStringLiteral("scheduler/overview"), 1)->choice, 3);
        QVERIFY(c->exportJson() != exported);
    }

    void importNamesTheBadField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QByteArray head = R"({"format": "kubelab-progress", "version": 1, )";
        QTest::addRow("syntax") << QByteArray("{\n  \"format\": ,\n}") << QStringLiteral("2:14: illegal value");
        QTest::addRow("not an export") << QByteArray(R"({"format": "zip"})")
                                       << QStringLiteral("format: this is not a KubeLab progress export");
        QTest::addRow("newer") << QByteArray(R"({"format": "kubelab-progress", "version": 7})")
                               << QStringLiteral("version: written by a newer KubeLab");
        QTest::addRow("choice type")
            << head + R"("quizAnswers": [{"chapter": "c", "quiz": 0, "choice": "b", "correct": true,
                 "firstChoice": 0, "firstCorrect": true, "attempts": 1, "answeredAt": 5}]})"
            << QStringLiteral("quizAnswers[0].choice: expected a whole number of at least 0");
        QTest::addRow("step")
            << head + R"("labAttempts": [{"lab": "x", "startedAt": 1, "finishedAt": 0, "passed": false,
                 "hintsUsed": 0, "secondsSpent": 0, "stepsPassed": [0, -2], "predictions": []}]})"
            << QStringLiteral("labAttempts[0].stepsPassed[1]: expected a whole number of at least 0");
        QTest::addRow("position")
            << head + R"("chapters": [{"chapter": "c", "position": 3, "read": true, "openedAt": 1}]})"
            << QStringLiteral("chapters[0].position: expected a number from 0 to 1");
    }
    void importNamesTheBadField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QTemporaryDir dir;
        auto s = openStore(dir.filePath(QStringLiteral("p.db")));
        fillSample(*s);
        const QByteArray before = s->exportJson();
        QString got;
        QVERIFY(!s->importJson(json, &got));
        QVERIFY2(got.startsWith(error), qPrintable(got));
        QCOMPARE(s->exportJson(), before); // nothing changed
    }
};

QTEST_GUILESS_MAIN(tst_ProgressStore)
#include "tst_progress_store.moc"
