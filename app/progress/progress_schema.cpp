// The progress database's schema as numbered migrations. A migration is appended, never
// edited once released: a learner's file at version N is brought up by running N+1.. in
// order (tests/app/progress/tst_progress_store.cpp starts from every version).
#include "app/progress/progress_store.h"
#include "app/progress/sqlite_db.h"

#include <QByteArray>

namespace kubelab::app {

namespace {

const char* const kMigrations[] = {
    // 1: chapters, quiz answers, what to resume.
    "CREATE TABLE chapters(chapter_id TEXT PRIMARY KEY, position REAL NOT NULL DEFAULT 0,"
    " read INTEGER NOT NULL DEFAULT 0, opened_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE quiz_answers(chapter_id TEXT NOT NULL, quiz INTEGER NOT NULL,"
    " choice INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at INTEGER NOT NULL,"
    " PRIMARY KEY(chapter_id, quiz));"
    "CREATE TABLE resume(key TEXT PRIMARY KEY, value TEXT NOT NULL);",

    // 2: the score counts first tries, so keep the first answer beside the latest.
    "ALTER TABLE quiz_answers ADD COLUMN first_choice INTEGER;"
    "ALTER TABLE quiz_answers ADD COLUMN first_correct INTEGER;"
    "ALTER TABLE quiz_answers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;"
    "UPDATE quiz_answers SET first_choice = choice, first_correct = correct;",

    // 3: labs: attempts, the steps each passed, predictions and their grades.
    "CREATE TABLE lab_attempts(id INTEGER PRIMARY KEY, lab_id TEXT NOT NULL,"
    " started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0,"
    " passed INTEGER NOT NULL DEFAULT 0, hints_used INTEGER NOT NULL DEFAULT 0,"
    " seconds_spent INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX lab_attempts_by_lab ON lab_attempts(lab_id, started_at);"
    "CREATE TABLE lab_steps(attempt_id INTEGER NOT NULL"
    " REFERENCES lab_attempts(id) ON DELETE CASCADE, step INTEGER NOT NULL,"
    " passed_at INTEGER NOT NULL, PRIMARY KEY(attempt_id, step));"
    "CREATE TABLE predictions(attempt_id INTEGER NOT NULL"
    " REFERENCES lab_attempts(id) ON DELETE CASCADE, step INTEGER NOT NULL,"
    " choice INTEGER NOT NULL, correct INTEGER, answered_at INTEGER NOT NULL,"
    " PRIMARY KEY(attempt_id, step));",

    // 4: bookmarks with the learner's notes.
    "CREATE TABLE bookmarks(id INTEGER PRIMARY KEY, chapter_id TEXT NOT NULL,"
    " anchor TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
    " created_at INTEGER NOT NULL);",
};

} // namespace

int progressMigrationCount()
{
    return int(std::size(kMigrations));
}

bool migrateProgress(SqliteDb& db, int target)
{
    if (target < 0)
        target = progressMigrationCount();
    int version = int(db.scalar("PRAGMA user_version"));
    while (db.ok() && version < target) {
        const QByteArray sql = QByteArray("BEGIN IMMEDIATE;") + kMigrations[version] +
                               "PRAGMA user_version=" + QByteArray::number(version + 1) +
                               ";COMMIT;";
        if (!db.exec(sql.constData(), "upgrading the progress file failed")) {
            db.rollback();
            return false;
        }
        ++version;
    }
    return db.ok();
}

} // namespace kubelab::app
