#pragma once
// The namespace controller (pkg/controller/namespace): empties a Terminating namespace
// by listing every namespaced resource in it and deleting what it finds, then removes
// "kubernetes" from spec.finalizers through namespaces/NAME/finalize, after which the
// API server deletes the namespace.
#include <map>
#include <set>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class NamespaceController : public Controller
{
public:
    static constexpr const char* kName = "namespace-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void afterWatchEvent(ControllerHost& host, sim::Context& ctx) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    // kube-controller-manager waits this long after a namespace event before sweeping
    // (namespaceDeletionGracePeriod), so HA API servers see the deletion first.
    static constexpr sim::Duration kDeletionGracePeriod = 5 * sim::kSecond;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

private:
    struct Sweep
    {
        int listsPending = 0;   // list requests in flight
        int deletesPending = 0; // delete requests in flight
        int remaining = 0;      // objects the lists found
        std::map<std::string, int> perResource;
        std::map<std::string, int> perFinalizer; // finalizers on the objects found
    };
    // NamespaceConditionUpdater: the five deletion conditions in status.conditions.
    void updateConditions(ControllerHost& host, sim::Context& ctx, const std::string& ns,
                          const Sweep& sweep);
    void finish(ControllerHost& host, sim::Context& ctx, const std::string& ns);

    std::map<std::string, Sweep> m_sweeps; // namespace -> sweep in progress
    std::set<std::string> m_delayed;       // namespace events waiting for their timer
};

} // namespace kubelab::controllers
