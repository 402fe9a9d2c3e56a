// `kubectl events` (kubectl release 1.32, pkg/cmd/events): the namespace's events as
// LAST SEEN / TYPE / REASON / OBJECT / MESSAGE, oldest first, which `kubectl get events`
// does not promise (it keeps the server's order unless --sort-by is given).
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdEventsFlags()
{
    return {
        {"all-namespaces", 'A', FlagType::Bool, "false"},
        {"for", 0, FlagType::String, ""},
        {"types", 0, FlagType::StringSlice, ""},
        {"no-headers", 0, FlagType::Bool, "false"},
        {"output", 'o', FlagType::String, ""},
        {"watch", 'w', FlagType::Bool, "false"},
        {"chunk-size", 0, FlagType::Int, "500"},
    };
}

namespace {

// The time events are sorted by: series.lastObservedTime, else lastTimestamp, else
// eventTime (events.go eventTime()).
sim::Time eventTime(const Json& e)
{
    for (const char* path : {"series.lastObservedTime", "lastTimestamp", "eventTime"})
        if (auto t = parseTimestamp(str(e, path)))
            return *t;
    return 0;
}

// getInterval: "5s", or "5s (x3 over 2m)" for a repeated event.
std::string interval(const Json& e, sim::Time now)
{
    const std::string first = str(e, "eventTime").empty() ? since(at(e, "firstTimestamp"), now)
                                                          : since(at(e, "eventTime"), now);
    if (at(e, "series").is_object())
        return since(at(e, "series.lastObservedTime"), now) + " (x" +
               std::to_string(num(e, "series.count")) + " over " + first + ")";
    if (num(e, "count") > 1)
        return since(at(e, "lastTimestamp"), now) + " (x" + std::to_string(num(e, "count")) +
               " over " + first + ")";
    return first;
}

} // namespace

void cmdEvents(Context& ctx, const ParsedArgs& args)
{
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const bool all = args.boolean("all-namespaces");
    const model::KindInfo& eventKind = *model::kindByResource("", "events");
    std::vector<std::string> types;
    for (const std::string& t : args.all("types")) {
        if (t.empty())
            continue;
        std::string lower = toLower(t);
        if (lower != "normal" && lower != "warning")
            throw clientError("valid --types are Normal or Warning");
        types.push_back(lower == "normal" ? "Normal" : "Warning");
    }
    api::Request req = makeRequest("list", eventKind, all ? "" : ctx.ns);
    if (const std::string target = args.get("for"); !target.empty()) {
        const auto slash = target.find('/');
        const std::string kindText = slash == std::string::npos ? "pods" : target.substr(0, slash);
        const model::KindInfo& kind = resolveKind(kindText);
        req.fieldSelector = "involvedObject.kind=" + kind.kind + ",involvedObject.name=" +
                            (slash == std::string::npos ? target : target.substr(slash + 1));
    }
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw CommandError(statusErrorText(r.body));
    std::vector<Json> events;
    for (const Json& e : r.body.value("items", Json::array()))
        if (types.empty() || std::find(types.begin(), types.end(), str(e, "type")) != types.end())
            events.push_back(withTypeMeta(e, eventKind));
    std::stable_sort(events.begin(), events.end(),
                     [](const Json& a, const Json& b) { return eventTime(a) < eventTime(b); });
    if (events.empty()) {
        ctx.result.err += all ? std::string("No events found.\n")
                              : "No events found in " + ctx.ns + " namespace.\n";
        return;
    }
    if (!format.empty()) {
        std::string out, error;
        if (!printObjects(format, events, true, &out, &error))
            throw clientError(error);
        ctx.out(out);
        return;
    }
    std::string text;
    if (!args.boolean("no-headers"))
        text +=
            std::string(all ? "NAMESPACE\t" : "") + "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n";
    for (const Json& e : events) {
        std::string message = str(e, "message");
        while (!message.empty() && (message.back() == ' ' || message.back() == '\n'))
            message.pop_back();
        text += (all ? str(e, "metadata.namespace") + "\t" : "") + interval(e, ctx.now()) + "\t" +
                str(e, "type") + "\t" + str(e, "reason") + "\t" + str(e, "involvedObject.kind") +
                "/" + str(e, "involvedObject.name") + "\t" + message + "\n";
    }
    ctx.out(TabWriter(6, 3).format(text));
}

} // namespace kubelab::kubectl
