#pragma once
// The three patch formats kube-apiserver accepts. JSON Patch and JSON merge patch come
// from nlohmann::json; strategic merge patch is ours, driven by the merge keys of the
// fields kubectl patches (containers by name, ports by containerPort, ...).
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::api {

struct PatchResult
{
    nlohmann::json object;
    std::string error; // non-empty on failure, worded as the API server's BadRequest/Invalid
};

// patchType: "application/json-patch+json", "application/merge-patch+json",
// "application/strategic-merge-patch+json".
PatchResult applyPatch(const nlohmann::json& original, const nlohmann::json& patch,
                       const std::string& patchType);

// Strategic merge of `patch` into `original`. `path` is the JSON path of `original`
// below the object root ("spec.template.spec.containers").
nlohmann::json strategicMerge(const nlohmann::json& original, const nlohmann::json& patch,
                              const std::string& path = {});

} // namespace kubelab::api
