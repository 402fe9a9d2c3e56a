#include "engine/printers/pod_status.h"

#include <map>

#include "engine/printers/object_util.h"

namespace kubelab::printers {

namespace {

// A sidecar: an init container with restartPolicy Always (KEP-753).
bool restartableInit(const Json* container)
{
    return container && str(*container, "restartPolicy") == "Always";
}

bool conditionTrue(const Json& pod, const std::string& type)
{
    const Json& conditions = at(pod, "status.conditions");
    if (conditions.is_array())
        for (const Json& c : conditions)
            if (str(c, "type") == type && str(c, "status") == "True")
                return true;
    return false;
}

// Latest of `current` and the container's lastState.terminated.finishedAt.
void noteTermination(const Json& status, std::optional<sim::Time>* latest)
{
    auto finished = parseTimestamp(str(status, "lastState.terminated.finishedAt"));
    if (finished && (!*latest || **latest < *finished))
        *latest = finished;
}

} // namespace

PodCells podCells(const Json& pod, sim::Time now)
{
    const Json& spec = at(pod, "spec");
    const Json& status = at(pod, "status");
    int restarts = 0;
    int restartableRestarts = 0;
    int readyContainers = 0;
    int totalContainers = at(spec, "containers").is_array() ? int(spec["containers"].size()) : 0;
    std::optional<sim::Time> lastRestart, lastRestartableRestart;

    const std::string phase = str(status, "phase");
    std::string reason = phase;
    if (!str(status, "reason").empty())
        reason = str(status, "reason");
    const Json& conditions = at(status, "conditions");
    if (conditions.is_array())
        for (const Json& c : conditions)
            if (str(c, "type") == "PodScheduled" && str(c, "reason") == "SchedulingGated")
                reason = "SchedulingGated";

    std::map<std::string, const Json*> initContainers;
    const Json& initSpecs = at(spec, "initContainers");
    const int initCount = initSpecs.is_array() ? int(initSpecs.size()) : 0;
    if (initSpecs.is_array())
        for (const Json& c : initSpecs) {
            initContainers[str(c, "name")] = &c;
            if (restartableInit(&c))
                ++totalContainers;
        }

    bool initializing = false;
    const Json& initStatuses = at(status, "initContainerStatuses");
    if (initStatuses.is_array()) {
        for (size_t i = 0; i < initStatuses.size(); ++i) {
            const Json& c = initStatuses[i];
            restarts += int(num(c, "restartCount"));
            noteTermination(c, &lastRestart);
            auto it = initContainers.find(str(c, "name"));
            const Json* specC = it == initContainers.end() ? nullptr : it->second;
            if (restartableInit(specC)) {
                restartableRestarts += int(num(c, "restartCount"));
                noteTermination(c, &lastRestartableRestart);
            }
            const Json& terminated = at(c, "state.terminated");
            const Json& waiting = at(c, "state.waiting");
            if (terminated.is_object() && num(terminated, "exitCode") == 0)
                continue;
            if (restartableInit(specC) && flag(c, "started")) {
                if (flag(c, "ready"))
                    ++readyContainers;
                continue;
            }
            if (terminated.is_object()) {
                if (str(terminated, "reason").empty()) {
                    if (num(terminated, "signal") != 0)
                        reason = "Init:Signal:" + std::to_string(num(terminated, "signal"));
                    else
                        reason = "Init:ExitCode:" + std::to_string(num(terminated, "exitCode"));
                } else {
                    reason = "Init:" + str(terminated, "reason");
                }
            } else if (waiting.is_object() && !str(waiting, "reason").empty() &&
                       str(waiting, "reason") != "PodInitializing") {
                reason = "Init:" + str(waiting, "reason");
            } else {
                reason = "Init:" + std::to_string(i) + "/" + std::to_string(initCount);
            }
            initializing = true;
            break;
        }
    }

    if (!initializing || conditionTrue(pod, "Initialized")) {
        restarts = restartableRestarts;
        lastRestart = lastRestartableRestart;
        bool hasRunning = false;
        const Json& statuses = at(status, "containerStatuses");
        if (statuses.is_array()) {
            for (size_t k = statuses.size(); k-- > 0;) {
                const Json& c = statuses[k];
                restarts += int(num(c, "restartCount"));
                noteTermination(c, &lastRestart);
                const Json& waiting = at(c, "state.waiting");
                const Json& terminated = at(c, "state.terminated");
                if (waiting.is_object() && !str(waiting, "reason").empty()) {
                    reason = str(waiting, "reason");
                } else if (terminated.is_object() && !str(terminated, "reason").empty()) {
                    reason = str(terminated, "reason");
                } else if (terminated.is_object()) {
                    if (num(terminated, "signal") != 0)
                        reason = "Signal:" + std::to_string(num(terminated, "signal"));
                    else
                        reason = "ExitCode:" + std::to_string(num(terminated, "exitCode"));
                } else if (flag(c, "ready") && at(c, "state.running").is_object()) {
                    hasRunning = true;
                    ++readyContainers;
                }
            }
        }
        if (reason == "Completed" && hasRunning)
            reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
    }

    const bool deleting = !at(pod, "metadata.deletionTimestamp").is_null();
    if (deleting && str(status, "reason") == "NodeLost")
        reason = "Unknown";
    else if (deleting && phase != "Succeeded" && phase != "Failed")
        reason = "Terminating";

    PodCells cells;
    cells.ready = std::to_string(readyContainers) + "/" + std::to_string(totalContainers);
    cells.status = reason;
    cells.restarts = std::to_string(restarts);
    if (restarts != 0 && lastRestart)
        cells.restarts += " (" + sim::humanDuration(now - *lastRestart) + " ago)";
    return cells;
}

} // namespace kubelab::printers
