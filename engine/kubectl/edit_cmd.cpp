// `kubectl edit`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/edit,
// pkg/cmd/util/editor): the edited object is compared with the one fetched, and the
// difference is sent as a patch. There is no $EDITOR in KubeLab: the shell passes the
// edited object on standard input (`kubectl edit deploy/web <<EOF`), and the app's console
// opens its YAML editor and runs this with the editor's text when the learner applies.
// Words: `deployment.apps/web edited`, `Edit cancelled, no changes made.`
#include "engine/kubectl/apply_patch.h"
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdEditFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, "yaml"},
        {"subresource", 0, FlagType::String, ""},
        {"field-manager", 0, FlagType::String, "kubectl-edit"},
    };
}

void cmdEdit(Context& ctx, const ParsedArgs& args)
{
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, false);
    if (targets.empty())
        throw clientError("you must provide one or more resources by argument or filename.\n"
                          "Example resource specifications include:\n"
                          "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                          "   '<resource> <name>'\n   '<resource>'");
    if (targets.size() != 1)
        throw clientError("KubeLab's kubectl edits one object at a time: name one object");
    if (ctx.env.stdinText.empty())
        throw clientError("KubeLab has no text editor for kubectl: give the edited object on "
                          "standard input (`kubectl edit " +
                          targets[0].kind->resource + "/" + targets[0].name +
                          " <<EOF`, the YAML, then `EOF`), or use the app's console, which "
                          "opens it in the YAML editor");
    const Target& t = targets[0];
    const std::string ns = targetNamespace(ctx, t);
    api::Response live = ctx.call(makeRequest("get", *t.kind, ns, t.name));
    if (!live.ok())
        throw CommandError(statusErrorText(live.body));
    const Json original = withTypeMeta(live.body, *t.kind);
    std::vector<Manifest> edited = readManifests(ctx, {"-"});
    if (edited.size() != 1)
        throw clientError("the edited file must hold exactly one object");
    const Json& changed = edited[0].object;
    if (changed == original) {
        ctx.result.err += "Edit cancelled, no changes made.\n";
        return;
    }
    // editoptions.go's precondition: the object edited must stay the object fetched.
    if (changed.value("apiVersion", "") != original.value("apiVersion", "") ||
        changed.value("kind", "") != original.value("kind", "") ||
        str(changed, "metadata.name") != t.name)
        throw clientError("At least one of apiVersion, kind and name was changed");
    api::Request req = makeRequest("patch", *t.kind, ns, t.name);
    req.patchType = "application/merge-patch+json";
    req.body = threeWayMergePatch(original, changed, original);
    req.fieldManager = args.get("field-manager");
    if (req.body.empty()) {
        ctx.result.err += "Edit cancelled, no changes made.\n";
        return;
    }
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw CommandError(statusErrorText(r.body) +
                           "\nerror: Edit cancelled, no valid changes were saved.");
    ctx.out(resourceName(*t.kind, t.name) + " edited\n");
}

} // namespace kubelab::kubectl
