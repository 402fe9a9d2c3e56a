#pragma once
// What every kubectl command shares: the environment, the output being built, and the
// helpers that talk to the API server and turn failures into kubectl's words.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/kubectl/args.h"
#include "engine/kubectl/errors.h"
#include "engine/kubectl/kubectl.h"
#include "engine/model/kinds.h"

namespace kubelab::kubectl {

using Json = nlohmann::json;

struct Context
{
    Environment& env;
    Result result;
    std::string command;     // "get", "create deployment": for "See 'kubectl X --help'"
    std::string ns;          // effective namespace
    bool nsExplicit = false; // -n given

    sim::Time now() const { return env.now ? env.now() : 0; }
    void out(const std::string& text) { result.out += text; }
    // One error line; marks the command failed but lets it continue (ContinueOnError).
    void fail(const std::string& text)
    {
        result.err += text + "\n";
        result.exitCode = 1;
    }
    api::Response call(const api::Request& request);
};

// Flags every command accepts (kubectl's global options that matter here).
std::vector<FlagSpec> globalFlags();

// Resolves what the user typed ("po", "deploy", "deployments.apps"); throws kubectl's
// `error: the server doesn't have a resource type "foo"`.
const model::KindInfo& resolveKind(const std::string& text);

api::Request makeRequest(const std::string& verb, const model::KindInfo& kind,
                         const std::string& ns, const std::string& name = {});

// Namespace a request for `kind` goes to: "" for cluster-scoped kinds.
std::string namespaceFor(const Context& ctx, const model::KindInfo& kind);

// Ensures the object's kind/apiVersion are set (list items come without them).
Json withTypeMeta(Json object, const model::KindInfo& kind);

} // namespace kubelab::kubectl
