#pragma once
// The embedded cluster as a check sees it: objects as the API server serves them (its
// watch cache, what a list with resourceVersion=0 returns; Events, which the API server
// does not cache, from the store as a list of events returns them) and the virtual clock.
// Beyond the API: the AWS account as aws-cli's describe calls show it, the inbox, and each
// node's nat table as iptables-save prints it.
// Reading never advances the simulation, so evaluating a check leaves no trace.
#include "engine/cluster/cluster.h"
#include "engine/lab/check.h"

namespace kubelab::lab {

class ClusterReader : public StateReader
{
public:
    explicit ClusterReader(const cluster::Cluster& cluster) : m_cluster(cluster) {}
    sim::Time now() const override;
    std::vector<std::shared_ptr<const nlohmann::json>> list(const model::KindInfo& kind,
                                                            const std::string& ns) const override;
    // The AWS account's records as its describe calls return them, the inbox, and a
    // node's nat table as iptables-save prints it (see StateReader::records).
    std::vector<std::shared_ptr<const nlohmann::json>> records(
        const std::string& set, const std::string& arg) const override;

private:
    const cluster::Cluster& m_cluster;
};

} // namespace kubelab::lab
