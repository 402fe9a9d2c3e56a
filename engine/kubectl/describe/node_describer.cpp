#include "engine/kubectl/describe/node_describer.h"

#include <map>

#include "engine/kubectl/object_util.h"
#include "engine/model/quantity.h"

namespace kubelab::kubectl {

namespace {

using model::Quantity;
using Resources = std::map<std::string, Quantity>;

Quantity quantity(const Json& v)
{
    if (v.is_string())
        if (auto q = Quantity::parse(v.get<std::string>()))
            return *q;
    if (v.is_number_integer())
        return Quantity::fromValue(v.get<std::int64_t>());
    return Quantity();
}

// resourcehelper.PodRequestsAndLimits, simplified: the sum over containers, raised to
// any init container's larger value.
void podTotals(const Json& pod, Resources* requests, Resources* limits)
{
    for (const char* section : {"requests", "limits"}) {
        Resources& out = section[0] == 'r' ? *requests : *limits;
        Resources sum;
        for (const Json& c :
             at(pod, "spec.containers").is_array() ? pod["spec"]["containers"] : Json::array()) {
            const Json& r = at(c, std::string("resources.") + section);
            if (r.is_object())
                for (auto it = r.begin(); it != r.end(); ++it)
                    sum[it.key()] = sum[it.key()] + quantity(*it);
        }
        for (const Json& c : at(pod, "spec.initContainers").is_array()
                                 ? pod["spec"]["initContainers"]
                                 : Json::array()) {
            const Json& r = at(c, std::string("resources.") + section);
            if (r.is_object())
                for (auto it = r.begin(); it != r.end(); ++it)
                    if (sum[it.key()] < quantity(*it))
                        sum[it.key()] = quantity(*it);
        }
        for (const auto& [name, q] : sum)
            out[name] = out[name] + q;
    }
}

std::string withPercent(const Quantity& q, const Quantity& allocatable)
{
    std::int64_t percent = 0;
    if (allocatable.milliValue() > 0)
        percent = std::int64_t(double(q.milliValue()) / double(allocatable.milliValue()) * 100);
    return q.toString() + " (" + std::to_string(percent) + "%)";
}

} // namespace

void describeNode(PrefixWriter& w, const DescribeInput& in, sim::Time now)
{
    const Json& n = in.object;
    w.write(0, "Name:\t" + str(n, "metadata.name") + "\n");
    std::vector<std::string> roles;
    const Json& labels = at(n, "metadata.labels");
    if (labels.is_object())
        for (auto it = labels.begin(); it != labels.end(); ++it)
            if (it.key().rfind("node-role.kubernetes.io/", 0) == 0 && it.key().size() > 24)
                roles.push_back(it.key().substr(24));
    w.write(0, "Roles:\t" + (roles.empty() ? "<none>" : join(roles, ",")) + "\n");
    w.labels("Labels", labels);
    w.annotations("Annotations", at(n, "metadata.annotations"));
    w.write(0, "CreationTimestamp:\t" + rfc1123z(str(n, "metadata.creationTimestamp")) + "\n");
    const Json& taints = at(n, "spec.taints");
    if (!taints.is_array() || taints.empty()) {
        w.write(0, "Taints:\t<none>\n");
    } else {
        for (size_t i = 0; i < taints.size(); ++i) {
            std::string t = str(taints[i], "key");
            if (!str(taints[i], "value").empty())
                t += "=" + str(taints[i], "value");
            t += ":" + str(taints[i], "effect");
            w.write(0, (i == 0 ? "Taints:\t" : "\t") + t + "\n");
        }
    }
    w.write(0, std::string("Unschedulable:\t") +
                   (flag(n, "spec.unschedulable") ? "true" : "false") + "\n");
    if (in.lease.is_object()) {
        auto unset = [](const std::string& t) { return t.empty() ? "<unset>" : rfc1123z(t); };
        const std::string holder = str(in.lease, "spec.holderIdentity");
        w.write(0, "Lease:\n");
        w.write(1, "HolderIdentity:\t" + (holder.empty() ? "<unset>" : holder) + "\n");
        w.write(1, "AcquireTime:\t" + unset(str(in.lease, "spec.acquireTime")) + "\n");
        w.write(1, "RenewTime:\t" + unset(str(in.lease, "spec.renewTime")) + "\n");
    }
    const Json& conds = at(n, "status.conditions");
    if (conds.is_array() && !conds.empty()) {
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason"
                   "\tMessage\n  ----\t------\t-----------------\t------------------\t------"
                   "\t-------\n");
        for (const Json& c : conds)
            w.write(1, str(c, "type") + " \t" + str(c, "status") + " \t" +
                           rfc1123z(str(c, "lastHeartbeatTime")) + " \t" +
                           rfc1123z(str(c, "lastTransitionTime")) + " \t" + str(c, "reason") +
                           " \t" + str(c, "message") + "\n");
    }
    w.write(0, "Addresses:\n");
    for (const Json& a :
         at(n, "status.addresses").is_array() ? n["status"]["addresses"] : Json::array())
        w.write(1, str(a, "type") + ":\t" + str(a, "address") + "\n");
    for (const char* section : {"capacity", "allocatable"}) {
        const Json& list = at(n, std::string("status.") + section);
        w.write(0, std::string(section[0] == 'c' ? "Capacity" : "Allocatable") + ":\n");
        if (list.is_object())
            for (auto it = list.begin(); it != list.end(); ++it)
                w.write(1, it.key() + ":\t" +
                               (it->is_string() ? it->get<std::string>() : it->dump()) + "\n");
    }
    w.write(0, "System Info:\n");
    const std::pair<const char*, const char*> info[] = {
        {"Machine ID", "machineID"},
        {"System UUID", "systemUUID"},
        {"Boot ID", "bootID"},
        {"Kernel Version", "kernelVersion"},
        {"OS Image", "osImage"},
        {"Operating System", "operatingSystem"},
        {"Architecture", "architecture"},
        {"Container Runtime Version", "containerRuntimeVersion"},
        {"Kubelet Version", "kubeletVersion"},
        {"Kube-Proxy Version", "kubeProxyVersion"}};
    for (const auto& [label, key] : info)
        w.write(1,
                std::string(label) + ":\t" + str(n, std::string("status.nodeInfo.") + key) + "\n");
    if (!str(n, "spec.podCIDR").empty())
        w.write(0, "PodCIDR:\t" + str(n, "spec.podCIDR") + "\n");
    std::vector<std::string> cidrs;
    for (const Json& c : at(n, "spec.podCIDRs").is_array() ? n["spec"]["podCIDRs"] : Json::array())
        cidrs.push_back(c.get<std::string>());
    if (!cidrs.empty())
        w.write(0, "PodCIDRs:\t" + join(cidrs, ",") + "\n");
    if (!str(n, "spec.providerID").empty())
        w.write(0, "ProviderID:\t" + str(n, "spec.providerID") + "\n");

