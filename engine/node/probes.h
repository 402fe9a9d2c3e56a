#pragma once
// Liveness, readiness and startup probes, simulated: instead of exec'ing, dialling or
// GETting, a probe asks the container's ContainerBehavior whether it would pass at its
// age, then counts results against successThreshold / failureThreshold as the kubelet's
// prober workers do.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/node/container_behavior.h"
#include "engine/sim/time.h"

namespace kubelab::node {

enum class ProbeType { Liveness, Readiness, Startup };

// Counters of one probe of one container instance.
struct ProbeState
{
    bool active = false;
    int successes = 0;
    int failures = 0;
    bool passing = false; // the result the kubelet acts on
};

struct ProbeSpec
{
    bool defined = false;
    std::string handler; // exec | httpGet | tcpSocket | grpc
    sim::Duration initialDelay = 0;
    sim::Duration period = 10 * sim::kSecond;
    int successThreshold = 1;
    int failureThreshold = 3;
    nlohmann::json probe; // the core/v1 Probe

    static ProbeSpec fromContainer(const nlohmann::json& container, ProbeType type);
};

class Prober
{
public:
    static const char* typeName(ProbeType type);  // "Liveness", ...
    static const char* fieldName(ProbeType type); // "livenessProbe", ...
    // Whether the probe passes for a container that has been running `age`.
    static bool passes(ProbeType type, const ContainerBehavior& behavior, sim::Duration age);
    // The failure text kubelet's Unhealthy event carries after "<Type> probe failed: ".
    static std::string failureOutput(ProbeType type, const ProbeSpec& spec,
                                     const ContainerBehavior& behavior,
                                     const nlohmann::json& container, const std::string& podIp);
    // Counts one result; returns true when the acted-on result flips.
    static bool record(ProbeState& state, const ProbeSpec& spec, bool success);
    // Where a probe starts: liveness passes until proven otherwise, readiness and startup
    // fail until proven otherwise.
    static ProbeState initial(ProbeType type);
};

} // namespace kubelab::node
