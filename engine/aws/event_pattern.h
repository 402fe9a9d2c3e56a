#pragma once
// EventBridge event patterns: which events a rule matches. A pattern mirrors the event's
// shape; each leaf is an array of accepted values (any one matches), which may also be a
// content filter: {"prefix": "..."}, {"suffix": "..."}, {"anything-but": ...},
// {"numeric": [">=", 0, "<", 10]}, {"exists": true}. Pure functions, table-tested.
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::aws {

// Checks a pattern's JSON text. Empty on success; otherwise EventBridge's reason, which
// the caller puts after "Event pattern is not valid. Reason: ".
std::string checkEventPattern(const std::string& text);

// Does `event` match `pattern` (a pattern that checkEventPattern accepted)?
bool matchesEventPattern(const nlohmann::json& pattern, const nlohmann::json& event);

} // namespace kubelab::aws
