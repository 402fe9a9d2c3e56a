// Dispatch for the kubectl subset (output and wording follow kubectl v1.32): picks the
// command, parses its flags as cobra would, and turns a CommandError into kubectl's stderr
// text and exit code 1.
#include "engine/kubectl/kubectl.h"

#include <algorithm>

#include "engine/kubectl/commands.h"

namespace kubelab::kubectl {

namespace {

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = {
        {"annotate", cmdAnnotateFlags, cmdAnnotate},
        {"api-resources", cmdApiResourcesFlags, cmdApiResources},
        {"api-versions", cmdApiVersionsFlags, cmdApiVersions},
        {"apply", cmdApplyFlags, cmdApply},
        {"cluster-info", cmdClusterInfoFlags, cmdClusterInfo},
        {"cordon", cmdCordonFlags, cmdCordon},
        {"create", cmdCreateFlags, cmdCreate},
        {"delete", cmdDeleteFlags, cmdDelete},
        {"describe", cmdDescribeFlags, cmdDescribe},
        {"diff", cmdDiffFlags, cmdDiff},
        {"drain", cmdDrainFlags, cmdDrain},
        {"edit", cmdEditFlags, cmdEdit},
        {"events", cmdEventsFlags, cmdEvents},
        {"exec", cmdExecFlags, cmdExec},
        {"explain", cmdExplainFlags, cmdExplain},
        {"expose", cmdExposeFlags, cmdExpose},
        {"get", cmdGetFlags, cmdGet},
        {"label", cmdLabelFlags, cmdLabel},
        {"logs", cmdLogsFlags, cmdLogs},
        {"patch", cmdPatchFlags, cmdPatch},
        {"rollout", cmdRolloutFlags, cmdRollout},
        {"run", cmdRunFlags, cmdRun},
        {"scale", cmdScaleFlags, cmdScale},
        {"set", cmdSetFlags, cmdSet},
        {"taint", cmdTaintFlags, cmdTaint},
        {"top", cmdTopFlags, cmdTop},
        {"uncordon", cmdUncordonFlags, cmdUncordon},
        {"version", cmdVersionFlags, cmdVersion},
        {"wait", cmdWaitFlags, cmdWait},
    };
    return table;
}

// Every kubectl command name, for cobra's "Did you mean this?" suggestions.
const std::vector<std::string>& kubectlCommandNames()
{
    static const std::vector<std::string> names = {
        "alpha",    "annotate",  "api-resources", "api-versions", "apply",      "attach",
        "auth",     "autoscale", "certificate",   "cluster-info", "completion", "config",
        "cordon",   "cp",        "create",        "debug",        "delete",     "describe",
        "diff",     "drain",     "edit",          "events",       "exec",       "explain",
        "expose",   "get",       "help",          "kustomize",    "label",      "logs",
        "options",  "patch",     "plugin",        "port-forward", "proxy",      "replace",
        "rollout",  "run",       "scale",         "set",          "taint",      "top",
        "uncordon", "version",   "wait"};
    return names;
}

// The implemented commands, for the "not part of the subset" message.
std::string availableCommands()
{
    std::string out;
    for (const std::string& c : commandNames())
        out += (out.empty() ? "" : ", ") + c;
    return out;
}

size_t levenshtein(const std::string& a, const std::string& b)
{
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string unknownCommand(const std::string& name)
{
    std::string text = "Error: unknown command " + quote(name) + " for \"kubectl\"";
    std::vector<std::string> suggestions;
    for (const std::string& c : kubectlCommandNames())
        if (levenshtein(name, c) <= 2 || (!name.empty() && c.rfind(name, 0) == 0))
            suggestions.push_back(c);
    if (!suggestions.empty()) {
        text += "\n\nDid you mean this?\n";
        for (const std::string& s : suggestions)
            text += "\t" + s + "\n";
    }
    return text;
}

} // namespace

std::vector<std::string> commandNames()
{
    std::vector<std::string> names;
    for (const Command& c : commands())
        names.push_back(c.name);
    return names;
}

Result run(const std::vector<std::string>& args, Environment& env)
{
    Context ctx{env, {}, {}, env.defaultNamespace, false};
    // The first non-flag argument is the command, as cobra finds it.
    size_t at = 0;
    while (at < args.size() && !args[at].empty() && args[at][0] == '-')
        ++at;
    if (at >= args.size()) {
        ctx.result.out = "kubectl controls the Kubernetes cluster manager.\n";
        return ctx.result;
    }
    const std::string name = args[at];
    auto cmd = std::find_if(commands().begin(), commands().end(),
                            [&](const Command& c) { return name == c.name; });
    if (cmd == commands().end()) {
        const auto& known = kubectlCommandNames();
        if (std::find(known.begin(), known.end(), name) != known.end())
            ctx.result.err =
                "error: `kubectl " + name +
                "` is not part of KubeLab's kubectl subset (available: " + availableCommands() +
                ")\n";
        else
            ctx.result.err = unknownCommand(name) + "\n";
        ctx.result.exitCode = 1;
        return ctx.result;
    }
    ctx.command = name;
    std::vector<std::string> rest(args.begin(), args.begin() + long(at));
    rest.insert(rest.end(), args.begin() + long(at) + 1, args.end());
    // `create deployment` and friends carry their own flags: the subcommand's name is the
    // first positional, and cmdCreate reparses.
    std::vector<FlagSpec> specs = cmd->flags();
    for (const FlagSpec& g : globalFlags())
        specs.push_back(g);
    std::string error;
    auto parsed = parseArgs(rest, specs, &error);
    // `create deployment` and friends have their own help page.
    std::string helpName = ctx.command;
    if (ctx.command == "create" || ctx.command == "set")
        for (const std::string& a : rest)
            if (!a.empty() && a[0] != '-') {
                if (a == "deployment" || a == "namespace" || a == "configmap" || a == "secret" ||
                    a == "image" || a == "env" || a == "resources")
                    helpName += " " + a;
                break;
            }
    if (!parsed) {
        const std::string& sub = helpName;
        ctx.result.err = "Error: " + error + "\nSee 'kubectl " + sub + " --help' for usage.\n";
        ctx.result.exitCode = 1;
        return ctx.result;
    }
    if (parsed->has("namespace") && !parsed->get("namespace").empty()) {
        ctx.ns = parsed->get("namespace");
        ctx.nsExplicit = true;
    }
    if (parsed->boolean("help")) {
        ctx.result.out = "Usage:\n  kubectl " + helpName + " [flags] [options]\n";
        return ctx.result;
    }
    try {
        // rollout status polls instead (it has an end); get and events would stream forever.
        if (ctx.command != "rollout" && parsed->has("watch") && parsed->boolean("watch"))
            throw clientError("--watch is not available in KubeLab's kubectl: step or run the "
                              "simulation and get again, or follow the app's event log");
        cmd->run(ctx, *parsed);
    } catch (const CommandError& e) {
        ctx.result.err += std::string(e.what()) + "\n";
        ctx.result.exitCode = 1;
    }
    return ctx.result;
}

} // namespace kubelab::kubectl
