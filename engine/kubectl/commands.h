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

std::vector<FlagSpec> scaleFlags();
void runScale(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> rolloutFlags();
void runRollout(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> cordonFlags();
void runCordon(Context& ctx, const ParsedArgs& args);
void runUncordon(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> taintFlags();
void runTaint(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> drainFlags();
void runDrain(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> logsFlags();
void runLogs(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> eventsFlags();
void runEvents(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> topFlags();
void runTop(Context& ctx, const ParsedArgs& args);

std::vector<FlagSpec> waitFlags();
void runWait(Context& ctx, const ParsedArgs& args);

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

// The targets of a mutating command: -f manifests, or `resourceArgs` resolved as above;
// a kind without a name lists its objects when `allowAll` and --all / -l were given, and
// is kubectl's "resource(s) were provided, but no name was specified" error otherwise.
std::vector<Target> collectTargets(Context& ctx, const ParsedArgs& args,
                                   const std::vector<std::string>& resourceArgs, bool allowAll);

} // namespace kubelab::kubectl
