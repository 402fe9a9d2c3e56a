#include "engine/cluster/topology.h"

#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/model/decode.h"
#include "engine/model/quantity.h"
#include "engine/model/yaml_tree.h"

namespace kubelab::cluster {

namespace {
[[noreturn]] void fail(const std::string& source, const YAML::Node& node, const std::string& msg)
{
    const YAML::Mark mark = node.Mark();
    throw model::DecodeError(source, mark.line + 1, mark.column + 1, msg);
}

std::string scalar(const std::string& source, const YAML::Node& node, const std::string& path)
{
    if (!node.IsScalar())
        fail(source, node, path + ": expected a scalar value");
    return node.Scalar();
}

int integer(const std::string& source, const YAML::Node& node, const std::string& path, int lo,
            int hi)
{
    const std::string text = scalar(source, node, path);
    char* end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || v < lo || v > hi)
        fail(source, node,
             path + ": Invalid value: \"" + text + "\": must be an integer between " +
                 std::to_string(lo) + " and " + std::to_string(hi));
    return int(v);
}

std::string quantity(const std::string& source, const YAML::Node& node, const std::string& path)
{
    const std::string text = scalar(source, node, path);
    auto q = model::Quantity::parse(text);
    if (!q || q->milliValue() <= 0)
        fail(source, node, path + ": Invalid value: \"" + text + "\": must be a positive quantity");
    return text;
}
} // namespace

std::vector<std::string> Topology::controlPlaneNames() const
{
    if (controlPlanes == 0)
        return {};
    if (controlPlanes == 1)
        return {"control-plane"};
    std::vector<std::string> names;
    for (int i = 1; i <= controlPlanes; ++i)
        names.push_back("control-plane-" + std::to_string(i));
    return names;
}

Topology Topology::fromYaml(const std::string& text, const std::string& source)
{
    // Decode first through the hardened decoder (limits, alias bombs), then walk with
    // yaml-cpp for marks.
    return fromYamlNode(model::loadYamlTree(text, source), source);
}

