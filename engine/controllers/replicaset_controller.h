#pragma once
// The ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas pods that
// match the selector, creating them in slow-start batches (1, 2, 4, ...) and deleting the
// least valuable first; tracks expectations so it never acts twice before its own
// writes show up in the cache; adopts orphans and releases pods that stop matching;
// writes status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/controllers/controller.h"
#include "engine/controllers/controller_expectations.h"

namespace kubelab::controllers {

// What one sync of a ReplicaSet decides, from the ReplicaSet and the pods in its
// namespace alone (no simulation needed to test it).
struct ReplicaSetPlan
{
    std::vector<const nlohmann::json*> claimed; // active pods it owns (after adoption)
    std::vector<std::string> adopt;             // orphans to take (pod names)
    std::vector<std::string> release;           // owned pods that no longer match
    std::int64_t create = 0;
    std::vector<std::string> remove; // pods to delete, in deletion order
    nlohmann::json status;           // the status it should have
};

class ReplicaSetController : public Controller
{
public:
    static constexpr const char* kName = "replicaset-controller";
    // controller.SlowStartInitialBatchSize and the burstReplicas cap of one sync.
    static constexpr std::int64_t kSlowStartInitialBatchSize = 1;
    static constexpr std::int64_t kBurstReplicas = 500;

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The pure part of syncReplicaSet. `related` are the pods of every ReplicaSet with
    // the same owner (a Deployment's other revisions), used to rank deletions.
    static ReplicaSetPlan plan(const nlohmann::json& rs,
                               const std::vector<const nlohmann::json*>& podsInNamespace,
                               const std::vector<const nlohmann::json*>& related, sim::Time now,
                               bool manage);
    // getPodsToDelete: the `count` pods to delete first (unassigned, pending, not ready,
    // doubled up on a node, ready for less time, restarted more, newer).
    static std::vector<const nlohmann::json*> podsToDelete(
        std::vector<const nlohmann::json*> pods, const std::vector<const nlohmann::json*>& related,
        std::int64_t count);
    static nlohmann::json calculateStatus(const nlohmann::json& rs,
                                          const std::vector<const nlohmann::json*>& pods,
                                          sim::Time now);

    // Whether the next sync may create or delete (expectations met or expired).
    bool expectationsSatisfied(const std::string& key, sim::Time now) const;

private:
    struct SlowStart
    {
        std::int64_t remaining = 0; // not yet sent
        std::int64_t batch = 0;     // size of the batch in flight
        std::int64_t inflight = 0;
        bool failed = false;
    };

    void enqueueOwner(const ControllerHost& host, const nlohmann::json& pod);
    void enqueueMatching(const ControllerHost& host, const nlohmann::json& pod);
    void sendBatch(ControllerHost& host, sim::Context& ctx, const std::string& key);
    std::vector<const nlohmann::json*> relatedPods(const ControllerHost& host,
                                                   const nlohmann::json& rs) const;

    // Pod creations by count (generateName), deletions by pod key.
    ControllerExpectations m_expectations;
    std::map<std::string, SlowStart> m_slowStart;
};

} // namespace kubelab::controllers
