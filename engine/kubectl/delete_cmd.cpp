// `kubectl delete`, following kubectl release 1.32 (pkg/cmd/delete) and its wording
// (`pod "web" deleted`, `pod "web" force deleted`).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdDeleteFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"selector", 'l', FlagType::String, ""},
        {"field-selector", 0, FlagType::String, ""},
        {"all", 0, FlagType::Bool, "false"},
        {"grace-period", 0, FlagType::Int, "-1"},
        {"now", 0, FlagType::Bool, "false"},
        {"force", 0, FlagType::Bool, "false"},
        {"cascade", 0, FlagType::String, "background", "background"},
        {"ignore-not-found", 0, FlagType::Bool, "false"},
        {"wait", 0, FlagType::Bool, "true"},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

void cmdDelete(Context& ctx, const ParsedArgs& args)
{
    std::string cascade = args.get("cascade");
    if (cascade == "true")
        cascade = "background";
    else if (cascade == "false")
        cascade = "orphan";
    if (cascade != "background" && cascade != "foreground" && cascade != "orphan")
        throw clientError("invalid cascade value (" + args.get("cascade") +
                          "). Must be \"background\", \"foreground\", or \"orphan\".");
    long long grace = args.integer("grace-period");
    if (args.boolean("now")) {
        if (grace != -1)
            throw clientError("--now and --grace-period cannot be specified together");
        grace = 1;
    }
    const bool force = args.boolean("force");
    if (force && grace == -1)
        grace = 0;
    // kubectl keeps --grace-period=0 without --force from meaning "skip graceful deletion".
    if (grace == 0 && !force)
        grace = 1;
    if (grace == 0 && force)
        ctx.result.err += "Warning: Immediate deletion does not wait for confirmation that the "
                          "running resource has been terminated. The resource may continue to "
                          "run on the cluster indefinitely.\n";
    if (args.boolean("all") && !args.get("selector").empty())
        throw clientError("cannot set --all and --selector at the same time");
    const bool selecting = args.boolean("all") || !args.get("selector").empty() ||
                           !args.get("field-selector").empty();
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, true);
    const std::string policy = cascade == "background"   ? "Background"
                               : cascade == "foreground" ? "Foreground"
                                                         : "Orphan";
    const bool dryServer = args.get("dry-run") == "server";
    const bool dryClient = args.get("dry-run") == "client";
    const std::string operation =
        std::string(grace == 0 ? "force deleted" : "deleted") + (dryClient   ? " (dry run)"
                                                                 : dryServer ? " (server dry run)"
                                                                             : "");
    size_t found = 0;
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        if (!dryClient) {
            api::Request req = makeRequest("delete", *t.kind, ns, t.name);
            req.propagationPolicy = policy;
            if (grace >= 0)
                req.gracePeriodSeconds = grace;
            req.dryRun = dryServer;
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                if (!(r.code == 404 && args.boolean("ignore-not-found")))
                    ctx.fail(statusErrorText(r.body));
                continue;
            }
        }
        ++found;
        if (args.get("output") == "name")
            ctx.out(resourceName(*t.kind, t.name) + "\n");
        else
            ctx.out(toLower(t.kind->kind) + (t.kind->group.empty() ? "" : "." + t.kind->group) +
                    " " + quote(t.name) + " " + operation + "\n");
    }
    if (found == 0 && selecting && ctx.result.exitCode == 0)
        ctx.out("No resources found\n");
}

} // namespace kubelab::kubectl
