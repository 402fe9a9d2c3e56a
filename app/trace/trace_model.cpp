#include "app/trace/trace_model.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "app/core/virtual_time.h"
#include "app/trace/components.h"
#include "engine/sim/trace.h"

namespace kubelab::app {

namespace {

// glibc's memmem skips ahead where std::string::find stops at every quote of the JSON.
bool contains(const char* haystack, size_t size, const std::string& needle)
{
    return memmem(haystack, size, needle.data(), needle.size()) != nullptr;
}

// The engine marks records of periodic timers (and of what they set off) this way; keys of
// the compact detail JSON never contain spaces.
bool isPeriodic(const sim::TraceRecord& r)
{
    static const std::string marker = "\"periodic\":true";
    return contains(r.detail.data(), r.detail.size(), marker);
}

} // namespace

TraceModel::TraceModel(QObject* parent) : QAbstractTableModel(parent) {}

std::uint32_t TraceModel::intern(std::unordered_map<std::string, std::uint32_t>& ids,
                                 std::vector<std::string>& names, const std::string& name)
{
    auto [it, added] = ids.try_emplace(name, std::uint32_t(names.size()));
    if (!added)
        return it->second;
    names.push_back(name);
    // A filter may name what was not seen yet; its compiled form learns the new id.
    if (&names == &m_kindNames && !m_compiled.kinds.empty())
        m_compiled.kinds.push_back(m_filter.kinds->count(name) > 0);
    if (&names == &m_actorNames && m_compiled.actor == -2 && name == m_filter.actor)
        m_compiled.actor = it->second;
    return it->second;
}

void TraceModel::compile()
{
    CompiledFilter c;
    if (!m_filter.actor.empty()) {
        auto it = m_actorIds.find(m_filter.actor);
        c.actor = it == m_actorIds.end() ? -2 : std::int64_t(it->second);
    }
    c.object = m_filter.object.trimmed().toLower().toStdString();
    if (m_filter.kinds) {
        c.kinds.resize(m_kindNames.size());
        for (size_t i = 0; i < m_kindNames.size(); ++i)
            c.kinds[i] = m_filter.kinds->count(m_kindNames[i]) > 0;
        // A filter on kinds none of which was seen yet must still show nothing: the empty
        // vector means "every kind", so give it a slot.
        if (c.kinds.empty())
            c.kinds.push_back(false);
    }
    c.hidePeriodic = m_filter.hidePeriodic;
    m_compiled = std::move(c);
}

bool TraceModel::passes(size_t record) const
{
    const Info& info = m_info[record];
    const CompiledFilter& c = m_compiled;
    if (c.hidePeriodic && info.periodic)
        return false;
    if (c.actor != -1 && std::int64_t(info.actor) != c.actor)
        return false;
    if (!c.kinds.empty() && (info.kind >= c.kinds.size() || !c.kinds[info.kind]))
        return false;
    if (!c.object.empty() && !contains(m_targets.data() + m_targetStart[record],
                                       m_targetStart[record + 1] - m_targetStart[record], c.object))
        return false;
    return true;
}

void TraceModel::sync(const sim::Trace& trace)
{
    const size_t kept = m_follower.sync(trace);
    m_trace = &trace;
    // Rows of records that were cut back.
    if (const auto firstGone = std::lower_bound(m_rows.begin(), m_rows.end(), kept);
        firstGone != m_rows.end()) {
        beginRemoveRows({}, int(firstGone - m_rows.begin()), int(m_rows.size()) - 1);
        m_rows.erase(firstGone, m_rows.end());
        endRemoveRows();
    }
    m_info.resize(kept);
    m_targets.resize(m_targetStart[kept]);
    m_targetStart.resize(kept + 1);
    const size_t actors = m_actorNames.size(), kinds = m_kindNames.size();
    std::vector<size_t> added;
    for (auto it = trace.from(kept); it != trace.end(); ++it) {
        const size_t i = it.index();
        const sim::TraceRecord& r = *it;
        m_info.push_back({intern(m_actorIds, m_actorNames, r.actor),
                          intern(m_kindIds, m_kindNames, r.kind), isPeriodic(r)});
        for (char ch : r.target)
            m_targets.push_back(char(std::tolower(static_cast<unsigned char>(ch))));
        m_targetStart.push_back(m_targets.size());
        if (passes(i))
            added.push_back(i);
    }
    if (!added.empty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.insert(m_rows.end(), added.begin(), added.end());
        endInsertRows();
    }
    if (m_actorNames.size() != actors || m_kindNames.size() != kinds)
        Q_EMIT vocabularyChanged();
}

void TraceModel::setFilter(const TraceFilter& filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    compile();
    m_rows.clear();
    for (size_t i = 0; i < m_info.size(); ++i)
        if (passes(i))
            m_rows.push_back(i);
    endResetModel();
}

int TraceModel::rowOf(size_t record) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), record);
    return it != m_rows.end() && *it == record ? int(it - m_rows.begin()) : -1;
}

std::vector<std::string> TraceModel::actors() const
{
    std::vector<std::string> names = m_actorNames;
    sortComponents(names);
    return names;
}

std::vector<std::string> TraceModel::kinds() const
{
    std::vector<std::string> names = m_kindNames;
    std::sort(names.begin(), names.end());
    return names;
}

int TraceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TraceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceModel::data(const QModelIndex& index, int role) const
{
    // Between a rewind and the next sync the trace may be shorter than the rows.
    if (!m_trace || !index.isValid() || size_t(index.row()) >= m_rows.size() ||
        m_rows[size_t(index.row())] >= m_trace->size())
        return {};
    const size_t record = m_rows[size_t(index.row())];
    if (role == Qt::TextAlignmentRole && (index.column() == Seq || index.column() == Time))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    const sim::TraceRecord& r = (*m_trace)[record];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return formatVirtualTime(r.time);
        case Seq: return QVariant::fromValue<qulonglong>(record + 1);
        case Actor: return QString::fromStdString(r.actor);
        case Target: return QString::fromStdString(r.target);
        case Kind: return QString::fromStdString(r.kind);
        case Summary: return QString::fromStdString(r.summary);
        }
    }
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(r.detailJson().dump(2)).left(4000);
    return {};
}

QVariant TraceModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"#", "Summary", "Time", "Actor", "Target", "Kind"};
    return tr(names[section]);
}

} // namespace kubelab::app
