#include "app/inspector/explanation_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <algorithm>

#include "engine/model/json_view.h"

namespace kubelab::app {

namespace {

using nlohmann::json;

QString text(const json& j, const char* key)
{
    return QString::fromStdString(model::textAt(j, key));
}

} // namespace

ExplanationModel::ExplanationModel(QObject* parent) : QAbstractTableModel(parent) {}

void ExplanationModel::setExplanation(const json& e)
{
    beginResetModel();
    m_filters.clear();
    m_scores.clear();
    m_weights.clear();
    m_rows.clear();
    m_chosen.clear();
    if (e.is_object()) {
        for (const json& f : e.value("filterPlugins", json::array()))
            m_filters << QString::fromStdString(f.get<std::string>());
        for (const json& s : e.value("scorePlugins", json::array())) {
            m_scores << text(s, "name");
            m_weights << s.value("weight", qint64(1));
        }
        if (e.value("result", "") == "Scheduled")
            m_chosen = text(e, "node");
        const json nodes = e.value("nodeResults", json::object());
        for (auto it = nodes.begin(); it != nodes.end(); ++it) {
            std::vector<Cell> row;
            const QString node = QString::fromStdString(it.key());
            row.push_back({node, node == m_chosen ? tr("The scheduler chose this node") : "",
                           Verdict::Plain});
            const json verdicts = it->value("filters", json::object());
            for (const QString& f : m_filters) {
                const json v = verdicts.value(f.toStdString(), json::object());
                const QString verdict = text(v, "verdict");
                if (verdict == "pass")
                    row.push_back({tr("pass"), {}, Verdict::Pass});
                else if (verdict == "fail" || verdict == "error")
                    row.push_back({text(v, "reason"),
                                   tr("%1 rejected %2 (%3): %4")
                                       .arg(f, node, text(v, "code"), text(v, "reason")),
                                   Verdict::Fail});
                else
                    row.push_back({verdict.isEmpty() ? tr("–") : verdict,
                                   verdict == "not run"
                                       ? tr("An earlier filter already ruled the node out")
                                   : verdict == "skip" ? tr("The plugin has nothing to check for "
                                                            "this pod")
                                                       : tr("The node was not evaluated"),
                                   Verdict::Muted});
            }
            const bool feasible = it->value("feasible", false);
            row.push_back(
                {feasible ? tr("yes") : tr("no"), {}, feasible ? Verdict::Pass : Verdict::Fail});
            const json scores = it->value("scores", json::object());
            for (int i = 0; i < m_scores.size(); ++i) {
                const json v = scores.value(m_scores[i].toStdString(), json());
                if (v.is_object())
                    row.push_back(
                        {QStringLiteral("%1 → %2").arg(text(v, "raw"), text(v, "weighted")),
                         tr("raw %1, normalized to %2 of 100, × weight %3 = %4")
                             .arg(text(v, "raw"), text(v, "normalized"))
                             .arg(m_weights[i])
                             .arg(text(v, "weighted")),
                         Verdict::Score});
                else
                    row.push_back(
                        {v.is_string() ? QString::fromStdString(v.get<std::string>()) : tr("–"),
                         feasible ? tr("Not scored")
                                  : tr("Only feasible nodes are "
                                       "scored"),
                         Verdict::Muted});
            }
            row.push_back({it->contains("total") ? text(*it, "total") : tr("–"),
                           {},
                           it->contains("total") ? Verdict::Score : Verdict::Muted});
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
}

int ExplanationModel::filterColumn(const QString& plugin) const
{
    const int i = int(m_filters.indexOf(plugin));
    return i < 0 ? -1 : 1 + i;
}

bool ExplanationModel::decides(int column) const
{
    if (column <= 0 || column == feasibleColumn())
        return true;
    const Verdict wanted = column < feasibleColumn() ? Verdict::Fail : Verdict::Score;
    return std::any_of(m_rows.begin(), m_rows.end(), [&](const std::vector<Cell>& row) {
        return size_t(column) < row.size() && row[size_t(column)].verdict == wanted;
    });
}

int ExplanationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExplanationModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_rows.empty())
        return 0;
    return 1 + int(m_filters.size()) + 1 + int(m_scores.size()) + 1;
}

QVariant ExplanationModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    const auto& row = m_rows[size_t(index.row())];
    const Cell& cell = row[size_t(index.column())];
    const bool chosen = !m_chosen.isEmpty() && row.front().text == m_chosen;
    switch (role) {
    case Qt::DisplayRole: return cell.text;
    case Qt::ToolTipRole: return cell.tip.isEmpty() ? QVariant() : cell.tip;
    case Qt::ForegroundRole:
        switch (cell.verdict) {
        case Verdict::Pass: return QBrush(QColor(0x1e, 0x84, 0x49));
        case Verdict::Fail: return QBrush(QColor(0xc0, 0x39, 0x2b));
        case Verdict::Muted: return QBrush(QColor(0x90, 0x90, 0x90));
        default: return {};
        }
    case Qt::BackgroundRole:
        if (chosen)
            return QBrush(QColor(0x27, 0xae, 0x60, 60));
        if (cell.verdict == Verdict::Fail)
            return QBrush(QColor(0xc0, 0x39, 0x2b, 28));
        return {};
    case Qt::FontRole:
        if (chosen || index.column() == 0) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (cell.verdict == Verdict::Score)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: return {};
    }
}

QVariant ExplanationModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const int filters = int(m_filters.size());
    const bool tip = role == Qt::ToolTipRole;
    if (section == 0)
        return tip ? tr("Every node the scheduler looked at") : tr("Node");
    if (section <= filters)
        return tip ? tr("Filter plugin %1: can the pod run on this node?")
                         .arg(m_filters[section - 1])
                   : tr("filter\n%1").arg(m_filters[section - 1]);
    if (section == filters + 1)
        return tip ? tr("Feasible: every filter passed") : tr("Feasible");
    const int s = section - filters - 2;
    if (s < m_scores.size())
        return tip ? tr("Score plugin %1 (weight %2): raw score → normalized × weight")
                         .arg(m_scores[s])
                         .arg(m_weights[s])
                   : tr("score ×%1\n%2").arg(m_weights[s]).arg(m_scores[s]);
    return tip ? tr("Sum of the weighted scores; the highest wins") : tr("Total");
}

} // namespace kubelab::app
