#pragma once
// Full-text search over the chapters and labs (Ctrl+K): an in-memory SQLite FTS5 index built
// at start from the texts compiled into the app (a few hundred kilobytes, milliseconds), so
// it is never stale and never needs migrating. Words match by prefix, all words must match,
// and results are ranked by bm25 with titles weighted above the body.
#include <QList>
#include <QString>

#include <memory>

namespace kubelab::app {

class SqliteDb;

struct SearchDocument
{
    QString kind;  // "chapter" or "lab"
    QString id;    // chapter ID or lab ID
    QString title;
    QString text;  // plain text, no markup
};

struct SearchHit
{
    QString kind;
    QString id;
    QString title;
    QString snippetHtml; // the matched words in context, each inside <b>...</b>, HTML-escaped
    QString matchedText; // the first matched word as it is written in the text, to find it there
};

class SearchIndex
{
public:
    SearchIndex();
    ~SearchIndex();
    SearchIndex(const SearchIndex&) = delete;
    SearchIndex& operator=(const SearchIndex&) = delete;

    void add(const SearchDocument& doc);
    int size() const { return m_count; }
    // The learner's words, best match first. Punctuation is ignored; an empty query or one
    // without a letter or digit finds nothing.
    QList<SearchHit> search(const QString& query, int limit = 20) const;
    const QString& error() const;

private:
    std::unique_ptr<SqliteDb> m_db;
    int m_count = 0;
};

// FTS5 query text for the learner's words: each word quoted and matched as a prefix.
QString ftsQuery(const QString& words);

} // namespace kubelab::app
