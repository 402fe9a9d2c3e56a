#include "engine/node/pod_status.h"

#include "engine/model/json_view.h"

namespace kubelab::node {

using nlohmann::json;

json PodStatusBuilder::terminatedState(const ContainerRecord& c)
{
    json t = {{"containerID", "containerd://" + c.containerId},
              {"exitCode", c.exitCode},
              {"finishedAt", sim::formatTimestamp(c.finishedAt)},
              {"reason", c.reason},
              {"startedAt", sim::formatTimestamp(c.startedAt)}};
    return t;
}

namespace {

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : " ") + n;
    return "[" + out + "]";
}

} // namespace

std::string PodStatusBuilder::podDescription(const PodWorker& w)
{
    return w.name + "_" + w.ns + "(" + w.uid + ")";
}

json PodStatusBuilder::containerStatus(const ContainerRecord& c)
{
    json s = {{"name", c.name},
              {"image", c.imageName.empty() ? c.image : c.imageName},
              {"imageID", c.containerId.empty() ? "" : c.imageRef},
              {"ready", c.ready},
              {"restartCount", c.restartCount},
              {"started", c.started},
              {"lastState", c.lastState.is_null() ? json::object() : c.lastState}};
    if (!c.containerId.empty())
        s["containerID"] = "containerd://" + c.containerId;
    if (c.state == "running") {
        s["state"] = {{"running", {{"startedAt", sim::formatTimestamp(c.startedAt)}}}};
    } else if (c.state == "terminated") {
        s["state"] = {{"terminated", terminatedState(c)}};
    } else {
        json w = {{"reason", c.reason}};
        if (!c.message.empty())
            w["message"] = c.message;
        s["state"] = {{"waiting", w}};
    }
    return s;
}

std::string PodStatusBuilder::phase(const json& pod, const PodWorker& w)
{
    const std::string policy = pod["spec"].value("restartPolicy", "Always");
    int running = 0, waiting = 0, stopped = 0, succeeded = 0;
    bool initPending = false;
    for (const auto& c : w.containers) {
        if (c.init) {
            if (!(c.state == "terminated" && c.exitCode == 0))
                initPending = true;
            if (c.state == "terminated" && c.exitCode != 0 && policy == "Never")
                return "Failed"; // a failed init container with nothing to retry
            continue;
        }
        if (c.state == "running") {
            ++running;
        } else if (c.state == "terminated") {
            ++stopped;
            if (c.exitCode == 0)
                ++succeeded;
        } else if (!c.lastState.empty()) {
            ++stopped; // waiting to restart: it has run before
        } else {
            ++waiting;
        }
    }
    const bool podIsTerminal = w.terminating && w.inFlight == 0 && running == 0;
    if (initPending && !podIsTerminal)
        return "Pending";
    if (waiting > 0 && !podIsTerminal)
        return "Pending";
    if (running > 0)
        return "Running";
    if (stopped > 0) {
        if (podIsTerminal)
            return stopped == succeeded ? "Succeeded" : "Failed";
        if (policy == "Always")
            return "Running";
        if (stopped == succeeded)
            return "Succeeded";
        if (policy == "Never")
            return "Failed";
        return "Running";
    }
    return podIsTerminal ? "Failed" : "Pending";
}

json PodStatusBuilder::build(const json& pod, const json& previous, const PodWorker& w,
                             const std::string& hostIp, sim::Time now)
{
    json status = previous.is_object() ? previous : json::object();
    // A pod never leaves Succeeded or Failed.
    const std::string before = status.value("phase", "");
    const std::string phase =
        before == "Succeeded" || before == "Failed" ? before : PodStatusBuilder::phase(pod, w);
    const bool completed = phase == "Succeeded" || phase == "Failed";
    status["phase"] = phase;
    status["hostIP"] = hostIp;
    status["hostIPs"] = json::array({{{"ip", hostIp}}});
    if (!w.podIp.empty()) {
        status["podIP"] = w.podIp;
        status["podIPs"] = json::array({{{"ip", w.podIp}}});
    }
    if (w.startTime >= 0)
        status["startTime"] = sim::formatTimestamp(w.startTime);

    std::vector<std::string> incompleteInit, unready;
    json initStatuses = json::array(), statuses = json::array();
    for (const auto& c : w.containers) {
        if (c.init) {
            if (!(c.state == "terminated" && c.exitCode == 0))
                incompleteInit.push_back(c.name);
            initStatuses.push_back(containerStatus(c));
        } else {
            if (!c.ready)
                unready.push_back(c.name);
            statuses.push_back(containerStatus(c));
        }
    }
    if (!initStatuses.empty())
        status["initContainerStatuses"] = initStatuses;
    status["containerStatuses"] = statuses;

    // Conditions in the order kubelet writes them; lastTransitionTime survives while the
    // status stays the same.
    const json oldConditions = status.value("conditions", json::array());
    auto condition = [&](const std::string& type, bool ok, const std::string& reason,
                         const std::string& message) {
        json c = {{"type", type},
                  {"status", ok ? "True" : "False"},
                  {"lastProbeTime", nullptr},
                  {"lastTransitionTime", sim::formatTimestamp(now)}};
        for (const auto& old : oldConditions)
            if (old.value("type", "") == type && old.value("status", "") == c["status"])
                c["lastTransitionTime"] = model::memberAt(old, "lastTransitionTime");
        if (!ok && !reason.empty())
            c["reason"] = reason;
        if (!ok && !message.empty())
            c["message"] = message;
        return c;
    };
    const bool sandboxReady = !w.sandboxId.empty() && !w.sandboxStopped;
    json conditions = json::array();
    conditions.push_back(condition("PodReadyToStartContainers", sandboxReady, "", ""));
    if (completed && incompleteInit.empty())
        conditions.push_back(condition("Initialized", true, "", ""));
    else
        conditions.push_back(
            condition("Initialized", incompleteInit.empty(), "ContainersNotInitialized",
                      "containers with incomplete status: " + joinNames(incompleteInit)));
    const bool ready = unready.empty() && incompleteInit.empty() && !completed;
    const std::string notReadyReason = completed ? "PodCompleted" : "ContainersNotReady";
    const std::string notReadyMessage =
        completed ? "" : "containers with unready status: " + joinNames(unready);
    conditions.push_back(condition("Ready", ready, notReadyReason, notReadyMessage));
    conditions.push_back(condition("ContainersReady", ready, notReadyReason, notReadyMessage));
    conditions.push_back(condition("PodScheduled", true, "", ""));
    // Conditions other components own (DisruptionTarget, ...) stay as they were.
    for (const auto& old : oldConditions) {
        const std::string type = old.value("type", "");
        bool mine = false;
        for (const auto& c : conditions)
            mine = mine || c["type"] == type;
        if (!mine)
            conditions.push_back(old);
    }
    status["conditions"] = conditions;
    (void)pod;
    return status;
}

json PodStatusBuilder::mergePatch(const json& from, const json& to)
{
    if (!from.is_object() || !to.is_object())
        return to;
    json patch = json::object();
    for (auto it = from.begin(); it != from.end(); ++it)
        if (!to.contains(it.key()))
            patch[it.key()] = nullptr;
    for (auto it = to.begin(); it != to.end(); ++it) {
        if (!from.contains(it.key())) {
            patch[it.key()] = it.value();
        } else if (from[it.key()] != it.value()) {
            patch[it.key()] = it.value().is_object() && from[it.key()].is_object()
                                  ? mergePatch(from[it.key()], it.value())
                                  : it.value();
        }
    }
    return patch;
}

} // namespace kubelab::node
