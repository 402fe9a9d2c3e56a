#pragma once
// The kubelet of one node, as an actor: registers its Node, heartbeats through a Lease,
// watches the pods bound to its node and runs them through the CRI on its container
// runtime, probes them, and reports their status back to the API server.
#include <string>

#include "engine/client/component.h"
#include "engine/node/node_config.h"

namespace kubelab::node {

class Kubelet : public sim::ActorBase<Kubelet, client::Component>
{
public:
    // `name` is "kubelet-<node>"; its runtime actor is "containerd-<node>".
    Kubelet(std::string name, std::string apiServer, NodeConfig config);

    const NodeConfig& config() const { return m_config; }

protected:
    void onStart(sim::Context& ctx) override;

private:
    NodeConfig m_config;
};

} // namespace kubelab::node
