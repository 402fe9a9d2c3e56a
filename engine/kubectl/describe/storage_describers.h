#pragma once
// `kubectl describe` for PersistentVolumes, PersistentVolumeClaims and StorageClasses
// (kubectl 1.32 layouts, pkg/describe/describe.go).
#include "engine/kubectl/describe/describer.h"
#include "engine/kubectl/describe/prefix_writer.h"

namespace kubelab::kubectl {

void describePersistentVolume(PrefixWriter& w, const nlohmann::json& pv);
// `usedBy`: the pods of the claim's namespace whose volumes name it.
void describePersistentVolumeClaim(PrefixWriter& w, const nlohmann::json& pvc,
                                   const std::vector<nlohmann::json>& usedBy);
void describeStorageClass(PrefixWriter& w, const nlohmann::json& sc);
// Whether `pod` has a persistentVolumeClaim volume naming `claim` (describe's "Used By").
bool podUsesClaim(const nlohmann::json& pod, const std::string& claim);

} // namespace kubelab::kubectl
