#include "engine/node/container_runtime.h"

namespace kubelab::node {

ContainerRuntime::ContainerRuntime(std::string name, std::string nodeName)
    : ActorBase(std::move(name)), m_node(std::move(nodeName))
{}

void ContainerRuntime::receive(sim::Context&, const sim::Message&) {}

} // namespace kubelab::node
