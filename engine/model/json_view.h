#pragma once
// Reading nested objects without copying them. nlohmann's `value("spec", json::object())`
// returns a copy of the whole subtree (and throws on a non-object); on the hot paths of
// controllers, the scheduler and informers those copies dominated the run time. These
// return references into the object, or to a shared empty value when the key is absent.
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubelab::model {

// o[key] when o is an object holding key; otherwise an empty object.
const nlohmann::json& objectAt(const nlohmann::json& o, std::string_view key);
// o[key] when o is an object holding key; otherwise null.
const nlohmann::json& memberAt(const nlohmann::json& o, std::string_view key);
// The string at o[key], or "" when absent or not a string; no copy.
std::string_view stringAt(const nlohmann::json& o, std::string_view key);

} // namespace kubelab::model
