#pragma once
// kubectl's error wording (staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go, checkErr and
// StandardErrorMessage, release 1.32): turns API failures into the lines a learner sees.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

// Stops a command; `what()` is the full stderr text without the trailing newline
// ("Error from server (NotFound): pods \"x\" not found", "error: ...").
class CommandError : public std::runtime_error
{
public:
    explicit CommandError(const std::string& text) : std::runtime_error(text) {}
};

// A plain client-side error: "error: <message>" (prefix not doubled).
CommandError clientError(const std::string& message);

// checkErr's text for a failed API response body (a metav1.Status):
//   Invalid:   The Deployment "web" is invalid: spec.replicas: Invalid value: ...
//              (several causes: one "* field: message" line each)
//   otherwise: Error from server (Reason): message
std::string statusErrorText(const nlohmann::json& status);

// As kubectl's AddSourceToErr: prefixes the Status message with
// `error when <verb> "<source>": ` before formatting (Invalid keeps its own form).
std::string statusErrorText(const nlohmann::json& status, const std::string& verb,
                            const std::string& source);

// Go's %q for plain strings: quotes and escapes '"' and '\\'.
std::string quote(const std::string& s);

} // namespace kubelab::kubectl
