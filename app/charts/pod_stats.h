#pragma once
// What the charts plot, read from the trace so that it is exact to the event however
// coarse the advances (a `run 10s` or a `settle` is one advance): how many pods are in each
// phase (and how many wait for a node), each pod's scheduling latency, and the pods still
// waiting for one.
//
// Counts follow etcd: every successful txn that puts or deletes a /registry/pods/ key is
// in the trace with the value etcd stored, so each change of a pod's phase is seen at the
// event that wrote it. Latencies pair the API server admitting a pod (its creation) with
// the scheduler's successful bind. A rewind undoes, from an undo log, what was read from
// the records it cut.
#include <optional>
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

// The counts from `time` on, first seen at trace record `records` - 1.
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

// A pod the scheduler has not bound yet, waiting since its creation.
struct WaitingPod
{
    sim::Time createdAt = 0;
    std::string pod; // namespace/name
};

class PodStats
{
public:
    // Reads the trace records that are new since the last call (after a rewind, undoes
    // those that were cut first).
    void update(const cluster::Cluster& cluster);

    // The counts each time they changed, oldest first; they hold until now().
    const std::vector<PodSample>& changes() const { return m_changes; }
    sim::Time now() const { return m_now; }
    const std::vector<LatencyPoint>& latencies() const { return m_latencies; }
    // Pods created and not bound by the scheduler yet (those created with spec.nodeName
    // never wait), oldest first.
    std::vector<WaitingPod> waiting() const;

private:
    // What a pod counts as, from the object etcd stored.
    struct Phase
    {
        enum Kind { Pending, Running, Succeeded, Failed } kind = Pending;
        bool unscheduled = false;
        bool operator==(const Phase&) const = default;
    };
    struct Pod
    {
        sim::Time createdAt = 0;
        size_t created = 0;       // trace index of the admission
        size_t bound = kNotBound; // trace index of the bind
    };
    static constexpr size_t kNotBound = size_t(-1);
    // One change to m_phases, to be undone when a rewind cuts record `record`.
    struct Undo
    {
        size_t record;
        std::string key;
        std::optional<Phase> before;
    };

    void forgetAfter(size_t kept);
    void read(const cluster::Cluster& cluster, size_t from);
    void setPhase(size_t record, const std::string& key, std::optional<Phase> phase);
    static Phase phaseOf(const std::string& storedPod);
    static void add(PodCounts& c, const Phase& p, int sign);

    TraceFollower m_follower;
    std::vector<PodSample> m_changes;
    std::vector<LatencyPoint> m_latencies;
    std::unordered_map<std::string, Pod> m_pods;     // by namespace/name, for latencies
    std::unordered_map<std::string, Phase> m_phases; // by etcd key
    std::vector<Undo> m_undo;
    PodCounts m_counts;
    sim::Time m_now = 0;
};

// The counts of the pods the API server holds now (what the trace-built counts must match).
PodCounts countPods(const cluster::Cluster& cluster);

} // namespace kubelab::app
