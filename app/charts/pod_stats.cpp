#include "app/charts/pod_stats.h"

#include <algorithm>
#include <string_view>

#include "engine/cluster/cluster.h"

namespace kubelab::app {

namespace {

const std::string kPodsPrefix = "/registry/pods/";

// Pending (with no node yet, or not), Running, Succeeded or Failed, as status.phase says;
// a pod being deleted is not waiting for a node.
template<typename Phase>
Phase classify(const nlohmann::json& pod)
{
    Phase p;
    const auto status = pod.find("status");
    const std::string phase =
        status != pod.end() && status->is_object() ? status->value("phase", "Pending") : "Pending";
    if (phase == "Running") {
        p.kind = Phase::Running;
    } else if (phase == "Succeeded") {
        p.kind = Phase::Succeeded;
    } else if (phase == "Failed") {
        p.kind = Phase::Failed;
    } else {
        const auto spec = pod.find("spec");
        const auto meta = pod.find("metadata");
        const bool placed =
            spec != pod.end() && spec->is_object() && !spec->value("nodeName", "").empty();
        const bool leaving =
            meta != pod.end() && meta->is_object() && meta->contains("deletionTimestamp");
        p.unscheduled = !placed && !leaving;
    }
    return p;
}

struct CountedPhase
{
    enum Kind { Pending, Running, Succeeded, Failed } kind = Pending;
    bool unscheduled = false;
};

} // namespace

PodCounts countPods(const cluster::Cluster& cluster)
{
    PodCounts c;
    for (const nlohmann::json* pod : cluster.objects("pods")) {
        const auto p = classify<CountedPhase>(*pod);
        switch (p.kind) {
        case CountedPhase::Running: ++c.running; break;
        case CountedPhase::Succeeded: ++c.succeeded; break;
        case CountedPhase::Failed: ++c.failed; break;
        case CountedPhase::Pending:
            ++c.pending;
            c.unscheduled += p.unscheduled ? 1 : 0;
            break;
        }
    }
    return c;
}

PodStats::Phase PodStats::phaseOf(const std::string& storedPod)
{
    const nlohmann::json pod = nlohmann::json::parse(storedPod, nullptr, false);
    return pod.is_object() ? classify<Phase>(pod) : Phase{};
}

void PodStats::add(PodCounts& c, const Phase& p, int sign)
{
    switch (p.kind) {
    case Phase::Running: c.running += sign; break;
    case Phase::Succeeded: c.succeeded += sign; break;
    case Phase::Failed: c.failed += sign; break;
    case Phase::Pending:
        c.pending += sign;
        c.unscheduled += p.unscheduled ? sign : 0;
        break;
    }
}

void PodStats::setPhase(size_t record, const std::string& key, std::optional<Phase> phase)
{
    const auto it = m_phases.find(key);
    std::optional<Phase> before;
    if (it != m_phases.end())
        before = it->second;
    if (before == phase)
        return;
    m_undo.push_back({record, key, before});
    if (before)
        add(m_counts, *before, -1);
    if (phase) {
        add(m_counts, *phase, +1);
        m_phases[key] = *phase;
    } else {
        m_phases.erase(it);
    }
}

void PodStats::forgetAfter(size_t kept)
{
    while (!m_undo.empty() && m_undo.back().record >= kept) {
        const Undo& u = m_undo.back();
        if (u.before)
            m_phases[u.key] = *u.before;
        else
            m_phases.erase(u.key);
        m_undo.pop_back();
    }
    m_counts = {};
    for (const auto& [key, phase] : m_phases)
        add(m_counts, phase, +1);
    std::erase_if(m_changes, [&](const PodSample& s) { return s.records > kept; });
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
        if (r.kind == "etcd.txn") {
            // "txn put /registry/pods/default/web -> rev 24": a pod written or deleted.
            if (!r.summary.starts_with("txn ") || r.summary.find(kPodsPrefix) == std::string::npos)
                continue;
            const nlohmann::json d = r.detailJson();
            if (!d.value("succeeded", false) || !d.contains("ops"))
                continue;
            const PodCounts before = m_counts;
            for (const nlohmann::json& op : d["ops"]) {
                const std::string key = op.value("key", "");
                if (!key.starts_with(kPodsPrefix))
                    continue;
                const std::string type = op.value("op", "");
                if (type == "put" && op.contains("value"))
                    setPhase(i, key, phaseOf(op["value"].get<std::string>()));
                else if (type == "delete_range" && op.value("range_end", "").empty())
                    setPhase(i, key, std::nullopt);
            }
            if (m_counts == before)
                continue;
            // Several writes at one instant make one step.
            if (m_changes.back().time == r.time)
                m_changes.back() = {r.time, i + 1, m_counts};
            else
                m_changes.push_back({r.time, i + 1, m_counts});
        } else if (r.kind == "api.request" && target.starts_with("pods/") &&
                   target.find('/', 5) == std::string_view::npos &&
                   r.summary.starts_with("POST ")) {
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
    if (m_changes.empty())
        m_changes.push_back({0, 0, {}}); // no pods before the first record
    if (kept < seen)
        forgetAfter(kept);
    read(cluster, kept);
}

std::vector<WaitingPod> PodStats::waiting() const
{
    std::vector<WaitingPod> out;
    for (const auto& [key, pod] : m_pods) {
        if (pod.bound != kNotBound)
            continue;
        const auto phase = m_phases.find(kPodsPrefix + key);
        if (phase != m_phases.end() && phase->second.unscheduled)
            out.push_back({pod.createdAt, key});
    }
    std::sort(out.begin(), out.end(), [](const WaitingPod& a, const WaitingPod& b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.pod < b.pod;
    });
    return out;
}

} // namespace kubelab::app
