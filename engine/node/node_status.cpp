#include "engine/node/node_status.h"

#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/node/timestamps.h"

namespace kubelab::node {

using nlohmann::json;

json NodeStatus::lease(const std::string& node, const std::string& nodeUid, const json& previous,
                       sim::Time now)
{
    json lease = previous.is_object() ? previous : json::object();
    lease["apiVersion"] = "coordination.k8s.io/v1";
    lease["kind"] = "Lease";
    lease["metadata"]["name"] = node;
    lease["metadata"]["namespace"] = "kube-node-lease";
    if (!nodeUid.empty())
        lease["metadata"]["ownerReferences"] = json::array(
            {{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}, {"uid", nodeUid}}});
    lease["spec"]["holderIdentity"] = node;
    lease["spec"]["leaseDurationSeconds"] = kLeaseDurationSeconds;
    lease["spec"]["renewTime"] = formatMicroTime(now);
    return lease;
}

std::optional<json> NodeStatus::update(const json& node, const std::map<std::string, Image>& images,
                                       sim::Time now, sim::Time lastReport)
{
    const json& status = model::objectAt(node, "status");
    const json old = status.value("conditions", json::array());
    // A healthy simulated machine: no pressure, kubelet ready.
    struct Want
    {
        const char* type;
        const char* status;
        const char* reason;
        const char* message;
    };
    const Want wants[] = {
        {"MemoryPressure", "False", "KubeletHasSufficientMemory",
         "kubelet has sufficient memory available"},
        {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
        {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
        {"Ready", "True", "KubeletReady", "kubelet is posting ready status"},
    };
    bool changed = false;
    const std::string stamp = sim::formatTimestamp(now);
    json conditions = json::array();
    for (const Want& w : wants) {
        json c = {
            {"type", w.type},       {"status", w.status},         {"reason", w.reason},
            {"message", w.message}, {"lastHeartbeatTime", stamp}, {"lastTransitionTime", stamp}};
        bool found = false;
        for (const auto& o : old) {
            if (o.value("type", "") != w.type)
                continue;
            found = true;
            if (o.value("status", "") == w.status)
                c["lastTransitionTime"] = o.value("lastTransitionTime", stamp);
            if (o.value("status", "") != w.status || o.value("reason", "") != w.reason)
                changed = true;
        }
        changed = changed || !found;
        conditions.push_back(c);
    }
    // Images, largest first as kubelet lists them.
    std::vector<Image> sorted;
    for (const auto& [name, image] : images)
        sorted.push_back(image);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Image& a, const Image& b) { return a.sizeBytes > b.sizeBytes; });
    json imageList = json::array();
    for (const auto& i : sorted)
        imageList.push_back(
            {{"names", json::array({i.imageId, i.name})}, {"sizeBytes", i.sizeBytes}});
    if (status.value("images", json::array()) != imageList)
        changed = true;
    if (!changed && now - lastReport < kReportFrequency)
        return std::nullopt;
    return json{{"status", {{"conditions", conditions}, {"images", imageList}}}};
}

} // namespace kubelab::node