    Resources allocatable;
    const Json& alloc = at(n, "status.allocatable");
    if (alloc.is_object())
        for (auto it = alloc.begin(); it != alloc.end(); ++it)
            allocatable[it.key()] = quantity(*it);
    // kubectl leaves an empty column after Name (its format has "\t\t").
    w.write(0, "Non-terminated Pods:\t(" + std::to_string(in.related.size()) + " in total)\n");
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits"
               "\tAge\n");
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------"
               "\t---\n");
    Resources totalReq, totalLim;
    for (const Json& p : in.related) {
        Resources req, lim;
        podTotals(p, &req, &lim);
        podTotals(p, &totalReq, &totalLim);
        w.write(1, str(p, "metadata.namespace") + "\t" + str(p, "metadata.name") + "\t\t" +
                       withPercent(req["cpu"], allocatable["cpu"]) + "\t" +
                       withPercent(lim["cpu"], allocatable["cpu"]) + "\t" +
                       withPercent(req["memory"], allocatable["memory"]) + "\t" +
                       withPercent(lim["memory"], allocatable["memory"]) + "\t" + age(p, now) +
                       "\n");
    }
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., "
               "overcommitted.)\n");
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    std::vector<std::string> names = {"cpu", "memory", "ephemeral-storage"};
    for (const auto& [name, q] : allocatable)
        if (name.rfind("hugepages-", 0) == 0)
            names.push_back(name);
    for (const std::string& r : names)
        w.write(1, r + "\t" + withPercent(totalReq[r], allocatable[r]) + "\t" +
                       withPercent(totalLim[r], allocatable[r]) + "\n");
}

} // namespace kubelab::kubectl
