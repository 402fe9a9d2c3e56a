#include "engine/scheduler/scheduler.h"

namespace kubelab::scheduler {

Scheduler::Scheduler(std::string name, std::string apiServer)
    : ActorBase(std::move(name), std::move(apiServer), "default-scheduler")
{}

const nlohmann::json* Scheduler::explanation(const std::string& podKey) const
{
    auto it = m_explanations.find(podKey);
    return it == m_explanations.end() ? nullptr : &it->second;
}

std::string formatExplanation(const nlohmann::json& explanation) { return explanation.dump(2); }

} // namespace kubelab::scheduler
