// `kubectl api-resources` and `kubectl explain`, from the kinds registry and the schemas
// (kubectl release 1.32 columns: NAME SHORTNAMES APIVERSION NAMESPACED KIND [VERBS
// CATEGORIES]).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/model/schema.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> apiResourcesFlags()
{
    return {
        {"output", 'o', FlagType::String, ""},
        {"no-headers", 0, FlagType::Bool, "false"},
        {"namespaced", 0, FlagType::String, "true"},
        {"api-group", 0, FlagType::String, ""},
        {"verbs", 0, FlagType::StringSlice, ""},
        {"sort-by", 0, FlagType::String, ""},
        {"categories", 0, FlagType::StringSlice, ""},
        {"cached", 0, FlagType::Bool, "false"},
    };
}

void runApiResources(Context& ctx, const ParsedArgs& args)
{
    const std::string format = args.get("output");
    if (!format.empty() && format != "wide" && format != "name")
        throw clientError("--output " + format + " is not available");
    const std::string sortBy = args.get("sort-by");
    if (!sortBy.empty() && sortBy != "name" && sortBy != "kind")
        throw clientError("--sort-by accepts only name or kind");
    std::vector<const model::KindInfo*> kinds;
    for (const model::KindInfo& k : model::allKinds()) {
        if (args.has("namespaced") && (args.get("namespaced") == "true") != k.namespaced)
            continue;
        if (args.has("api-group") && args.get("api-group") != k.group)
            continue;
        bool verbsOk = true;
        for (const std::string& v : args.all("verbs"))
            verbsOk = verbsOk && std::find(k.verbs.begin(), k.verbs.end(), v) != k.verbs.end();
        if (!verbsOk)
            continue;
        bool catOk = true;
        const auto cats = model::kindCategories(k);
        for (const std::string& c : args.all("categories"))
            catOk = catOk && std::find(cats.begin(), cats.end(), c) != cats.end();
        if (catOk)
            kinds.push_back(&k);
    }
    std::stable_sort(kinds.begin(), kinds.end(), [&](const auto* a, const auto* b) {
        if (sortBy == "name")
            return a->resource < b->resource;
        if (sortBy == "kind")
            return a->kind < b->kind;
        return a->group < b->group;
    });
    if (format == "name") {
        for (const model::KindInfo* k : kinds)
            ctx.out(k->groupResource() + "\n");
        return;
    }
    std::string text;
    if (!args.boolean("no-headers"))
        text += format == "wide"
            ? "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\tVERBS\tCATEGORIES\n"
            : "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n";
    for (const model::KindInfo* k : kinds) {
        text += k->resource + "\t" + join(k->shortNames, ",") + "\t" + k->apiVersion() + "\t"
            + (k->namespaced ? "true" : "false") + "\t" + k->kind;
        if (format == "wide")
            text += "\t" + join(k->verbs, ",") + "\t" + join(model::kindCategories(*k), ",");
        text += "\n";
    }
    ctx.out(TabWriter(6, 3).format(text));
}

std::vector<FlagSpec> explainFlags()
{
    return {
        {"recursive", 0, FlagType::Bool, "false"},
        {"api-version", 0, FlagType::String, ""},
        {"output", 'o', FlagType::String, "plaintext"},
    };
}

void runExplain(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty())
        throw CommandError(
            "You must specify the type of resource to explain. Use \"kubectl api-resources\" "
            "for a complete list of supported resources.\n\nerror: Required resource not "
            "specified.\nSee 'kubectl explain -h' for help and examples");
    if (args.positional.size() > 1)
        throw clientError("We accept only this format: explain RESOURCE");
    const std::string text = args.positional[0];
    // "deployment.spec.strategy": the resource is the longest dotted prefix that resolves,
    // so group-qualified names ("deployments.apps.spec") work too.
    const model::KindInfo* kind = nullptr;
    std::string path;
    const std::vector<std::string> parts = split(text, '.');
    for (size_t n = parts.size(); n >= 1 && !kind; --n) {
        std::vector<std::string> head(parts.begin(), parts.begin() + long(n));
        kind = model::resolveResource(join(head, "."));
        if (kind)
            path = join(std::vector<std::string>(parts.begin() + long(n), parts.end()), ".");
    }
    if (!kind)
        throw clientError("the server doesn't have a resource type " + quote(parts[0]));
    std::string out, error;
    if (!model::explain(kind->group, kind->kind, path, args.boolean("recursive"), &out, &error))
        throw clientError(error);
    ctx.out(out);
}

} // namespace kubelab::kubectl
