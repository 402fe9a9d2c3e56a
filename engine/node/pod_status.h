#pragma once
// Builds the PodStatus a kubelet writes through pods/status from what it knows about the
// pod (a PodWorker), the way kubelet's generateAPIPodStatus and the status manager do:
// phase from the containers, the five conditions with lastTransitionTime kept while a
// condition holds, IPs, startTime and one ContainerStatus per container.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/node/pod_worker.h"
#include "engine/sim/time.h"

namespace kubelab::node {

class PodStatusBuilder
{
public:
    // `previous` is the status last written (or the API's copy): fields the kubelet does
    // not own (qosClass, nominatedNodeName, other conditions) and transition times carry
    // over from it.
    static nlohmann::json build(const nlohmann::json& pod, const nlohmann::json& previous,
                                const PodWorker& worker, const std::string& hostIp, sim::Time now);
    // kubelet's getPhase: Pending, Running, Succeeded or Failed.
    static std::string phase(const nlohmann::json& pod, const PodWorker& worker);
    static nlohmann::json containerStatus(const ContainerRecord& c);
    // The ContainerStateTerminated of a container's current (exited) instance.
    static nlohmann::json terminatedState(const ContainerRecord& c);
    // An RFC 7386 JSON merge patch that turns `from` into `to`.
    static nlohmann::json mergePatch(const nlohmann::json& from, const nlohmann::json& to);
    // "web-1_default(<uid>)", as kubelet's format.Pod names pods in messages.
    static std::string podDescription(const PodWorker& worker);
};

} // namespace kubelab::node
