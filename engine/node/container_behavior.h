#pragma once
// What a simulated container does once started: how long it runs, how it exits, what it
// logs, when its probes would pass. A pure function of the image, the container spec
// (command, args, env, memory limit) and the pod's kubelab.io/* annotations, so the
// runtime (which runs the process) and the kubelet (which probes it) agree. The
// annotations are documented in engine/node/README.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/node/image_catalog.h"
#include "engine/sim/time.h"

namespace kubelab::node {

struct BehaviorInput
{
    ImageInfo image;
    std::string containerName;
    bool init = false; // pod-wide annotations apply to app containers only
    std::vector<std::string> command;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> annotations; // the pod's kubelab.io/* ones
    std::int64_t memoryLimitBytes = 0;              // 0: no limit

    // Everything decide() reads, each part framed by its length: inputs with equal keys
    // get equal behaviours.
    std::string key() const;

    // From a core/v1 Container and its Pod.
    static BehaviorInput fromSpec(const ImageInfo& image, const nlohmann::json& container,
                                  const nlohmann::json& pod, bool init);
};

struct ContainerBehavior
{
    bool exits = false; // ends on its own after runFor
    sim::Duration runFor = 0;
    int exitCode = 0;
    std::string reason;          // Completed | Error | OOMKilled, when it exits
    bool ignoresSigterm = false; // PID 1 without a handler (`sleep`): needs SIGKILL
    std::vector<LogText> logs;   // printed at start
    std::string startError;      // non-empty: the runtime cannot start the process

    sim::Duration readyAfter = 0; // readiness probes pass from here on
    std::optional<sim::Duration> readinessFailAfter;
    std::optional<sim::Duration> livenessFailAfter; // 0: always fails
    sim::Duration startupAfter = 0;                 // startup probes pass from here on
    std::string probeFailOutput;                    // what an exec probe prints when it fails

    // Run by the container shell (sh.h) instead: what it execs. The process then decides
    // when the container exits, what it logs and what its probes find; the fields above
    // that describe the run are unused.
    bool scripted = false;
    std::vector<std::string> argv;

    static ContainerBehavior decide(const BehaviorInput& in);
};

// Reads a kubelab.io/<key> annotation for a container: "<key>.<container>" wins over the
// pod-wide "<key>", which init containers ignore.
std::optional<std::string> behaviorAnnotation(const BehaviorInput& in, const std::string& key);

} // namespace kubelab::node
