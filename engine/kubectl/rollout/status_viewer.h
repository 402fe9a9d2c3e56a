#pragma once
// `kubectl rollout`'s pieces that are pure functions of API objects, so tests can check
// them without an API server: the status viewers and the history of a Deployment.
#include <map>
#include <string>
#include <vector>

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

// The ReplicaSets among `replicaSets` controlled by `deployment`, by revision number
// (annotation deployment.kubernetes.io/revision); ReplicaSets without one are skipped.
std::map<std::int64_t, nlohmann::json>
deploymentRevisions(const nlohmann::json& deployment,
                    const std::vector<nlohmann::json>& replicaSets);

// `kubectl rollout history` text for one Deployment: the REVISION / CHANGE-CAUSE table, or
// with `revision` > 0 that revision's pod template (raw describe text, as kubectl prints
// it without aligning). Throws CommandError for an unknown revision.
std::string deploymentHistory(const std::map<std::int64_t, nlohmann::json>& revisions,
                              std::int64_t revision);

} // namespace kubelab::kubectl
