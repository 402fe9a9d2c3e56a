// `kubectl describe` for pods, deployments, replicasets, services, nodes, namespaces and
// configmaps, and a generic layout for other kinds (kubectl release 1.32 layouts).
#include "engine/kubectl/describe/describer.h"

#include "engine/kubectl/describe/network_describers.h"
#include "engine/kubectl/describe/node_describer.h"
#include "engine/kubectl/describe/prefix_writer.h"
#include "engine/kubectl/describe/storage_describers.h"
#include "engine/kubectl/describe/workload_describers.h"
#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

namespace {

void header(PrefixWriter& w, const Json& o, bool namespaced)
{
    w.write(0, "Name:\t" + str(o, "metadata.name") + "\n");
    if (namespaced)
        w.write(0, "Namespace:\t" + str(o, "metadata.namespace") + "\n");
}

std::string qosClass(const Json& pod)
{
    if (!str(pod, "status.qosClass").empty())
        return str(pod, "status.qosClass");
    bool any = false, guaranteed = true;
    for (const Json& c : at(pod, "spec.containers")) {
        const Json& req = at(c, "resources.requests");
        const Json& lim = at(c, "resources.limits");
        any = any || (req.is_object() && !req.empty()) || (lim.is_object() && !lim.empty());
        for (const char* r : {"cpu", "memory"})
            if (!lim.is_object() || !lim.contains(r) ||
                (req.is_object() && req.contains(r) && req[r] != lim[r]))
                guaranteed = false;
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

void describePod(PrefixWriter& w, const Json& p, sim::Time now)
{
    header(w, p, true);
    if (at(p, "spec.priority").is_number())
        w.write(0, "Priority:\t" + std::to_string(num(p, "spec.priority")) + "\n");
    if (!str(p, "spec.priorityClassName").empty())
        w.write(0, "Priority Class Name:\t" + str(p, "spec.priorityClassName") + "\n");
    if (!str(p, "spec.serviceAccountName").empty())
        w.write(0, "Service Account:\t" + str(p, "spec.serviceAccountName") + "\n");
    if (str(p, "spec.nodeName").empty())
        w.write(0, "Node:\t<none>\n");
    else
        w.write(0, "Node:\t" + str(p, "spec.nodeName") + "/" + str(p, "status.hostIP") + "\n");
    if (!str(p, "status.startTime").empty())
        w.write(0, "Start Time:\t" + rfc1123z(str(p, "status.startTime")) + "\n");
    w.labels("Labels", at(p, "metadata.labels"));
    w.annotations("Annotations", at(p, "metadata.annotations"));
    const std::string phase = str(p, "status.phase");
    if (!at(p, "metadata.deletionTimestamp").is_null() && phase != "Failed" &&
        phase != "Succeeded") {
        std::string lasts = "<unknown>";
        if (auto until = parseTimestamp(str(p, "metadata.deletionTimestamp")))
            lasts = sim::humanDuration(*until - now);
        w.write(0, "Status:\tTerminating (lasts " + lasts + ")\n");
        w.write(0, "Termination Grace Period:\t" +
                       std::to_string(num(p, "metadata.deletionGracePeriodSeconds")) + "s\n");
    } else {
        w.write(0, "Status:\t" + phase + "\n");
    }
    if (!str(p, "status.reason").empty())
        w.write(0, "Reason:\t" + str(p, "status.reason") + "\n");
    if (!str(p, "status.message").empty())
        w.write(0, "Message:\t" + str(p, "status.message") + "\n");
    w.write(0, "IP:\t" + str(p, "status.podIP") + "\n");
    const Json& ips = at(p, "status.podIPs");
    if (!ips.is_array() || ips.empty()) {
        w.write(0, "IPs:\t<none>\n");
    } else {
        w.write(0, "IPs:\n");
        for (const Json& ip : ips)
            w.write(1, "IP:\t" + str(ip, "ip") + "\n");
    }
    if (std::string c = controllerOf(p); !c.empty())
        w.write(0, "Controlled By:\t" + c + "\n");
    if (!str(p, "status.nominatedNodeName").empty())
        w.write(0, "NominatedNodeName:\t" + str(p, "status.nominatedNodeName") + "\n");
    if (at(p, "spec.initContainers").is_array() && !at(p, "spec.initContainers").empty())
        w.containers("Init Containers", at(p, "spec.initContainers"),
                     at(p, "status.initContainerStatuses"), 0);
    w.containers("Containers", at(p, "spec.containers"), at(p, "status.containerStatuses"), 0);
    const Json& conds = at(p, "status.conditions");
    if (conds.is_array() && !conds.empty()) {
        w.write(0, "Conditions:\n  Type\tStatus\n");
        for (const Json& c : conds)
            w.write(1, str(c, "type") + " \t" + str(c, "status") + " \n");
    }
    w.volumes(at(p, "spec.volumes"), 0);
    w.write(0, "QoS Class:\t" + qosClass(p) + "\n");
    w.labels("Node-Selectors", at(p, "spec.nodeSelector"));
    w.tolerations("Tolerations", at(p, "spec.tolerations"));
}

std::string intOrString(const Json& v, const std::string& fallback)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number())
        return std::to_string(v.get<std::int64_t>());
    return fallback;
}

void conditionsTable(PrefixWriter& w, const Json& conds)
{
    if (!conds.is_array() || conds.empty())
        return;
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
    for (const Json& c : conds)
        w.write(1, str(c, "type") + " \t" + str(c, "status") + "\t" + str(c, "reason") + "\n");
}

void describeDeployment(PrefixWriter& w, const Json& d, const std::vector<Json>& rss)
{
    header(w, d, true);
    w.write(0, "CreationTimestamp:\t" + rfc1123z(str(d, "metadata.creationTimestamp")) + "\n");
    w.labels("Labels", at(d, "metadata.labels"));
    w.annotations("Annotations", at(d, "metadata.annotations"));
    w.write(0, "Selector:\t" + formatLabelSelector(at(d, "spec.selector")) + "\n");
    const std::int64_t total = num(d, "status.replicas");
    w.write(0, "Replicas:\t" + std::to_string(num(d, "spec.replicas")) + " desired | " +
                   std::to_string(num(d, "status.updatedReplicas")) + " updated | " +
                   std::to_string(total) + " total | " +
                   std::to_string(num(d, "status.availableReplicas")) + " available | " +
                   std::to_string(num(d, "status.unavailableReplicas")) + " unavailable\n");
    const std::string strategy = str(d, "spec.strategy.type");
    w.write(0, "StrategyType:\t" + strategy + "\n");
    w.write(0, "MinReadySeconds:\t" + std::to_string(num(d, "spec.minReadySeconds")) + "\n");
    if (strategy == "RollingUpdate")
        w.write(0, "RollingUpdateStrategy:\t" +
                       intOrString(at(d, "spec.strategy.rollingUpdate.maxUnavailable"), "25%") +
                       " max unavailable, " +
                       intOrString(at(d, "spec.strategy.rollingUpdate.maxSurge"), "25%") +
                       " max surge\n");
    describePodTemplate(w, at(d, "spec.template"));
    conditionsTable(w, at(d, "status.conditions"));
    // The newest ReplicaSet is the one whose template matches (same pod-template-hash
    // revision annotation as the Deployment); the rest with replicas are "old".
    std::vector<std::string> olds;
    std::string newest;
    std::string deploymentRevision;
    const Json& annotations = at(d, "metadata.annotations");
    if (annotations.is_object() && annotations.contains("deployment.kubernetes.io/revision"))
        deploymentRevision = annotations["deployment.kubernetes.io/revision"].get<std::string>();
    for (const Json& rs : rss) {
        const Json& a = at(rs, "metadata.annotations");
        std::string rev = a.is_object() && a.contains("deployment.kubernetes.io/revision")
                              ? a["deployment.kubernetes.io/revision"].get<std::string>()
                              : "";
        std::string text = str(rs, "metadata.name") + " (" +
                           std::to_string(num(rs, "status.replicas")) + "/" +
                           std::to_string(num(rs, "spec.replicas")) + " replicas created)";
        if (!deploymentRevision.empty() && rev == deploymentRevision)
            newest = text;
        else if (num(rs, "spec.replicas") > 0 || num(rs, "status.replicas") > 0)
            olds.push_back(text);
    }
    w.write(0, "OldReplicaSets:\t" + (olds.empty() ? "<none>" : join(olds, ", ")) + "\n");
    w.write(0, "NewReplicaSet:\t" + (newest.empty() ? "<none>" : newest) + "\n");
}

void describeReplicaSet(PrefixWriter& w, const Json& rs, const std::vector<Json>& pods)
{
    header(w, rs, true);
    w.write(0, "Selector:\t" + formatLabelSelector(at(rs, "spec.selector")) + "\n");
    w.labels("Labels", at(rs, "metadata.labels"));
    w.annotations("Annotations", at(rs, "metadata.annotations"));
    if (std::string c = controllerOf(rs); !c.empty())
        w.write(0, "Controlled By:\t" + c + "\n");
    w.write(0, "Replicas:\t" + std::to_string(num(rs, "status.replicas")) + " current / " +
                   std::to_string(num(rs, "spec.replicas")) + " desired\n");
    int running = 0, waiting = 0, succeeded = 0, failed = 0;
    for (const Json& p : pods) {
        const std::string phase = str(p, "status.phase");
        running += phase == "Running";
        waiting += phase == "Pending";
        succeeded += phase == "Succeeded";
        failed += phase == "Failed";
    }
    w.write(0, "Pods Status:\t" + std::to_string(running) + " Running / " +
                   std::to_string(waiting) + " Waiting / " + std::to_string(succeeded) +
                   " Succeeded / " + std::to_string(failed) + " Failed\n");
    describePodTemplate(w, at(rs, "spec.template"));
    conditionsTable(w, at(rs, "status.conditions"));
}

void describeService(PrefixWriter& w, const Json& s, const std::vector<Json>& slices)
{
    header(w, s, true);
    w.labels("Labels", at(s, "metadata.labels"));
    w.annotations("Annotations", at(s, "metadata.annotations"));
    w.write(0, "Selector:\t" + formatLabels(at(s, "spec.selector")) + "\n");
    w.write(0, "Type:\t" + str(s, "spec.type") + "\n");
    if (!str(s, "spec.ipFamilyPolicy").empty())
        w.write(0, "IP Family Policy:\t" + str(s, "spec.ipFamilyPolicy") + "\n");
    std::vector<std::string> families, ips;
    for (const Json& f :
         at(s, "spec.ipFamilies").is_array() ? at(s, "spec.ipFamilies") : Json::array())
        families.push_back(f.get<std::string>());
    for (const Json& f :
         at(s, "spec.clusterIPs").is_array() ? at(s, "spec.clusterIPs") : Json::array())
        ips.push_back(f.get<std::string>());
    if (!families.empty())
        w.write(0, "IP Families:\t" + join(families, ",") + "\n");
    w.write(0, "IP:\t" + str(s, "spec.clusterIP") + "\n");
    if (!ips.empty())
        w.write(0, "IPs:\t" + join(ips, ",") + "\n");
    const Json& ports = at(s, "spec.ports");
    for (const Json& p : ports.is_array() ? ports : Json::array()) {
        const std::string proto = str(p, "protocol").empty() ? "TCP" : str(p, "protocol");
        const std::string pname = str(p, "name").empty() ? "<unset>" : str(p, "name");
        w.write(0, "Port:\t" + pname + "  " + std::to_string(num(p, "port")) + "/" + proto + "\n");
        std::string target = intOrString(at(p, "targetPort"), std::to_string(num(p, "port")));
        w.write(0, "TargetPort:\t" + target + "/" + proto + "\n");
        if (num(p, "nodePort") > 0)
            w.write(0, "NodePort:\t" + pname + "  " + std::to_string(num(p, "nodePort")) + "/" +
                           proto + "\n");
        std::vector<std::string> eps;
        for (const Json& slice : slices)
            for (const Json& ep :
                 at(slice, "endpoints").is_array() ? slice["endpoints"] : Json::array()) {
                if (at(ep, "conditions.ready").is_boolean() && !flag(ep, "conditions.ready"))
                    continue;
                for (const Json& sp :
                     at(slice, "ports").is_array() ? slice["ports"] : Json::array())
                    if (str(sp, "name") == str(p, "name"))
                        for (const Json& a : ep["addresses"])
                            eps.push_back(a.get<std::string>() + ":" +
                                          std::to_string(num(sp, "port")));
            }
        // formatEndpoints: at most three, then "+ N more...".
        const size_t head = std::min<size_t>(3, eps.size());
        std::string shown =
            join(std::vector<std::string>(eps.begin(), eps.begin() + long(head)), ",");
        if (eps.size() > 3)
            shown += " + " + std::to_string(eps.size() - 3) + " more...";
        w.write(0, "Endpoints:\t" + (eps.empty() ? std::string("<none>") : shown) + "\n");
    }
    w.write(0,
            "Session Affinity:\t" +
                (str(s, "spec.sessionAffinity").empty() ? "None" : str(s, "spec.sessionAffinity")) +
                "\n");
    if (!str(s, "spec.externalTrafficPolicy").empty())
        w.write(0, "External Traffic Policy:\t" + str(s, "spec.externalTrafficPolicy") + "\n");
    if (!str(s, "spec.internalTrafficPolicy").empty())
        w.write(0, "Internal Traffic Policy:\t" + str(s, "spec.internalTrafficPolicy") + "\n");
}

// Generic: metadata, then spec/status/data fields as "Title Case:" nested lines.
void genericFields(PrefixWriter& w, const Json& v, int level)
{
    for (auto it = v.begin(); it != v.end(); ++it) {
        std::string key = it.key();
        std::string title;
        for (size_t i = 0; i < key.size(); ++i) {
            if (i == 0)
                title += char(std::toupper(static_cast<unsigned char>(key[i])));
            else if (std::isupper(static_cast<unsigned char>(key[i])) &&
                     std::islower(static_cast<unsigned char>(key[i - 1])))
                title += std::string(" ") + key[i];
            else
                title += key[i];
        }
        if (it->is_object()) {
            w.write(level, title + ":\n");
            genericFields(w, *it, level + 1);
        } else if (it->is_array()) {
            w.write(level, title + ":\n");
            for (const Json& e : *it) {
                if (e.is_object())
                    genericFields(w, e, level + 1);
                else
                    w.write(level + 1, (e.is_string() ? e.get<std::string>() : e.dump()) + "\n");
            }
        } else {
            w.write(level,
                    title + ":\t" + (it->is_string() ? it->get<std::string>() : it->dump()) + "\n");
        }
    }
}

} // namespace

