#pragma once
// The decisions of one syncDeployment (pkg/controller/deployment: sync.go, rolling.go,
// recreate.go, progress.go) as a pure computation: from the Deployment, the ReplicaSets
// it owns and their pods, it lists the writes to make. The DeploymentController sends
// them; tests read them directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::controllers {

struct DeploymentAction
{
    // "create" (body: the ReplicaSet), "scale"/"update" (body: merge patch of the
    // ReplicaSet), "delete", "status" (body: the Deployment's new status),
    // "annotate" (body: merge patch of the Deployment's metadata).
    std::string op;
    std::string name; // the ReplicaSet (or the Deployment for status/annotate)
    nlohmann::json body;
    std::string event; // ScalingReplicaSet message to record once the write succeeds
};

class DeploymentPlanner
{
public:
    // `replicaSets` are the ReplicaSets the Deployment controls; `pods` those of its
    // ReplicaSets (only Recreate looks at them).
    DeploymentPlanner(nlohmann::json deployment, std::vector<nlohmann::json> replicaSets,
                      std::vector<const nlohmann::json*> pods, sim::Time now);

    void run();

    const std::vector<DeploymentAction>& actions() const { return m_actions; }
    // Check again after this long (a progress deadline that may pass).
    std::optional<sim::Duration> requeueAfter() const { return m_requeue; }
    const std::string& summary() const { return m_summary; }
    // The ReplicaSets after the planned writes, and the new one's name ("" if none).
    const std::vector<nlohmann::json>& replicaSets() const { return m_rss; }
    std::string newReplicaSetName() const;
    const nlohmann::json& deployment() const { return m_d; }

private:
    using Json = nlohmann::json;

    void sortByCreation();
    // getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet.
    void syncRevision(bool createIfNotExisted);
    std::vector<int> oldIndexes(bool activeOnly) const;
    std::vector<const Json*> pointers(const std::vector<int>& idx) const;
    std::vector<int> allIndexes() const;
    bool scaleTo(int idx, std::int64_t newScale, std::string operation = {});
    std::int64_t newRSNewReplicas(std::int64_t newReplicas) const;
    void checkPausedConditions();
    bool isScalingEvent();
    void sync();
    void scale();
    void rolloutRolling();
    void rolloutRecreate();
    bool reconcileNewReplicaSet();
    bool reconcileOldReplicaSets();
    void cleanupDeployment();
    Json calculateStatus() const;
    void syncRolloutStatus();
    void syncDeploymentStatus();
    void finishStatus(const Json& status);
    void note(const std::string& text);

    Json m_d;
    Json m_originalStatus;
    std::vector<Json> m_rss;
    std::vector<const Json*> m_pods;
    sim::Time m_now;
    std::string m_stamp;
    int m_new = -1;
    std::vector<DeploymentAction> m_actions;
    std::optional<sim::Duration> m_requeue;
    std::string m_summary;
};

} // namespace kubelab::controllers
