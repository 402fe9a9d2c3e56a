#pragma once
// Admission-time defaulting and validation for every registered kind, with
// Kubernetes' field paths and messages. Called by the API server on create and update.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/field_error.h"

namespace kubelab::model {

// Strict decoding against the kind's schema: unknown fields and wrong JSON types.
// Returns the messages kube-apiserver gives in its BadRequest, e.g.
//   `strict decoding error: unknown field "spec.replica"`
//   `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`
// Empty when the object fits the schema.
std::vector<std::string> checkSchema(const nlohmann::json& object);

// Fills defaults as the API server's defaulting does (Deployment strategy 25%/25%,
// revisionHistoryLimit 10, progressDeadlineSeconds 600; Pod restartPolicy Always,
// dnsPolicy ClusterFirst, terminationGracePeriodSeconds 30, imagePullPolicy, protocol TCP,
// ...). Idempotent.
void applyDefaults(nlohmann::json& object);

// Validates a defaulted object; `old` is the stored object on update (for immutable
// fields). Field paths start below the object root ("metadata.name", "spec.replicas").
std::vector<FieldError> validate(const nlohmann::json& object, const nlohmann::json* old = nullptr);

} // namespace kubelab::model
