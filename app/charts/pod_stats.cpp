#include "app/charts/pod_stats.h"

#include <algorithm>
#include <string_view>

#include "engine/cluster/cluster.h"

namespace kubelab::app {

PodCounts countPods(const cluster::Cluster& cluster)
{
    PodCounts c;
    for (const nlohmann::json* pod : cluster.objects("pods")) {
        const auto status = pod->find("status");
        const std::string phase = status != pod->end() && status->is_object()
                                      ? status->value("phase", "Pending")
                                      : "Pending";
        if (phase == "Running") {
            ++c.running;
        } else if (phase == "Succeeded") {
            ++c.succeeded;
        } else if (phase == "Failed") {
            ++c.failed;
        } else {
            ++c.pending;
            const auto spec = pod->find("spec");
            const auto meta = pod->find("metadata");
            const bool placed =
                spec != pod->end() && spec->is_object() && !spec->value("nodeName", "").empty();
            const bool leaving =
                meta != pod->end() && meta->is_object() && meta->contains("deletionTimestamp");
            if (!placed && !leaving)
                ++c.unscheduled;
        }
    }
    return c;
}

void PodStats::forgetAfter(size_t kept, sim::Time now)
{
    std::erase_if(m_changes, [&](const PodSample& s) { return s.records > kept || s.time > now; });
    std::erase_if(m_latencies, [&](const LatencyPoint& p) { return p.record >= kept; });
    std::erase_if(m_pods, [&](const auto& entry) { return entry.second.created >= kept; });
    for (auto& [key, pod] : m_pods)
        if (pod.bound != kNotBound && pod.bound >= kept)
            pod.bound = kNotBound;
}

void PodStats::read(const cluster::Cluster& cluster, size_t from)
{
    const sim::Trace& trace = cluster.sim().trace();
    for (auto record = trace.from(from); record != trace.end(); ++record) {
        const size_t i = record.index();
        const sim::TraceRecord& r = *record;
        const std::string_view target = r.target;
        if (r.kind == "api.request" && target.starts_with("pods/") &&
            target.find('/', 5) == std::string_view::npos && r.summary.starts_with("POST ")) {
            // The API server admitted a new pod and writes it to etcd.
            const nlohmann::json d = r.detailJson();
            const std::string ns =
                d.contains("request") ? d["request"].value("ns", "default") : "default";
            const std::string key = ns + '/' + std::string(target.substr(5));
            auto [it, added] = m_pods.try_emplace(key);
            // A second create of a pod not yet bound fails in etcd (AlreadyExists): the
            // first one counts. One after the bind is a new pod of the same name.
            if (added || it->second.bound != kNotBound)
                it->second = {r.time, i, kNotBound};
        } else if (r.kind == "scheduler.bound" && r.summary.starts_with("kube-scheduler bound ")) {
            auto it = m_pods.find(r.target);
            if (it == m_pods.end() || it->second.bound != kNotBound)
                continue;
            it->second.bound = i;
            m_latencies.push_back({r.time, r.time - it->second.createdAt, i, r.target});
        }
    }
}

void PodStats::update(const cluster::Cluster& cluster)
{
    const sim::Trace& trace = cluster.sim().trace();
    const size_t seen = m_follower.seen();
    const size_t kept = m_follower.sync(trace);
    m_now = cluster.sim().now();
    if (kept < seen || (!m_changes.empty() && m_now < m_changes.back().time))
        forgetAfter(kept, m_now);
    read(cluster, kept);
    const PodCounts counts = countPods(cluster);
    if (m_changes.empty() || !(m_changes.back().counts == counts))
        m_changes.push_back({m_now, trace.size(), counts});
}

} // namespace kubelab::app
