#pragma once
// Output of whole objects, shared by get, create, run, apply and patch: yaml, json, name
// and jsonpath as kubectl's printers (cli-runtime pkg/printers) write them, and the
// dry-run suffix of an operation's line.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

// Checks an -o value; returns "" when valid, else kubectl's error text (without
// "error: "). `allowed` lists the formats the command supports besides jsonpath forms.
std::string checkOutputFormat(const std::string& format, const std::vector<std::string>& allowed);

// Prints one object or, when `asList`, a `kind: List` of `objects` (kubectl's coercion for
// several items). Returns false and sets *error on a jsonpath failure.
bool printObjects(const std::string& format, const std::vector<nlohmann::json>& objects,
                  bool asList, std::string* out, std::string* error);

// "deployment.apps/web" for an object with apiVersion and kind.
std::string objectName(const nlohmann::json& object);

// What kubectl appends to an operation's line for a --dry-run value: " (dry run)",
// " (server dry run)", or "".
std::string dryRunSuffix(const std::string& dryRun);

} // namespace kubelab::kubectl
