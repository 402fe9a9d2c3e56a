// `kubectl logs`, following kubectl release 1.32 (pkg/cmd/logs/logs.go and
// polymorphichelpers/logsforobject.go): picks the pod and container as kubectl does, then
// GETs pods/NAME/log, which the API server answers from the pod's kubelet.
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/polling.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdLogsFlags()
{
    return {
        {"container", 'c', FlagType::String, ""},
        {"previous", 'p', FlagType::Bool, "false"},
        {"tail", 0, FlagType::Int, "-1"},
        {"timestamps", 0, FlagType::Bool, "false"},
        {"follow", 'f', FlagType::Bool, "false"},
        {"all-containers", 0, FlagType::Bool, "false"},
        {"selector", 'l', FlagType::String, ""},
        {"prefix", 0, FlagType::Bool, "false"},
        {"since", 0, FlagType::String, "0s"},
        {"limit-bytes", 0, FlagType::Int, "0"},
        {"ignore-errors", 0, FlagType::Bool, "false"},
        {"max-log-requests", 0, FlagType::Int, "5"},
        {"pod-running-timeout", 0, FlagType::String, "20s"},
    };
}

// A workload's pod selector as a label query ("app=web"), from matchLabels or a Service's
// plain map.
std::string workloadSelector(const Json& object)
{
    const Json& sel = at(object, "spec.selector");
    const Json& labels = sel.is_object() && sel.contains("matchLabels") ? sel["matchLabels"] : sel;
    std::vector<std::string> terms;
    if (labels.is_object())
        for (auto it = labels.begin(); it != labels.end(); ++it)
            if (it->is_string())
                terms.push_back(it.key() + "=" + it->get<std::string>());
    return join(terms, ",");
}

namespace {

const model::KindInfo& podKind()
{
    return *model::kindByResource("", "pods");
}

// podutils.ByLogging, the order GetFirstPod picks from: scheduled, then Running before
// Unknown before Pending, ready before not, more restarts, older; name breaks ties.
bool byLogging(const Json& a, const Json& b)
{
    auto key = [](const Json& p) {
        const std::string phase = str(p, "status.phase");
        const int phaseRank = phase == "Running"   ? 0
                              : phase == "Unknown" ? 1
                              : phase == "Pending" ? 2
                                                   : 3;
        bool ready = false;
        for (const Json& c :
             at(p, "status.conditions").is_array() ? p["status"]["conditions"] : Json::array())
            ready = ready || (str(c, "type") == "Ready" && str(c, "status") == "True");
        std::int64_t restarts = 0;
        for (const Json& c : at(p, "status.containerStatuses").is_array()
                                 ? p["status"]["containerStatuses"]
                                 : Json::array())
            restarts = std::max(restarts, num(c, "restartCount"));
        return std::make_tuple(str(p, "spec.nodeName").empty(), phaseRank, !ready, -restarts,
                               str(p, "metadata.creationTimestamp"), str(p, "metadata.name"));
    };
    return key(a) < key(b);
}

// "app, sidecar, setup (init)": podcmd.AllContainerNames.
std::string allContainerNames(const Json& pod)
{
    std::vector<std::string> names;
    for (const char* section : {"containers", "initContainers", "ephemeralContainers"})
        for (const Json& c : at(pod, std::string("spec.") + section).is_array()
                                 ? pod["spec"][section]
                                 : Json::array())
            names.push_back(str(c, "name") + (section[0] == 'i'   ? " (init)"
                                              : section[0] == 'e' ? " (ephem)"
                                                                  : ""));
    return join(names, ", ");
}

bool hasContainer(const Json& pod, const std::string& name)
{
    for (const char* section : {"containers", "initContainers", "ephemeralContainers"})
        for (const Json& c : at(pod, std::string("spec.") + section).is_array()
                                 ? pod["spec"][section]
                                 : Json::array())
            if (str(c, "name") == name)
                return true;
    return false;
}

void podLogs(Context& ctx, const ParsedArgs& args, const Json& pod, std::string container)
{
    const std::string name = str(pod, "metadata.name");
    std::vector<std::string> containers;
    if (args.boolean("all-containers") && container.empty()) {
        for (const char* section : {"initContainers", "containers", "ephemeralContainers"})
            for (const Json& c : at(pod, std::string("spec.") + section).is_array()
                                     ? pod["spec"][section]
                                     : Json::array())
                containers.push_back(str(c, "name"));
    } else {
        const Json& annotations = at(pod, "metadata.annotations");
        const std::string preferred =
            annotations.is_object()
                ? annotations.value("kubectl.kubernetes.io/default-container", "")
                : "";
        if (container.empty() && !preferred.empty()) {
            if (hasContainer(pod, preferred))
                container = preferred;
            else
                ctx.result.err += "Default container name " + quote(preferred) +
                                  " not found in pod " + name + "\n";
        }
        const Json& specs = at(pod, "spec.containers");
        if (container.empty() && specs.is_array() && !specs.empty()) {
            container = str(specs[0], "name");
            const Json& inits = at(pod, "spec.initContainers");
            if (specs.size() > 1 || (inits.is_array() && !inits.empty()))
                ctx.result.err += "Defaulted container " + quote(container) +
                                  " out of: " + allContainerNames(pod) + "\n";
        }
        if (!hasContainer(pod, container))
            throw clientError("container " + container + " is not valid for pod " + name);
        containers.push_back(container);
    }
    for (const std::string& c : containers) {
        api::Request req = makeRequest("get", podKind(), str(pod, "metadata.namespace"), name);
        req.subresource = "log";
        req.body = {{"container", c},
                    {"previous", args.boolean("previous")},
                    {"timestamps", args.boolean("timestamps")}};
        if (args.integer("tail") >= 0)
            req.body["tailLines"] = args.integer("tail");
        api::Response r = ctx.call(req);
        if (!r.ok()) {
            if (args.boolean("ignore-errors"))
                continue;
            throw CommandError(statusErrorText(r.body));
        }
        std::string text = r.body.is_string() ? r.body.get<std::string>() : std::string();
        if (args.boolean("prefix")) {
            std::string prefixed;
            for (const std::string& line : split(text, '\n'))
                if (!line.empty())
                    prefixed += "[pod/" + name + "/" + c + "] " + line + "\n";
            text = prefixed;
        }
        ctx.out(text);
    }
}

} // namespace

