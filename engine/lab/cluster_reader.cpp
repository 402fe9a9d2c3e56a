#include "engine/lab/cluster_reader.h"

#include "engine/api/watch_cache.h"

namespace kubelab::lab {

sim::Time ClusterReader::now() const
{
    return m_cluster.sim().now();
}

std::vector<std::shared_ptr<const nlohmann::json>> ClusterReader::list(const model::KindInfo& kind,
                                                                       const std::string& ns) const
{
    if (kind.resource == "events" || !api::watchCached(&kind))
        return m_cluster.events(kind.namespaced ? ns : std::string());
    std::vector<std::shared_ptr<const nlohmann::json>> out;
    const cluster::Cluster::CachedObjects* cache = m_cluster.watchCache();
    if (!cache)
        return out;
    std::string prefix = kind.registryPrefix() + "/";
    if (kind.namespaced && !ns.empty())
        prefix += ns + "/";
    for (auto it = cache->lower_bound(prefix);
         it != cache->end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
        out.push_back(it->second);
    return out;
}

} // namespace kubelab::lab
