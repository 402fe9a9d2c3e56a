#pragma once
// One entry point per kubectl command; kubectl.cpp parses the flags they declare and
// dispatches. Each prints into ctx.result and throws CommandError to stop with an error.
#include <vector>

#include "engine/kubectl/args.h"
#include "engine/kubectl/context.h"

namespace kubelab::kubectl {

struct Command
{
    const char* name;
    std::vector<FlagSpec> (*flags)();
    void (*run)(Context& ctx, const ParsedArgs& args);
};

std::vector<FlagSpec> getFlags();
void runGet(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> describeFlags();
void runDescribe(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> applyFlags();
void runApply(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> createFlags();
void runCreate(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> runFlags();
void runRun(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> deleteFlags();
void runDelete(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> labelFlags();
void runLabel(Context& ctx, const ParsedArgs& args);
void runAnnotate(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> patchFlags();
void runPatch(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> apiResourcesFlags();
void runApiResources(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> explainFlags();
void runExplain(Context& ctx, const ParsedArgs& args);

// Splits "pods web", "pods/web", "pods,svc" and "all" into (kind, name) targets, as
// kubectl's resource builder does. An empty name means "every object of the kind".
struct Target
{
    const model::KindInfo* kind;
    std::string name;
    std::string ns = {}; // from a manifest's metadata.namespace; "" means the command's
};

// The namespace a target lives in: its manifest's, else -n / the default; "" when
// cluster-scoped.
std::string targetNamespace(const Context& ctx, const Target& target);
std::vector<Target> resolveTargets(const std::vector<std::string>& args, bool* multipleKinds);

} // namespace kubelab::kubectl
