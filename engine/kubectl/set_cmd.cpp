// `kubectl set image|env|resources`, following kubectl release 1.32 (staging/src/k8s.io/
// kubectl/pkg/cmd/set): each reads the object, changes the containers of its pod template
// (a Pod's own containers), and writes the new container lists back as one patch, so a
// Deployment's controller sees a new template and rolls out. Words: `deployment.apps/web
// image updated`, `... env updated`, `... resource requirements updated`.
#include <map>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdSetFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"selector", 'l', FlagType::String, ""},
        {"all", 0, FlagType::Bool, "false"},
        {"containers", 'c', FlagType::String, "*"},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
        {"local", 0, FlagType::Bool, "false"},
        {"list", 0, FlagType::Bool, "false"},
        {"env", 'e', FlagType::StringArray, ""},
        {"overwrite", 0, FlagType::Bool, "true"},
        {"limits", 0, FlagType::String, ""},
        {"requests", 0, FlagType::String, ""},
    };
}

namespace {

// Where a kind keeps its pod spec; "" for kinds without one.
std::string podSpecPath(const model::KindInfo& kind)
{
    const std::string gr = kind.groupResource();
    if (gr == "pods")
        return "spec";
    if (gr == "cronjobs.batch")
        return "spec.jobTemplate.spec.template.spec";
    if (gr == "deployments.apps" || gr == "replicasets.apps" || gr == "statefulsets.apps" ||
        gr == "daemonsets.apps" || gr == "jobs.batch" || gr == "replicationcontrollers")
        return "spec.template.spec";
    return "";
}

Json* podSpecIn(Json& object, const std::string& path)
{
    Json* at = &object;
    for (const std::string& step : split(path, '.')) {
        if (!at->is_object() || !at->contains(step))
            return nullptr;
        at = &(*at)[step];
    }
    return at;
}

// filepath.Match for the -c patterns learners type: '*' matches any run of characters.
bool globMatch(const std::string& pattern, const std::string& text)
{
    size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == text[t] || pattern[p] == '?')) {
            ++p, ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++, mark = t;
        } else if (star != std::string::npos) {
            p = star + 1, t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

// "cpu=200m,memory=512Mi" as kubectl's resource list parser reads it.
Json resourceList(const std::string& text)
{
    Json out = Json::object();
    for (const std::string& item : split(text, ',')) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw clientError("invalid resource specification: " + text);
        out[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return out;
}

struct EnvChange
{
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::string> remove;
};

EnvChange parseEnvArgs(const std::vector<std::string>& items)
{
    EnvChange c;
    for (const std::string& item : items) {
        const size_t eq = item.find('=');
        if (eq != std::string::npos && eq > 0)
            c.set.push_back({item.substr(0, eq), item.substr(eq + 1)});
        else if (item.size() > 1 && item.back() == '-' && eq == std::string::npos)
            c.remove.push_back(item.substr(0, item.size() - 1));
        else
            throw clientError("environment variables must be of the form key=value and can "
                              "only contain letters, numbers, and underscores");
    }
    return c;
}

// The change one subcommand makes to a pod spec; returns an error text (kubectl's) or "".
using SpecChange = std::string (*)(Context&, const ParsedArgs&, const Target&, Json& spec);

std::string changeImage(Context&, const ParsedArgs& args, const Target&, Json& spec)
{
    std::string errors;
    for (size_t i = 1; i < args.positional.size(); ++i) {
        const std::string& item = args.positional[i];
        const size_t eq = item.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string name = item.substr(0, eq), image = item.substr(eq + 1);
        bool found = false;
        for (const char* list : {"initContainers", "containers"})
            if (spec.contains(list))
                for (Json& c : spec[list])
                    if (name == "*" || c.value("name", "") == name) {
                        c["image"] = image;
                        found = true;
                    }
        if (!found)
            errors += (errors.empty() ? "" : "\n") +
                      std::string("error: unable to find container named ") + quote(name);
    }
    return errors;
}

std::string changeEnv(Context& ctx, const ParsedArgs& args, const Target& t, Json& spec)
{
    std::vector<std::string> items = args.all("env");
    for (size_t i = 1; i < args.positional.size(); ++i)
        items.push_back(args.positional[i]);
    const EnvChange change = parseEnvArgs(items);
    const std::string selector = args.get("containers");
    bool any = false;
    for (const char* list : {"initContainers", "containers"}) {
        if (!spec.contains(list))
            continue;
        for (Json& c : spec[list]) {
            if (!globMatch(selector, c.value("name", "")))
                continue;
            any = true;
            Json env = c.contains("env") ? c["env"] : Json::array();
            Json kept = Json::array();
            for (const Json& e : env) {
                const std::string n = e.value("name", "");
                bool drop = false;
                for (const std::string& r : change.remove)
                    drop = drop || r == n;
                for (const auto& [k, v] : change.set)
                    drop = drop || (k == n && args.boolean("overwrite"));
                if (!drop)
                    kept.push_back(e);
            }
            for (const auto& [k, v] : change.set) {
                bool present = false;
                for (const Json& e : kept)
                    present = present || e.value("name", "") == k;
                if (!present)
                    kept.push_back({{"name", k}, {"value", v}});
            }
            if (kept.empty())
                c.erase("env");
            else
                c["env"] = kept;
        }
    }
    if (!any)
        ctx.result.err += "warning: " + t.kind->kind + "/" + t.name +
                          " does not have any containers matching " + quote(selector) + "\n";
    return "";
}

std::string changeResources(Context&, const ParsedArgs& args, const Target&, Json& spec)
{
    const std::string selector = args.get("containers");
    const Json limits = args.get("limits").empty() ? Json() : resourceList(args.get("limits"));
    const Json requests =
        args.get("requests").empty() ? Json() : resourceList(args.get("requests"));
    bool any = false;
    for (const char* list : {"initContainers", "containers"}) {
        if (!spec.contains(list))
            continue;
        for (Json& c : spec[list]) {
            if (!globMatch(selector, c.value("name", "")))
                continue;
            any = true;
            for (const auto& [field, values] :
                 {std::pair{"limits", limits}, {"requests", requests}})
                if (values.is_object())
                    for (const auto& [k, v] : values.items())
                        c["resources"][field][k] = v;
        }
    }
    return any ? "" : "error: unable to find container named " + selector;
}

void runSet(Context& ctx, const ParsedArgs& args, SpecChange change, const std::string& word)
{
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const std::string dryRun = args.get("dry-run");
    // Resource arguments stop at the first KEY=VALUE (or KEY-, for env).
    std::vector<std::string> resources;
    for (size_t i = 1; i < args.positional.size(); ++i) {
        const std::string& a = args.positional[i];
        if (a.find('=') != std::string::npos || (a.size() > 1 && a.back() == '-'))
            break;
        resources.push_back(a);
    }
    ParsedArgs rest = args;
    rest.positional.assign(args.positional.begin(), args.positional.begin() + 1);
    for (size_t i = 1 + resources.size(); i < args.positional.size(); ++i)
        rest.positional.push_back(args.positional[i]);
    std::vector<Target> targets = collectTargets(ctx, args, resources, true);
    if (targets.empty())
        throw clientError("one or more resources must be specified as <resource> <name> or "
                          "<resource>/<name>");
    std::string errors;
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        api::Response cur = ctx.call(makeRequest("get", *t.kind, ns, t.name));
        if (!cur.ok()) {
            ctx.fail(statusErrorText(cur.body));
            continue;
        }
        const std::string path = podSpecPath(*t.kind);
        Json object = cur.body;
        Json* spec = path.empty() ? nullptr : podSpecIn(object, path);
        if (!spec) {
            ctx.fail("error: " + t.kind->resource + "/" + t.name +
                     " the object is not a pod or does not have a pod template: " +
                     object.value("kind", t.kind->kind));
            continue;
        }
        if (args.boolean("list") && word == "env") {
            for (const Json& c : (*spec)["containers"]) {
                if (!globMatch(args.get("containers"), c.value("name", "")))
                    continue;
                ctx.out("# " + t.kind->kind + " " + t.name + ", container " + c.value("name", "") +
                        "\n");
                for (const Json& e : c.value("env", Json::array()))
                    if (e.contains("value"))
                        ctx.out(e.value("name", "") + "=" + e.value("value", "") + "\n");
                    else
                        ctx.out("# " + e.value("name", "") + " from a source\n");
            }
            continue;
        }
        const Json before = *spec;
        if (std::string e = change(ctx, rest, t, *spec); !e.empty()) {
            errors += (errors.empty() ? "" : "\n") + e;
            continue;
        }
        if (*spec == before)
            continue; // no changes: kubectl sends nothing and prints nothing
        // The new container lists, at the pod spec's place in the object.
        Json patch = Json::object();
        Json* into = &patch;
        for (const std::string& step : split(path, '.'))
            into = &(*into)[step];
        for (const char* list : {"initContainers", "containers"})
            if (spec->contains(list))
                (*into)[list] = (*spec)[list];
        Json result = object;
        if (dryRun != "client") {
            api::Request req = makeRequest("patch", *t.kind, ns, t.name);
            req.patchType = "application/merge-patch+json";
            req.body = patch;
            req.dryRun = dryRun == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail(statusErrorText(r.body));
                continue;
            }
            result = r.body;
        }
        if (!format.empty() && format != "name") {
            std::string out, error;
            if (!printObjects(format, {withTypeMeta(result, *t.kind)}, false, &out, &error))
                throw clientError(error);
            ctx.out(out);
        } else {
            ctx.out(resourceName(*t.kind, t.name) +
                    (format == "name" ? "" : " " + word + " updated" + dryRunSuffix(dryRun)) +
                    "\n");
        }
    }
    if (!errors.empty())
        throw CommandError(errors);
}

} // namespace

