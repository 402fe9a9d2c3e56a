// ProgressStore's export and import: the learner's progress as one JSON document, so it can
// move to another machine or survive a reinstall. The format is documented in
// app/progress/README.md; import checks every field before it changes anything.
#include "app/progress/progress_store.h"
#include "app/progress/sqlite_db.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <sqlite3.h>

namespace kubelab::app {

namespace {

constexpr const char* kFormat = "kubelab-progress";
constexpr int kFormatVersion = 1;

// Reads fields of a JSON object, remembering the first problem with its path
// ("labAttempts[1].stepsPassed[0]: expected a whole number").
class Reader
{
public:
    QString error;

    static QString join(const QString& path, const char* key)
    {
        return path.isEmpty() ? QLatin1String(key) : path + QLatin1Char('.') + QLatin1String(key);
    }
    bool fail(const QString& path, const QString& what)
    {
        if (error.isEmpty())
            error = QStringLiteral("%1: %2").arg(path, what);
        return false;
    }
    QString string(const QJsonObject& o, const QString& path, const char* key, bool required = true)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString())
            fail(join(path, key), QStringLiteral("expected a string"));
        return v.toString();
    }
    qint64 integer(const QJsonObject& o, const QString& path, const char* key, qint64 min = 0)
    {
        return integer(o.value(QLatin1String(key)), join(path, key), min);
    }
    qint64 integer(const QJsonValue& v, const QString& path, qint64 min = 0)
    {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != double(qint64(d)) || d < double(min) || d > 9.0e15) {
            fail(path, QStringLiteral("expected a whole number of at least %1").arg(min));
            return min;
        }
        return qint64(d);
    }
    bool boolean(const QJsonObject& o, const QString& path, const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isBool())
            fail(join(path, key), QStringLiteral("expected true or false"));
        return v.toBool();
    }
    QJsonArray array(const QJsonObject& o, const char* key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return {};
        if (!v.isArray())
            fail(QLatin1String(key), QStringLiteral("expected a list"));
        return v.toArray();
    }
    QJsonObject object(const QJsonValue& v, const QString& path)
    {
        if (!v.isObject())
            fail(path, QStringLiteral("expected an object"));
        return v.toObject();
    }
};

QString itemPath(const char* list, qsizetype i)
{
    return QStringLiteral("%1[%2]").arg(QLatin1String(list)).arg(i);
}

// Line and column (from 1) of a byte offset, for JSON parse errors.
QString placeOf(const QByteArray& text, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

} // namespace

