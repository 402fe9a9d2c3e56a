// `kubectl taint`, following kubectl release 1.32 (pkg/cmd/taint/taint.go and utils.go).
#include <set>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/targets.h"
#include "engine/model/validation_util.h"

namespace kubelab::kubectl {

namespace {

const model::KindInfo& nodeKind()
{
    return *model::kindByResource("", "nodes");
}

std::string nodeRef(const Json& node)
{
    return "node/" + str(node, "metadata.name");
}

struct Taint
{
    std::string key, value, effect;

    // Taint.ToString() in k8s.io/api/core/v1.
    std::string text() const
    {
        if (effect.empty())
            return value.empty() ? key : key + "=" + value + ":";
        return value.empty() ? key + ":" + effect : key + "=" + value + ":" + effect;
    }
};

CommandError usageError(const std::string& message)
{
    return CommandError("error: " + message + "\nSee 'kubectl taint -h' for help and examples");
}

// parseTaint: "key=value:Effect", "key:Effect" or a bare key (only valid for removals).
Taint parseTaint(const std::string& spec)
{
    Taint t;
    const std::vector<std::string> parts = split(spec, ':');
    if (parts.size() == 1) {
        t.key = parts[0];
    } else if (parts.size() == 2) {
        t.effect = parts[1];
        if (t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" && t.effect != "NoExecute")
            throw usageError("invalid taint effect: " + t.effect + ", unsupported taint effect");
        const std::vector<std::string> kv = split(parts[0], '=');
        if (kv.size() > 2)
            throw usageError("invalid taint spec: " + spec);
        t.key = kv[0];
        if (kv.size() == 2) {
            t.value = kv[1];
            // Key and value follow the label rules, with apimachinery's messages.
            auto errs = model::valid::isValidLabelValue(t.value);
            if (!errs.empty())
                throw usageError("invalid taint spec: " + spec + ", " + join(errs, "; "));
        }
    } else {
        throw usageError("invalid taint spec: " + spec);
    }
    auto errs = model::valid::isQualifiedName(t.key);
    if (!errs.empty())
        throw usageError("invalid taint spec: " + spec + ", " + join(errs, "; "));
    return t;
}

Json taintJson(const Taint& t)
{
    Json j = {{"key", t.key}, {"effect", t.effect}};
    if (!t.value.empty())
        j["value"] = t.value;
    return j;
}

Taint fromJson(const Json& j)
{
    return {str(j, "key"), str(j, "value"), str(j, "effect")};
}

} // namespace

std::vector<FlagSpec> cmdTaintFlags()
{
    return {
        {"overwrite", 0, FlagType::Bool, "false"},
        {"all", 0, FlagType::Bool, "false"},
        {"selector", 'l', FlagType::String, ""},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
        {"validate", 0, FlagType::String, "strict", "strict"},
    };
}

void cmdTaint(Context& ctx, const ParsedArgs& args)
{
    // Resources come first, then taint changes (anything with '=', ':' or a trailing '-').
    std::vector<std::string> resources, specs;
    for (const std::string& a : args.positional) {
        const bool isTaint = a.find('=') != std::string::npos || a.find(':') != std::string::npos ||
                             (!a.empty() && a.back() == '-');
        if (isTaint)
            specs.push_back(a);
        else if (!specs.empty())
            throw clientError("all resources must be specified before taint changes: " + a);
        else
            resources.push_back(a);
    }
    if (resources.empty())
        throw clientError("one or more resources must be specified as <resource> <name>");
    if (specs.empty())
        throw clientError("at least one taint update is required");
    std::vector<Taint> adds, removes;
    std::set<std::pair<std::string, std::string>> unique;
    for (const std::string& s : specs) {
        if (s.back() == '-') {
            removes.push_back(parseTaint(s.substr(0, s.size() - 1)));
            continue;
        }
        Taint t = parseTaint(s);
        if (t.effect.empty())
            throw usageError("invalid taint spec: " + s);
        if (!unique.insert({t.effect, t.key}).second)
            throw usageError("duplicated taints with the same key and effect: {" + t.key + " " +
                             t.value + " " + t.effect + " <nil>}");
        adds.push_back(t);
    }
    if (args.boolean("all") && !args.get("selector").empty())
        throw clientError("setting 'all' parameter with a label selector is not allowed");
    std::vector<std::string> names;
    const std::string type = toLower(resources[0]);
    if (type.find('/') == std::string::npos) {
        if (type != "node" && type != "nodes")
            throw clientError("invalid resource type " + resources[0] +
                              ", only [\"node\" \"nodes\"] are supported");
        names.assign(resources.begin() + 1, resources.end());
    } else {
        names = resources;
    }
    std::vector<std::string> conflicts;
    for (const Taint& a : adds)
        for (const Taint& r : removes)
            if (a.key == r.key && (r.effect.empty() || r.effect == a.effect))
                conflicts.push_back("{\"" + a.key + "\":\"" + a.effect + "\"}");
    if (!conflicts.empty())
        throw clientError("can not both modify and remove the following taint(s) in the same "
                          "command: " +
                          join(conflicts, ", "));
    if (names.empty() && !args.boolean("all") && args.get("selector").empty())
        throw clientError("at least one resource name must be specified since 'all' parameter "
                          "is not set");
    std::vector<Json> nodes;
    if (names.empty()) {
        api::Request req = makeRequest("list", nodeKind(), "");
        req.labelSelector = args.get("selector");
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        for (const Json& n : r.body.value("items", Json::array()))
            nodes.push_back(n);
    } else {
        nodes = selectNodes(ctx, args, names, "taint NODE");
    }
    const std::string dryRun = args.get("dry-run");
    for (const Json& node : nodes) {
        std::vector<Taint> old;
        for (const Json& j :
             at(node, "spec.taints").is_array() ? node["spec"]["taints"] : Json::array())
            old.push_back(fromJson(j));
        if (!args.boolean("overwrite")) {
            std::vector<std::string> clash;
            for (const Taint& a : adds)
                for (const Taint& o : old)
                    if (a.key == o.key && a.effect == o.effect)
                        clash.push_back(a.key);
            if (!clash.empty())
                throw clientError("node " + str(node, "metadata.name") + " already has " +
                                  join(clash, ",") +
                                  " taint(s) with same effect(s) and "
                                  "--overwrite is false");
        }
        // reorganizeTaints: the new taints, then old ones not replaced, minus removals.
        std::vector<Taint> result = adds;
        for (const Taint& o : old) {
            bool replaced = false;
            for (const Taint& a : adds)
                replaced = replaced || (a.key == o.key && a.effect == o.effect);
            if (!replaced)
                result.push_back(o);
        }
        const bool added = old.size() != result.size();
        bool deleted = false;
        for (const Taint& r : removes) {
            const size_t before = result.size();
            std::erase_if(result, [&](const Taint& t) {
                return t.key == r.key && (r.effect.empty() || t.effect == r.effect);
            });
            deleted = result.size() != before;
            if (!deleted)
                throw clientError("taint " + quote(r.text()) + " not found");
        }
        const std::string operation = (added && deleted) || args.boolean("overwrite") ? "modified"
                                      : added                                         ? "tainted"
                                                                                      : "untainted";
        if (dryRun != "client") {
            Json list = Json::array();
            for (const Taint& t : result)
                list.push_back(taintJson(t));
            api::Request req = makeRequest("patch", nodeKind(), "", str(node, "metadata.name"));
            // A merge patch replaces the whole list, which is the list kubectl computed.
            req.patchType = "application/merge-patch+json";
            req.body = {{"spec", {{"taints", list.empty() ? Json(nullptr) : list}}}};
            req.dryRun = dryRun == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail(statusErrorText(r.body));
                continue;
            }
        }
        ctx.out(args.get("output") == "name"
                    ? nodeRef(node) + "\n"
                    : nodeRef(node) + " " + operation + dryRunSuffix(dryRun) + "\n");
    }
}

} // namespace kubelab::kubectl
