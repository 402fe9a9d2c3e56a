#pragma once
// The simulated container runtime of one node (containerd), serving the CRI to its
// kubelet over messages.
#include <string>

#include "engine/sim/actor.h"

namespace kubelab::node {

class ContainerRuntime : public sim::ActorBase<ContainerRuntime>
{
public:
    // `name` is "containerd-<node>".
    ContainerRuntime(std::string name, std::string nodeName);

    void receive(sim::Context& ctx, const sim::Message& message) override;

private:
    std::string m_node;
};

} // namespace kubelab::node
