// `kubectl scale`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/scale).
// kubectl writes the scale subresource; KubeLab's API server has none yet, so we patch
// spec.replicas, which is what the scale subresource changes underneath.
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/polling.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdScaleFlags()
{
    return {
        {"replicas", 0, FlagType::Int, "0"},
        {"current-replicas", 0, FlagType::Int, "-1"},
        {"resource-version", 0, FlagType::String, ""},
        {"selector", 'l', FlagType::String, ""},
        {"all", 0, FlagType::Bool, "false"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"timeout", 0, FlagType::String, "0s"},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

namespace {

bool scalable(const model::KindInfo& kind)
{
    const std::string gr = kind.groupResource();
    return gr == "deployments.apps" || gr == "replicasets.apps" || gr == "statefulsets.apps" ||
           gr == "replicationcontrollers";
}

} // namespace

void cmdScale(Context& ctx, const ParsedArgs& args)
{
    // cobra's MarkFlagRequired check comes before kubectl's own validation.
    if (!args.has("replicas"))
        throw clientError("required flag(s) \"replicas\" not set");
    const long long replicas = args.integer("replicas");
    if (replicas < 0)
        throw clientError("The --replicas=COUNT flag is required, and COUNT must be greater "
                          "than or equal to 0");
    const std::string output = args.get("output");
    if (!output.empty() && output != "name")
        throw clientError("unable to match a printer suitable for the output format " +
                          quote(output) + ", allowed formats are: name");
    durationFlag(args, "timeout", "scale");
    const std::string dryRun = args.get("dry-run");
    const long long current = args.integer("current-replicas");
    const std::string wantVersion = args.get("resource-version");
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, true);
    if (targets.empty())
        throw clientError("no objects passed to scale");
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        if (!scalable(*t.kind)) {
            // What the API server answers for a kind without a scale subresource.
            ctx.fail("Error from server (NotFound): the server could not find the requested "
                     "resource");
            continue;
        }
        api::Response cur = ctx.call(makeRequest("get", *t.kind, ns, t.name));
        if (!cur.ok()) {
            ctx.fail(statusErrorText(cur.body));
            continue;
        }
        // kubectl's ScalePrecondition: checked against the scale it read, before writing.
        const std::int64_t actual = num(cur.body, "spec.replicas", 1);
        if (current >= 0 && current != actual) {
            ctx.fail("error: Expected replicas to be " + std::to_string(current) + ", was " +
                     std::to_string(actual));
            continue;
        }
        if (!wantVersion.empty() && wantVersion != str(cur.body, "metadata.resourceVersion")) {
            ctx.fail("error: Expected resource version to be " + wantVersion + ", was " +
                     str(cur.body, "metadata.resourceVersion"));
            continue;
        }
        if (dryRun != "client") {
            api::Request req = makeRequest("patch", *t.kind, ns, t.name);
            req.patchType = "application/merge-patch+json";
            req.body = {{"spec", {{"replicas", replicas}}}};
            req.dryRun = dryRun == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail(statusErrorText(r.body));
                continue;
            }
        }
        std::string line = resourceName(*t.kind, t.name);
        if (output != "name")
            line += std::string(" scaled") + (dryRun == "client"   ? " (dry run)"
                                              : dryRun == "server" ? " (server dry run)"
                                                                   : "");
        ctx.out(line + "\n");
    }
}

} // namespace kubelab::kubectl
