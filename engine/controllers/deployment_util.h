#pragma once
// pkg/controller/deployment/util as free functions of JSON objects: revisions, the
// surge/unavailable fenceposts, replica-count sums, conditions and the progress checks
// behind a Deployment's status.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::controllers::deployutil {

using Json = nlohmann::json;

inline constexpr const char* kRevision = "deployment.kubernetes.io/revision";
inline constexpr const char* kRevisionHistory = "deployment.kubernetes.io/revision-history";
inline constexpr const char* kDesiredReplicas = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicas = "deployment.kubernetes.io/max-replicas";
inline constexpr const char* kHashLabel = "pod-template-hash";

std::int64_t replicas(const Json& obj); // spec.replicas (default 1)
std::int64_t statusInt(const Json& obj, const char* field);
std::int64_t revisionOf(const Json& rs);
std::int64_t annotationInt(const Json& obj, const char* key, std::int64_t fallback = -1);
std::string creationStamp(const Json& obj);

bool isRollingUpdate(const Json& d);
// ResolveFenceposts: maxSurge rounded up, maxUnavailable rounded down; both 0 -> 1 unavailable.
std::int64_t maxSurge(const Json& d);
std::int64_t maxUnavailable(const Json& d);

// Templates equal ignoring the pod-template-hash label (EqualIgnoreHash).
bool equalIgnoreHash(const Json& a, const Json& b);
// The template with the hash label removed, as hashed by ComputeHash.
Json templateWithoutHash(const Json& tmpl);

std::int64_t sumSpecReplicas(const std::vector<const Json*>& rss);
std::int64_t sumStatus(const std::vector<const Json*>& rss, const char* field);

// SetReplicasAnnotations; returns true when an annotation changed.
bool setReplicasAnnotations(Json& rs, std::int64_t desired, std::int64_t max);

// Deployment conditions (SetDeploymentCondition keeps lastTransitionTime when only the
// reason changes and appends the condition last).
Json newCondition(const std::string& type, const std::string& status, const std::string& reason,
                  const std::string& message, const std::string& nowStamp);
const Json* getCondition(const Json& status, const std::string& type);
void setCondition(Json& status, Json condition);
void removeCondition(Json& status, const std::string& type);

bool deploymentComplete(const Json& d, const Json& newStatus);
bool deploymentProgressing(const Json& d, const Json& newStatus);
bool deploymentTimedOut(const Json& d, const Json& newStatus, sim::Time now);

} // namespace kubelab::controllers::deployutil
