// `kubectl cordon`, `uncordon` and `drain`, following kubectl release 1.32
// (pkg/cmd/drain/drain.go, pkg/drain/cordon.go, drain.go and filters.go). Drain cordons,
// sorts the node's pods through kubectl's filters, evicts the deletable ones through
// pods/eviction, then polls until they are gone.
// kubectl evicts in parallel goroutines; we evict in list order and poll all of them
// once a virtual second, printing "pod/x evicted" in list order within each poll.
#include <algorithm>
#include <map>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/polling.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

namespace {

const char* const kDaemonSetFatal = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const char* const kDaemonSetWarning = "ignoring DaemonSet-managed Pods";
const char* const kLocalStorageFatal =
    "Pods with local storage (use --delete-emptydir-data to override)";
const char* const kLocalStorageWarning = "deleting Pods with local storage";
const char* const kUnmanagedFatal =
    "cannot delete Pods that declare no controller (use --force to override)";
const char* const kUnmanagedWarning = "deleting Pods that declare no controller";

const model::KindInfo& nodeKind()
{
    return *model::kindByResource("", "nodes");
}

std::string nodeRef(const Json& node)
{
    return "node/" + str(node, "metadata.name");
}

// RunCordonOrUncordon: marks each node (un)schedulable, printing "node/x cordoned" or
// "node/x already cordoned"; failures print "error: unable to cordon node ..." and go on.
void cordonNodes(Context& ctx, const std::vector<Json>& nodes, bool unschedulable,
                 const std::string& dryRun)
{
    const std::string verb = unschedulable ? "cordon" : "uncordon";
    for (const Json& node : nodes) {
        if (flag(node, "spec.unschedulable") == unschedulable) {
            ctx.out(nodeRef(node) + " already " + verb + "ed" + dryRunSuffix(dryRun) + "\n");
            continue;
        }
        if (dryRun != "client") {
            api::Request req = makeRequest("patch", nodeKind(), "", str(node, "metadata.name"));
            req.patchType = "application/strategic-merge-patch+json";
            // false is omitted by the API types, so uncordoning removes the field.
            req.body = {{"spec", {{"unschedulable", unschedulable ? Json(true) : Json(nullptr)}}}};
            req.dryRun = dryRun == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail("error: unable to " + verb + " node " + quote(str(node, "metadata.name")) +
                         ": " + statusErrorText(r.body));
                continue;
            }
        }
        ctx.out(nodeRef(node) + " " + verb + "ed" + dryRunSuffix(dryRun) + "\n");
    }
}

enum class Verdict { Okay, Skip, Warning, Error };

struct PodDelete
{
    Json pod;
    bool remove = true;
    Verdict verdict = Verdict::Okay;
    std::string message = {};
};

struct Options
{
    bool force = false;
    bool ignoreDaemonSets = false;
    bool deleteEmptyDir = false;
    bool disableEviction = false;
    long long gracePeriod = -1;
    sim::Duration timeout = 0;
    std::string podSelector;
    std::string dryRun;
};

std::string podKey(const Json& pod)
{
    return str(pod, "metadata.namespace") + "/" + str(pod, "metadata.name");
}

bool finished(const Json& pod)
{
    const std::string phase = str(pod, "status.phase");
    return phase == "Succeeded" || phase == "Failed";
}

const Json* controllerRef(const Json& pod)
{
    const Json& refs = at(pod, "metadata.ownerReferences");
    if (refs.is_array())
        for (const Json& r : refs)
            if (flag(r, "controller"))
                return &r;
    return nullptr;
}

