#pragma once
// The event log's model: a read-only table over the engine's trace (time, #, actor,
// target, kind, summary). Grows as the simulation advances.
#include <QAbstractTableModel>

namespace kubelab::sim {
class Trace;
}

namespace kubelab::app {

class TraceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Seq, Actor, Target, Kind, Summary, ColumnCount };

    explicit TraceModel(QObject* parent = nullptr);

    // Points at a (possibly new) trace and picks up records appended since last time.
    void sync(const sim::Trace& trace);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    const sim::Trace* m_trace = nullptr;
    int m_rows = 0;
};

} // namespace kubelab::app
