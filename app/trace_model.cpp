#include "app/trace_model.h"

#include "engine/sim/trace.h"

namespace kubelab::app {

TraceModel::TraceModel(QObject* parent) : QAbstractTableModel(parent) {}

void TraceModel::sync(const sim::Trace& trace)
{
    const int size = int(trace.size());
    if (&trace != m_trace || size < m_rows) {
        beginResetModel();
        m_trace = &trace;
        m_rows = size;
        endResetModel();
        return;
    }
    if (size > m_rows) {
        beginInsertRows({}, m_rows, size - 1);
        m_rows = size;
        endInsertRows();
    }
}

int TraceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TraceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceModel::data(const QModelIndex& index, int role) const
{
    if (!m_trace || !index.isValid() || index.row() >= m_rows)
        return {};
    const sim::TraceRecord& r = m_trace->records()[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time: return QString::number(double(r.time) / sim::kSecond, 'f', 6) + "s";
        case Seq: return QVariant::fromValue<qulonglong>(r.seq);
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
    static const char* names[] = {"Time", "#", "Actor", "Target", "Kind", "Summary"};
    return tr(names[section]);
}

} // namespace kubelab::app