// The filters of pkg/drain/filters.go, in order; the first that keeps a pod decides, and
// otherwise the last one's verdict stands (so an earlier warning can be dropped, as in
// kubectl).
PodDelete classify(Context& ctx, const Options& o, const Json& pod)
{
    auto verdict = [&](bool remove, Verdict v, const std::string& m) {
        return PodDelete{pod, remove, v, m};
    };
    std::vector<std::function<PodDelete()>> filters = {
        [&] { // daemonSetFilter
            const Json* ref = controllerRef(pod);
            if (!ref || str(*ref, "kind") != "DaemonSet" || finished(pod))
                return verdict(true, Verdict::Okay, "");
            api::Response ds =
                ctx.call(makeRequest("get", *model::kindByResource("apps", "daemonsets"),
                                     str(pod, "metadata.namespace"), str(*ref, "name")));
            if (!ds.ok()) {
                const std::string err = str(ds.body, "message");
                if (ds.code == 404 && o.force)
                    return verdict(true, Verdict::Warning, err);
                return verdict(false, Verdict::Error, err);
            }
            if (!o.ignoreDaemonSets)
                return verdict(false, Verdict::Error, kDaemonSetFatal);
            return verdict(false, Verdict::Warning, kDaemonSetWarning);
        },
        [&] { // mirrorPodFilter: static pods cannot be deleted through the API
            const Json& a = at(pod, "metadata.annotations");
            if (a.is_object() && a.contains("kubernetes.io/config.mirror"))
                return verdict(false, Verdict::Skip, "");
            return verdict(true, Verdict::Okay, "");
        },
        [&] { // localStorageFilter
            bool emptyDir = false;
            for (const Json& v :
                 at(pod, "spec.volumes").is_array() ? pod["spec"]["volumes"] : Json::array())
                emptyDir = emptyDir || v.contains("emptyDir");
            if (!emptyDir || finished(pod))
                return verdict(true, Verdict::Okay, "");
            if (!o.deleteEmptyDir)
                return verdict(false, Verdict::Error, kLocalStorageFatal);
            return verdict(true, Verdict::Warning, kLocalStorageWarning);
        },
        [&] { // unreplicatedFilter
            if (finished(pod) || controllerRef(pod))
                return verdict(true, Verdict::Okay, "");
            if (o.force)
                return verdict(true, Verdict::Warning, kUnmanagedWarning);
            return verdict(false, Verdict::Error, kUnmanagedFatal);
        },
    };
    PodDelete status{pod};
    for (const auto& f : filters) {
        status = f();
        if (!status.remove)
            break;
    }
    return status;
}

// Go's fmt of a time.Duration for the whole seconds a learner types ("10s", "1m30s").
std::string goDuration(sim::Duration d)
{
    std::int64_t s = d / sim::kSecond;
    std::string out;
    if (s >= 3600) {
        out += std::to_string(s / 3600) + "h";
        s %= 3600;
        return out + std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
    }
    if (s >= 60)
        return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
    return std::to_string(s) + "s";
}

// An error's own text, without the "error: " that checkErr adds to a plain error.
std::string plain(const std::string& e)
{
    return e.rfind("error: ", 0) == 0 ? e.substr(7) : e;
}

// utilerrors.Aggregate.Error(): one message as is, several as "[a, b]".
std::string aggregate(const std::vector<std::string>& errors)
{
    return errors.size() == 1 ? errors[0] : "[" + join(errors, ", ") + "]";
}

// GetPodsForDeletion; returns the error messages (sorted, where kubectl's map order is
// random) and fills *list.
std::vector<std::string> podsForDeletion(Context& ctx, const Options& o, const std::string& node,
                                         std::vector<PodDelete>* list)
{
    api::Request req = makeRequest("list", *model::kindByResource("", "pods"), "");
    req.fieldSelector = "spec.nodeName=" + node;
    req.labelSelector = o.podSelector;
    api::Response r = ctx.call(req);
    if (!r.ok())
        return {statusErrorText(r.body)};
    list->clear();
    for (const Json& pod : r.body.value("items", Json::array()))
        list->push_back(classify(ctx, o, pod));
    std::map<std::string, std::vector<std::string>> failed;
    for (const PodDelete& p : *list)
        if (p.verdict == Verdict::Error)
            failed[p.message.empty() ? "unexpected error" : p.message].push_back(podKey(p.pod));
    std::vector<std::string> errors;
    for (const auto& [msg, pods] : failed)
        errors.push_back(
            (toLower(msg).rfind("cannot delete", 0) == 0 ? msg : "cannot delete " + msg) + ": " +
            join(pods, ", "));
    return errors;
}

