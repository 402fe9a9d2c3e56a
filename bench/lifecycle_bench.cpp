#include "bench/lifecycle_bench.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include <gperftools/malloc_extension_c.h>
#include <malloc.h>
#include <sys/resource.h>

extern "C" int MallocExtension_GetNumericProperty(const char* property, size_t* value)
    __attribute__((weak));

#include "engine/cluster/cluster.h"
#include "engine/model/json_view.h"
#include "engine/sim/actor.h"
#include "engine/sim/simulation.h"
#include "engine/store/etcd_member.h"

namespace kubelab::bench {

using nlohmann::json;

namespace {
// Watches pods and notes, in virtual time, when each was created and first Running.
class PodClock : public sim::ActorBase<PodClock>
{
public:
    using ActorBase::ActorBase;
    void receive(sim::Context& ctx, const sim::Message& m) override
    {
        if (m.kind != "api.watch.event")
            return;
        // Read in place: the harness should cost the measurement as little as it can.
        const json& obj = m.objectOr("object");
        const std::string_view uid = model::stringAt(model::objectAt(obj, "metadata"), "uid");
        if (uid.empty())
            return;
        auto& entry = pods[uuidBits(uid)];
        if (entry.first == 0)
            entry.first = ctx.now() + 1; // +1 so that 0 means "not seen"
        const bool isRunning =
            model::stringAt(model::objectAt(obj, "status"), "phase") == "Running";
        if (isRunning && entry.second == 0) {
            entry.second = ctx.now() + 1;
            ++running;
        }
        ctx.describe("bench", "", "bench clock: " + std::to_string(running) + " running");
    }
    // By the uid's 128 bits: one entry for each of up to 150,000 pods, as small as it can be.
    using Uid = std::pair<std::uint64_t, std::uint64_t>;
    struct UidHash
    {
        std::size_t operator()(const Uid& u) const { return std::size_t(u.first ^ u.second); }
    };
    static Uid uuidBits(std::string_view uid)
    {
        Uid bits{0, 0};
        int digits = 0;
        for (char ch : uid) {
            if (ch == '-')
                continue;
            const int v = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                          : ch >= 'a' && ch <= 'f'                     ? ch - 'a' + 10
                                                                       : -1;
            if (v < 0 || digits == 32)
                throw std::runtime_error("bench: pod uid " + std::string(uid) + " is not a UUID");
            std::uint64_t& half = digits < 16 ? bits.first : bits.second;
            half = half << 4 | std::uint64_t(v);
            ++digits;
        }
        if (digits != 32)
            throw std::runtime_error("bench: pod uid " + std::string(uid) + " is not a UUID");
        return bits;
    }
    std::unordered_map<Uid, std::pair<sim::Time, sim::Time>, UidHash> pods;
    int running = 0;
};

json deployment(const std::string& name, int replicas)
{
    json d = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{},
      "spec":{"selector":{"matchLabels":{}},"template":{"metadata":{"labels":{}},
        "spec":{"containers":[{"name":"app","image":"nginx:1.27",
          "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}})");
    d["metadata"]["name"] = name;
    d["spec"]["replicas"] = replicas;
    d["spec"]["selector"]["matchLabels"]["app"] = name;
    d["spec"]["template"]["metadata"]["labels"]["app"] = name;
    return d;
}
} // namespace

// Heap bytes in use, to weigh one checkpoint: tcmalloc's count when the program is linked
// with it (weak: absent in a -DKUBELAB_TCMALLOC=OFF build), else glibc's.
double heapMb()
{
    size_t bytes = 0;
    if (&MallocExtension_GetNumericProperty != nullptr)
        MallocExtension_GetNumericProperty("generic.current_allocated_bytes", &bytes);
    else
        bytes = mallinfo2().uordblks;
    return double(bytes) / (1024.0 * 1024.0);
}

// tcmalloc's heap: bytes handed out, and bytes it holds free (its page heap and caches),
// which count in the resident size until returned to the system. Zero without tcmalloc.
json heapStats()
{
    json out = json::object();
    if (&MallocExtension_GetNumericProperty == nullptr)
        return out;
    auto mb = [](const char* property) {
        size_t bytes = 0;
        MallocExtension_GetNumericProperty(property, &bytes);
        return double(bytes) / (1024.0 * 1024.0);
    };
    out["heap_in_use_mb"] = mb("generic.current_allocated_bytes");
    out["heap_free_mb"] =
        mb("tcmalloc.pageheap_free_bytes") + mb("tcmalloc.central_cache_free_bytes") +
        mb("tcmalloc.transfer_cache_free_bytes") + mb("tcmalloc.thread_cache_free_bytes");
    return out;
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

json runLifecycleBench(int nodes, int pods, std::uint64_t seed, std::uint64_t checkpointEvery,
                       bool digest)
{
    const auto wallStart = std::chrono::steady_clock::now();
    cluster::Topology topology;
    topology.workers = {cluster::WorkerGroup{"worker", nodes, "4", "32Gi", 110, {}, json::array()}};
    auto options = cluster::ClusterOptions::forTopology(topology);
    options.checkpointInterval = checkpointEvery;
    cluster::Cluster cluster(seed, topology, options);
    sim::Simulation& s = cluster.sim();
    s.addActor(std::make_unique<PodClock>("bench-clock"), "workstation");
    // Looked up at each use: with checkpoints the actor is copied on write.
    auto clock = [&s] { return s.actorAs<PodClock>("bench-clock"); };
    api::Request watch;
    watch.verb = "watch";
    watch.resource = "pods";
    s.post({"bench-clock",
            cluster.apiServer(),
            "api.request",
            {{"id", 1}, {"request", watch.toJson()}}},
           0);
    const auto setupDone = std::chrono::steady_clock::now();

    const int perDeployment = 100;
    for (int created = 0, i = 0; created < pods; ++i) {
        const int replicas = std::min(perDeployment, pods - created);
        api::Request r;
        r.verb = "create";
        r.group = "apps";
        r.resource = "deployments";
        r.ns = "default";
        r.body = deployment("app-" + std::to_string(i), replicas);
        cluster.call(r);
        created += replicas;
    }
    const sim::Time applied = s.now();
    const sim::Time limit = applied + 2 * sim::kHour;
    while (clock()->running < pods && s.now() < limit && s.pending() > 0)
        s.runUntil(s.now() + sim::kSecond);
    const auto wallEnd = std::chrono::steady_clock::now();
    const json heap = heapStats(); // at the end of the run, before the checkpoint below

    std::vector<double> startup;
    for (const auto& [uid, times] : clock()->pods)
        if (times.second)
            startup.push_back(double(times.second - times.first) / sim::kSecond);
    std::sort(startup.begin(), startup.end());
    const double p99 = startup.empty() ? 0 : startup[size_t(double(startup.size() - 1) * 0.99)];
    // What one rewind checkpoint of this state costs: a copy of every actor and the queue.
    const double heapBefore = heapMb();
    const auto cloneStart = std::chrono::steady_clock::now();
    auto checkpoint = s.clone(false);
    const double cloneMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cloneStart)
            .count();
    const double cloneMb = heapMb() - heapBefore;
    checkpoint.reset();
    const sim::Trace::Footprint trace = s.trace().footprint();
    const store::MvccStore::Footprint etcd =
        s.actorAs<store::EtcdMember>(cluster.etcdMember())->store().footprint();
    const double wall = std::chrono::duration<double>(wallEnd - wallStart).count();
    const double runWall = std::chrono::duration<double>(wallEnd - setupDone).count();
    json out = {{"bench", "lifecycle"},
                {"nodes", nodes},
                {"pods", pods},
                {"running", clock()->running},
                {"wall_s", wall},
                {"setup_wall_s", std::chrono::duration<double>(setupDone - wallStart).count()},
                {"pods_per_s", runWall > 0 ? clock()->running / runWall : 0},
                {"peak_rss_mb", peakRssMb()},
                {"virtual_s", double(s.now() - applied) / sim::kSecond},
                {"events", s.processed()},
                {"checkpoint_ms", cloneMs},
                {"checkpoint_mb", cloneMb},
                {"checkpoints_kept", cluster.timeline().checkpointCount()},
                // The trace's sealed blocks: compressed size, and what they held before.
                {"trace_sealed_mb", double(trace.compressedBytes) / (1024.0 * 1024.0)},
                {"trace_sealed_raw_mb", double(trace.rawBytes) / (1024.0 * 1024.0)},
                // etcd's values as held (cold ones compressed): the current ones, and every
                // version it keeps (history).
                {"etcd_live_mb", double(etcd.liveValueBytes) / (1024.0 * 1024.0)},
                {"etcd_values_mb", double(etcd.totalValueBytes) / (1024.0 * 1024.0)},
                {"etcd_versions", etcd.versions},
                {"etcd_cold_versions", etcd.coldVersions},
                {"startup_p99_virtual_s", p99}};
    out.update(heap);
    if (digest)
        out["trace_sha256"] = s.trace().sha256();
    return out;
}

} // namespace kubelab::bench
