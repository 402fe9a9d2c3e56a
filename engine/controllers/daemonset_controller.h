#pragma once
// The DaemonSet controller (pkg/controller/daemon), simplified: one pod per eligible
// node, where eligible means the node matches the template's nodeSelector and the pod,
// with the DaemonSet's default tolerations added, tolerates the node's NoSchedule and
// NoExecute taints. Pods are pinned with a matchFields node affinity and bound by the
// scheduler; pods on nodes no longer eligible, extra pods and finished pods are deleted.
#include <string>

#include "engine/controllers/controller.h"
#include "engine/controllers/controller_expectations.h"

namespace kubelab::controllers {

class DaemonSetController : public Controller
{
public:
    static constexpr const char* kName = "daemonset-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The template's tolerations plus the ones every daemon pod gets
    // (util.AddOrUpdateDaemonPodTolerations).
    static nlohmann::json podTolerations(const nlohmann::json& ds);
    // Whether a daemon pod of `ds` should run on `node` (nodeShouldRunDaemonPod).
    static bool shouldRun(const nlohmann::json& ds, const nlohmann::json& node);
    // The node a daemon pod is for: spec.nodeName, else its matchFields affinity.
    static std::string targetNode(const nlohmann::json& pod);
    static nlohmann::json newPod(const nlohmann::json& ds, const std::string& node);

private:
    void enqueueOwner(const ControllerHost& host, const nlohmann::json& pod);

    // Creations named by the node the pod is for, deletions by pod key. A sync does not
    // wait for them all, as a ReplicaSet's does; it skips the nodes and pods with a write
    // still in flight, so it never repeats a write the cache does not show yet.
    ControllerExpectations m_expectations;
};

} // namespace kubelab::controllers
