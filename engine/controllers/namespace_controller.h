#pragma once
// The namespace controller (pkg/controller/namespace): empties a Terminating namespace
// by listing every namespaced resource in it and deleting what it finds, then removes
// "kubernetes" from spec.finalizers through namespaces/NAME/finalize, after which the
// API server deletes the namespace. Like kube-controller-manager's, it watches namespaces
// only: while content is left it looks again after half the time the pods' graceful
// termination may still take, plus a second (ResourcesRemainingError), or at once with
// exponential back-off when something remains that nothing explains.
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
        std::set<std::string> withFinalizers;    // resources with an object holding one
        std::int64_t podGraceSeconds = 0;        // longest grace of a pod not yet terminal
    };
    // finalizerEstimateSeconds: the wait for a resource whose objects hold finalizers.
    static constexpr std::int64_t kFinalizerEstimateSeconds = 15;
    // nsControllerRateLimiter's per-namespace exponential back-off on a failed sync.
    static constexpr sim::Duration kRetryBase = 5 * sim::kMillisecond;
    static constexpr sim::Duration kRetryMax = 60 * sim::kSecond;
    // NamespaceConditionUpdater: the five deletion conditions in status.conditions.
    void updateConditions(ControllerHost& host, sim::Context& ctx, const std::string& ns,
                          const Sweep& sweep);
    void finish(ControllerHost& host, sim::Context& ctx, const std::string& ns);

    std::map<std::string, Sweep> m_sweeps; // namespace -> sweep in progress
    std::set<std::string> m_delayed;       // namespace events waiting for their timer
    std::map<std::string, int> m_failures; // namespace -> failed syncs in a row
};

} // namespace kubelab::controllers
