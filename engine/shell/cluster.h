#pragma once
// A whole simulated cluster: builds the actors for a Topology (etcd, API server,
// clients), registers the nodes, and offers a synchronous API client that runs the
// simulation until each response arrives. The shell and the app drive it; tests too.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/request.h"
#include "engine/node/node_config.h"
#include "engine/shell/topology.h"
#include "engine/sim/simulation.h"

namespace kubelab::shell {

class ClientActor;

// The Kubernetes version the simulated cluster reports.
constexpr const char* kKubernetesVersion = "v1.31.4";

// Which control loops run. Tests of the API server alone turn them off so nothing but
// the test writes to the store; kubelets always run (they register the nodes).
struct ClusterOptions
{
    bool controllerManager = true;
    bool scheduler = true;
};

class Cluster : public api::Client
{
public:
    Cluster(std::uint64_t seed, Topology topology = Topology::defaults(),
            ClusterOptions options = {});
    ~Cluster() override;

    sim::Simulation& sim() { return *m_sim; }
    const sim::Simulation& sim() const { return *m_sim; }
    const Topology& topology() const { return m_topology; }
    std::string apiServer() const { return "kube-apiserver-" + m_topology.controlPlaneNames()[0]; }

    // Sends as the learner's kubectl and processes events until the reply comes back
    // (at most 60 s of virtual time, then a 504 Status).
    api::Response call(const api::Request& request) override;
    // Same, from another client actor name (bootstrap, tests).
    api::Response callAs(const std::string& client, const api::Request& request);

    // Runs until only periodic timers fire for `quiet` virtual time, or `max` passes.
    // Returns the virtual time reached.
    sim::Time settle(sim::Duration max, sim::Duration quiet = 10 * sim::kSecond);

    // Every node the topology describes, in creation order.
    std::vector<node::NodeConfig> nodeConfigs() const;

    // Read-only views for the app and tests: they never advance the simulation. Objects
    // come from the API server's watch cache; pointers stay valid until the next event.
    // `resource` is what kubectl accepts ("pods", "deploy", "nodes", "events.v1"...).
    const nlohmann::json* object(const std::string& resource, const std::string& ns,
                                 const std::string& name) const;
    // Every object of a resource, in namespace `ns` (all namespaces when empty), in key
    // order. Empty for an unknown resource.
    std::vector<const nlohmann::json*> objects(const std::string& resource,
                                               const std::string& ns = {}) const;
    // The scheduler's record of its last attempt at pod ns/name (the JSON that
    // scheduler::formatExplanation prints), or nullopt if it never tried.
    std::optional<nlohmann::json> schedulingExplanation(const std::string& ns,
                                                        const std::string& name) const;

private:
    void addNodes();
    void runUntilOnlyPeriodic();

    Topology m_topology;
    std::unique_ptr<sim::Simulation> m_sim;
    std::uint64_t m_nextRequest = 1;
};

} // namespace kubelab::shell
