// Explanation::toJson: the record as the JSON `explain pod` and the app's inspector read;
// its shape is KubeLab's own (kube-scheduler keeps no record of an attempt, explanation.h).
#include "engine/scheduler/explanation.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

json verdictJson(Code code, const std::string& message)
{
    if (code == Code::Success)
        return {{"verdict", "pass"}};
    if (code == Code::Skip)
        return {{"verdict", "skip"}};
    return {{"verdict", code == Code::Error ? "error" : "fail"},
            {"code", Status::codeName(code)},
            {"reason", message}};
}

} // namespace

json Explanation::toJson() const
{
    json out = head;
    if (out.empty())
        return out;
    out["filterPlugins"] = filterPlugins;
    out["scorePlugins"] = json::array();
    for (const ScorePlugin& p : scorePlugins)
        out["scorePlugins"].push_back({{"name", p.name}, {"weight", p.weight}});
    json results = json::object();
    for (const Node& n : nodes) {
        json r = json::object();
        json filters = json::object();
        for (std::size_t i = 0; n.filters != kNone && i < filterPlugins.size(); ++i) {
            const Filter& f = filterCells[n.filters + i];
            switch (f.kind) {
            case Filter::Kind::Absent: break;
            case Filter::Kind::NotRun: filters[filterPlugins[i]] = {{"verdict", "not run"}}; break;
            case Filter::Kind::Skip: filters[filterPlugins[i]] = {{"verdict", "skip"}}; break;
            case Filter::Kind::Ran:
                filters[filterPlugins[i]] =
                    verdictJson(f.code, f.message < messages.size() ? messages[f.message] : "");
                break;
            }
        }
        if (n.filters != kNone) {
            r["filters"] = std::move(filters);
            r["feasible"] = n.feasible;
        }
        if (n.scores != kNone) {
            json scores = json::object();
            for (std::size_t i = 0; i < scorePlugins.size(); ++i) {
                const Score& sc = scoreCells[n.scores + i];
                if (sc.kind == Score::Kind::Skip)
                    scores[scorePlugins[i].name] = "skip";
                else if (sc.kind == Score::Kind::Value)
                    scores[scorePlugins[i].name] = {
                        {"raw", sc.raw}, {"normalized", sc.normalized}, {"weighted", sc.weighted}};
            }
            r["scores"] = std::move(scores);
        }
        if (n.hasTotal)
            r["total"] = n.total;
        results[n.name] = std::move(r);
    }
    out["nodeResults"] = std::move(results);
    return out;
}

} // namespace kubelab::scheduler