std::string describeObject(const model::KindInfo& kind, const DescribeInput& in, sim::Time now)
{
    PrefixWriter w;
    const Json& o = in.object;
    const std::string gr = kind.groupResource();
    bool events = true;
    if (gr == "pods") {
        describePod(w, o, now);
    } else if (gr == "deployments.apps") {
        describeDeployment(w, o, in.related);
    } else if (gr == "replicasets.apps") {
        describeReplicaSet(w, o, in.related);
    } else if (gr == "services") {
        describeService(w, o, in.related);
    } else if (gr == "endpointslices.discovery.k8s.io") {
        describeEndpointSlice(w, o);
    } else if (gr == "nodes") {
        describeNode(w, in, now);
    } else if (gr == "jobs.batch" || gr == "daemonsets.apps" || gr == "statefulsets.apps") {
        describeWorkload(w, kind, in, now);
    } else if (gr == "namespaces") {
        header(w, o, false);
        w.labels("Labels", at(o, "metadata.labels"));
        w.annotations("Annotations", at(o, "metadata.annotations"));
        w.write(0, "Status:\t" + str(o, "status.phase") + "\n");
        w.line("");
        w.line("No resource quota.");
        w.line("");
        w.line("No LimitRange resource.");
        events = false;
    } else if (gr == "persistentvolumes") {
        describePersistentVolume(w, o);
    } else if (gr == "persistentvolumeclaims") {
        describePersistentVolumeClaim(w, o, in.related);
    } else if (gr == "storageclasses.storage.k8s.io") {
        describeStorageClass(w, o);
    } else if (gr == "configmaps") {
        header(w, o, true);
        w.labels("Labels", at(o, "metadata.labels"));
        w.annotations("Annotations", at(o, "metadata.annotations"));
        w.line("");
        w.line("Data");
        w.line("====");
        const Json& data = at(o, "data");
        if (data.is_object())
            for (auto it = data.begin(); it != data.end(); ++it) {
                w.line(it.key() + ":");
                w.line("----");
                w.line(it->get<std::string>());
                w.line("");
            }
        w.line("");
        w.line("BinaryData");
        w.line("====");
        w.line("");
    } else {
        header(w, o, kind.namespaced);
        w.labels("Labels", at(o, "metadata.labels"));
        w.annotations("Annotations", at(o, "metadata.annotations"));
        w.write(0, "API Version:\t" + str(o, "apiVersion") + "\n");
        w.write(0, "Kind:\t" + str(o, "kind") + "\n");
        Json rest = o;
        rest.erase("apiVersion");
        rest.erase("kind");
        rest.erase("metadata");
        genericFields(w, rest, 0);
    }
    if (events)
        w.events(in.events, now);
    return w.finish();
}

} // namespace kubelab::kubectl
