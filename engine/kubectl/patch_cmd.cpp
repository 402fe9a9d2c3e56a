// `kubectl patch`, following kubectl release 1.32 (pkg/cmd/patch) and its wording
// (`deployment.apps/web patched`, `... patched (no change)`).
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"
#include "engine/model/decode.h"

namespace kubelab::kubectl {

namespace {

Json parsePatchText(const std::string& text)
{
    Json j = Json::parse(text, nullptr, false);
    if (!j.is_discarded())
        return j;
    try {
        auto docs = model::decodeDocuments(text, "patch");
        if (docs.size() == 1)
            return docs[0].object;
    } catch (const model::DecodeError&) {
    }
    throw clientError("unable to parse " + quote(text) +
                      ": yaml: did not find expected node "
                      "content");
}

Json comparable(Json o)
{
    if (o.contains("metadata") && o["metadata"].is_object()) {
        o["metadata"].erase("resourceVersion");
        o["metadata"].erase("managedFields");
    }
    return o;
}

} // namespace

std::vector<FlagSpec> cmdPatchFlags()
{
    return {
        {"patch", 'p', FlagType::String, ""},
        {"type", 0, FlagType::String, "strategic"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"subresource", 0, FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

void cmdPatch(Context& ctx, const ParsedArgs& args)
{
    const std::string type = args.get("type");
    std::string contentType;
    if (type == "strategic")
        contentType = "application/strategic-merge-patch+json";
    else if (type == "merge")
        contentType = "application/merge-patch+json";
    else if (type == "json")
        contentType = "application/json-patch+json";
    else
        throw clientError("--type must be one of [json merge strategic], not " + quote(type));
    if (!args.has("patch") || args.get("patch").empty())
        throw CommandError("error: must specify -p to patch\nSee 'kubectl patch -h' for help "
                           "and examples");
    const Json patch = parsePatchText(args.get("patch"));
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, false);
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        api::Response before = ctx.call(makeRequest("get", *t.kind, ns, t.name));
        if (!before.ok()) {
            ctx.fail(statusErrorText(before.body));
            continue;
        }
        api::Request req = makeRequest("patch", *t.kind, ns, t.name);
        req.body = patch;
        req.patchType = contentType;
        req.subresource = args.get("subresource");
        req.dryRun = args.get("dry-run") == "server";
        api::Response r = ctx.call(req);
        if (!r.ok()) {
            ctx.fail(statusErrorText(r.body));
            continue;
        }
        const bool changed = comparable(before.body) != comparable(r.body);
        const std::string format = args.get("output");
        if (format.empty() || format == "name") {
            ctx.out(resourceName(*t.kind, t.name) +
                    (format == "name" ? ""
                     : changed        ? " patched"
                                      : " patched (no change)") +
                    "\n");
        } else {
            std::string out, error;
            if (!printObjects(format, {withTypeMeta(r.body, *t.kind)}, false, &out, &error))
                throw clientError(error);
            ctx.out(out);
        }
    }
}

} // namespace kubelab::kubectl
