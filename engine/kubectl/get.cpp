// `kubectl get`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/get).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/jsonpath.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/output.h"
#include "engine/kubectl/table_printer.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> getFlags()
{
    return {
        {"output", 'o', FlagType::String, ""},
        {"selector", 'l', FlagType::String, ""},
        {"field-selector", 0, FlagType::String, ""},
        {"all-namespaces", 'A', FlagType::Bool, "false"},
        {"show-labels", 0, FlagType::Bool, "false"},
        {"show-kind", 0, FlagType::Bool, "false"},
        {"no-headers", 0, FlagType::Bool, "false"},
        {"label-columns", 'L', FlagType::StringSlice, ""},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"ignore-not-found", 0, FlagType::Bool, "false"},
        {"chunk-size", 0, FlagType::Int, "500"},
        {"sort-by", 0, FlagType::String, ""},
        {"watch", 'w', FlagType::Bool, "false"},
    };
}

std::vector<Target> resolveTargets(const std::vector<std::string>& args, bool* multipleKinds)
{
    std::vector<Target> targets;
    *multipleKinds = false;
    if (args.empty())
        return targets;
    const bool slashForm = args[0].find('/') != std::string::npos;
    if (slashForm) {
        const model::KindInfo* first = nullptr;
        for (const std::string& a : args) {
            auto slash = a.find('/');
            if (slash == std::string::npos)
                throw clientError(
                    "there is no need to specify a resource type as a separate argument when "
                    "passing arguments in resource/name form (e.g. 'kubectl get "
                    "resource/<resource_name>' instead of 'kubectl get resource "
                    "resource/<resource_name>'");
            const model::KindInfo& k = resolveKind(a.substr(0, slash));
            if (first && first != &k)
                *multipleKinds = true;
            first = &k;
            targets.push_back({&k, a.substr(slash + 1)});
        }
        return targets;
    }
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i].find('/') != std::string::npos)
            throw clientError(
                "there is no need to specify a resource type as a separate argument when "
                "passing arguments in resource/name form (e.g. 'kubectl get "
                "resource/<resource_name>' instead of 'kubectl get resource "
                "resource/<resource_name>'");
    std::vector<const model::KindInfo*> kinds;
    for (const std::string& t : split(args[0], ',')) {
        if (t == "all") {
            // The "all" category, in kubectl's discovery order.
            static const char* const order[] = {"pods", "services", "daemonsets.apps",
                                                "deployments.apps", "replicasets.apps",
                                                "statefulsets.apps", "jobs.batch"};
            for (const char* gr : order)
                for (const model::KindInfo& k : model::allKinds())
                    if (k.groupResource() == gr) {
                        auto cats = model::kindCategories(k);
                        if (std::find(cats.begin(), cats.end(), "all") != cats.end())
                            kinds.push_back(&k);
                    }
            *multipleKinds = true;
            continue;
        }
        kinds.push_back(&resolveKind(t));
    }
    if (split(args[0], ',').size() > 1)
        *multipleKinds = true;
    for (const model::KindInfo* k : kinds) {
        if (args.size() == 1)
            targets.push_back({k, ""});
        for (size_t i = 1; i < args.size(); ++i)
            targets.push_back({k, args[i]});
    }
    return targets;
}

std::string targetNamespace(const Context& ctx, const Target& target)
{
    if (!target.kind->namespaced)
        return {};
    return target.ns.empty() ? ctx.ns : target.ns;
}

namespace {

struct Group
{
    const model::KindInfo* kind;
    std::vector<Json> items;
};

// Sorts by a simple JSONPath field ("{.metadata.name}" or ".metadata.name"), as --sort-by.
void sortItems(std::vector<Json>& items, const std::string& field)
{
    std::string templ = field;
    if (templ.empty())
        return;
    if (templ.front() != '{')
        templ = "{" + templ + "}";
    std::string error;
    auto jp = JsonPath::parse(templ, &error);
    if (!jp)
        throw clientError("couldn't parse JSONPath " + field + ": " + error);
    auto key = [&](const Json& o) {
        std::string out, err;
        jp->execute(o, &out, &err);
        return out;
    };
    std::stable_sort(items.begin(), items.end(), [&](const Json& a, const Json& b) {
        std::string ka = key(a), kb = key(b);
        char* ea = nullptr;
        char* eb = nullptr;
        double na = std::strtod(ka.c_str(), &ea), nb = std::strtod(kb.c_str(), &eb);
        if (!ka.empty() && !kb.empty() && *ea == '\0' && *eb == '\0')
            return na < nb;
        return ka < kb;
    });
}

} // namespace

