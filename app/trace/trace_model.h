#pragma once
// The event log's model: a read-only table over the engine's trace (#, summary, time,
// actor, target, kind), filtered by component, object and kind, with periodic
// housekeeping (lease renewals, status checks) hidden unless asked for. It follows the
// trace incrementally: each record is classified once, when it first appears (its actor,
// kind, whether periodic, its target in lower case); a new filter rescans those, not the
// records, so refiltering 50,000 records fits in a frame.
#include <QAbstractTableModel>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/core/trace_follower.h"

namespace kubelab::sim {
class Trace;
struct TraceRecord;
} // namespace kubelab::sim

namespace kubelab::app {

struct TraceFilter
{
    std::string actor;                          // exactly this actor; "" for any
    QString object;                             // a part of the target, any case; "" for any
    std::optional<std::set<std::string>> kinds; // only these kinds; nullopt for every kind
    bool hidePeriodic = true;                   // hide records of periodic timers

    bool operator==(const TraceFilter&) const = default;
};

class TraceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // `#` is the event number (the record's place in the trace, from 1), the number the
    // timeline counts; the summary, the column a learner reads, comes next.
    enum Column { Seq, Summary, Time, Actor, Target, Kind, ColumnCount };

    explicit TraceModel(QObject* parent = nullptr);

    // Points at a (possibly new, after a rewind) trace and picks up what changed since the
    // last call: rows of records cut back go, rows of new records that pass come.
    void sync(const sim::Trace& trace);

    const TraceFilter& filter() const { return m_filter; }
    void setFilter(const TraceFilter& filter);

    // The trace index of a row, and the row of a trace index (-1 when filtered out).
    size_t recordAt(int row) const { return m_rows[size_t(row)]; }
    int rowOf(size_t record) const;
    // Records in the trace, shown or not.
    size_t recordCount() const { return m_info.size(); }
    // Every actor and kind seen so far, sorted (actors in components.h's order).
    std::vector<std::string> actors() const;
    std::vector<std::string> kinds() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

Q_SIGNALS:
    // A record of an actor or kind not seen before arrived (the filter bar's lists grow).
    void vocabularyChanged();

private:
    // What the filter looks at, worked out once per record.
    struct Info
    {
        std::uint32_t actor;
        std::uint32_t kind;
        bool periodic;
    };
    struct CompiledFilter
    {
        std::int64_t actor = -1; // -1: any; -2: an actor never seen (nothing passes)
        std::string object;      // lower case
        std::vector<bool> kinds; // by kind id; empty: every kind
        bool hidePeriodic = true;
    };
    std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids,
                         std::vector<std::string>& names, const std::string& name);
    void compile();
    bool passes(size_t record) const;

    const sim::Trace* m_trace = nullptr;
    TraceFollower m_follower;
    std::vector<Info> m_info; // per trace record
    // Every record's target in lower case, one after another: record i's is
    // [m_targetStart[i], m_targetStart[i + 1]). Object filters search this, not the trace.
    std::string m_targets;
    std::vector<size_t> m_targetStart{0};
    std::vector<size_t> m_rows; // trace indices of the rows shown, ascending
    std::unordered_map<std::string, std::uint32_t> m_actorIds, m_kindIds;
    std::vector<std::string> m_actorNames, m_kindNames;
    TraceFilter m_filter;
    CompiledFilter m_compiled;
};

} // namespace kubelab::app
