#pragma once
// The soak benchmark: every manifest the repository holds (YAML files, ```yaml blocks of the
// notes and lessons, here-documents of the scenario scripts) and generated variants of each
// (scaled up, a bad image, a name too long for the pods it makes) applied to one cluster,
// which then runs for a virtual hour. It reports the busiest actor's most trace events in
// any one virtual second: a controller or kubelet in a retry loop without back-off shows as
// tens of thousands. `kubelab-sim bench soak` prints it; tst_soak runs a short version.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"
#include "engine/sim/trace.h"

namespace kubelab::bench {

struct SoakManifest
{
    std::string source; // "tests/scenarios/nginx-deployment.yaml", "notes/x.md:12"
    std::string text;
};

// The manifests under `root`'s tests/, notes/ and lessons/ (relative sources), in path order.
std::vector<SoakManifest> findManifests(const std::string& root);
// The manifest and its variants: as is, replicas tripled, every image a tag the registry
// lacks, each object's name padded to 63 characters.
std::vector<SoakManifest> variants(const SoakManifest& manifest);

struct BusiestSecond
{
    std::string actor;
    sim::Time second = 0; // the virtual second's start
    std::int64_t events = 0;
};
// The actor with the most trace records inside one whole virtual second.
BusiestSecond busiestSecond(const sim::Trace& trace);

// {"bench":"soak","manifests":N,"variants":V,"applied":A,"refused":R,"virtual_s":..,
//  "events":E,"busiest_actor":..,"busiest_second_s":..,"busiest_events":..,"wall_s":..}
nlohmann::json runSoakBench(const std::string& root, sim::Duration duration,
                            std::uint64_t seed = 1);

} // namespace kubelab::bench
