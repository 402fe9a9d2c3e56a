#pragma once
// What a command acts on, as kubectl's resource builder (cli-runtime pkg/resource) finds
// it: "pods web", "pods/web", "pods,svc", "all", -l selectors and -f manifests.
#include <string>
#include <vector>

#include "engine/kubectl/args.h"
#include "engine/kubectl/context.h"

namespace kubelab::kubectl {

// One object (or, with an empty name, every object of the kind) a command acts on.
struct Target
{
    const model::KindInfo* kind;
    std::string name;
    std::string ns = {}; // from a manifest's metadata.namespace; "" means the command's
};

// The namespace a target lives in: its manifest's, else -n / the default; "" when
// cluster-scoped.
std::string targetNamespace(const Context& ctx, const Target& target);

// Splits "pods web", "pods/web", "pods,svc" and "all" into (kind, name) targets.
// *multipleKinds says whether output should name each object with its kind.
std::vector<Target> resolveTargets(const std::vector<std::string>& args, bool* multipleKinds);

// Every object of `kind`'s kind in its namespace matching the label selector (and the field
// selector, if any), by name (a list request; its Status error thrown as kubectl prints it).
// Shared by collectTargets and the rollout subcommands.
std::vector<Target> listTargets(Context& ctx, const Target& kind, const std::string& selector,
                                const std::string& fieldSelector = {});

// The targets of a mutating command: -f manifests, or `resourceArgs` resolved as above;
// a kind without a name lists its objects when `allowAll` and --all / -l / --field-selector
// (for commands that declare it) were given, and
// is kubectl's "resource(s) were provided, but no name was specified" error otherwise.
std::vector<Target> collectTargets(Context& ctx, const ParsedArgs& args,
                                   const std::vector<std::string>& resourceArgs, bool allowAll);

// A manifest read from -f, with where it came from for error messages.
struct Manifest
{
    Json object;
    std::string source; // file name as given, or "STDIN"
    const model::KindInfo* kind = nullptr;
};

// Reads and decodes every -f argument (files, "-"), checking apiVersion/kind and
// resolving each kind; throws CommandError with kubectl's wording on the first problem.
std::vector<Manifest> readManifests(Context& ctx, const std::vector<std::string>& files);

// The nodes named as "worker-1" or "node/worker-1", or selected with -l, for cordon,
// uncordon, drain and taint; fetched, since every node command reads the node first.
// Throws kubectl's errors (NotFound, "USAGE: <usage> [flags]").
std::vector<Json> selectNodes(Context& ctx, const ParsedArgs& args,
                              const std::vector<std::string>& names, const std::string& usage);

} // namespace kubelab::kubectl