Topology Topology::fromYamlNode(const YAML::Node& root, const std::string& source,
                                const std::vector<std::string>& extraKeys)
{
    Topology t;
    if (!root || root.IsNull())
        return t;
    if (!root.IsMap())
        fail(source, root, "cluster file: expected a mapping with controlPlanes and workers");
    std::set<std::string> rootKeys = {"controlPlanes", "controlPlane", "workers", "registry",
                                      "dns"};
    std::string expected = "controlPlanes, controlPlane, workers, registry, dns";
    for (const std::string& extra : extraKeys) {
        rootKeys.insert(extra);
        expected += ", " + extra;
    }
    for (const auto& kv : root) {
        const std::string key = kv.first.Scalar();
        if (!rootKeys.count(key))
            fail(source, kv.first, "unknown field \"" + key + "\" (expected " + expected + ")");
    }
    if (root["registry"]) {
        const std::string registry = scalar(source, root["registry"], "registry");
        if (registry != "open" && registry != "strict")
            fail(source, root["registry"],
                 "registry: Unsupported value: \"" + registry +
                     "\": supported values: \"open\", \"strict\"");
        t.strictRegistry = registry == "strict";
    }
    if (root["dns"]) {
        const std::string dns = scalar(source, root["dns"], "dns");
        if (dns != "coredns" && dns != "none")
            fail(source, root["dns"],
                 "dns: Unsupported value: \"" + dns + "\": supported values: \"coredns\", \"none\"");
        t.coreDns = dns == "coredns";
    }
    if (root["controlPlanes"]) {
        t.controlPlanes = integer(source, root["controlPlanes"], "controlPlanes", 0, 5);
        if (t.controlPlanes % 2 == 0 && t.controlPlanes != 0)
            fail(source, root["controlPlanes"],
                 "controlPlanes: Invalid value: " + std::to_string(t.controlPlanes) +
                     ": must be 1, 3 or 5 (etcd needs an odd number of members for quorum)");
    }
    if (const YAML::Node cp = root["controlPlane"]) {
        if (!cp.IsMap())
            fail(source, cp, "controlPlane: expected a mapping with cpu and memory");
        if (cp["cpu"])
            t.controlPlaneCpu = quantity(source, cp["cpu"], "controlPlane.cpu");
        if (cp["memory"])
            t.controlPlaneMemory = quantity(source, cp["memory"], "controlPlane.memory");
    }
    if (const YAML::Node workers = root["workers"]) {
        if (!workers.IsSequence())
            fail(source, workers, "workers: expected a list of worker groups");
        t.workers.clear();
        std::set<std::string> prefixes;
        for (size_t i = 0; i < workers.size(); ++i) {
            const YAML::Node g = workers[i];
            const std::string path = "workers[" + std::to_string(i) + "]";
            if (!g.IsMap())
                fail(source, g, path + ": expected a mapping");
            static const std::set<std::string> keys = {"count", "prefix", "capacity", "labels",
                                                       "taints"};
            for (const auto& kv : g)
                if (!keys.count(kv.first.Scalar()))
                    fail(source, kv.first,
                         path + ": unknown field \"" + kv.first.Scalar() +
                             "\" (expected count, prefix, capacity, labels, taints)");
            WorkerGroup w;
            if (g["count"])
                w.count = integer(source, g["count"], path + ".count", 0, 5000);
            if (g["prefix"])
                w.prefix = scalar(source, g["prefix"], path + ".prefix");
            if (!prefixes.insert(w.prefix).second)
                fail(source, g["prefix"] ? g["prefix"] : g,
                     path + ".prefix: Duplicate value: \"" + w.prefix + "\"");
            if (const YAML::Node cap = g["capacity"]) {
                if (!cap.IsMap())
                    fail(source, cap, path + ".capacity: expected a mapping");
                if (cap["cpu"])
                    w.cpu = quantity(source, cap["cpu"], path + ".capacity.cpu");
                if (cap["memory"])
                    w.memory = quantity(source, cap["memory"], path + ".capacity.memory");
                if (cap["pods"])
                    w.pods = integer(source, cap["pods"], path + ".capacity.pods", 1, 1000);
            }
            if (const YAML::Node labels = g["labels"]) {
                if (!labels.IsMap())
                    fail(source, labels, path + ".labels: expected a mapping");
                for (const auto& kv : labels)
                    w.labels[kv.first.Scalar()] =
                        scalar(source, kv.second, path + ".labels." + kv.first.Scalar());
            }
            if (const YAML::Node taints = g["taints"]) {
                if (!taints.IsSequence())
                    fail(source, taints, path + ".taints: expected a list");
                for (size_t k = 0; k < taints.size(); ++k) {
                    const YAML::Node taint = taints[k];
                    const std::string tp = path + ".taints[" + std::to_string(k) + "]";
                    if (!taint.IsMap() || !taint["key"] || !taint["effect"])
                        fail(source, taint, tp + ": needs key and effect");
                    const std::string effect = scalar(source, taint["effect"], tp + ".effect");
                    if (effect != "NoSchedule" && effect != "PreferNoSchedule" &&
                        effect != "NoExecute")
                        fail(source, taint["effect"],
                             tp + ".effect: Unsupported value: \"" + effect +
                                 "\": supported values: \"NoExecute\", \"NoSchedule\", "
                                 "\"PreferNoSchedule\"");
                    nlohmann::json tj = {{"key", scalar(source, taint["key"], tp + ".key")},
                                         {"effect", effect}};
                    if (taint["value"])
                        tj["value"] = scalar(source, taint["value"], tp + ".value");
                    w.taints.push_back(tj);
                }
            }
            t.workers.push_back(w);
        }
    }
    if (t.controlPlanes == 0) {
        // No Kubernetes cluster, only the AWS account (engine/aws): a world whose clock
        // can run for months, since no kubelet or controller ticks every few seconds.
        int workers = 0;
        for (const WorkerGroup& w : t.workers)
            workers += w.count;
        if (workers)
            fail(source, root["controlPlanes"],
                 "controlPlanes: Invalid value: 0: a cluster without a control plane has no "
                 "workers (set workers: [] for the AWS account alone)");
        t.workers.clear();
    }
    return t;
}

nlohmann::json Topology::toJson() const
{
    nlohmann::json workersJson = nlohmann::json::array();
    for (const WorkerGroup& w : workers)
        workersJson.push_back(
            {{"prefix", w.prefix},
             {"count", w.count},
             {"capacity", {{"cpu", w.cpu}, {"memory", w.memory}, {"pods", w.pods}}},
             {"labels", w.labels},
             {"taints", w.taints}});
    nlohmann::json out = {
        {"controlPlanes", controlPlanes},
        {"controlPlane", {{"cpu", controlPlaneCpu}, {"memory", controlPlaneMemory}}},
        {"workers", workersJson}};
    if (strictRegistry)
        out["registry"] = "strict";
    out["dns"] = coreDns ? "coredns" : "none";
    return out;
}

} // namespace kubelab::cluster