// Evicts (or deletes) the pods and waits for them to go; returns the errors, each as
// kubectl's checkErr prints it on its own line.
std::vector<std::string> evictAndWait(Context& ctx, const Options& o, std::vector<Json> pods)
{
    const sim::Time deadline = ctx.now() + (o.timeout > 0 ? o.timeout : kMaxWait);
    const std::string reported = goDuration(o.timeout > 0 ? o.timeout : kMaxWait);
    std::vector<Json> pending;
    for (const Json& pod : pods) {
        const std::string ns = str(pod, "metadata.namespace");
        const std::string name = str(pod, "metadata.name");
        while (true) {
            api::Request req;
            if (o.disableEviction) {
                req = makeRequest("delete", *model::kindByResource("", "pods"), ns, name);
            } else {
                ctx.out("evicting pod " + ns + "/" + name +
                        (o.dryRun == "server" ? " (server dry run)" : "") + "\n");
                req = makeRequest("create", *model::kindByResource("", "pods"), ns, name);
                req.subresource = "eviction";
                req.body = {{"apiVersion", "policy/v1"},
                            {"kind", "Eviction"},
                            {"metadata", {{"name", name}, {"namespace", ns}}},
                            {"deleteOptions", Json::object()}};
                if (o.gracePeriod >= 0)
                    req.body["deleteOptions"]["gracePeriodSeconds"] = o.gracePeriod;
            }
            if (o.gracePeriod >= 0)
                req.gracePeriodSeconds = o.gracePeriod;
            req.dryRun = o.dryRun == "server";
            api::Response r = ctx.call(req);
            if (r.ok()) {
                pending.push_back(pod);
                break;
            }
            if (r.code == 404)
                break;
            if (r.code == 429 && !o.disableEviction && ctx.now() < deadline) {
                // A PodDisruptionBudget said no for now: kubectl retries every 5 seconds.
                ctx.result.err += "error when evicting pods/" + quote(name) + " -n " + quote(ns) +
                                  " (will retry after 5s): " + str(r.body, "message") + "\n";
                sleepFor(ctx, 5 * sim::kSecond);
                continue;
            }
            return {"error when evicting pods/" + quote(name) + " -n " + quote(ns) + ": " +
                    str(r.body, "message")};
        }
    }
    if (o.dryRun == "server")
        return {};
    const std::string done = o.disableEviction ? " deleted" : " evicted";
    while (!pending.empty()) {
        std::vector<Json> still;
        for (const Json& pod : pending) {
            api::Response r =
                ctx.call(makeRequest("get", *model::kindByResource("", "pods"),
                                     str(pod, "metadata.namespace"), str(pod, "metadata.name")));
            const bool gone = r.code == 404 ||
                              (r.ok() && str(r.body, "metadata.uid") != str(pod, "metadata.uid"));
            if (gone)
                ctx.out("pod/" + str(pod, "metadata.name") + done + "\n");
            else if (!r.ok())
                return {statusErrorText(r.body)};
            else
                still.push_back(pod);
        }
        pending = still;
        if (pending.empty())
            break;
        if (ctx.now() >= deadline) {
            // deletePods fails with one plain error; evictPods aggregates one per pod.
            if (o.disableEviction)
                return {"error: global timeout reached: " + reported};
            std::vector<std::string> errors;
            for (const Json& pod : pending)
                errors.push_back("error when waiting for pod " + quote(str(pod, "metadata.name")) +
                                 " terminating: global timeout reached: " + reported);
            return errors;
        }
        sleepFor(ctx, std::min(kPollInterval, deadline - ctx.now()));
    }
    return {};
}

} // namespace

