#pragma once
// The kubelet of one node, as an actor: registers its Node, heartbeats through a Lease
// and Node status, watches the pods bound to its node and runs them through the CRI on
// its container runtime (sandbox, image pulls, init then app containers, restarts with
// back-off, probes, graceful termination), reports their status through pods/status,
// records Events, and serves `kubectl logs` for the API server.
//
// Files: kubelet.cpp (lifecycle, informers, dispatch, heartbeats, logs),
// kubelet_pods.cpp (the per-pod sync loop and CRI results), kubelet_probes.cpp.
#include <cstdint>
#include <map>
#include <string>

#include "engine/client/component.h"
#include "engine/node/backoff.h"
#include "engine/node/node_config.h"
#include "engine/node/node_status.h"
#include "engine/node/pod_worker.h"
#include "engine/node/probes.h"

namespace kubelab::node {

class Kubelet : public sim::ActorBase<Kubelet, client::Component>
{
public:
    // `name` is "kubelet-<node>"; its runtime actor is "containerd-<node>".
    Kubelet(std::string name, std::string apiServer, NodeConfig config);

    const NodeConfig& config() const { return m_config; }
    // Read-only view of the pods this kubelet runs, by UID (tests, the app).
    const std::map<std::string, PodWorker>& workers() const { return m_workers; }

protected:
    void onStart(sim::Context& ctx) override;
    void onSynced(sim::Context& ctx) override;
    void onWatchEvent(sim::Context& ctx, const std::string& informerId, const std::string& type,
                      const nlohmann::json& object, const nlohmann::json& previous) override;
    void onResponse(sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;
    void onTimer(sim::Context& ctx, const sim::Message& message) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    // kubelet.cpp
    std::string runtime() const { return "containerd-" + m_config.name; }
    void callCri(sim::Context& ctx, const std::string& method, nlohmann::json body,
                 nlohmann::json tag);
    void renewLease(sim::Context& ctx);
    void updateNodeStatus(sim::Context& ctx);
    void handleLogs(sim::Context& ctx, const sim::Message& m);
    void finishLogs(sim::Context& ctx, const sim::Message& m);

    // kubelet_pods.cpp
    const nlohmann::json* podOf(const PodWorker& w) const;
    void shareStatus(PodWorker& w);
    PodWorker& ensureWorker(const nlohmann::json& pod);
    void syncPod(sim::Context& ctx, PodWorker& w);
    // The volume manager's WaitForAttachAndMount for claims: false, with a FailedMount
    // every sync back-off, while a persistentVolumeClaim volume's claim is not Bound.
    bool volumesReady(sim::Context& ctx, PodWorker& w, const nlohmann::json& pod);
    // A claim changed: pods waiting for it look again.
    void onClaimEvent(sim::Context& ctx, const nlohmann::json& claim);
    void terminatePod(sim::Context& ctx, PodWorker& w, const nlohmann::json& pod);
    void forgetPod(sim::Context& ctx, const std::string& uid);
    // Starts (or restarts) one container; false when back-off or pull policy holds it.
    bool startContainer(sim::Context& ctx, PodWorker& w, const nlohmann::json& pod,
                        ContainerRecord& c);
    void afterImageStatus(sim::Context& ctx, PodWorker& w, ContainerRecord& c,
                          const nlohmann::json& result);
    void handleCriResult(sim::Context& ctx, const std::string& method, const nlohmann::json& tag,
                         const nlohmann::json& result);
    void handleContainerExit(sim::Context& ctx, const nlohmann::json& status);
    void reconcile(sim::Context& ctx, const nlohmann::json& containers);
    // Writes the pod's status if it changed; `thenDelete` deletes the pod (grace 0) once
    // the write is acknowledged. Returns whether a write was sent.
    bool updatePodStatus(sim::Context& ctx, PodWorker& w, bool thenDelete = false);
    void deletePod(sim::Context& ctx, const PodWorker& w);
    void createContainer(sim::Context& ctx, PodWorker& w, ContainerRecord& c);
    void resyncAfter(sim::Context& ctx, PodWorker& w, sim::Duration delay, bool periodic);
    void event(sim::Context& ctx, const PodWorker& w, const ContainerRecord* c,
               const std::string& type, const std::string& reason, const std::string& message);
    nlohmann::json containerSpec(const nlohmann::json& pod, const ContainerRecord& c) const;

    // kubelet_config.cpp
    std::vector<std::string> configReferences(const nlohmann::json& pod,
                                              const nlohmann::json& spec) const;
    std::string fieldValue(const PodWorker& w, const nlohmann::json& pod,
                           const std::string& path) const;
    std::string resourceValue(const nlohmann::json& spec, const nlohmann::json& ref) const;
    // Fills cfg's envs, mounts and pod identity and expands $(VAR) in spec; false with the
    // waiting reason (CreateContainerConfigError, FailedMount) and message when a
    // referenced object or key is missing.
    bool containerConfig(const PodWorker& w, const nlohmann::json& pod, nlohmann::json& spec,
                         nlohmann::json& cfg, std::string& reason, std::string& message,
                         const std::map<std::string, nlohmann::json>& refs) const;
    // configMap, secret and projected volumes follow their objects: every minute (the
    // kubelet's sync period) the objects are read again and changed files rewritten.
    void refreshVolumes(sim::Context& ctx, PodWorker& w);
    void volumesRead(sim::Context& ctx, const nlohmann::json& tag, const api::Response& response);
    void configRead(sim::Context& ctx, const nlohmann::json& tag, const api::Response& response);
    // A probe's verdict, however it was reached (at once, or an exec probe's ExecSync).
    void probeResult(sim::Context& ctx, PodWorker& w, ContainerRecord& c, ProbeType type,
                     bool success, const std::string& output);
    // ExecSync results: an exec probe's, or `kubectl exec`'s through the API server.
    void execResult(sim::Context& ctx, const nlohmann::json& tag, const nlohmann::json& result);
    void handleExec(sim::Context& ctx, const sim::Message& m);
    // A connection through `kubectl port-forward` (pods/portforward): the runtime's
    // PortForward dials the port inside the pod's network namespace; the container shell's
    // servers answer (sh::serverReply).
    void handlePortForward(sim::Context& ctx, const sim::Message& m);

    // kubelet_probes.cpp
    void startProbes(sim::Context& ctx, PodWorker& w, ContainerRecord& c);
    void runProbe(sim::Context& ctx, const sim::Message& m);
    void scheduleProbe(sim::Context& ctx, const PodWorker& w, const ContainerRecord& c,
                       ProbeType type, sim::Duration after);
    void killContainer(sim::Context& ctx, PodWorker& w, ContainerRecord& c, const std::string& why);

    NodeConfig m_config;
    std::uint64_t m_timerEpoch = 0; // timers of an earlier start are ignored
    std::string m_nodeUid;
    nlohmann::json m_lease; // last Lease the API returned; null before the first
    bool m_leaseBusy = false;
    sim::Time m_lastNodeReport = 0;
    bool m_nodeUpdateBusy = false;
    std::map<std::string, NodeStatus::Image> m_images; // pulled here, for Node status

    std::map<std::string, PodWorker> m_workers; // by pod UID
    Backoff m_crashBackoff;                     // key: uid/container
    Backoff m_imageBackoff;                     // key: uid_image, as kubelet's image manager
    std::map<std::uint64_t, nlohmann::json> m_criCalls; // call id -> tag
    std::uint64_t m_nextCall = 1;
};

} // namespace kubelab::node
