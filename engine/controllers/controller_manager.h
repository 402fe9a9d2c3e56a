#pragma once
// kube-controller-manager as an actor hosting the controllers (ReplicaSet, Deployment,
// StatefulSet, DaemonSet, Job, GarbageCollector, Namespace, NodeLifecycle, taint
// eviction), each with a work queue keyed by object, all reading through shared
// informers. The cluster builder creates one per control plane (engine/cluster/cluster.cpp).
//
// Each work-timer event reconciles one key (controllers in a fixed order, keys in key
// order), so every reconcile is its own line in the trace.
#include <string>
#include <vector>

#include "engine/client/component.h"
#include "engine/controllers/controller_host.h"
#include "engine/controllers/daemonset_controller.h"
#include "engine/controllers/deployment_controller.h"
#include "engine/controllers/endpointslice_controller.h"
#include "engine/controllers/garbage_collector.h"
#include "engine/controllers/job_controller.h"
#include "engine/controllers/local_path_provisioner.h"
#include "engine/controllers/namespace_controller.h"
#include "engine/controllers/node_lifecycle_controller.h"
#include "engine/controllers/persistent_volume_controller.h"
#include "engine/controllers/replicaset_controller.h"
#include "engine/controllers/statefulset_controller.h"
#include "engine/controllers/taint_eviction_controller.h"

namespace kubelab::controllers {

class ControllerManager : public sim::ActorBase<ControllerManager, client::Component>,
                          private ControllerHost
{
public:
    // --node-monitor-period.
    static constexpr sim::Duration kMonitorPeriod = 5 * sim::kSecond;

    ControllerManager(std::string name, std::string apiServer);

    // Read-only views for tests and the app's inspector.
    const ReplicaSetController& replicaSets() const { return m_replicaSets; }
    const DeploymentController& deployments() const { return m_deployments; }
    const NodeLifecycleController& nodeLifecycle() const { return m_nodeLifecycle; }

protected:
    void onStart(sim::Context& ctx) override;
    void onSynced(sim::Context& ctx) override;
    void onWatchEvent(sim::Context& ctx, const std::string& informerId, const std::string& type,
                      const nlohmann::json& object, const nlohmann::json& previous) override;
    void onResponse(sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;
    void onTimer(sim::Context& ctx, const sim::Message& message) override;
    void onWork(sim::Context& ctx) override;

private:
    // ControllerHost
    const client::Informer& cache(const std::string& id) const override;
    void call(sim::Context& ctx, const std::string& controller, api::Request request,
              nlohmann::json tag, bool routine) override;
    void event(sim::Context& ctx, const std::string& component, const nlohmann::json& involved,
               const std::string& type, const std::string& reason,
               const std::string& message) override;
    void requeueAfter(sim::Context& ctx, const std::string& controller, const std::string& key,
                      sim::Duration after, bool periodic) override;

    // In processing order. Built on each call so copies never point into another
    // manager's members.
    std::vector<Controller*> controllers();
    Controller* controller(const std::string& name);
    void scheduleIfQueued(sim::Context& ctx);

    ReplicaSetController m_replicaSets;
    DeploymentController m_deployments;
    StatefulSetController m_statefulSets;
    DaemonSetController m_daemonSets;
    JobController m_jobs;
    GarbageCollector m_garbageCollector;
    NamespaceController m_namespaces;
    PersistentVolumeController m_persistentVolumes;
    LocalPathProvisioner m_localPath;
    NodeLifecycleController m_nodeLifecycle;
    TaintEvictionController m_taintEviction;
    EndpointSliceController m_endpointSlices;
    client::Informer m_empty;
    // Keys waiting for a requeue timer: "controller\nkey" -> when it fires (requeueAfter).
    std::map<std::string, sim::Time> m_waiting;
    // API calls the reconcile running now has made; none means its key is in sync.
    int m_callsThisReconcile = 0;
};

} // namespace kubelab::controllers
