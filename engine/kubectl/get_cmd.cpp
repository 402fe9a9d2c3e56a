// `kubectl get`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/get).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/jsonpath.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"
#include "engine/printers/table.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdGetFlags()
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

namespace {

// One kind's results: objects for -o yaml/json/name, or the server's Table (its rows
// gathered over several requests) for the human-readable formats.
struct Group
{
    const model::KindInfo* kind;
    std::vector<Json> items;
    Json table;
    size_t size() const { return table.is_null() ? items.size() : at(table, "rows").size(); }
};

// Sorts by a simple JSONPath field ("{.metadata.name}" or ".metadata.name"), as --sort-by;
// `objectOf` gives the object to read the field from (a Table row carries it as "object").
template<typename T, typename ObjectOf>
void sortBy(std::vector<T>& items, const std::string& field, ObjectOf objectOf)
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
    auto key = [&](const T& o) {
        std::string out, err;
        jp->execute(objectOf(o), &out, &err);
        return out;
    };
    std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
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

void cmdGet(Context& ctx, const ParsedArgs& args)
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
            targets.push_back(
                {m.kind, str(m.object, "metadata.name"), str(m.object, "metadata.namespace")});
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

    // The human-readable formats are printed by the server (kubectl's transformRequests):
    // it answers with a Table whose rows carry only the objects' metadata, or the whole
    // objects when kubectl has to sort them.
    const bool table = format.empty() || format == "wide";
    const std::string sortField = args.get("sort-by");
    auto withAccept = [&](api::Request req) {
        if (table) {
            req.accept = printers::tableAcceptHeader();
            if (!sortField.empty())
                req.includeObject = "Object";
        }
        return req;
    };
    // A list's items or a named get's object, or the Table's rows.
    auto gather = [&](Group& g, const Json& body, bool list) {
        if (!table) {
            if (!list)
                g.items.push_back(withTypeMeta(body, *g.kind));
            else
                for (const Json& item : at(body, "items"))
                    g.items.push_back(withTypeMeta(item, *g.kind));
            return;
        }
        if (g.table.is_null()) {
            g.table = body;
            return;
        }
        for (const Json& row : at(body, "rows"))
            g.table["rows"].push_back(row);
    };
    std::vector<Group> groups;
    bool allNamespaced = !allNamespaces;
    for (const Target& t : targets) {
        allNamespaced = allNamespaced && t.kind->namespaced;
        const std::string ns = allNamespaces ? "" : targetNamespace(ctx, t);
        if (groups.empty() || groups.back().kind != t.kind)
            groups.push_back({t.kind, {}, {}});
        api::Request req = withAccept(t.name.empty() ? makeRequest("list", *t.kind, ns)
                                                     : makeRequest("get", *t.kind, ns, t.name));
        if (t.name.empty()) {
            req.labelSelector = selector;
            req.fieldSelector = args.get("field-selector");
        }
        api::Response r = ctx.call(req);
        if (!r.ok()) {
            if (t.name.empty() || !(args.boolean("ignore-not-found") && r.code == 404))
                ctx.fail(statusErrorText(r.body));
            continue;
        }
        gather(groups.back(), r.body, t.name.empty());
    }
    // No default order beyond the server's (kubectl does not sort events by time either:
    // kubernetes/kubernetes#29838); --sort-by sorts within each kind.
    if (!sortField.empty())
        for (Group& g : groups) {
            if (!table) {
                sortBy(g.items, sortField, [](const Json& o) -> const Json& { return o; });
            } else if (!g.table.is_null()) {
                std::vector<Json> rows = g.table["rows"];
                sortBy(rows, sortField,
                       [](const Json& row) -> const Json& { return at(row, "object"); });
                g.table["rows"] = std::move(rows);
            }
        }

    size_t total = 0;
    for (const Group& g : groups)
        total += g.size();
    if (table) {
        std::string text;
        for (const Group& g : groups) {
            if (g.size() == 0)
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
            text += printTable(*g.kind, g.table, opts);
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
