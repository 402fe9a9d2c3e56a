#include "engine/aws/cloudwatch_service.h"

#include <algorithm>
#include <limits>

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

std::string CloudWatch::key(const std::string& ns, const std::string& metric,
                            const json& dimensions)
{
    std::vector<std::string> dims;
    for (const json& d : dimensions)
        dims.push_back(d.value("Name", "") + "=" + d.value("Value", ""));
    std::sort(dims.begin(), dims.end());
    std::string k = ns + "|" + metric;
    for (const auto& d : dims)
        k += "|" + d;
    return k;
}

void CloudWatch::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind != "cloudwatch.put-metric-data")
        return;
    const std::string ns = m.body.value("Namespace", "");
    int n = 0;
    for (const json& d : m.body.value("MetricData", json::array())) {
        m_series[key(ns, d.value("MetricName", ""), d.value("Dimensions", json::array()))]
            .push_back({ctx.now(), d.value("Value", 0.0)});
        ++n;
    }
    ctx.describe("cloudwatch.put-metric-data", "cloudwatch/" + ns,
                 std::to_string(n) + " datapoint(s) in " + ns, m.body);
}

ordered_json CloudWatch::call(sim::Context&, const std::string& op, const json& params)
{
    if (op != "GetMetricStatistics")
        throw ServiceError("UnknownOperationException",
                           "KubeLab's CloudWatch has no operation " + op);
    const std::string ns = requiredString(params, "Namespace");
    const std::string metric = requiredString(params, "MetricName");
    const sim::Time start = params.value("StartTime", sim::Time(0));
    const sim::Time end = params.value("EndTime", sim::Time(0));
    const std::int64_t period = params.value("Period", std::int64_t(0));
    if (period < 1 || (period >= 60 && period % 60))
        throw ServiceError("InvalidParameterValue",
                           "The parameter Period must be a multiple of 60.");
    if (end <= start)
        throw ServiceError("InvalidParameterValue",
                           "The parameter StartTime must be less than the parameter EndTime.");
    const json stats = params.value("Statistics", json::array());
    if (stats.empty())
        throw ServiceError("MissingParameter",
                           "The parameter Statistics or ExtendedStatistics is required.");
    for (const json& s : stats)
        if (s != "Minimum" && s != "Maximum" && s != "Average" && s != "Sum" && s != "SampleCount")
            throw ServiceError("InvalidParameterValue",
                               "The parameter Statistics contains an invalid value: " + s.dump());
    struct Bucket
    {
        double min = std::numeric_limits<double>::max(), max = -min, sum = 0;
        int count = 0;
    };
    std::map<std::int64_t, Bucket> buckets;
    auto it = m_series.find(key(ns, metric, params.value("Dimensions", json::array())));
    if (it != m_series.end())
        for (const auto& [t, v] : it->second) {
            if (t < start || t >= end)
                continue;
            Bucket& b = buckets[(t - start) / (period * sim::kSecond)];
            b.min = std::min(b.min, v);
            b.max = std::max(b.max, v);
            b.sum += v;
            ++b.count;
        }
    ordered_json points = ordered_json::array();
    for (const auto& [index, b] : buckets) {
        ordered_json p;
        p["Timestamp"] = cliTimestamp(start + index * period * sim::kSecond);
        for (const json& s : stats) {
            if (s == "Minimum")
                p["Minimum"] = b.min;
            else if (s == "Maximum")
                p["Maximum"] = b.max;
            else if (s == "Average")
                p["Average"] = b.sum / b.count;
            else if (s == "Sum")
                p["Sum"] = b.sum;
            else
                p["SampleCount"] = double(b.count);
        }
        p["Unit"] = "None";
        points.push_back(p);
    }
    return {{"Label", metric}, {"Datapoints", points}};
}

} // namespace kubelab::aws
