// `kubectl label` and `kubectl annotate`, following kubectl release 1.32 (pkg/cmd/label,
// pkg/cmd/annotate): one implementation, since the two differ only in the field they
// change and their words (`pod/web labeled`, `pod/web annotated`).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdLabelFlags()
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
            throw clientError("can not both modify and remove " +
                              field.substr(0, field.size() - 1) + " in the same command");
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
                                  "annotation(s): " +
                                  join(clashes, ", "));
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

void cmdLabel(Context& ctx, const ParsedArgs& args)
{
    runMetadataUpdate(ctx, args, true);
}
void cmdAnnotate(Context& ctx, const ParsedArgs& args)
{
    runMetadataUpdate(ctx, args, false);
}

std::vector<FlagSpec> cmdAnnotateFlags()
{
    return cmdLabelFlags();
}

} // namespace kubelab::kubectl
