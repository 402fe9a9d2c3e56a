// `explain pod NAME`: the last scheduling attempt as tables a learner can read, one row
// per node, one column per filter plugin, then one per score plugin. kube-scheduler has
// no such view (its nearest is the FailedScheduling event's message, fit_error.cpp); the
// tables read the explanation's JSON, the same the app's inspector reads, so the two
// cannot disagree.
#include <sstream>
#include <vector>

#include "engine/model/json_view.h"
#include "engine/scheduler/explanation.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

using Table = std::vector<std::vector<std::string>>;

void printTable(std::ostringstream& out, const Table& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.push_back(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - row[i].size() + 3, ' ');
        }
        out << line << "\n";
    }
}

} // namespace

std::string formatExplanation(const json& e)
{
    std::ostringstream out;
    out << "Pod " << model::textAt(e, "pod") << ": attempt " << model::textAt(e, "attempt")
        << " at " << model::textAt(e, "time") << ", priority " << model::textAt(e, "priority")
        << "\n";
    out << "Nodes: " << model::textAt(e, "nodes") << " in the cluster";
    if (e.contains("evaluatedNodes"))
        out << ", " << model::textAt(e, "evaluatedNodes") << " evaluated";
    if (e.contains("feasibleNodesToFind"))
        out << " (stop after " << model::textAt(e, "feasibleNodesToFind")
            << " feasible, starting at node #" << model::textAt(e, "startIndex") << ")";
    out << "\n";
    if (e.contains("preFilter"))
        out << "PreFilter " << model::textAt(model::objectAt(e, "preFilter"), "plugin")
            << " rejected the pod: " << model::textAt(model::objectAt(e, "preFilter"), "reason")
            << "\n";
    const json& nodes = model::objectAt(e, "nodeResults");
    const json filters = e.value("filterPlugins", json::array());
    std::vector<std::string> reasons;
    if (!nodes.empty()) {
        out << "\nFilter (the first plugin that fails rules the node out):\n";
        Table t;
        std::vector<std::string> header = {"NODE"};
        for (const auto& f : filters)
            header.push_back(f.get<std::string>());
        header.push_back("FEASIBLE");
        t.push_back(header);
        for (auto it = nodes.begin(); it != nodes.end(); ++it) {
            std::vector<std::string> row = {it.key()};
            const json& verdicts = model::objectAt(*it, "filters");
            for (const auto& f : filters) {
                const json v = verdicts.value(f.get<std::string>(), json::object());
                std::string verdict = v.value("verdict", "-");
                if (verdict == "fail" || verdict == "error") {
                    reasons.push_back(it.key() + ": " + f.get<std::string>() + ": " +
                                      v.value("reason", ""));
                    verdict = "FAIL";
                }
                row.push_back(verdict);
            }
            row.push_back(it->value("feasible", false) ? "yes" : "no");
            t.push_back(row);
        }
        printTable(out, t);
        if (!reasons.empty()) {
            out << "\nWhy nodes were ruled out:\n";
            for (const auto& r : reasons)
                out << "  " << r << "\n";
        }
    }
    const json scorePlugins = e.value("scorePlugins", json::array());
    bool scored = false;
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        scored = scored || it->contains("scores");
    if (e.contains("scoring")) {
        out << "\nScore: " << model::textAt(e, "scoring") << "\n";
    } else if (scored) {
        out << "\nScore (raw -> normalized 0-100 x weight):\n";
        Table t;
        std::vector<std::string> header = {"NODE"};
        for (const auto& s : scorePlugins)
            header.push_back(model::textAt(s, "name") + " x" + model::textAt(s, "weight"));
        header.push_back("TOTAL");
        t.push_back(header);
        for (auto it = nodes.begin(); it != nodes.end(); ++it) {
            if (!it->contains("scores"))
                continue;
            std::vector<std::string> row = {it.key()};
            const json& scores = model::objectAt(*it, "scores");
            for (const auto& s : scorePlugins) {
                const json& v = model::memberAt(scores, model::stringAt(s, "name"));
                if (v.is_object())
                    row.push_back(model::textAt(v, "raw") + " -> " +
                                  model::textAt(v, "normalized") + " = " +
                                  model::textAt(v, "weighted"));
                else
                    row.push_back(v.is_string() ? v.get<std::string>() : "-");
            }
            row.push_back(model::textAt(*it, "total"));
            t.push_back(row);
        }
        printTable(out, t);
    }
    if (e.contains("preemption")) {
        const json& p = model::objectAt(e, "preemption");
        out << "\nPreemption: " << model::textAt(p, "outcome");
        if (p.contains("nominatedNode"))
            out << " node " << model::textAt(p, "nominatedNode");
        out << "\n";
        for (const auto& v : p.value("victims", json::array()))
            out << "  victim " << v.get<std::string>() << "\n";
        const json& pn = model::objectAt(p, "nodes");
        for (auto it = pn.begin(); it != pn.end(); ++it)
            out << "  " << it.key() << ": " << it->get<std::string>() << "\n";
    }
    out << "\nResult: " << model::textAt(e, "result");
    if (e.contains("node"))
        out << " on " << model::textAt(e, "node");
    if (e.contains("score"))
        out << " (score " << model::textAt(e, "score")
            << (e.contains("tie") ? ", tie broken at random" : "") << ")";
    out << "\n";
    if (e.contains("message"))
        out << "Message: " << model::textAt(e, "message") << "\n";
    return out.str();
}

} // namespace kubelab::scheduler
