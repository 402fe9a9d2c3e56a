#include "app/progress/search_index.h"

#include "app/progress/sqlite_db.h"

#include <QRegularExpression>
#include <sqlite3.h>

namespace kubelab::app {

namespace {
// Marks around matched words in snippets; control characters never occur in indexed text
// (add() replaces them), so they cannot be confused with the text.
constexpr char16_t kOpen = 0x01;
constexpr char16_t kClose = 0x02;
} // namespace

SearchIndex::SearchIndex()
    : m_db(std::make_unique<SqliteDb>(QStringLiteral(":memory:"),
                                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
{
    m_db->exec("CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, id UNINDEXED, title, text,"
               " tokenize = 'porter unicode61')");
}

SearchIndex::~SearchIndex() = default;

const QString& SearchIndex::error() const
{
    return m_db->error();
}

void SearchIndex::add(const SearchDocument& doc)
{
    static const QRegularExpression control(QStringLiteral("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]"));
    QString text = doc.text;
    text.replace(control, QStringLiteral(" "));
    SqliteStatement st(*m_db, "INSERT INTO docs(kind, id, title, text) VALUES(?1, ?2, ?3, ?4)");
    st.bind(1, doc.kind).bind(2, doc.id).bind(3, doc.title).bind(4, text);
    if (st.run())
        ++m_count;
}

QString ftsQuery(const QString& words)
{
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}_]+"));
    QStringList terms;
    for (auto it = word.globalMatch(words); it.hasNext();)
        terms.append(QLatin1Char('"') + it.next().captured(0) + QStringLiteral("\"*"));
    return terms.join(QLatin1Char(' '));
}

QList<SearchHit> SearchIndex::search(const QString& query, int limit) const
{
    QList<SearchHit> hits;
    const QString match = ftsQuery(query);
    if (match.isEmpty())
        return hits;
    // bm25 weights: title 8, text 1 (kind and id are unindexed); snippet() takes the column
    // that matched best (title or text), about 14 tokens around the match.
    SqliteStatement st(*m_db, "SELECT kind, id, title, snippet(docs, -1, char(1), char(2), '…', 14)"
                              " FROM docs WHERE docs MATCH ?1"
                              " ORDER BY bm25(docs, 0, 0, 8.0, 1.0), id LIMIT ?2");
    st.bind(1, match).bind(2, limit);
    while (st.next()) {
        SearchHit hit{st.text(0), st.text(1), st.text(2), {}, {}};
        const QString snippet = st.text(3);
        const qsizetype open = snippet.indexOf(QChar(kOpen));
        const qsizetype close = snippet.indexOf(QChar(kClose), open);
        if (open >= 0 && close > open)
            hit.matchedText = snippet.mid(open + 1, close - open - 1);
        hit.snippetHtml = snippet.toHtmlEscaped()
                              .replace(QChar(kOpen), QStringLiteral("<b>"))
                              .replace(QChar(kClose), QStringLiteral("</b>"));
        hits.append(hit);
    }
    // A malformed query cannot reach SQLite (ftsQuery quotes every word), but a failed
    // statement must not leave the index unusable for the next one.
    m_db->clearError();
    return hits;
}

} // namespace kubelab::app
