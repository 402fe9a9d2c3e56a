// Explanation::toJson and the helpers that fill an Explanation's rows; the shape of the
// JSON is KubeLab's own (kube-scheduler keeps no record of an attempt, see explanation.h).
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

Explanation::Filter Explanation::verdict(const Status& status)
{
    Filter f{Filter::Kind::Ran, status.code(), 0};
    if (status.ok() || status.isSkip())
        return f;
    std::string text = status.message();
    // Few distinct messages per attempt: the last ones added are the likeliest.
    for (std::size_t i = messages.size(); i-- > 0;)
        if (messages[i] == text) {
            f.message = std::uint32_t(i);
            return f;
        }
    f.message = std::uint32_t(messages.size());
    messages.push_back(std::move(text));
    return f;
}

namespace {
template<typename Cell>
std::uint32_t row(std::vector<Cell>& cells, std::uint32_t& start, std::size_t width)
{
    if (start == Explanation::kNone) {
        start = std::uint32_t(cells.size());
        cells.resize(cells.size() + width);
    } else {
        std::fill_n(cells.begin() + start, width, Cell{});
    }
    return start;
}
} // namespace

std::uint32_t Explanation::filterRow(Node& n)
{
    return row(filterCells, n.filters, filterPlugins.size());
}

std::uint32_t Explanation::scoreRow(Node& n)
{
    return row(scoreCells, n.scores, scorePlugins.size());
}

Explanation::Node& Explanation::node(const NodeInfo& n)
{
    auto [it, added] = nodeIndex.emplace(&n, nodes.size());
    if (added) {
        nodes.push_back({});
        nodes.back().name = n.name;
    }
    return nodes[it->second];
}

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