void cmdLogs(Context& ctx, const ParsedArgs& args)
{
    if (args.boolean("follow"))
        throw clientError("--follow is not available in KubeLab's kubectl: run the simulation "
                          "and ask for the logs again (--tail N shows the newest lines)");
    const std::string selector = args.get("selector");
    std::string container = args.get("container");
    const auto& pos = args.positional;
    if (pos.empty() && selector.empty())
        throw CommandError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                           "POD or TYPE/NAME is a required argument for the logs command\n"
                           "See 'kubectl logs -h' for help and examples");
    if (!selector.empty() && !pos.empty())
        throw CommandError("error: only a selector (-l) or a POD name is allowed\n"
                           "See 'kubectl logs -h' for help and examples");
    if (pos.size() == 2 && container.empty())
        container = pos[1]; // the old `kubectl logs POD CONTAINER` form
    else if (pos.size() > 2 || (pos.size() == 2 && !container.empty()))
        throw CommandError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                           "POD or TYPE/NAME is a required argument for the logs command\n"
                           "See 'kubectl logs -h' for help and examples");
    if (args.boolean("all-containers") && !container.empty())
        throw clientError("--container cannot be used with --all-containers");
    if (!selector.empty()) {
        api::Request req = makeRequest("list", podKind(), ctx.ns);
        req.labelSelector = selector;
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        const Json items = r.body.value("items", Json::array());
        if (items.empty()) {
            ctx.result.err += "No resources found in " + ctx.ns + " namespace.\n";
            return;
        }
        if (std::int64_t(items.size()) > args.integer("max-log-requests"))
            throw clientError("you are attempting to follow " + std::to_string(items.size()) +
                              " log streams, but maximum allowed concurrency is " +
                              args.get("max-log-requests") +
                              ", use --max-log-requests to increase the limit");
        for (const Json& pod : items)
            podLogs(ctx, args, pod, container);
        return;
    }
    std::string kindText = "pods", name = pos[0];
    if (const auto slash = name.find('/'); slash != std::string::npos) {
        kindText = name.substr(0, slash);
        name = name.substr(slash + 1);
    }
    const model::KindInfo& kind = resolveKind(kindText);
    api::Response obj = ctx.call(makeRequest("get", kind, namespaceFor(ctx, kind), name));
    if (!obj.ok())
        throw CommandError(statusErrorText(obj.body));
    if (&kind == &podKind()) {
        podLogs(ctx, args, obj.body, container);
        return;
    }
    const std::string gr = kind.groupResource();
    if (gr != "deployments.apps" && gr != "replicasets.apps" && gr != "statefulsets.apps" &&
        gr != "daemonsets.apps" && gr != "jobs.batch" && gr != "services" &&
        gr != "replicationcontrollers")
        throw clientError("cannot get the logs from *v1." + kind.kind + ": selector for *v1." +
                          kind.kind + " not implemented");
    // GetFirstPod waits (--pod-running-timeout) for a pod to exist before giving up.
    const sim::Duration wait = durationFlag(args, "pod-running-timeout", "logs");
    const sim::Time deadline = ctx.now() + wait;
    while (true) {
        api::Request req = makeRequest("list", podKind(), ctx.ns);
        req.labelSelector = workloadSelector(obj.body);
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        std::vector<Json> pods;
        for (const Json& p : r.body.value("items", Json::array()))
            pods.push_back(p);
        if (!pods.empty()) {
            std::sort(pods.begin(), pods.end(), byLogging);
            if (pods.size() > 1)
                ctx.result.err += "Found " + std::to_string(pods.size()) + " pods, using pod/" +
                                  str(pods[0], "metadata.name") + "\n";
            podLogs(ctx, args, pods[0], container);
            return;
        }
        if (ctx.now() >= deadline || !ctx.env.sleep)
            throw clientError("timed out waiting for the condition");
        sleepFor(ctx, std::min(kPollInterval, deadline - ctx.now()));
    }
}

} // namespace kubelab::kubectl
