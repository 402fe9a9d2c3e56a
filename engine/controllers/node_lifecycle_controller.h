#pragma once
// The node lifecycle controller (pkg/controller/nodelifecycle), "node-controller" in
// Events. Every node-monitor-period (5 s) it checks each Node's heartbeat (its Lease in
// kube-node-lease and its Ready condition): silent for node-monitor-grace-period (50 s)
// means every condition goes Unknown (NodeStatusUnknown, "Kubelet stopped posting node
// status."), the node's pods are marked not Ready and the node is tainted
// node.kubernetes.io/unreachable (NoSchedule and NoExecute; not-ready when Ready=False).
// When the kubelet comes back, the taints go. Condition-based NoSchedule taints
// (memory/disk/pid pressure, unschedulable) are kept in step too.
#include <map>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class NodeLifecycleController : public Controller
{
public:
    static constexpr const char* kName = "node-controller";
    static constexpr sim::Duration kGracePeriod = 50 * sim::kSecond;

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost&) override {}
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onTick(ControllerHost& host, sim::Context& ctx) override;

    // The taints a node should carry for its conditions and spec.unschedulable
    // (doNoScheduleTaintingPass + doNoExecuteTaintingPass), keeping others' taints and
    // the timeAdded of ones already there.
    static nlohmann::json desiredTaints(const nlohmann::json& node, const std::string& nowStamp);

private:
    struct Health
    {
        sim::Time probe = 0;        // when we last saw the kubelet alive
        std::string heartbeat;      // Ready condition's lastHeartbeatTime seen
        std::string leaseRenew;     // Lease spec.renewTime seen
        std::string ready = "True"; // Ready status as we last knew/wrote it
    };
    void markUnknown(ControllerHost& host, sim::Context& ctx, const nlohmann::json& node);
    void readyChanged(ControllerHost& host, sim::Context& ctx, const nlohmann::json& node,
                      const std::string& from, const std::string& to);

    std::map<std::string, Health> m_health;
};

} // namespace kubelab::controllers
