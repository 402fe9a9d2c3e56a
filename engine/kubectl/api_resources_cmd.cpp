// `kubectl api-resources`, from the kinds registry (kubectl release 1.32,
// pkg/cmd/apiresources; columns NAME SHORTNAMES APIVERSION NAMESPACED KIND [VERBS
// CATEGORIES]).
#include <algorithm>
#include <set>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/model/schema.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdApiResourcesFlags()
{
    return {
        {"output", 'o', FlagType::String, ""},        {"no-headers", 0, FlagType::Bool, "false"},
        {"namespaced", 0, FlagType::String, "true"},  {"api-group", 0, FlagType::String, ""},
        {"verbs", 0, FlagType::StringSlice, ""},      {"sort-by", 0, FlagType::String, ""},
        {"categories", 0, FlagType::StringSlice, ""}, {"cached", 0, FlagType::Bool, "false"},
    };
}

void cmdApiResources(Context& ctx, const ParsedArgs& args)
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
        text += k->resource + "\t" + join(k->shortNames, ",") + "\t" + k->apiVersion() + "\t" +
                (k->namespaced ? "true" : "false") + "\t" + k->kind;
        if (format == "wide")
            text += "\t" + join(k->verbs, ",") + "\t" + join(model::kindCategories(*k), ",");
        text += "\n";
    }
    ctx.out(TabWriter(6, 3).format(text));
}

} // namespace kubelab::kubectl

namespace kubelab::kubectl {

// `kubectl api-versions` (pkg/cmd/apiresources/apiversions.go): every group/version the
// server serves, sorted as Go's sort.Strings sorts them (so the core "v1" comes last).
std::vector<FlagSpec> cmdApiVersionsFlags()
{
    return {};
}

void cmdApiVersions(Context& ctx, const ParsedArgs& args)
{
    if (!args.positional.empty())
        throw clientError("unexpected arguments: [" + join(args.positional, " ") + "]");
    std::set<std::string> versions;
    for (const model::KindInfo& k : model::allKinds())
        versions.insert(k.apiVersion());
    for (const std::string& v : versions)
        ctx.out(v + "\n");
}

} // namespace kubelab::kubectl
