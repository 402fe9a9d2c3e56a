#pragma once
// A SQLite connection that closes itself, with the few calls the app's files need: run a
// script, prepare a statement, and step through rows. Used by ProgressStore, SearchIndex
// and the cluster files; the first failure is kept as the error (what, then SQLite's text)
// and every later call does nothing, so a caller checks once at the end.
#include <QString>

#include <QtGlobal>

struct sqlite3;
struct sqlite3_stmt;

namespace kubelab::app {

class SqliteStatement;

class SqliteDb
{
public:
    // `flags` are sqlite3_open_v2's (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE ...).
    SqliteDb(const QString& path, int flags);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    bool ok() const { return m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    // SQLite's own words for the first failure ("file is not a database"), without what
    // was being done; empty when the failure was not SQLite's.
    const QString& sqliteMessage() const { return m_sqliteMessage; }
    // The extended result code of the first failure (SQLITE_NOTADB, SQLITE_CORRUPT ...).
    int errorCode() const { return m_errorCode; }
    sqlite3* handle() const { return m_db; }

    // Runs one or more statements; false (and the error kept) on failure.
    bool exec(const char* sql, const char* what = "SQL failed");
    // A single integer from the first column of the first row (PRAGMA user_version ...).
    qint64 scalar(const char* sql, qint64 fallback = 0);
    // Ends an open transaction without its changes; runs even after a failure.
    void rollback();
    // Records a failure found by the caller (a bad value in a row).
    void fail(const QString& what, int code = 1);
    // Forgets an error so the connection can be used again (after a rolled-back write).
    void clearError()
    {
        m_error.clear();
        m_sqliteMessage.clear();
        m_errorCode = 0;
    }

private:
    friend class SqliteStatement;
    void failFromDb(const char* what);

    sqlite3* m_db = nullptr;
    QString m_error;
    QString m_sqliteMessage;
    int m_errorCode = 0;
};

// A prepared statement bound by position (1-based, as SQLite counts).
class SqliteStatement
{
public:
    SqliteStatement(SqliteDb& db, const char* sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int i, const QString& text);
    SqliteStatement& bind(int i, const std::string& text);
    SqliteStatement& bind(int i, qint64 value);
    SqliteStatement& bind(int i, int value) { return bind(i, qint64(value)); }
    SqliteStatement& bind(int i, double value);
    SqliteStatement& bindNull(int i);

    // Steps once: true while a row is ready. A statement that returns no rows is run with
    // run(), which steps to the end and resets it for the next binding.
    bool next();
    bool run();
    void reset();

    QString text(int column) const;
    std::string bytes(int column) const;
    qint64 integer(int column) const;
    double real(int column) const;
    bool isNull(int column) const;

private:
    SqliteDb& m_db;
    sqlite3_stmt* m_st = nullptr;
};

} // namespace kubelab::app
