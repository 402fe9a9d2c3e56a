// `kubectl wait --for=condition=Ready|delete|jsonpath=...` (kubectl release 1.32,
// pkg/cmd/wait). kubectl watches each object; we poll it once a virtual second until the
// condition holds or --timeout (per object, default 30s) runs out.
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/jsonpath.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/polling.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdWaitFlags()
{
    return {
        {"for", 0, FlagType::String, ""},
        {"timeout", 0, FlagType::String, "30s"},
        {"selector", 'l', FlagType::String, ""},
        {"field-selector", 0, FlagType::String, ""},
        {"all", 0, FlagType::Bool, "false"},
        {"all-namespaces", 'A', FlagType::Bool, "false"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"local", 0, FlagType::Bool, "false"},
    };
}

namespace {

struct Condition
{
    enum class Type { Delete, Create, Condition, JsonPath } type;
    std::string name = {};  // condition type, or the JSONPath template
    std::string value = {}; // wanted status / value ("" for jsonpath: the field must exist)
    bool hasValue = false;
};

std::string unquote(std::string s)
{
    if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

Condition parseFor(const std::string& text)
{
    const std::string lower = toLower(text);
    if (lower == "delete")
        return {Condition::Type::Delete};
    if (lower == "create")
        return {Condition::Type::Create};
    if (lower.rfind("condition=", 0) == 0) {
        std::string rest = text.substr(10);
        Condition c{Condition::Type::Condition};
        const auto eq = rest.find('=');
        c.name = rest.substr(0, eq);
        c.value = eq == std::string::npos ? "true" : rest.substr(eq + 1);
        c.hasValue = true;
        if (!c.name.empty())
            return c;
    }
    if (lower.rfind("jsonpath=", 0) == 0) {
        std::string rest = text.substr(9);
        // The expression ends at its closing brace (quotes allowed around it).
        const auto close = rest.rfind('}');
        Condition c{Condition::Type::JsonPath};
        if (close != std::string::npos) {
            size_t end = close + 1;
            if (end < rest.size() && (rest[end] == '\'' || rest[end] == '"'))
                ++end;
            c.name = unquote(rest.substr(0, end));
            if (end < rest.size()) {
                if (rest[end] != '=')
                    throw clientError("unrecognized condition: " + quote(text));
                c.value = unquote(rest.substr(end + 1));
                c.hasValue = true;
            }
            if (c.name.front() != '{')
                c.name = "{" + c.name + "}";
            std::string error;
            if (!JsonPath::parse(c.name, &error))
                throw clientError("unrecognized condition: " + quote(text));
            return c;
        }
    }
    throw clientError("unrecognized condition: " + quote(text));
}

bool met(const Condition& c, const Json& o)
{
    if (c.type == Condition::Type::Create)
        return true;
    if (c.type == Condition::Type::Condition) {
        const Json& conds = at(o, "status.conditions");
        if (conds.is_array())
            for (const Json& cond : conds)
                if (toLower(str(cond, "type")) == toLower(c.name))
                    return toLower(str(cond, "status")) == toLower(c.value);
        return false;
    }
    std::string error, out;
    auto jp = JsonPath::parse(c.name, &error);
    if (!jp || !jp->execute(o, &out, &error))
        return false;
    return c.hasValue ? out == c.value : !out.empty();
}

} // namespace

void cmdWait(Context& ctx, const ParsedArgs& args)
{
    const Condition cond = parseFor(args.get("for"));
    const sim::Duration timeout = durationFlag(args, "timeout", "wait");
    std::vector<Target> targets;
    if (!args.all("filename").empty()) {
        targets = collectTargets(ctx, args, {}, false);
    } else {
        if (args.positional.empty())
            throw clientError("resource(s) were provided, but no name was specified");
        bool multiple = false;
        for (const Target& t : resolveTargets(args.positional, &multiple)) {
            if (!t.name.empty()) {
                targets.push_back(t);
                continue;
            }
            if (!args.boolean("all") && args.get("selector").empty() &&
                args.get("field-selector").empty())
                throw clientError("resource(s) were provided, but no name was specified");
            const bool allNs = args.boolean("all-namespaces");
            api::Request req = makeRequest("list", *t.kind, allNs ? "" : targetNamespace(ctx, t));
            req.labelSelector = args.get("selector");
            req.fieldSelector = args.get("field-selector");
            api::Response r = ctx.call(req);
            if (!r.ok())
                throw CommandError(statusErrorText(r.body));
            for (const Json& item : r.body.value("items", Json::array()))
                targets.push_back(
                    {t.kind, str(item, "metadata.name"), str(item, "metadata.namespace")});
        }
        if (targets.empty()) {
            if (cond.type == Condition::Type::Delete)
                return;
            throw clientError("no matching resources found");
        }
    }
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        const sim::Time deadline = ctx.now() + timeout;
        std::string uid;
        bool first = true;
        while (true) {
            api::Response r = ctx.call(makeRequest("get", *t.kind, ns, t.name));
            if (!r.ok() && r.code != 404)
                throw CommandError(statusErrorText(r.body));
            if (cond.type == Condition::Type::Delete) {
                // Gone, or replaced by a new object of the same name (another uid).
                if (r.code == 404 && first)
                    break; // nothing to wait for: kubectl ignores NotFound here
                if (r.code == 404 || (!uid.empty() && str(r.body, "metadata.uid") != uid)) {
                    ctx.out(resourceName(*t.kind, t.name) + " condition met\n");
                    break;
                }
                uid = str(r.body, "metadata.uid");
            } else if (r.code == 404) {
                if (cond.type != Condition::Type::Create)
                    throw CommandError(statusErrorText(r.body));
            } else if (met(cond, r.body)) {
                ctx.out(resourceName(*t.kind, t.name) + " condition met\n");
                break;
            }
            first = false;
            if (ctx.now() >= deadline) {
                ctx.fail("error: timed out waiting for the condition on " + t.kind->resource + "/" +
                         t.name);
                break;
            }
            sleepFor(ctx, std::min(kPollInterval, deadline - ctx.now()));
        }
    }
}

} // namespace kubelab::kubectl
