// delete, label, annotate and patch, following kubectl release 1.32 wording
// (`pod "web" deleted`, `pod/web labeled`, `deployment.apps/web patched (no change)`).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/table_printer.h"
#include "engine/model/decode.h"

namespace kubelab::kubectl {

std::vector<Target> collectTargets(Context& ctx, const ParsedArgs& args,
                                   const std::vector<std::string>& resourceArgs, bool allowAll)
{
    std::vector<Target> targets;
    const std::vector<std::string> files = args.all("filename");
    if (!files.empty()) {
        for (const Manifest& m : readManifests(ctx, files))
            targets.push_back({m.kind, str(m.object, "metadata.name"),
                               str(m.object, "metadata.namespace")});
        return targets;
    }
    if (resourceArgs.empty())
        throw CommandError("error: You must provide one or more resources by argument or "
                           "filename.\nExample resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n   '<resource>'");
    bool multiple = false;
    std::vector<Target> named = resolveTargets(resourceArgs, &multiple);
    const bool selecting = allowAll && (args.boolean("all") || !args.get("selector").empty());
    for (const Target& t : named) {
        if (!t.name.empty()) {
            targets.push_back(t);
            continue;
        }
        if (!selecting)
            throw clientError("resource(s) were provided, but no name was specified");
        api::Request req = makeRequest("list", *t.kind, targetNamespace(ctx, t));
        req.labelSelector = args.get("selector");
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        for (const Json& item : r.body.value("items", Json::array()))
            targets.push_back({t.kind, str(item, "metadata.name")});
    }
    return targets;
}

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
    throw clientError("unable to parse " + quote(text) + ": yaml: did not find expected node "
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

std::vector<FlagSpec> deleteFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"selector", 'l', FlagType::String, ""},
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

void runDelete(Context& ctx, const ParsedArgs& args)
{
    std::string cascade = args.get("cascade");
    if (cascade == "true")
        cascade = "background";
    else if (cascade == "false")
        cascade = "orphan";
    if (cascade != "background" && cascade != "foreground" && cascade != "orphan")
        throw clientError("invalid cascade value (" + args.get("cascade")
                          + "). Must be \"background\", \"foreground\", or \"orphan\".");
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
    const bool selecting = args.boolean("all") || !args.get("selector").empty();
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, true);
    const std::string policy = cascade == "background" ? "Background"
                             : cascade == "foreground" ? "Foreground" : "Orphan";
    const bool dryServer = args.get("dry-run") == "server";
    const bool dryClient = args.get("dry-run") == "client";
    const std::string operation = std::string(grace == 0 ? "force deleted" : "deleted")
        + (dryClient ? " (dry run)" : dryServer ? " (server dry run)" : "");
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
            ctx.out(toLower(t.kind->kind) + (t.kind->group.empty() ? "" : "." + t.kind->group)
                    + " " + quote(t.name) + " " + operation + "\n");
    }
    if (found == 0 && selecting && ctx.result.exitCode == 0)
        ctx.out("No resources found\n");
}

std::vector<FlagSpec> labelFlags()
{
    return {
        {"overwrite", 0, FlagType::Bool, "false"},
        {"selector", 'l', FlagType::String, ""},
        {"all", 0, FlagType::Bool, "false"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"list", 0, FlagType::Bool, "false"},
        {"resource-version", 0, FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

namespace {

void runMetadataUpdate(Context& ctx, const ParsedArgs& args, bool labels)
{
    const std::string field = labels ? "labels" : "annotations";
    std::vector<std::string> resourceArgs;
    std::map<std::string, std::string> adds;
    std::vector<std::string> removes;
    for (const std::string& a : args.positional) {
        if (a.find('=') != std::string::npos) {
            auto eq = a.find('=');
            adds[a.substr(0, eq)] = a.substr(eq + 1);
        } else if (!a.empty() && a.back() == '-' && !resourceArgs.empty()) {
            removes.push_back(a.substr(0, a.size() - 1));
        } else {
            resourceArgs.push_back(a);
        }
    }
    if (adds.empty() && removes.empty() && !args.boolean("list"))
        throw clientError(labels ? "at least one label update is required"
                                 : "at least one annotation update is required");
    for (const std::string& r : removes)
        if (adds.count(r))
            throw clientError("can not both modify and remove " + field.substr(0, field.size() - 1)
                              + " in the same command");
    std::vector<Target> targets = collectTargets(ctx, args, resourceArgs, true);
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        api::Response cur = ctx.call(makeRequest("get", *t.kind, ns, t.name));
        if (!cur.ok()) {
            ctx.fail(statusErrorText(cur.body));
            continue;
        }
        if (args.boolean("list")) {
            const Json& existing = at(cur.body, "metadata." + field);
            if (existing.is_object())
                for (auto it = existing.begin(); it != existing.end(); ++it)
                    ctx.out(it.key() + "=" + it->get<std::string>() + "\n");
            continue;
        }
        Json values = at(cur.body, "metadata." + field);
        if (!values.is_object())
            values = Json::object();
        const Json before = values;
        if (!args.boolean("overwrite")) {
            std::vector<std::string> clashes;
            for (const auto& [k, v] : adds)
                if (values.contains(k) && values[k] != v)
                    clashes.push_back("'" + k + "' already has a value (" +
                                      values[k].get<std::string>() + ")");
            if (!clashes.empty()) {
                if (labels)
                    throw clientError(clashes[0] + ", and --overwrite is false");
                throw clientError("--overwrite is false but found the following declared "
                                  "annotation(s): " + join(clashes, ", "));
            }
        }
        Json patchValues = Json::object();
        for (const auto& [k, v] : adds) {
            values[k] = v;
            patchValues[k] = v;
        }
        for (const std::string& k : removes) {
            if (!values.contains(k) && labels)
                ctx.out("label " + quote(k) + " not found.\n");
            values.erase(k);
            patchValues[k] = nullptr;
        }
        std::string message = labels ? "labeled" : "annotated";
        if (labels && values == before)
            message = "not labeled";
        else if (labels && !args.boolean("overwrite") && values.size() < before.size())
            message = "unlabeled";
        if (values != before && args.get("dry-run") != "client") {
            api::Request req = makeRequest("patch", *t.kind, ns, t.name);
            req.body = {{"metadata", {{field, patchValues}}}};
            req.patchType = "application/merge-patch+json";
            req.dryRun = args.get("dry-run") == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail(statusErrorText(r.body));
                continue;
            }
        }
        ctx.out(resourceName(*t.kind, t.name) + " " + message + "\n");
    }
}

} // namespace

void runLabel(Context& ctx, const ParsedArgs& args) { runMetadataUpdate(ctx, args, true); }
void runAnnotate(Context& ctx, const ParsedArgs& args) { runMetadataUpdate(ctx, args, false); }

std::vector<FlagSpec> patchFlags()
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

void runPatch(Context& ctx, const ParsedArgs& args)
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
            ctx.out(resourceName(*t.kind, t.name)
                    + (format == "name" ? "" : changed ? " patched" : " patched (no change)")
                    + "\n");
        } else {
            std::string out, error;
            if (!printObjects(format, {withTypeMeta(r.body, *t.kind)}, false, &out, &error))
                throw clientError(error);
            ctx.out(out);
        }
    }
}

} // namespace kubelab::kubectl
