#pragma once
// One entry point per kubectl command, `cmd<Command>`, and the flags it declares,
// `cmd<Command>Flags`; kubectl.cpp parses those flags and dispatches. Each prints into
// ctx.result and throws CommandError to stop with an error. `kubectl <command>` lives in
// <command>_cmd.cpp (describe/ and rollout/ for the two with helpers of their own).
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

// Reading
std::vector<FlagSpec> cmdGetFlags();
void cmdGet(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdDescribeFlags();
void cmdDescribe(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdLogsFlags();
void cmdLogs(Context& ctx, const ParsedArgs& args);
// A workload's pod selector as a label query ("app=web") (logs_cmd.cpp).
std::string workloadSelector(const nlohmann::json& object);
std::vector<FlagSpec> cmdExecFlags();
void cmdExec(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdEventsFlags();
void cmdEvents(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdTopFlags();
void cmdTop(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdApiResourcesFlags();
void cmdApiResources(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdExplainFlags();
void cmdExplain(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdApiVersionsFlags();
void cmdApiVersions(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdVersionFlags();
void cmdVersion(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdClusterInfoFlags();
void cmdClusterInfo(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdDiffFlags();
void cmdDiff(Context& ctx, const ParsedArgs& args);

// Writing
std::vector<FlagSpec> cmdApplyFlags();
void cmdApply(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdCreateFlags();
void cmdCreate(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdRunFlags();
void cmdRun(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdDeleteFlags();
void cmdDelete(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdLabelFlags();
void cmdLabel(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdAnnotateFlags();
void cmdAnnotate(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdPatchFlags();
void cmdPatch(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdScaleFlags();
void cmdScale(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdRolloutFlags();
void cmdRollout(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdSetFlags();
void cmdSet(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdExposeFlags();
void cmdExpose(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdEditFlags();
void cmdEdit(Context& ctx, const ParsedArgs& args);

// Nodes
std::vector<FlagSpec> cmdCordonFlags();
void cmdCordon(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdUncordonFlags();
void cmdUncordon(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdDrainFlags();
void cmdDrain(Context& ctx, const ParsedArgs& args);
std::vector<FlagSpec> cmdTaintFlags();
void cmdTaint(Context& ctx, const ParsedArgs& args);

// Waiting
std::vector<FlagSpec> cmdWaitFlags();
void cmdWait(Context& ctx, const ParsedArgs& args);

} // namespace kubelab::kubectl
