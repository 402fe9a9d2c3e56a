#include "engine/kubectl/describe/workload_describers.h"

#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

namespace {

std::string podsStatus(const std::vector<Json>& pods)
{
    int running = 0, waiting = 0, succeeded = 0, failed = 0;
    for (const Json& p : pods) {
        const std::string phase = str(p, "status.phase");
        running += phase == "Running";
        waiting += phase == "Pending";
        succeeded += phase == "Succeeded";
        failed += phase == "Failed";
    }
    return std::to_string(running) + " Running / " + std::to_string(waiting) + " Waiting / " +
           std::to_string(succeeded) + " Succeeded / " + std::to_string(failed) + " Failed";
}

void meta(PrefixWriter& w, const Json& o)
{
    w.labels("Labels", at(o, "metadata.labels"));
    w.annotations("Annotations", at(o, "metadata.annotations"));
}

void job(PrefixWriter& w, const Json& j, sim::Time now)
{
    w.write(0, "Name:\t" + str(j, "metadata.name") + "\n");
    w.write(0, "Namespace:\t" + str(j, "metadata.namespace") + "\n");
    w.write(0, "Selector:\t" + formatLabelSelector(at(j, "spec.selector")) + "\n");
    meta(w, j);
    if (!controllerOf(j).empty())
        w.write(0, "Controlled By:\t" + controllerOf(j) + "\n");
    w.write(0, "Parallelism:\t" + std::to_string(num(j, "spec.parallelism", 1)) + "\n");
    w.write(0,
            "Completions:\t" +
                (at(j, "spec.completions").is_number() ? std::to_string(num(j, "spec.completions"))
                                                       : std::string("<unset>")) +
                "\n");
    const std::string mode = str(j, "spec.completionMode");
    w.write(0, "Completion Mode:\t" + (mode.empty() ? "NonIndexed" : mode) + "\n");
    w.write(0, std::string("Suspend:\t") + (flag(j, "spec.suspend") ? "true" : "false") + "\n");
    w.write(0, "Backoff Limit:\t" + std::to_string(num(j, "spec.backoffLimit", 6)) + "\n");
    if (at(j, "spec.activeDeadlineSeconds").is_number())
        w.write(0, "Active Deadline Seconds:\t" +
                       std::to_string(num(j, "spec.activeDeadlineSeconds")) + "s\n");
    auto start = parseTimestamp(str(j, "status.startTime"));
    auto done = parseTimestamp(str(j, "status.completionTime"));
    if (start)
        w.write(0, "Start Time:\t" + rfc1123z(str(j, "status.startTime")) + "\n");
    if (done)
        w.write(0, "Completed At:\t" + rfc1123z(str(j, "status.completionTime")) + "\n");
    if (start)
        w.write(0, "Duration:\t" + sim::humanDuration((done ? *done : now) - *start) + "\n");
    w.write(0, "Pods Statuses:\t" + std::to_string(num(j, "status.active")) + " Active (" +
                   std::to_string(num(j, "status.ready")) + " Ready) / " +
                   std::to_string(num(j, "status.succeeded")) + " Succeeded / " +
                   std::to_string(num(j, "status.failed")) + " Failed\n");
    describePodTemplate(w, at(j, "spec.template"));
}

void daemonSet(PrefixWriter& w, const Json& d, const std::vector<Json>& pods)
{
    w.write(0, "Name:\t" + str(d, "metadata.name") + "\n");
    w.write(0, "Namespace:\t" + str(d, "metadata.namespace") + "\n");
    w.write(0, "Selector:\t" + formatLabelSelector(at(d, "spec.selector")) + "\n");
    w.write(0, "Node-Selector:\t" + formatLabels(at(d, "spec.template.spec.nodeSelector")) + "\n");
    meta(w, d);
    // These lines carry no tab in kubectl, so they are not aligned.
    w.write(0, "Desired Number of Nodes Scheduled: " +
                   std::to_string(num(d, "status.desiredNumberScheduled")) + "\n");
    w.write(0, "Current Number of Nodes Scheduled: " +
                   std::to_string(num(d, "status.currentNumberScheduled")) + "\n");
    w.write(0, "Number of Nodes Scheduled with Up-to-date Pods: " +
                   std::to_string(num(d, "status.updatedNumberScheduled")) + "\n");
    w.write(0, "Number of Nodes Scheduled with Available Pods: " +
                   std::to_string(num(d, "status.numberAvailable")) + "\n");
    w.write(0, "Number of Nodes Misscheduled: " +
                   std::to_string(num(d, "status.numberMisscheduled")) + "\n");
    w.write(0, "Pods Status:\t" + podsStatus(pods) + "\n");
    describePodTemplate(w, at(d, "spec.template"));
}

void statefulSet(PrefixWriter& w, const Json& s, const std::vector<Json>& pods)
{
    w.write(0, "Name:\t" + str(s, "metadata.name") + "\n");
    w.write(0, "Namespace:\t" + str(s, "metadata.namespace") + "\n");
    w.write(0, "CreationTimestamp:\t" + rfc1123z(str(s, "metadata.creationTimestamp")) + "\n");
    w.write(0, "Selector:\t" + formatLabelSelector(at(s, "spec.selector")) + "\n");
    meta(w, s);
    w.write(0, "Replicas:\t" + std::to_string(num(s, "spec.replicas", 1)) + " desired | " +
                   std::to_string(num(s, "status.replicas")) + " total\n");
    const std::string strategy = str(s, "spec.updateStrategy.type");
    w.write(0, "Update Strategy:\t" + (strategy.empty() ? "RollingUpdate" : strategy) + "\n");
    if (strategy.empty() || strategy == "RollingUpdate")
        w.write(1, "Partition:\t" +
                       std::to_string(num(s, "spec.updateStrategy.rollingUpdate.partition")) +
                       "\n");
    w.write(0, "Pods Status:\t" + podsStatus(pods) + "\n");
    describePodTemplate(w, at(s, "spec.template"));
    const Json& claims = at(s, "spec.volumeClaimTemplates");
    if (!claims.is_array() || claims.empty()) {
        w.write(0, "Volume Claims:\t<none>\n");
    } else {
        w.write(0, "Volume Claims:\n");
        for (const Json& c : claims) {
            w.write(1, "Name:\t" + str(c, "metadata.name") + "\n");
            w.write(1, "StorageClass:\t" + str(c, "spec.storageClassName") + "\n");
            w.labels("Labels", at(c, "metadata.labels"), 1);
            w.annotations("Annotations", at(c, "metadata.annotations"), 1);
            w.write(1, "Capacity:\t" + str(c, "spec.resources.requests.storage") + "\n");
            std::vector<std::string> modes;
            for (const Json& m :
                 at(c, "spec.accessModes").is_array() ? c["spec"]["accessModes"] : Json::array())
                modes.push_back(m.get<std::string>());
            w.write(1, "Access Modes:\t" + join(modes, ",") + "\n");
        }
    }
}

} // namespace

