#pragma once
// Amazon CloudWatch metrics: the datapoints services publish (ACM's daily DaysToExpiry
// per certificate) and GetMetricStatistics over them.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

class CloudWatch : public sim::ActorBase<CloudWatch, Service>
{
public:
    CloudWatch() : ActorBase(kCloudWatch) {}

    // Datapoints by "Namespace|MetricName|Dim1=Value1|...", oldest first.
    using Series = std::vector<std::pair<sim::Time, double>>;
    const std::map<std::string, Series>& series() const { return m_series; }
    static std::string key(const std::string& ns, const std::string& metric,
                           const nlohmann::json& dimensions);

    // Takes "cloudwatch.put-metric-data" {Namespace, MetricData: [{MetricName,
    // Dimensions, Value, Unit}]} from the services.

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    std::map<std::string, Series> m_series;
};

} // namespace kubelab::aws
