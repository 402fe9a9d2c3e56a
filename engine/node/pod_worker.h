#pragma once
// What a kubelet remembers about one pod it runs: the sandbox, each container's current
// and previous instance, probe progress and what it last reported. Plain data (actors are
// copied for checkpoints); the state machine lives in Kubelet (kubelet_pods.cpp).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/node/probes.h"
#include "engine/sim/time.h"

namespace kubelab::node {

struct ContainerRecord
{
    std::string name;
    bool init = false;
    std::string image;       // as the spec says ("nginx:1.14.2")
    std::string imageName;   // as the runtime reports it ("docker.io/library/nginx:1.14.2")
    std::string imageRef;    // digest reference, once the image is present
    std::string containerId; // current (or last) instance; empty before the first
    std::string previousId;  // the instance before it, kept for `logs --previous`
    // "waiting" | "running" | "terminated", with the waiting reason/message or the
    // terminated reason.
    std::string state = "waiting";
    std::string reason = "ContainerCreating";
    std::string message;
    int exitCode = 0;
    sim::Time startedAt = 0;
    sim::Time finishedAt = 0;
    nlohmann::json lastState; // null until a container instance ended: reported as {}
    int restartCount = 0;
    bool ready = false;
    bool started = false;
    sim::Time pullStarted = 0;
    sim::Time retryAt = 0; // a failed pull or create is not retried before this
    ProbeState liveness;
    ProbeState readiness;
    ProbeState startup;
};

struct PodWorker
{
    std::string uid;
    std::string key; // "namespace/name"
    std::string ns;
    std::string name;
    std::string sandboxId;
    std::string podIp;
    sim::Time startTime = -1; // when the kubelet first synced the pod
    int inFlight = 0;         // CRI calls awaited before the next sync step
    bool terminating = false; // deletionTimestamp seen, containers being stopped
    bool sandboxStopped = false;
    bool deleteSent = false;
    bool terminal = false;                   // Succeeded or Failed: never runs again
    sim::Time mountWaitStart = -1;           // last FailedMount for unbound claims
    std::uint64_t generation = 0;            // bumps to invalidate this pod's pending timers
    std::vector<ContainerRecord> containers; // init containers first, in spec order
    // ConfigMaps and Secrets read for the container being created ("configmaps/<name>"),
    // null when not found; cleared once it is created.
    std::map<std::string, nlohmann::json> refs;
    int refsPending = 0;
    // The same for refreshing configMap and secret volumes (refreshVolumes).
    std::map<std::string, nlohmann::json> volumeRefs;
    int volumeRefsPending = 0;
    bool volumeRefresh = false; // its timer is set
    // The status last written (null before the first write): the status manager's cache.
    // Once the API server's copy of the pod carries the same status, this points into that
    // shared, immutable object instead of holding a tree of its own (Kubelet::shareStatus).
    std::shared_ptr<const nlohmann::json> lastStatus;
    bool lastStatusShared = false; // lastStatus points into the API server's object

    ContainerRecord* byId(const std::string& containerId)
    {
        for (auto& c : containers)
            if (!containerId.empty() && c.containerId == containerId)
                return &c;
        return nullptr;
    }
    ContainerRecord* byName(const std::string& name, bool init)
    {
        for (auto& c : containers)
            if (c.name == name && c.init == init)
                return &c;
        return nullptr;
    }
};

} // namespace kubelab::node
