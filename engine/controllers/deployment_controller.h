#pragma once
// The Deployment controller (pkg/controller/deployment): owns one ReplicaSet per pod
// template (named <deployment>-<pod-template-hash>) and moves replicas between them by
// the strategy (RollingUpdate within maxSurge/maxUnavailable, or Recreate), keeps the
// revision annotations, cleans up beyond revisionHistoryLimit and writes status with
// the Available and Progressing conditions. Decisions are DeploymentPlanner's.
#include <map>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class DeploymentController : public Controller
{
public:
    static constexpr const char* kName = "deployment-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

private:
    // What we wrote and have not yet seen come back through the watch: used instead of
    // the cached copy while the cache still holds the version we wrote over, so a sync
    // right after a write does not repeat it.
    struct Overlay
    {
        nlohmann::json object;
        std::string baseVersion; // cached resourceVersion when written; "" for creates
    };

    const nlohmann::json* effective(const std::string& key, const nlohmann::json* cached,
                                    std::map<std::string, Overlay>& overlays) const;
    void enqueueOwnerOf(const ControllerHost& host, const nlohmann::json& rs);

    std::map<std::string, Overlay> m_replicaSetOverlays; // "ns/rs-name"
    std::map<std::string, Overlay> m_deploymentOverlays; // "ns/name"
};

} // namespace kubelab::controllers
