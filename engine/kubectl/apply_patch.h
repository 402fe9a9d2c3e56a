#pragma once
// Client-side `kubectl apply`: the last-applied annotation and the three-way patch
// between last-applied, the new manifest and the live object.
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

inline constexpr const char* kLastAppliedAnnotation =
    "kubectl.kubernetes.io/last-applied-configuration";

// The annotation's value for a manifest: compact JSON with sorted keys and a trailing
// newline, the manifest's own annotation removed first (as kubectl writes it).
std::string lastAppliedValue(const nlohmann::json& manifest);

// The JSON merge patch kubectl would send (CreateThreeWayJSONMergePatch semantics, with
// lists replaced whole): fields removed since `original` become null, fields of
// `modified` that differ from `current` are set. `{}` means unchanged.
nlohmann::json threeWayMergePatch(const nlohmann::json& original, const nlohmann::json& modified,
                                  const nlohmann::json& current);

} // namespace kubelab::kubectl
