#pragma once
// What a controller may use of the kube-controller-manager hosting it: the shared
// informer caches (read-only), API calls whose responses come back to the controller,
// Events under the controller's own source.component, and delayed requeues. The
// ControllerManager implements it; tests may implement it with canned caches.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/client/informer.h"
#include "engine/sim/actor.h"

namespace kubelab::controllers {

class ControllerHost
{
public:
    virtual ~ControllerHost() = default;

    // Informer ids: "pods", "replicasets", "deployments", "statefulsets", "daemonsets",
    // "jobs", "nodes", "leases", "namespaces", "persistentvolumes", "persistentvolumeclaims",
    // "storageclasses". An unknown id gives an empty cache.
    virtual const client::Informer& cache(const std::string& id) const = 0;
    // Sends `request` for `controller`; its response reaches that controller's
    // onResponse with `tag`. Writes count as activity unless `routine`.
    virtual void call(sim::Context& ctx, const std::string& controller, api::Request request,
                      nlohmann::json tag, bool routine = false) = 0;
    virtual void event(sim::Context& ctx, const std::string& component,
                       const nlohmann::json& involved, const std::string& type,
                       const std::string& reason, const std::string& message) = 0;
    // Puts `key` back on `controller`'s queue after `after`. A periodic requeue (a
    // deadline check that usually finds nothing) does not keep `settle` busy.
    virtual void requeueAfter(sim::Context& ctx, const std::string& controller,
                              const std::string& key, sim::Duration after,
                              bool periodic = false) = 0;
};

} // namespace kubelab::controllers