void describePodTemplate(PrefixWriter& w, const Json& tmpl)
{
    w.write(0, "Pod Template:\n");
    w.labels("Labels", at(tmpl, "metadata.labels"), 1);
    if (at(tmpl, "metadata.annotations").is_object())
        w.annotations("Annotations", at(tmpl, "metadata.annotations"), 1);
    if (!str(tmpl, "spec.serviceAccountName").empty())
        w.write(1, "Service Account:\t" + str(tmpl, "spec.serviceAccountName") + "\n");
    if (at(tmpl, "spec.initContainers").is_array())
        w.containers("Init Containers", at(tmpl, "spec.initContainers"), Json(), 1);
    w.containers("Containers", at(tmpl, "spec.containers"), Json(), 1);
    w.volumes(at(tmpl, "spec.volumes"), 1);
    w.labels("Node-Selectors", at(tmpl, "spec.nodeSelector"), 1);
    w.tolerations("Tolerations", at(tmpl, "spec.tolerations"), 1);
}

void describeWorkload(PrefixWriter& w, const model::KindInfo& kind, const DescribeInput& in,
                      sim::Time now)
{
    if (kind.resource == "jobs")
        job(w, in.object, now);
    else if (kind.resource == "daemonsets")
        daemonSet(w, in.object, in.related);
    else
        statefulSet(w, in.object, in.related);
}

} // namespace kubelab::kubectl
