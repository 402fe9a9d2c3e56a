#include "engine/node/kubelet.h"

#include "engine/shell/cluster.h"
#include "engine/sim/time.h"

namespace kubelab::node {

using nlohmann::json;

Kubelet::Kubelet(std::string name, std::string apiServer, NodeConfig config)
    : ActorBase(std::move(name), std::move(apiServer), "kubelet"), m_config(std::move(config))
{
    setEventHost(m_config.name);
}

void Kubelet::onStart(sim::Context& ctx)
{
    // Register this node, as kubelet's registerWithAPIServer does.
    json node = m_config.nodeObject(shell::kKubernetesVersion);
    const std::string now = sim::formatTimestamp(ctx.now());
    for (auto& c : node["status"]["conditions"]) {
        c["lastHeartbeatTime"] = now;
        c["lastTransitionTime"] = now;
    }
    api::Request r;
    r.verb = "create";
    r.resource = "nodes";
    r.user = "system:node:" + m_config.name;
    r.body = node;
    request(ctx, r, {{"what", "register node " + m_config.name}});
}

} // namespace kubelab::node
