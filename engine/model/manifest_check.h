#pragma once
// Checks a manifest as `kubectl apply` and the API server would, without sending it: the
// YAML decoder's errors at line:column, kubectl's apiVersion/kind checks, the server's
// strict decoding (unknown fields, wrong types) and its defaulting plus validation (field
// paths). Each problem's field path is traced back to the line that holds it. Called by
// the app's YAML editor on every pause in typing, and by tests directly.
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::model {

struct ManifestProblem
{
    int line = 1;        // 1-based, where the problem is (or the nearest line that exists)
    int column = 1;      // 1-based
    std::string field;   // "spec.replicas" when the problem is about a field, else ""
    std::string message; // the engine's words: decoder, kubectl or API server
    bool exact = true;   // false when the field is missing and line:column is its parent's
};

// Every problem of every document in `text`, in document order. A document stops at its
// first stage that fails, as the server stops at the first check that rejects a request.
// Objects are checked as a create in namespace "default" when they name none.
std::vector<ManifestProblem> checkManifest(std::string_view text);

} // namespace kubelab::model
