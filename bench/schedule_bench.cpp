// The only file in the engine allowed to read the wall clock: it measures the engine.
#include "bench/schedule_bench.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <vector>

#include <sys/resource.h>

#include "engine/scheduler/framework.h"

namespace kubelab::scheduler {

nlohmann::json runScheduleBench(int nodeCount, int podCount)
{
    constexpr std::int64_t kGi = 1024LL * 1024 * 1024;
    std::vector<NodeInfo> nodes(static_cast<std::size_t>(std::max(nodeCount, 0)));
    std::unordered_map<std::string, NodeInfo*> byName;
    Snapshot snap;
    for (int i = 0; i < nodeCount; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "node-%05d", i);
        NodeInfo& n = nodes[static_cast<std::size_t>(i)];
        n.setNode(name, {{"kubernetes.io/hostname", name}}, Resources{4000, 32 * kGi, 0}, 110);
        byName[n.name] = &n;
        snap.nodes.push_back(&n);
    }
    snap.refresh();
    PodInfo tmpl;
    tmpl.ns = "default";
    tmpl.requests = Resources{100, 500LL * 1024 * 1024, 0};
    tmpl.nonZeroRequests = tmpl.requests;
    Placement placement;
    placement.images = {"registry.k8s.io/pause:3.10"};
    tmpl.placement = std::make_shared<const Placement>(std::move(placement));
    std::vector<std::shared_ptr<PodInfo>> pods;
    pods.reserve(static_cast<std::size_t>(std::max(podCount, 0)));
    for (int i = 0; i < podCount; ++i) {
        auto p = std::make_shared<PodInfo>(tmpl);
        p->name = "pod-" + std::to_string(i);
        p->key = "default/" + p->name;
        pods.push_back(std::move(p));
    }
    const Framework fw;
    NoRecorder none; // nobody reads an explanation here
    sim::Rng rng(1);
    std::size_t next = 0;
    int scheduled = 0;
    const auto start = std::chrono::steady_clock::now();
    for (auto& p : pods) {
        ScheduleResult r = fw.schedule(*p, snap, rng, next, none);
        if (r.outcome != ScheduleResult::Outcome::Scheduled)
            continue;
        NodeInfo* n = byName.at(r.node);
        p->nodeName = r.node;
        n->addPod(p); // Reserve: the cache's assume step
        ++scheduled;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double rssMb = static_cast<double>(usage.ru_maxrss) / 1024.0;
    return {{"bench", "schedule"}, {"nodes", nodeCount},
            {"pods", podCount},    {"scheduled", scheduled},
            {"wall_s", wall},      {"pods_per_s", wall > 0 ? scheduled / wall : 0.0},
            {"peak_rss_mb", rssMb}};
}

} // namespace kubelab::scheduler