void cmdSet(Context& ctx, const ParsedArgs& args)
{
    const std::string sub = args.positional.empty() ? "" : args.positional[0];
    if (sub == "image") {
        ctx.command = "set image";
        bool any = false;
        for (const std::string& a : args.positional)
            any = any || a.find('=') != std::string::npos;
        if (!any)
            throw clientError("at least one image update is required");
        runSet(ctx, args, changeImage, "image");
    } else if (sub == "env") {
        ctx.command = "set env";
        runSet(ctx, args, changeEnv, "env");
    } else if (sub == "resources") {
        ctx.command = "set resources";
        if (args.get("limits").empty() && args.get("requests").empty())
            throw clientError("you must specify an update to requests or limits (in the form "
                              "of --requests/--limits)");
        runSet(ctx, args, changeResources, "resource requirements");
    } else if (sub.empty()) {
        ctx.out("Configure application resources.\n\n These commands help you make changes to "
                "existing application resources.\n\nAvailable Commands:\n"
                "  env              Update environment variables on a pod template\n"
                "  image            Update the image of a pod template\n"
                "  resources        Update resource requests/limits on objects with pod "
                "templates\n");
    } else {
        throw clientError("`kubectl set " + sub +
                          "` is not part of KubeLab's kubectl subset (available: env, image, "
                          "resources)");
    }
}

} // namespace kubelab::kubectl