QByteArray ProgressStore::exportJson() const
{
    QJsonObject root{{QStringLiteral("format"), QLatin1String(kFormat)},
                     {QStringLiteral("version"), kFormatVersion}};
    QJsonArray chapterList;
    for (const ChapterProgress& c : chapters()) {
        chapterList.append(QJsonObject{{QStringLiteral("chapter"), c.chapterId},
                                       {QStringLiteral("position"), c.position},
                                       {QStringLiteral("read"), c.read},
                                       {QStringLiteral("openedAt"), c.openedAt}});
    }
    root.insert(QStringLiteral("chapters"), chapterList);

    QJsonArray quizzes;
    {
        SqliteStatement st(*m_db, "SELECT DISTINCT chapter_id FROM quiz_answers ORDER BY chapter_id");
        QStringList ids;
        while (st.next())
            ids.append(st.text(0));
        for (const QString& id : ids) {
            for (const QuizAnswer& a : quizAnswers(id)) {
                quizzes.append(QJsonObject{{QStringLiteral("chapter"), a.chapterId},
                                           {QStringLiteral("quiz"), a.quiz},
                                           {QStringLiteral("choice"), a.choice},
                                           {QStringLiteral("correct"), a.correct},
                                           {QStringLiteral("firstChoice"), a.firstChoice},
                                           {QStringLiteral("firstCorrect"), a.firstCorrect},
                                           {QStringLiteral("attempts"), a.attempts},
                                           {QStringLiteral("answeredAt"), a.answeredAt}});
            }
        }
    }
    root.insert(QStringLiteral("quizAnswers"), quizzes);

    QJsonArray labs;
    {
        SqliteStatement st(*m_db, "SELECT DISTINCT lab_id FROM lab_attempts ORDER BY lab_id");
        QStringList ids;
        while (st.next())
            ids.append(st.text(0));
        for (const QString& id : ids) {
            for (const LabAttempt& a : attempts(id)) {
                QJsonArray steps, predictions;
                for (int s : a.stepsPassed)
                    steps.append(s);
                for (const PredictionAnswer& p : a.predictions) {
                    predictions.append(QJsonObject{
                        {QStringLiteral("step"), p.step},
                        {QStringLiteral("choice"), p.choice},
                        {QStringLiteral("correct"), p.correct ? QJsonValue(*p.correct) : QJsonValue()}});
                }
                labs.append(QJsonObject{{QStringLiteral("lab"), a.labId},
                                        {QStringLiteral("startedAt"), a.startedAt},
                                        {QStringLiteral("finishedAt"), a.finishedAt},
                                        {QStringLiteral("passed"), a.passed},
                                        {QStringLiteral("hintsUsed"), a.hintsUsed},
                                        {QStringLiteral("secondsSpent"), a.secondsSpent},
                                        {QStringLiteral("stepsPassed"), steps},
                                        {QStringLiteral("predictions"), predictions}});
            }
        }
    }
    root.insert(QStringLiteral("labAttempts"), labs);

    QJsonArray marks;
    for (const Bookmark& b : bookmarks()) {
        marks.append(QJsonObject{{QStringLiteral("chapter"), b.chapterId},
                                 {QStringLiteral("anchor"), b.anchor},
                                 {QStringLiteral("note"), b.note},
                                 {QStringLiteral("createdAt"), b.createdAt}});
    }
    root.insert(QStringLiteral("bookmarks"), marks);
    if (const auto r = resume())
        root.insert(QStringLiteral("resume"), QJsonObject{{QStringLiteral("kind"), r->first},
                                                          {QStringLiteral("id"), r->second}});
    m_db->clearError();
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool ProgressStore::importJson(const QByteArray& json, QString* error)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1: %2").arg(placeOf(json, parse.offset), parse.errorString());
        return false;
    }
    Reader r;
    const QJsonObject root = r.object(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(),
                                      QStringLiteral("(top level)"));
    if (r.error.isEmpty() && root.value(QLatin1String("format")).toString() != QLatin1String(kFormat))
        r.fail(QStringLiteral("format"), QStringLiteral("this is not a KubeLab progress export"));
    if (r.error.isEmpty() && r.integer(root, QString(), "version", 1) > kFormatVersion)
        r.fail(QStringLiteral("version"), QStringLiteral("written by a newer KubeLab"));

    // Read everything first; write only when every field is right.
    const QJsonArray chapterList = r.array(root, "chapters");
    const QJsonArray quizzes = r.array(root, "quizAnswers");
    const QJsonArray labs = r.array(root, "labAttempts");
    const QJsonArray marks = r.array(root, "bookmarks");
    QList<ChapterProgress> chaptersIn;
    for (qsizetype i = 0; i < chapterList.size(); ++i) {
        const QString p = itemPath("chapters", i);
        const QJsonObject o = r.object(chapterList[i], p);
        const double position = o.value(QLatin1String("position")).toDouble(-1);
        if (position < 0 || position > 1)
            r.fail(p + QStringLiteral(".position"), QStringLiteral("expected a number from 0 to 1"));
        chaptersIn.append({r.string(o, p, "chapter"), position, r.boolean(o, p, "read"),
                           r.integer(o, p, "openedAt")});
    }
    QList<QuizAnswer> quizIn;
    for (qsizetype i = 0; i < quizzes.size(); ++i) {
        const QString p = itemPath("quizAnswers", i);
        const QJsonObject o = r.object(quizzes[i], p);
        quizIn.append({r.string(o, p, "chapter"), int(r.integer(o, p, "quiz")),
                       int(r.integer(o, p, "choice")), r.boolean(o, p, "correct"),
                       int(r.integer(o, p, "firstChoice")), r.boolean(o, p, "firstCorrect"),
                       int(r.integer(o, p, "attempts", 1)), r.integer(o, p, "answeredAt")});
    }
    QList<LabAttempt> labsIn;
    for (qsizetype i = 0; i < labs.size(); ++i) {
        const QString p = itemPath("labAttempts", i);
        const QJsonObject o = r.object(labs[i], p);
        LabAttempt a;
        a.labId = r.string(o, p, "lab");
        a.startedAt = r.integer(o, p, "startedAt");
        a.finishedAt = r.integer(o, p, "finishedAt");
        a.passed = r.boolean(o, p, "passed");
        a.hintsUsed = int(r.integer(o, p, "hintsUsed"));
        a.secondsSpent = r.integer(o, p, "secondsSpent");
        const QJsonArray steps = o.value(QLatin1String("stepsPassed")).toArray();
        for (qsizetype s = 0; s < steps.size(); ++s)
            a.stepsPassed.append(int(r.integer(steps[s], QStringLiteral("%1.stepsPassed[%2]").arg(p).arg(s))));
        const QJsonArray preds = o.value(QLatin1String("predictions")).toArray();
        for (qsizetype s = 0; s < preds.size(); ++s) {
            const QString pp = QStringLiteral("%1.predictions[%2]").arg(p).arg(s);
            const QJsonObject po = r.object(preds[s], pp);
            PredictionAnswer pa{int(r.integer(po, pp, "step")), int(r.integer(po, pp, "choice")),
                                std::nullopt};
            if (!po.value(QLatin1String("correct")).isNull())
                pa.correct = r.boolean(po, pp, "correct");
            a.predictions.append(pa);
        }
        labsIn.append(a);
    }
    QList<Bookmark> marksIn;
    for (qsizetype i = 0; i < marks.size(); ++i) {
        const QString p = itemPath("bookmarks", i);
        const QJsonObject o = r.object(marks[i], p);
        marksIn.append({0, r.string(o, p, "chapter"), r.string(o, p, "anchor", false),
                        r.string(o, p, "note", false), r.integer(o, p, "createdAt")});
    }
    if (!r.error.isEmpty()) {
        *error = r.error;
        return false;
    }

    // Merge in one transaction.
    const bool hadResume = resume().has_value();
    m_db->exec("BEGIN IMMEDIATE");
    for (const ChapterProgress& c : chaptersIn) {
        SqliteStatement st(*m_db,
            "INSERT INTO chapters(chapter_id, position, read, opened_at) VALUES(?1, ?2, ?3, ?4) "
            "ON CONFLICT(chapter_id) DO UPDATE SET read = max(read, excluded.read),"
            " position = CASE WHEN excluded.opened_at > opened_at THEN excluded.position"
            " ELSE position END, opened_at = max(opened_at, excluded.opened_at)");
        st.bind(1, c.chapterId).bind(2, c.position).bind(3, int(c.read)).bind(4, c.openedAt).run();
    }
    for (const QuizAnswer& a : quizIn) {
        SqliteStatement st(*m_db,
            "INSERT OR IGNORE INTO quiz_answers(chapter_id, quiz, choice, correct, answered_at,"
            " first_choice, first_correct, attempts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        st.bind(1, a.chapterId).bind(2, a.quiz).bind(3, a.choice).bind(4, int(a.correct));
        st.bind(5, a.answeredAt).bind(6, a.firstChoice).bind(7, int(a.firstCorrect));
        st.bind(8, a.attempts).run();
    }
    for (const LabAttempt& a : labsIn) {
        SqliteStatement seen(*m_db, "SELECT count(*) FROM lab_attempts WHERE lab_id = ?1 AND started_at = ?2");
        seen.bind(1, a.labId).bind(2, a.startedAt);
        if (seen.next() && seen.integer(0) > 0)
            continue;
        SqliteStatement st(*m_db,
            "INSERT INTO lab_attempts(lab_id, started_at, finished_at, passed, hints_used,"
            " seconds_spent) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
        st.bind(1, a.labId).bind(2, a.startedAt).bind(3, a.finishedAt).bind(4, int(a.passed));
        st.bind(5, a.hintsUsed).bind(6, a.secondsSpent).run();
        const qint64 id = sqlite3_last_insert_rowid(m_db->handle());
        for (int s : a.stepsPassed) {
            SqliteStatement step(*m_db, "INSERT OR IGNORE INTO lab_steps VALUES(?1, ?2, ?3)");
            step.bind(1, id).bind(2, s).bind(3, a.finishedAt ? a.finishedAt : a.startedAt).run();
        }
        for (const PredictionAnswer& p : a.predictions) {
            SqliteStatement pred(*m_db, "INSERT OR IGNORE INTO predictions VALUES(?1, ?2, ?3, ?4, ?5)");
            pred.bind(1, id).bind(2, p.step).bind(3, p.choice);
            if (p.correct)
                pred.bind(4, int(*p.correct));
            else
                pred.bindNull(4);
            pred.bind(5, a.startedAt).run();
        }
    }
    for (const Bookmark& b : marksIn) {
        SqliteStatement st(*m_db,
            "INSERT INTO bookmarks(chapter_id, anchor, note, created_at) SELECT ?1, ?2, ?3, ?4 "
            "WHERE NOT EXISTS (SELECT 1 FROM bookmarks WHERE chapter_id = ?1 AND anchor = ?2"
            " AND note = ?3 AND created_at = ?4)");
        st.bind(1, b.chapterId).bind(2, b.anchor).bind(3, b.note).bind(4, b.createdAt).run();
    }
    const QJsonObject resumeIn = root.value(QLatin1String("resume")).toObject();
    if (!hadResume && !resumeIn.value(QLatin1String("id")).toString().isEmpty()) {
        SqliteStatement st(*m_db, "INSERT OR REPLACE INTO resume(key, value) VALUES('kind', ?1), ('id', ?2)");
        st.bind(1, resumeIn.value(QLatin1String("kind")).toString())
            .bind(2, resumeIn.value(QLatin1String("id")).toString())
            .run();
    }
    if (!m_db->exec("COMMIT")) {
        m_db->rollback();
        *error = m_db->error();
        m_db->clearError();
        return false;
    }
    return true;
}

} // namespace kubelab::app
