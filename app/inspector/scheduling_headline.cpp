#include "app/inspector/scheduling_headline.h"

#include <QCoreApplication>
#include <limits>
#include <map>

#include "app/core/quantity_text.h"
#include "engine/cluster/cluster.h"
#include "engine/model/quantity.h"
#include "engine/scheduler/pod_info.h"

namespace kubelab::app {

namespace {

using nlohmann::json;

QString tr(const char* text)
{
    return QCoreApplication::translate("InspectorWidget", text);
}

std::int64_t quantityAt(const json& list, const char* name, bool milli)
{
    const auto it = list.find(name);
    if (it == list.end() || !it->is_string())
        return 0;
    const auto q = model::Quantity::parse(it->get<std::string>());
    return q ? (milli ? q->milliValue() : q->value()) : 0;
}

struct Free
{
    std::int64_t cpu = 0;
    std::int64_t memory = 0;
};

// What each node's allocatable leaves after its pods' requests (finished pods hold none).
std::map<std::string, Free> freeByNode(const cluster::Cluster& cluster)
{
    std::map<std::string, Free> free;
    for (const json* node : cluster.objects("nodes")) {
        const json& alloc = node->value("status", json::object()).value("allocatable", json());
        if (!alloc.is_object())
            continue;
        free[node->at("metadata").value("name", "")] = {quantityAt(alloc, "cpu", true),
                                                        quantityAt(alloc, "memory", false)};
    }
    for (const json* pod : cluster.objects("pods")) {
        const json spec = pod->value("spec", json::object());
        const std::string phase = pod->value("status", json::object()).value("phase", "");
        const auto it = free.find(spec.value("nodeName", ""));
        if (it == free.end() || phase == "Succeeded" || phase == "Failed")
            continue;
        const auto r = scheduler::podRequests(spec, false);
        it->second.cpu -= r.milliCpu;
        it->second.memory -= r.memory;
    }
    return free;
}

} // namespace

QStringList schedulingHeadline(const json& explanation, const json& pod,
                               const cluster::Cluster& cluster)
{
    QStringList lines;
    const json nodes = explanation.value("nodeResults", json::object());
    // The reason that ruled each node out (its first failing filter), nodes by reason.
    std::map<std::string, std::vector<std::string>> byReason;
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const json filters = it->value("filters", json::object());
        for (auto f = filters.begin(); f != filters.end(); ++f) {
            const std::string verdict = f->value("verdict", "");
            if (verdict == "fail" || verdict == "error") {
                byReason[f->value("reason", f.key())].push_back(it.key());
                break;
            }
        }
    }
    if (byReason.empty())
        return lines;
    std::map<std::string, bool> controlPlane;
    for (const json* node : cluster.objects("nodes"))
        controlPlane[node->at("metadata").value("name", "")] =
            node->at("metadata")
                .value("labels", json::object())
                .contains("node-role.kubernetes.io/control-plane");
    const auto requests = scheduler::podRequests(pod.value("spec", json::object()), false);
    const auto free = freeByNode(cluster);
    for (const auto& [reason, names] : byReason) {
        bool workers = true;
        for (const std::string& n : names)
            workers = workers && !controlPlane[n];
        const int n = int(names.size());
        const QString who = workers ? (n == 1 ? tr("1 worker") : tr("%1 workers").arg(n))
                                    : (n == 1 ? tr("1 node") : tr("%1 nodes").arg(n));
        const QString why = QString::fromStdString(reason);
        const bool cpu = why.contains(QLatin1String("Insufficient cpu"));
        const bool memory = why.contains(QLatin1String("Insufficient memory"));
        QStringList parts;
        auto most = [&](auto member) {
            std::int64_t best = std::numeric_limits<std::int64_t>::min();
            std::string where;
            for (const std::string& name : names) {
                const auto it = free.find(name);
                if (it != free.end() && it->second.*member > best) {
                    best = it->second.*member;
                    where = name;
                }
            }
            return std::pair{best, QString::fromStdString(where)};
        };
        if (cpu) {
            const auto [best, where] = most(&Free::cpu);
            parts << tr("the pod needs %1 CPU; at most %2 free (%3)")
                         .arg(cpuText(requests.milliCpu), cpuText(best), where);
        }
        if (memory) {
            const auto [best, where] = most(&Free::memory);
            parts << tr("the pod needs %1 memory; at most %2 free (%3)")
                         .arg(memoryText(requests.memory), memoryText(best), where);
        }
        if (parts.isEmpty())
            parts << why;
        lines << QStringLiteral("%1: %2").arg(who, parts.join(QStringLiteral("; ")));
    }
    return lines;
}

} // namespace kubelab::app
