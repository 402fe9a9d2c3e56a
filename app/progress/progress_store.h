#pragma once
// The learner's progress in one SQLite database (WAL) in the app's data folder: chapters
// opened and read with the place the learner stopped, quiz answers, lab attempts (steps
// passed, predictions, hints, time), bookmarks with notes, and what to resume. The main
// window owns one; the notes, quiz and lab views write through it as the learner acts, each
// call its own committed transaction (a crash loses at most the call in flight).
//
// open() never fails: a file SQLite cannot read, or one from a newer KubeLab, is renamed
// aside (nothing is deleted) and a fresh database started, with a message for the learner.
// Schema changes are numbered migrations (progress_schema.cpp), applied in order.
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace kubelab::app {

class SqliteDb;

struct ChapterProgress
{
    QString chapterId;
    double position = 0; // how far down the learner scrolled, 0..1
    bool read = false;   // reached the end at least once
    qint64 openedAt = 0; // ms since the epoch, last time the chapter was shown
};

struct QuizAnswer
{
    QString chapterId;
    int quiz = 0; // the quiz's index in its chapter, from 0
    int choice = 0;
    bool correct = false;
    int firstChoice = 0; // the first answer given: the score counts first tries
    bool firstCorrect = false;
    int attempts = 0;
    qint64 answeredAt = 0;
};

struct PredictionAnswer
{
    int step = 0;
    int choice = 0;
    std::optional<bool> correct; // graded once the cluster has moved past the step
};

struct LabAttempt
{
    qint64 id = 0;
    QString labId;
    qint64 startedAt = 0;
    qint64 finishedAt = 0; // 0 while in progress
    bool passed = false;
    int hintsUsed = 0;
    qint64 secondsSpent = 0;
    QList<int> stepsPassed;
    QList<PredictionAnswer> predictions;
};

enum class LabState { NotStarted, InProgress, Passed };

struct Bookmark
{
    qint64 id = 0;
    QString chapterId;
    QString anchor; // a heading's id in the chapter, or empty for its top
    QString note;
    qint64 createdAt = 0;
};

class ProgressStore
{
public:
    using Clock = std::function<qint64()>; // ms since the epoch; tests pass their own

    struct Opened
    {
        std::unique_ptr<ProgressStore> store;
        QString message; // for the learner when the old file was set aside, else empty
        QString setAside; // where the old file now is, else empty
    };
    // Opens or creates the database at `path` (its folder is created). Never returns null.
    static Opened open(const QString& path, Clock clock = {});
    // The schema version this build writes (the number of migrations).
    static int schemaVersion();

    ~ProgressStore();
    ProgressStore(const ProgressStore&) = delete;
    ProgressStore& operator=(const ProgressStore&) = delete;

    const QString& path() const { return m_path; }
    // The last write's error, empty when it succeeded (a full disk, a file made read-only).
    const QString& lastError() const { return m_lastError; }

    // Chapters.
    void chapterOpened(const QString& chapterId);
    void setChapterPosition(const QString& chapterId, double position);
    void markChapterRead(const QString& chapterId);
    std::optional<ChapterProgress> chapter(const QString& chapterId) const;
    QList<ChapterProgress> chapters() const;

    // What the app reopens at start: ("chapter", id) or ("lab", id).
    void setResume(const QString& kind, const QString& id);
    std::optional<std::pair<QString, QString>> resume() const;

    // Quizzes.
    void recordQuizAnswer(const QString& chapterId, int quiz, int choice, bool correct);
    std::optional<QuizAnswer> quizAnswer(const QString& chapterId, int quiz) const;
    QList<QuizAnswer> quizAnswers(const QString& chapterId) const;
    // Quizzes answered right at the first try, and quizzes answered, in a chapter.
    std::pair<int, int> quizScore(const QString& chapterId) const;

    // Labs. startLab() begins an attempt; the others update it.
    qint64 startLab(const QString& labId);
    void stepPassed(qint64 attempt, int step);
    void predictionAnswered(qint64 attempt, int step, int choice);
    void predictionGraded(qint64 attempt, int step, bool correct);
    void hintUsed(qint64 attempt);
    void addLabTime(qint64 attempt, qint64 seconds);
    void finishLab(qint64 attempt, bool passed);
    LabState labState(const QString& labId) const;
    std::optional<LabAttempt> latestAttempt(const QString& labId) const;
    QList<LabAttempt> attempts(const QString& labId) const;

    // Bookmarks.
    qint64 addBookmark(const QString& chapterId, const QString& anchor, const QString& note);
    void removeBookmark(qint64 id);
    QList<Bookmark> bookmarks() const;

    // Everything above as a JSON document, and back. Import merges into what is here (an
    // answer or attempt already present is kept) in one transaction: on an error nothing is
    // changed and `error` names the field ("quizAnswers[2].choice: expected a number").
    QByteArray exportJson() const;
    bool importJson(const QByteArray& json, QString* error);

private:
    ProgressStore(const QString& path, std::unique_ptr<SqliteDb> db, Clock clock);
    bool write(const char* sql, const std::function<void(class SqliteStatement&)>& bind);
    bool finishWrite();
    LabAttempt readAttempt(class SqliteStatement& row) const;

    QString m_path;
    std::unique_ptr<SqliteDb> m_db;
    Clock m_clock;
    QString m_lastError;
};

// The numbered migrations (progress_schema.cpp). migrateProgress() brings `db` from its
// PRAGMA user_version to `target` (default: the newest), each step in its own transaction.
// Tests build every earlier version with it.
bool migrateProgress(SqliteDb& db, int target = -1);
int progressMigrationCount();

} // namespace kubelab::app
