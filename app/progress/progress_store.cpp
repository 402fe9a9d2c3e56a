#include "app/progress/progress_store.h"

#include "app/progress/sqlite_db.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <sqlite3.h>

namespace kubelab::app {

namespace {

// PRAGMA application_id of a KubeLab progress file ("KLpg"), so another program's SQLite
// file is recognised as not ours instead of being migrated.
constexpr std::int64_t kApplicationId = 0x4b4c7067;

// Opens and checks one file; null with `reason` when it cannot serve as the progress file.
std::unique_ptr<SqliteDb> tryOpen(const QString& path, QString* reason)
{
    auto db = std::make_unique<SqliteDb>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db->exec("PRAGMA busy_timeout=2000");
    {
        SqliteStatement mode(*db, "PRAGMA journal_mode=WAL");
        if (mode.next() && mode.text(0) != QLatin1String("wal") && path != QLatin1String(":memory:"))
            db->fail(QStringLiteral("cannot switch it to write-ahead logging"));
    }
    db->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
    if (db->ok()) {
        SqliteStatement check(*db, "PRAGMA quick_check");
        if (check.next() && check.text(0) != QLatin1String("ok"))
            db->fail(QStringLiteral("it is damaged (%1)").arg(check.text(0)), SQLITE_CORRUPT);
    }
    const std::int64_t appId = db->scalar("PRAGMA application_id");
    const std::int64_t version = db->scalar("PRAGMA user_version");
    const std::int64_t tables = db->scalar("SELECT count(*) FROM sqlite_schema");
    if (db->ok() && appId != kApplicationId && (appId != 0 || tables != 0))
        db->fail(QStringLiteral("it is not a KubeLab progress file"));
    if (db->ok() && version > progressMigrationCount())
        db->fail(QStringLiteral("a newer KubeLab wrote it (format %1; this one reads up to %2)")
                     .arg(version)
                     .arg(progressMigrationCount()));
    if (db->ok() && appId == 0)
        db->exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
    migrateProgress(*db);
    if (!db->ok()) {
        // The learner reads SQLite's reason ("file is not a database"), not our step's.
        *reason = db->sqliteMessage().isEmpty() ? db->error() : db->sqliteMessage();
        return nullptr;
    }
    return db;
}

// Renames `path` and its WAL files to a free "<path>.unreadable-<stamp>" name.
QString setAside(const QString& path, qint64 now)
{
    const QString stamp = QDateTime::fromMSecsSinceEpoch(now).toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString aside = path + QStringLiteral(".unreadable-") + stamp;
    for (int i = 2; QFile::exists(aside); ++i)
        aside = path + QStringLiteral(".unreadable-%1-%2").arg(stamp).arg(i);
    if (!QFile::rename(path, aside))
        return {};
    for (const char* suffix : {"-wal", "-shm"}) {
        if (QFile::exists(path + QLatin1String(suffix)))
            QFile::rename(path + QLatin1String(suffix), aside + QLatin1String(suffix));
    }
    return aside;
}

} // namespace

int ProgressStore::schemaVersion()
{
    return progressMigrationCount();
}

ProgressStore::Opened ProgressStore::open(const QString& path, Clock clock)
{
    if (!clock)
        clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    QDir().mkpath(QFileInfo(path).absolutePath());
    Opened out;
    QString reason;
    std::unique_ptr<SqliteDb> db = tryOpen(path, &reason);
    if (!db) {
        out.setAside = setAside(path, clock());
        if (!out.setAside.isEmpty()) {
            out.message = QStringLiteral("KubeLab could not read your progress file: %1. It was "
                                         "kept as %2 and a new one was started.")
                              .arg(reason, QDir::toNativeSeparators(out.setAside));
            db = tryOpen(path, &reason);
        }
        if (!db) {
            // The folder itself refuses (read-only, full): keep progress for this session only.
            out.message = QStringLiteral("KubeLab cannot write your progress file %1: %2. "
                                         "Progress made now will not be kept.")
                              .arg(QDir::toNativeSeparators(path), reason);
            db = tryOpen(QStringLiteral(":memory:"), &reason);
        }
    }
    out.store.reset(new ProgressStore(path, std::move(db), std::move(clock)));
    return out;
}

ProgressStore::ProgressStore(const QString& path, std::unique_ptr<SqliteDb> db, Clock clock)
    : m_path(path), m_db(std::move(db)), m_clock(std::move(clock))
{
}

ProgressStore::~ProgressStore() = default;

bool ProgressStore::write(const char* sql, const std::function<void(SqliteStatement&)>& bind)
{
    {
        SqliteStatement st(*m_db, sql);
        bind(st);
        st.run();
    }
    return finishWrite();
}

bool ProgressStore::finishWrite()
{
    m_lastError = m_db->error();
    m_db->clearError();
    return m_lastError.isEmpty();
}

void ProgressStore::chapterOpened(const QString& chapterId)
{
    write("INSERT INTO chapters(chapter_id, opened_at) VALUES(?1, ?2) "
          "ON CONFLICT(chapter_id) DO UPDATE SET opened_at = excluded.opened_at",
          [&](SqliteStatement& st) { st.bind(1, chapterId).bind(2, m_clock()); });
}

void ProgressStore::setChapterPosition(const QString& chapterId, double position)
{
    position = std::clamp(position, 0.0, 1.0);
    write("INSERT INTO chapters(chapter_id, position, opened_at) VALUES(?1, ?2, ?3) "
          "ON CONFLICT(chapter_id) DO UPDATE SET position = excluded.position",
          [&](SqliteStatement& st) { st.bind(1, chapterId).bind(2, position).bind(3, m_clock()); });
}

void ProgressStore::markChapterRead(const QString& chapterId)
{
    write("INSERT INTO chapters(chapter_id, read, opened_at) VALUES(?1, 1, ?2) "
          "ON CONFLICT(chapter_id) DO UPDATE SET read = 1",
          [&](SqliteStatement& st) { st.bind(1, chapterId).bind(2, m_clock()); });
}

std::optional<ChapterProgress> ProgressStore::chapter(const QString& chapterId) const
{
    for (const ChapterProgress& c : chapters()) {
        if (c.chapterId == chapterId)
            return c;
    }
    return std::nullopt;
}

QList<ChapterProgress> ProgressStore::chapters() const
{
    QList<ChapterProgress> out;
    SqliteStatement st(*m_db, "SELECT chapter_id, position, read, opened_at FROM chapters "
                              "ORDER BY chapter_id");
    while (st.next())
        out.append({st.text(0), st.real(1), st.integer(2) != 0, st.integer(3)});
    m_db->clearError();
    return out;
}

void ProgressStore::setResume(const QString& kind, const QString& id)
{
    write("INSERT INTO resume(key, value) VALUES('kind', ?1), ('id', ?2) "
          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
          [&](SqliteStatement& st) { st.bind(1, kind).bind(2, id); });
}

std::optional<std::pair<QString, QString>> ProgressStore::resume() const
{
    QString kind, id;
    SqliteStatement st(*m_db, "SELECT key, value FROM resume");
    while (st.next())
        (st.text(0) == QLatin1String("kind") ? kind : id) = st.text(1);
    m_db->clearError();
    if (kind.isEmpty() || id.isEmpty())
        return std::nullopt;
    return std::make_pair(kind, id);
}

void ProgressStore::recordQuizAnswer(const QString& chapterId, int quiz, int choice, bool correct)
{
    write("INSERT INTO quiz_answers(chapter_id, quiz, choice, correct, answered_at, first_choice,"
          " first_correct, attempts) VALUES(?1, ?2, ?3, ?4, ?5, ?3, ?4, 1) "
          "ON CONFLICT(chapter_id, quiz) DO UPDATE SET choice = excluded.choice,"
          " correct = excluded.correct, answered_at = excluded.answered_at,"
          " attempts = attempts + 1",
          [&](SqliteStatement& st) {
              st.bind(1, chapterId).bind(2, quiz).bind(3, choice).bind(4, int(correct));
              st.bind(5, m_clock());
          });
}

namespace {
constexpr const char* kQuizColumns =
    "SELECT chapter_id, quiz, choice, correct, first_choice, first_correct, attempts,"
    " answered_at FROM quiz_answers ";

QuizAnswer readQuiz(const SqliteStatement& st)
{
    return {st.text(0),          int(st.integer(1)), int(st.integer(2)),
            st.integer(3) != 0,  int(st.integer(4)), st.integer(5) != 0,
            int(st.integer(6)),  st.integer(7)};
}
} // namespace

std::optional<QuizAnswer> ProgressStore::quizAnswer(const QString& chapterId, int quiz) const
{
    for (const QuizAnswer& a : quizAnswers(chapterId)) {
        if (a.quiz == quiz)
            return a;
    }
    return std::nullopt;
}

QList<QuizAnswer> ProgressStore::quizAnswers(const QString& chapterId) const
{
    QList<QuizAnswer> out;
    const QByteArray sql = QByteArray(kQuizColumns) + "WHERE chapter_id = ?1 ORDER BY quiz";
    SqliteStatement st(*m_db, sql.constData());
    st.bind(1, chapterId);
    while (st.next())
        out.append(readQuiz(st));
    m_db->clearError();
    return out;
}

std::pair<int, int> ProgressStore::quizScore(const QString& chapterId) const
{
    int right = 0;
    const QList<QuizAnswer> answers = quizAnswers(chapterId);
    for (const QuizAnswer& a : answers)
        right += a.firstCorrect ? 1 : 0;
    return {right, int(answers.size())};
}

qint64 ProgressStore::startLab(const QString& labId)
{
    if (!write("INSERT INTO lab_attempts(lab_id, started_at) VALUES(?1, ?2)",
               [&](SqliteStatement& st) { st.bind(1, labId).bind(2, m_clock()); }))
        return 0;
    return sqlite3_last_insert_rowid(m_db->handle());
}

void ProgressStore::stepPassed(qint64 attempt, int step)
{
    write("INSERT OR IGNORE INTO lab_steps(attempt_id, step, passed_at) VALUES(?1, ?2, ?3)",
          [&](SqliteStatement& st) { st.bind(1, attempt).bind(2, step).bind(3, m_clock()); });
}

void ProgressStore::predictionAnswered(qint64 attempt, int step, int choice)
{
    // The first answer counts: a prediction is made once, before the cluster moves on.
    write("INSERT OR IGNORE INTO predictions(attempt_id, step, choice, answered_at) "
          "VALUES(?1, ?2, ?3, ?4)",
          [&](SqliteStatement& st) {
              st.bind(1, attempt).bind(2, step).bind(3, choice).bind(4, m_clock());
          });
}

void ProgressStore::predictionGraded(qint64 attempt, int step, bool correct)
{
    write("UPDATE predictions SET correct = ?3 WHERE attempt_id = ?1 AND step = ?2",
          [&](SqliteStatement& st) { st.bind(1, attempt).bind(2, step).bind(3, int(correct)); });
}

void ProgressStore::hintUsed(qint64 attempt)
{
    write("UPDATE lab_attempts SET hints_used = hints_used + 1 WHERE id = ?1",
          [&](SqliteStatement& st) { st.bind(1, attempt); });
}

void ProgressStore::addLabTime(qint64 attempt, qint64 seconds)
{
    write("UPDATE lab_attempts SET seconds_spent = seconds_spent + ?2 WHERE id = ?1",
          [&](SqliteStatement& st) { st.bind(1, attempt).bind(2, std::max<qint64>(0, seconds)); });
}

void ProgressStore::finishLab(qint64 attempt, bool passed)
{
    write("UPDATE lab_attempts SET finished_at = ?2, passed = ?3 WHERE id = ?1",
          [&](SqliteStatement& st) { st.bind(1, attempt).bind(2, m_clock()).bind(3, int(passed)); });
}

LabAttempt ProgressStore::readAttempt(SqliteStatement& row) const
{
    LabAttempt a;
    a.id = row.integer(0);
    a.labId = row.text(1);
    a.startedAt = row.integer(2);
    a.finishedAt = row.integer(3);
    a.passed = row.integer(4) != 0;
    a.hintsUsed = int(row.integer(5));
    a.secondsSpent = row.integer(6);
    SqliteStatement steps(*m_db, "SELECT step FROM lab_steps WHERE attempt_id = ?1 ORDER BY step");
    steps.bind(1, a.id);
    while (steps.next())
        a.stepsPassed.append(int(steps.integer(0)));
    SqliteStatement preds(*m_db, "SELECT step, choice, correct FROM predictions "
                                 "WHERE attempt_id = ?1 ORDER BY step");
    preds.bind(1, a.id);
    while (preds.next()) {
        PredictionAnswer p{int(preds.integer(0)), int(preds.integer(1)), std::nullopt};
        if (!preds.isNull(2))
            p.correct = preds.integer(2) != 0;
        a.predictions.append(p);
    }
    return a;
}

QList<LabAttempt> ProgressStore::attempts(const QString& labId) const
{
    QList<LabAttempt> out;
    SqliteStatement st(*m_db, "SELECT id, lab_id, started_at, finished_at, passed, hints_used,"
                              " seconds_spent FROM lab_attempts WHERE lab_id = ?1 "
                              "ORDER BY started_at, id");
    st.bind(1, labId);
    while (st.next())
        out.append(readAttempt(st));
    m_db->clearError();
    return out;
}

std::optional<LabAttempt> ProgressStore::latestAttempt(const QString& labId) const
{
    QList<LabAttempt> all = attempts(labId);
    if (all.isEmpty())
        return std::nullopt;
    return all.takeLast();
}

LabState ProgressStore::labState(const QString& labId) const
{
    const QList<LabAttempt> all = attempts(labId);
    if (all.isEmpty())
        return LabState::NotStarted;
    for (const LabAttempt& a : all) {
        if (a.passed)
            return LabState::Passed;
    }
    return LabState::InProgress;
}

qint64 ProgressStore::addBookmark(const QString& chapterId, const QString& anchor,
                                  const QString& note)
{
    if (!write("INSERT INTO bookmarks(chapter_id, anchor, note, created_at) VALUES(?1, ?2, ?3, ?4)",
               [&](SqliteStatement& st) {
                   st.bind(1, chapterId).bind(2, anchor).bind(3, note).bind(4, m_clock());
               }))
        return 0;
    return sqlite3_last_insert_rowid(m_db->handle());
}

void ProgressStore::removeBookmark(qint64 id)
{
    write("DELETE FROM bookmarks WHERE id = ?1", [&](SqliteStatement& st) { st.bind(1, id); });
}

QList<Bookmark> ProgressStore::bookmarks() const
{
    QList<Bookmark> out;
    SqliteStatement st(*m_db, "SELECT id, chapter_id, anchor, note, created_at FROM bookmarks "
                              "ORDER BY created_at, id");
    while (st.next())
        out.append({st.integer(0), st.text(1), st.text(2), st.text(3), st.integer(4)});
    m_db->clearError();
    return out;
}

} // namespace kubelab::app
