// `kubectl top nodes|pods` in kubectl release 1.32's columns (pkg/cmd/top,
// pkg/metricsutil/metrics_printer.go). KubeLab has no metrics-server and its simulated
// containers burn no real CPU, so "usage" here is what the scheduler reasons with: the
// sum of the container requests of each Running pod (a container without requests counts
// as 0). Nodes add up the Running pods bound to them; percentages are of allocatable.
// metricsutil ends every cell, the last included, with a tab: lines keep trailing blanks.
#include <algorithm>
#include <map>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/model/quantity.h"

namespace kubelab::kubectl {

using model::Quantity;

std::vector<FlagSpec> cmdTopFlags()
{
    return {
        {"selector", 'l', FlagType::String, ""},
        {"field-selector", 0, FlagType::String, ""},
        {"all-namespaces", 'A', FlagType::Bool, "false"},
        {"containers", 0, FlagType::Bool, "false"},
        {"no-headers", 0, FlagType::Bool, "false"},
        {"sort-by", 0, FlagType::String, ""},
        {"sum", 0, FlagType::Bool, "false"},
        {"show-capacity", 0, FlagType::Bool, "false"},
        {"use-protocol-buffers", 0, FlagType::Bool, "true"},
    };
}

namespace {

struct Usage
{
    Quantity cpu, memory;
};

Quantity quantityOf(const Json& v)
{
    if (v.is_string())
        if (auto q = Quantity::parse(v.get<std::string>()))
            return *q;
    if (v.is_number_integer())
        return Quantity::fromValue(v.get<std::int64_t>());
    return Quantity();
}

Usage containerUsage(const Json& c)
{
    return {quantityOf(at(c, "resources.requests.cpu")),
            quantityOf(at(c, "resources.requests.memory"))};
}

Usage podUsage(const Json& pod)
{
    Usage u;
    for (const Json& c :
         at(pod, "spec.containers").is_array() ? pod["spec"]["containers"] : Json::array()) {
        Usage cu = containerUsage(c);
        u.cpu = u.cpu + cu.cpu;
        u.memory = u.memory + cu.memory;
    }
    return u;
}

std::string cpuCell(const Quantity& q)
{
    return std::to_string(q.milliValue()) + "m";
}
std::string memoryCell(const Quantity& q)
{
    return std::to_string(q.value() / (1024 * 1024)) + "Mi";
}
std::string percent(const Quantity& used, const Quantity& available)
{
    const double fraction =
        available.isZero() ? 0.0 : double(used.milliValue()) / double(available.milliValue()) * 100;
    return std::to_string(std::int64_t(fraction)) + "%";
}

bool ready(const Json& node)
{
    for (const Json& c :
         at(node, "status.conditions").is_array() ? node["status"]["conditions"] : Json::array())
        if (str(c, "type") == "Ready")
            return str(c, "status") == "True";
    return false;
}

std::vector<Json> list(Context& ctx, const char* resource, const std::string& ns,
                       const std::string& labels, const std::string& fields)
{
    api::Request req = makeRequest("list", *model::kindByResource("", resource), ns);
    req.labelSelector = labels;
    req.fieldSelector = fields;
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw CommandError(statusErrorText(r.body));
    std::vector<Json> out;
    for (const Json& item : r.body.value("items", Json::array()))
        out.push_back(item);
    return out;
}

void checkSortBy(const std::string& sortBy)
{
    if (!sortBy.empty() && sortBy != "cpu" && sortBy != "memory")
        throw clientError("--sort-by accepts only cpu or memory");
}

void topNodes(Context& ctx, const ParsedArgs& args, const std::vector<std::string>& names)
{
    const std::string sortBy = args.get("sort-by");
    checkSortBy(sortBy);
    std::vector<Json> nodes;
    if (!names.empty()) {
        api::Response r =
            ctx.call(makeRequest("get", *model::kindByResource("", "nodes"), "", names[0]));
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        nodes.push_back(r.body);
    } else {
        nodes = list(ctx, "nodes", "", args.get("selector"), "");
    }
    if (nodes.empty()) {
        ctx.result.err += "No resources found\n";
        return;
    }
    std::map<std::string, Usage> usage;
    for (const Json& pod : list(ctx, "pods", "", "", ""))
        if (str(pod, "status.phase") == "Running" && !str(pod, "spec.nodeName").empty()) {
            Usage& u = usage[str(pod, "spec.nodeName")];
            Usage p = podUsage(pod);
            u.cpu = u.cpu + p.cpu;
            u.memory = u.memory + p.memory;
        }
    // A node whose kubelet is not Ready would have no metrics: kubectl lists it last.
    std::vector<Json> measured, missing;
    for (const Json& n : nodes)
        (ready(n) ? measured : missing).push_back(n);
    auto name = [](const Json& n) { return str(n, "metadata.name"); };
    std::stable_sort(measured.begin(), measured.end(), [&](const Json& a, const Json& b) {
        if (sortBy == "cpu")
            return usage[name(b)].cpu < usage[name(a)].cpu;
        if (sortBy == "memory")
            return usage[name(b)].memory < usage[name(a)].memory;
        return name(a) < name(b);
    });
    const std::string base =
        args.boolean("show-capacity") ? "status.capacity" : "status.allocatable";
    std::string text;
    if (!args.boolean("no-headers"))
        text += "NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n";
    for (const Json& n : measured) {
        const Usage& u = usage[name(n)];
        text += name(n) + "\t" + cpuCell(u.cpu) + "\t" +
                percent(u.cpu, quantityOf(at(n, base + ".cpu"))) + "\t" + memoryCell(u.memory) +
                "\t" + percent(u.memory, quantityOf(at(n, base + ".memory"))) + "\t\n";
    }
    for (const Json& n : missing)
        text += name(n) + "\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n";
    ctx.out(TabWriter(6, 3).format(text));
}

void topPods(Context& ctx, const ParsedArgs& args, const std::vector<std::string>& names)
{
    const std::string sortBy = args.get("sort-by");
    checkSortBy(sortBy);
    const bool all = args.boolean("all-namespaces");
    std::vector<Json> pods;
    if (!names.empty()) {
        api::Response r =
            ctx.call(makeRequest("get", *model::kindByResource("", "pods"), ctx.ns, names[0]));
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        pods.push_back(r.body);
    } else {
        pods =
            list(ctx, "pods", all ? "" : ctx.ns, args.get("selector"), args.get("field-selector"));
    }
    std::vector<Json> running;
    for (const Json& p : pods)
        if (str(p, "status.phase") == "Running")
            running.push_back(p);
    if (running.empty()) {
        // metrics-server reports a pod from its first scrape on; kubectl calls a pod older
        // than two minutes without metrics an error.
        for (const Json& p : pods) {
            auto created = parseTimestamp(str(p, "metadata.creationTimestamp"));
            if (created && ctx.now() - *created > 2 * sim::kMinute)
                throw clientError("Metrics not available for pod " + str(p, "metadata.namespace") +
                                  "/" + str(p, "metadata.name") +
                                  ", age: " + sim::formatDuration(ctx.now() - *created));
        }
        ctx.result.err += all ? std::string("No resources found\n")
                              : "No resources found in " + ctx.ns + " namespace.\n";
        return;
    }
    std::stable_sort(running.begin(), running.end(), [&](const Json& a, const Json& b) {
        if (sortBy == "cpu")
            return podUsage(b).cpu < podUsage(a).cpu;
        if (sortBy == "memory")
            return podUsage(b).memory < podUsage(a).memory;
        return std::make_pair(all ? str(a, "metadata.namespace") : "", str(a, "metadata.name")) <
               std::make_pair(all ? str(b, "metadata.namespace") : "", str(b, "metadata.name"));
    });
    const bool containers = args.boolean("containers");
    std::string text;
    if (!args.boolean("no-headers"))
        text += std::string(all ? "NAMESPACE\t" : "") + (containers ? "POD\t" : "") +
                "NAME\tCPU(cores)\tMEMORY(bytes)\t\n";
    Usage total;
    for (const Json& p : running) {
        const std::string ns = all ? str(p, "metadata.namespace") + "\t" : "";
        if (containers) {
            for (const Json& c :
                 at(p, "spec.containers").is_array() ? p["spec"]["containers"] : Json::array()) {
                Usage u = containerUsage(c);
                text += ns + str(p, "metadata.name") + "\t" + str(c, "name") + "\t" +
                        cpuCell(u.cpu) + "\t" + memoryCell(u.memory) + "\t\n";
            }
        } else {
            Usage u = podUsage(p);
            text += ns + str(p, "metadata.name") + "\t" + cpuCell(u.cpu) + "\t" +
                    memoryCell(u.memory) + "\t\n";
        }
        Usage u = podUsage(p);
        total.cpu = total.cpu + u.cpu;
        total.memory = total.memory + u.memory;
    }
    if (args.boolean("sum")) {
        const int width = 3 + (all ? 1 : 0) + (containers ? 1 : 0);
        for (int i = 0; i < width - 2; ++i)
            text += "\t";
        text += "________\t________\t\n";
        for (int i = 0; i < width - 3; ++i)
            text += "\t";
        text += "\t" + cpuCell(total.cpu) + "\t" + memoryCell(total.memory) + "\t\n";
    }
    ctx.out(TabWriter(6, 3).format(text));
}

const char* const kTopHelp =
    "Display resource (CPU/memory) usage.\n\n"
    " The top command allows you to see the resource consumption for nodes or pods.\n\n"
    " KubeLab has no Metrics Server: usage is the sum of the container requests of each "
    "running pod.\n\n"
    "Available Commands:\n"
    "  node          Display resource (CPU/memory) usage of nodes\n"
    "  pod           Display resource (CPU/memory) usage of pods\n\n"
    "Usage:\n  kubectl top [flags] [options]\n";

} // namespace

void cmdTop(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty()) {
        ctx.out(kTopHelp);
        return;
    }
    const std::string sub = args.positional[0];
    const std::vector<std::string> names(args.positional.begin() + 1, args.positional.end());
    if (sub == "node" || sub == "nodes" || sub == "no") {
        if (args.has("containers") || args.has("all-namespaces") || args.has("sum"))
            throw CommandError("Error: unknown flag: --" +
                               std::string(args.has("containers") ? "containers"
                                           : args.has("sum")      ? "sum"
                                                                  : "all-namespaces") +
                               "\nSee 'kubectl top node --help' for usage.");
        topNodes(ctx, args, names);
    } else if (sub == "pod" || sub == "pods" || sub == "po") {
        topPods(ctx, args, names);
    } else {
        throw CommandError("error: unknown command " + quote(join(args.positional, " ")) +
                           "\nSee 'kubectl top -h' for help and examples");
    }
}

} // namespace kubelab::kubectl
