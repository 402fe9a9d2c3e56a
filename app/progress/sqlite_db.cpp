#include "app/progress/sqlite_db.h"

#include <sqlite3.h>

namespace kubelab::app {

SqliteDb::SqliteDb(const QString& path, int flags)
{
    if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK)
        failFromDb("cannot open the file");
    else
        sqlite3_extended_result_codes(m_db, 1);
}

SqliteDb::~SqliteDb()
{
    sqlite3_close_v2(m_db);
}

void SqliteDb::failFromDb(const char* what)
{
    if (!ok())
        return;
    m_errorCode = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_NOMEM;
    m_sqliteMessage = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
    m_error = QStringLiteral("%1: %2").arg(QString::fromUtf8(what), m_sqliteMessage);
}

void SqliteDb::fail(const QString& what, int code)
{
    if (ok()) {
        m_error = what;
        m_errorCode = code;
    }
}

bool SqliteDb::exec(const char* sql, const char* what)
{
    if (!ok())
        return false;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        failFromDb(what);
        return false;
    }
    return true;
}

void SqliteDb::rollback()
{
    if (m_db && !sqlite3_get_autocommit(m_db))
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

qint64 SqliteDb::scalar(const char* sql, qint64 fallback)
{
    SqliteStatement st(*this, sql);
    return st.next() ? st.integer(0) : fallback;
}

SqliteStatement::SqliteStatement(SqliteDb& db, const char* sql) : m_db(db)
{
    if (db.ok() && sqlite3_prepare_v2(db.m_db, sql, -1, &m_st, nullptr) != SQLITE_OK)
        db.failFromDb("SQL failed");
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_st);
}

SqliteStatement& SqliteStatement::bind(int i, const QString& text)
{
    return bind(i, text.toStdString());
}

SqliteStatement& SqliteStatement::bind(int i, const std::string& text)
{
    if (m_st)
        sqlite3_bind_text(m_st, i, text.data(), int(text.size()), SQLITE_TRANSIENT);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int i, qint64 value)
{
    if (m_st)
        sqlite3_bind_int64(m_st, i, value);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int i, double value)
{
    if (m_st)
        sqlite3_bind_double(m_st, i, value);
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int i)
{
    if (m_st)
        sqlite3_bind_null(m_st, i);
    return *this;
}

bool SqliteStatement::next()
{
    if (!m_st || !m_db.ok())
        return false;
    const int rc = sqlite3_step(m_st);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        m_db.failFromDb("SQL failed");
    return false;
}

bool SqliteStatement::run()
{
    while (next()) {
    }
    reset();
    return m_db.ok();
}

void SqliteStatement::reset()
{
    if (m_st) {
        sqlite3_reset(m_st);
        sqlite3_clear_bindings(m_st);
    }
}

QString SqliteStatement::text(int column) const
{
    return QString::fromStdString(bytes(column));
}

std::string SqliteStatement::bytes(int column) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_st, column));
    return p ? std::string(p, size_t(sqlite3_column_bytes(m_st, column))) : std::string();
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_st, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_st, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_st, column) == SQLITE_NULL;
}

} // namespace kubelab::app