std::vector<FlagSpec> cmdDrainFlags()
{
    return {
        {"force", 0, FlagType::Bool, "false"},
        {"ignore-daemonsets", 0, FlagType::Bool, "false"},
        {"delete-emptydir-data", 0, FlagType::Bool, "false"},
        {"delete-local-data", 0, FlagType::Bool, "false"},
        {"disable-eviction", 0, FlagType::Bool, "false"},
        {"grace-period", 0, FlagType::Int, "-1"},
        {"timeout", 0, FlagType::String, "0s"},
        {"selector", 'l', FlagType::String, ""},
        {"pod-selector", 0, FlagType::String, ""},
        {"skip-wait-for-delete-timeout", 0, FlagType::Int, "0"},
        {"chunk-size", 0, FlagType::Int, "500"},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

void cmdDrain(Context& ctx, const ParsedArgs& args)
{
    Options o;
    o.force = args.boolean("force");
    o.ignoreDaemonSets = args.boolean("ignore-daemonsets");
    o.deleteEmptyDir = args.boolean("delete-emptydir-data") || args.boolean("delete-local-data");
    if (args.has("delete-local-data"))
        ctx.result.err += "Flag --delete-local-data has been deprecated, This option is "
                          "deprecated and will be deleted. Use --delete-emptydir-data.\n";
    o.disableEviction = args.boolean("disable-eviction");
    o.gracePeriod = args.integer("grace-period");
    o.timeout = durationFlag(args, "timeout", "drain");
    o.podSelector = args.get("pod-selector");
    o.dryRun = args.get("dry-run");
    const std::vector<Json> nodes = selectNodes(ctx, args, args.positional, "drain NODE");
    cordonNodes(ctx, nodes, true, o.dryRun);

    std::vector<std::string> fatal, remaining;
    for (const Json& node : nodes) {
        const std::string name = str(node, "metadata.name");
        std::vector<PodDelete> list;
        std::vector<std::string> errors = podsForDeletion(ctx, o, name, &list);
        if (errors.empty()) {
            std::map<std::string, std::vector<std::string>> warnings;
            std::vector<Json> pods;
            for (const PodDelete& p : list) {
                if (p.verdict == Verdict::Warning)
                    warnings[p.message].push_back(podKey(p.pod));
                if (p.remove)
                    pods.push_back(p.pod);
            }
            std::vector<std::string> parts;
            for (const auto& [msg, keys] : warnings)
                parts.push_back(msg + ": " + join(keys, ", "));
            if (!parts.empty())
                ctx.result.err += "Warning: " + join(parts, "; ") + "\n";
            if (o.dryRun == "client") {
                for (const Json& p : pods)
                    ctx.out("evicting pod " + podKey(p) + " (dry run)\n");
            } else {
                errors = evictAndWait(ctx, o, pods);
                if (!errors.empty()) {
                    std::vector<PodDelete> again;
                    podsForDeletion(ctx, o, name, &again);
                    std::string pendingText;
                    for (const PodDelete& p : again)
                        if (p.remove)
                            pendingText += "pod/" + str(p.pod, "metadata.name") + "\n";
                    if (!pendingText.empty())
                        ctx.result.err += "There are pending pods in node " + quote(name) +
                                          " when an error occurred: " + plain(aggregate(errors)) +
                                          "\n" + pendingText;
                }
            }
        }
        if (errors.empty()) {
            ctx.out("node/" + name + " drained" + dryRunSuffix(o.dryRun) + "\n");
            continue;
        }
        ctx.result.err += "error: unable to drain node " + quote(name) +
                          " due to error: " + plain(aggregate(errors)) +
                          ", continuing command...\n";
        remaining.push_back(name);
        // checkErr unwraps the aggregate of one node: its errors print one per line.
        if (nodes.size() == 1)
            fatal = errors;
        else
            fatal.push_back(plain(aggregate(errors)));
    }
    if (remaining.empty())
        return;
    std::string text = "There are pending nodes to be drained:\n";
    for (const std::string& n : remaining)
        text += " " + n + "\n";
    text += join(fatal, "\n");
    throw CommandError(text);
}

std::vector<FlagSpec> cmdCordonFlags()
{
    return {
        {"selector", 'l', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

void cmdCordon(Context& ctx, const ParsedArgs& args)
{
    cordonNodes(ctx, selectNodes(ctx, args, args.positional, "cordon NODE"), true,
                args.get("dry-run"));
}

std::vector<FlagSpec> cmdUncordonFlags()
{
    return cmdCordonFlags();
}

void cmdUncordon(Context& ctx, const ParsedArgs& args)
{
    cordonNodes(ctx, selectNodes(ctx, args, args.positional, "uncordon NODE"), false,
                args.get("dry-run"));
}

} // namespace kubelab::kubectl
