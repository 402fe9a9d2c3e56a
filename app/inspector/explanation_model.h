#pragma once
// The scheduler's last attempt at a pod as a table: one row per node; a column per filter
// plugin (pass, the reason it failed, skip, not run), whether the node was feasible, a
// column per score plugin (raw score -> weighted) and the total. The chosen node's row
// is marked. Built from cluster::Cluster::schedulingExplanation's JSON (the shape
// scheduler::formatExplanation prints).
#include <QAbstractTableModel>
#include <QStringList>
#include <nlohmann/json.hpp>
#include <vector>

namespace kubelab::app {

class ExplanationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Verdict { Pass, Fail, Muted, Score, Plain };

    explicit ExplanationModel(QObject* parent = nullptr);

    // Replaces the table (null clears it).
    void setExplanation(const nlohmann::json& explanation);
    // The node the pod was placed on, "" when it was not.
    const QString& chosenNode() const { return m_chosen; }
    // Column of a filter plugin, or -1.
    int filterColumn(const QString& plugin) const;
    int feasibleColumn() const { return 1 + int(m_filters.size()); }
    // Whether a column tells this pod's story: a filter that ruled out some node, a score
    // plugin that scored some node. Node and Feasible always do; Total once a node is scored.
    bool decides(int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    struct Cell
    {
        QString text;
        QString tip;
        Verdict verdict = Verdict::Plain;
    };

    QStringList m_filters;
    QStringList m_scores;    // score plugin names
    QList<qint64> m_weights; // their weights
    std::vector<std::vector<Cell>> m_rows;
    QString m_chosen;
};

} // namespace kubelab::app
