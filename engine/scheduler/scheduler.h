#pragma once
// kube-scheduler as an actor: watches pods and nodes, runs the scheduling framework for
// each pending pod, binds it through the API server, and keeps an explanation of every
// attempt for learners.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/client/component.h"

namespace kubelab::scheduler {

class Scheduler : public sim::ActorBase<Scheduler, client::Component>
{
public:
    Scheduler(std::string name, std::string apiServer);

    // The explanation of the last scheduling attempt for pod "namespace/name", or null.
    const nlohmann::json* explanation(const std::string& podKey) const;

private:
    std::map<std::string, nlohmann::json> m_explanations;
};

// Human-readable table of an explanation, as `explain pod NAME` prints it.
std::string formatExplanation(const nlohmann::json& explanation);

} // namespace kubelab::scheduler
