#pragma once
// What the charts plot, sampled as the simulation advances: how many pods are in each
// phase (and how many wait for a node) and each pod's scheduling latency. Counts come from
// the API server's pods after each advance (one sample per advance; a sample is kept only
// when the counts change). Latencies come from the trace's new records since the last
// advance: the API server admitting a pod (its creation) and the scheduler's successful
// bind, so they are exact to the event however coarse the advances. A rewind drops what
// was sampled after the point it went back to.
#include <string>
#include <unordered_map>
#include <vector>

#include "app/core/trace_follower.h"
#include "engine/sim/time.h"

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

struct PodCounts
{
    int pending = 0;
    int running = 0;
    int succeeded = 0;
    int failed = 0;
    int unscheduled = 0; // Pending with no node yet: waiting for the scheduler

    bool operator==(const PodCounts&) const = default;
};

// The counts from `time` on, first seen after `records` trace records.
struct PodSample
{
    sim::Time time = 0;
    size_t records = 0;
    PodCounts counts;
};

// A pod's time from creation to its successful binding.
struct LatencyPoint
{
    sim::Time boundAt = 0;
    sim::Duration latency = 0;
    size_t record = 0; // the trace index of the bind
    std::string pod;   // namespace/name
};

class PodStats
{
public:
    // Samples the cluster after an advance.
    void update(const cluster::Cluster& cluster);

    // The counts each time they changed, oldest first; they hold until now().
    const std::vector<PodSample>& changes() const { return m_changes; }
    sim::Time now() const { return m_now; }
    const std::vector<LatencyPoint>& latencies() const { return m_latencies; }

private:
    struct Pod
    {
        sim::Time createdAt = 0;
        size_t created = 0;       // trace index of the admission
        size_t bound = kNotBound; // trace index of the bind
    };
    static constexpr size_t kNotBound = size_t(-1);

    void forgetAfter(size_t kept, sim::Time now);
    void read(const cluster::Cluster& cluster, size_t from);

    TraceFollower m_follower;
    std::vector<PodSample> m_changes;
    std::vector<LatencyPoint> m_latencies;
    std::unordered_map<std::string, Pod> m_pods;
    sim::Time m_now = 0;
};

// The counts of the pods the API server holds now.
PodCounts countPods(const cluster::Cluster& cluster);

} // namespace kubelab::app
