#pragma once
// The garbage collector (pkg/controller/garbagecollector) over the kinds the manager
// watches (pods, ReplicaSets, Deployments, StatefulSets, DaemonSets, Jobs):
// - a dependent whose owners are all gone is deleted (an owner missing from the cache
//   is confirmed with a live GET first, as isDangling does);
// - an owner deleted with propagationPolicy=Foreground has its dependents deleted, and
//   loses its foregroundDeletion finalizer once no blockOwnerDeletion dependent remains;
// - an owner deleted with propagationPolicy=Orphan has itself removed from its
//   dependents' ownerReferences, then loses its orphan finalizer.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class GarbageCollector : public Controller
{
public:
    static constexpr const char* kName = "garbage-collector-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The informers whose objects take part ("pods", "replicasets", ...).
    static const std::vector<std::string>& informers();

private:
    struct Found
    {
        const nlohmann::json* object = nullptr;
        std::string informer;
    };
    Found findByUid(const ControllerHost& host, const std::string& uid) const;
    std::vector<Found> dependentsOf(const ControllerHost& host, const std::string& uid) const;
    void processOwner(ControllerHost& host, sim::Context& ctx, const std::string& informer,
                      const nlohmann::json& owner);
    void processDependent(ControllerHost& host, sim::Context& ctx, const std::string& informer,
                          const nlohmann::json& dependent);
    void enqueueDependents(const ControllerHost& host, const std::string& uid);

    std::set<std::string> m_absent;   // owner uids confirmed gone by a live GET
    std::set<std::string> m_checking; // owner uids with a GET in flight
    std::set<std::string> m_deleting; // dependent uids we asked to delete
};

} // namespace kubelab::controllers
