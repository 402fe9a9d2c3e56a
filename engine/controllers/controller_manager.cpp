#include "engine/controllers/controller_manager.h"

namespace kubelab::controllers {

ControllerManager::ControllerManager(std::string name, std::string apiServer)
    : ActorBase(std::move(name), std::move(apiServer), "kube-controller-manager")
{}

} // namespace kubelab::controllers
