#pragma once
// `kubectl rollout status`'s StatusViewers: the line kubectl prints for a Deployment,
// DaemonSet or StatefulSet, and whether the rollout is done, as pure functions of the
// object, so tests can check them without an API server.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/kinds.h"

namespace kubelab::kubectl {

struct RolloutStatus
{
    std::string message; // one line, ending in '\n'
    bool done = false;
};

// kubectl's StatusViewer for Deployments, DaemonSets and StatefulSets
// (polymorphichelpers/rollout_status.go, release 1.32). `revision` > 0 checks the
// Deployment's revision first. Throws CommandError where kubectl returns an error
// (progress deadline exceeded, unsupported strategy, no viewer for the kind).
RolloutStatus rolloutStatus(const model::KindInfo& kind, const nlohmann::json& object,
                            std::int64_t revision);

} // namespace kubelab::kubectl
