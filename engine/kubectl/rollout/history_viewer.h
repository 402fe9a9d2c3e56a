#pragma once
// `kubectl rollout history`'s HistoryViewer for Deployments (polymorphichelpers/history.go,
// release 1.32): a Deployment's revisions are its ReplicaSets, numbered by annotation.
// Pure functions of API objects, so tests can check them without an API server.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kChangeCauseAnnotation = "kubernetes.io/change-cause";

// metadata.annotations[key], "" when absent (annotation keys hold dots, so no at()).
std::string annotation(const nlohmann::json& object, const std::string& key);
// deploymentutil.Revision: the deployment.kubernetes.io/revision annotation, 0 if unset.
std::int64_t revisionOf(const nlohmann::json& object);

// The ReplicaSets among `replicaSets` controlled by `deployment`, by revision number
// (annotation deployment.kubernetes.io/revision); ReplicaSets without one are skipped.
std::map<std::int64_t, nlohmann::json> deploymentRevisions(
    const nlohmann::json& deployment, const std::vector<nlohmann::json>& replicaSets);

// `kubectl rollout history` text for one Deployment: the REVISION / CHANGE-CAUSE table, or
// with `revision` > 0 that revision's pod template (raw describe text, as kubectl prints
// it without aligning). Throws CommandError for an unknown revision.
std::string deploymentHistory(const std::map<std::int64_t, nlohmann::json>& revisions,
                              std::int64_t revision);

} // namespace kubelab::kubectl