void runGet(Context& ctx, const ParsedArgs& args)
{
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"wide", "yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const bool allNamespaces = args.boolean("all-namespaces");
    const std::vector<std::string> files = args.all("filename");
    if (args.positional.empty() && files.empty())
        throw CommandError(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a "
            "complete list of supported resources.\n\nerror: Required resource not specified.\n"
            "Use \"kubectl explain <resource>\" for a detailed description of that resource "
            "(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");

    bool multipleKinds = false;
    std::vector<Target> targets;
    if (!files.empty()) {
        for (const Manifest& m : readManifests(ctx, files)) {
            targets.push_back({m.kind, str(m.object, "metadata.name"),
                               str(m.object, "metadata.namespace")});
            if (!targets.empty() && targets.front().kind != m.kind)
                multipleKinds = true;
        }
    } else {
        targets = resolveTargets(args.positional, &multipleKinds);
    }
    const std::string selector = args.get("selector");
    const bool named = std::any_of(targets.begin(), targets.end(),
                                   [](const Target& t) { return !t.name.empty(); });
    if (named && !selector.empty())
        throw clientError("name cannot be provided when a selector is specified");

    std::vector<Group> groups;
    bool allNamespaced = !allNamespaces;
    for (const Target& t : targets) {
        allNamespaced = allNamespaced && t.kind->namespaced;
        const std::string ns = allNamespaces ? "" : targetNamespace(ctx, t);
        if (groups.empty() || groups.back().kind != t.kind)
            groups.push_back({t.kind, {}});
        if (!t.name.empty()) {
            api::Response r = ctx.call(makeRequest("get", *t.kind, ns, t.name));
            if (!r.ok()) {
                if (!(args.boolean("ignore-not-found") && r.code == 404))
                    ctx.fail(statusErrorText(r.body));
                continue;
            }
            groups.back().items.push_back(withTypeMeta(r.body, *t.kind));
            continue;
        }
        api::Request req = makeRequest("list", *t.kind, ns);
        req.labelSelector = selector;
        req.fieldSelector = args.get("field-selector");
        api::Response r = ctx.call(req);
        if (!r.ok()) {
            ctx.fail(statusErrorText(r.body));
            continue;
        }
        if (r.body.contains("items") && r.body["items"].is_array())
            for (const Json& item : r.body["items"])
                groups.back().items.push_back(withTypeMeta(item, *t.kind));
    }
    // No default order beyond the server's (kubectl does not sort events by time either:
    // kubernetes/kubernetes#29838); --sort-by sorts within each kind.
    for (Group& g : groups)
        sortItems(g.items, args.get("sort-by"));

    size_t total = 0;
    for (const Group& g : groups)
        total += g.items.size();
    const bool table = format.empty() || format == "wide";
    if (table) {
        std::string text;
        for (const Group& g : groups) {
            if (g.items.empty())
                continue;
            // A blank line between kinds, as kubectl separates its tables.
            if (!text.empty() && !args.boolean("no-headers"))
                text += "\n";
            TableOptions opts;
            opts.wide = format == "wide";
            opts.withNamespace = allNamespaces && g.kind->namespaced;
            opts.withKind = multipleKinds || args.boolean("show-kind");
            opts.showLabels = args.boolean("show-labels");
            opts.noHeaders = args.boolean("no-headers");
            opts.labelColumns = args.all("label-columns");
            text += printTable(*g.kind, g.items, ctx.now(), opts);
        }
        ctx.out(text);
    } else if (format != "name" || total > 0) {
        std::vector<Json> all;
        for (const Group& g : groups)
            all.insert(all.end(), g.items.begin(), g.items.end());
        // One named object prints as itself; anything else as a List.
        const bool single = targets.size() == 1 && !targets[0].name.empty() && all.size() == 1;
        std::string out, error;
        if (!printObjects(format, all, !single, &out, &error))
            throw clientError(error);
        ctx.out(out);
        return;
    }
    if (total > 0 || ctx.result.exitCode != 0 || args.boolean("ignore-not-found"))
        return;
    if (allNamespaced)
        ctx.result.err += "No resources found in " + ctx.ns + " namespace.\n";
    else
        ctx.result.err += "No resources found\n";
}

} // namespace kubelab::kubectl
