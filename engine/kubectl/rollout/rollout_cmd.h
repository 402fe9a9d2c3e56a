#pragma once
// Shared between rollout.cpp and rollout_status.cpp (not a public interface).
#include <string>

#include "engine/kubectl/commands.h"

namespace kubelab::kubectl {

// schema.GroupKind.String(): "Deployment.apps", "Pod".
std::string groupKindText(const model::KindInfo& kind);
// "deployments.apps", as rollout pause/resume/restart name a resource in their errors.
std::string groupResourceText(const model::KindInfo& kind);
// metadata.annotations[key], "" when absent (annotation keys hold dots, so no at()).
std::string annotation(const Json& object, const std::string& key);
// deploymentutil.Revision: the deployment.kubernetes.io/revision annotation, 0 if unset.
std::int64_t revisionOf(const Json& object);

// `rollout status` for one object; prints into ctx and throws CommandError on failure.
void rolloutStatusCommand(Context& ctx, const ParsedArgs& args, const Target& target);

} // namespace kubelab::kubectl
