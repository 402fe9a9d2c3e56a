#pragma once
// A whole simulated cluster: builds the actors for a Topology (etcd, API server,
// clients), registers the nodes, and offers a synchronous API client that runs the
// simulation until each response arrives. The shell and the app drive it; tests too.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/request.h"
#include "engine/cluster/topology.h"
#include "engine/net/packet_trace.h"
#include "engine/node/node_config.h"
#include "engine/sim/simulation.h"
#include "engine/sim/timeline.h"

namespace kubelab::cluster {

class ClientActor;

// Which control loops run. Tests of the API server alone turn them off so nothing but
// the test writes to the store; kubelets always run (they register the nodes).
struct ClusterOptions
{
    bool controllerManager = true;
    bool scheduler = true;
    // Rewind checkpoints every N events (thinned as the run grows); 0 keeps only the
    // start, for benchmarks that never rewind.
    std::uint64_t checkpointInterval = 1000;
    // At most this many checkpoints: past it every other one goes and the interval doubles.
    std::size_t maxCheckpoints = 64;

    // Rewind for a cluster of this shape. Taking a checkpoint copies only the event queue;
    // it then keeps the old copy of each actor that changes after it, and the components'
    // own state grows with nodes, so big clusters keep fewer (64 up to 100 nodes, down to 8
    // at 800 and more). `bench lifecycle --checkpoint-every` measures what one costs.
    static ClusterOptions forTopology(const Topology& topology);
};

class Cluster : public api::Client
{
public:
    Cluster(std::uint64_t seed, Topology topology = Topology::defaults(),
            ClusterOptions options = {});
    ~Cluster() override;

    // Rebuilds a cluster from its seed, shape and inputs (a saved file), replayed up to
    // `processed` events and virtual time `now`. Null with *error if the replay cannot
    // reach that point (a file from an engine that behaves differently).
    static std::unique_ptr<Cluster> replay(std::uint64_t seed, const Topology& topology,
                                           const ClusterOptions& options,
                                           const std::vector<sim::Timeline::Input>& inputs,
                                           std::uint64_t processed, sim::Time now,
                                           std::string* error);

    std::uint64_t seed() const { return m_seed; }
    const ClusterOptions& options() const { return m_options; }
    // The simulation as it stands. Read it freely; move it only through the methods
    // below, so rewinding can replay it. (The object changes on rewind: don't keep it.)
    sim::Simulation& sim() { return m_timeline ? m_timeline->sim() : *m_building; }
    const sim::Simulation& sim() const { return m_timeline ? m_timeline->sim() : *m_building; }
    const sim::Timeline& timeline() const { return *m_timeline; }

    // Processes the next event; false when none is queued.
    // Called after every step the cluster takes for a synchronous call, settle or run
    // (kubectl in the shell), so a GUI embedding it can keep painting while a long
    // command runs. The observer may read the cluster but must not step or change it.
    // Null: none. Simulation results never depend on it.
    void setStepObserver(std::function<void()> observer) { m_afterStep = std::move(observer); }
    // See sim::Timeline::setDisposer.
    void setDisposer(sim::Timeline::Disposer disposer)
    {
        if (m_timeline)
            m_timeline->setDisposer(std::move(disposer));
    }
    bool step();
    // Processes every event up to virtual time `t`, then sets the clock to `t`.
    void runUntil(sim::Time t);
    // Input from outside the cluster (a fault, a request): recorded for replays.
    void post(sim::Message message, sim::Duration delay = 0);
    // Back to the state right after event #`processed` (see sim::Timeline). Later
    // inputs replay when the simulation passes their points again, until a new input
    // is posted. False if `processed` is ahead or before the cluster was ready.
    bool rewindTo(std::uint64_t processed);
    // Restores the nearest checkpoint at or before `processed`; step() replays the rest
    // (sim::Timeline::restoreCheckpointBefore). For callers that replay in slices.
    bool restoreCheckpointBefore(std::uint64_t processed);
    // Steps until a processed event satisfies `done` (see event_match.h), giving up
    // before an event later than `maxTime` from now. Returns how many events were
    // processed and sets *found.
    std::uint64_t stepUntil(const std::function<bool(const sim::TraceRecord&)>& done, bool* found,
                            sim::Duration maxTime = 10 * sim::kMinute);
    const Topology& topology() const { return m_topology; }
    // Empty when the topology has no control plane (the AWS account alone).
    bool hasKubernetes() const { return m_topology.controlPlanes > 0; }
    std::string apiServer() const
    {
        return hasKubernetes() ? "kube-apiserver-" + m_topology.controlPlaneNames()[0] : "";
    }
    std::string etcdMember() const
    {
        return hasKubernetes() ? "etcd-" + m_topology.controlPlaneNames()[0] : "";
    }
    // The actor that `fault stop|start COMPONENT` acts on ("kubelet/worker-1" ->
    // "kubelet-worker-1", "scheduler", "controller-manager"); empty if there is none.
    // The shell's `fault` and a lab's scheduled faults both resolve components here.
    std::string faultActor(const std::string& component) const;

    // Sends as the learner's kubectl and processes events until the reply comes back
    // (at most 60 s of virtual time, then a 504 Status).
    api::Response call(const api::Request& request) override;
    // Same, from another client actor name (bootstrap, tests).
    api::Response callAs(const std::string& client, const api::Request& request);
    // Sends an AWS API request from the learner's aws-cli to a service actor
    // (aws::kAcm, aws::kEvents, ...) and processes events until its "aws.response" comes
    // back (at most 60 s of virtual time). Returns that body ({id, operation, result} or
    // {..., error: {code, message}}).
    nlohmann::json callAws(const std::string& service, const std::string& operation,
                           const nlohmann::json& params);
    // The workstation's curl connects to a load balancer: sends "elb.connect" `request`
    // ({Scheme, Host, Port, Path, Insecure, ConnectTo?}, see aws::ElbService) and processes
    // events until the answer comes back; returns its body (result: {exitCode, body, error}).
    nlohmann::json connectHttps(nlohmann::json request);

    // Traces a connection as `trace packet FROM TO:PORT` (net::tracePacket), as one event
    // of the learner's workstation (kind net.trace, the trace in its detail): the draws
    // come from the seeded RNG and the trace rewinds with the rest. Nullopt with *error for
    // a source or destination that does not exist.
    std::optional<net::PacketTrace> tracePacket(const std::string& from, const std::string& to,
                                                int port, const std::string& defaultNamespace,
                                                std::string* error);

    // Runs until only periodic timers fire for `quiet` virtual time, or `max` passes.
    // Returns the virtual time reached.
    sim::Time settle(sim::Duration max, sim::Duration quiet = 10 * sim::kSecond);

    // Every node the topology describes, in creation order.
    std::vector<node::NodeConfig> nodeConfigs() const;

    // Read-only views for the app and tests: they never advance the simulation. Objects
    // come from the API server's watch cache; pointers stay valid until the next event.
    // Readers hold on to the Cluster only through whoever owns it (the app's
    // SimulationController), never by a reference of their own: File -> New frees it.

    // The watch cache as the API server keeps it, etcd key -> object
    // ("/registry/pods/NS/NAME", "/registry/minions/NAME"), in key order; null if the
    // cluster has no API server. Views that walk whole kinds at once (the map) read it.
    using CachedObjects = std::map<std::string, std::shared_ptr<const nlohmann::json>>;
    const CachedObjects* watchCache() const;
    // The etcd revision the watch cache has reached: unchanged means no cached object
    // changed, so a view can skip its refresh. -1 without an API server.
    std::int64_t cacheRevision() const;
    // `resource` is what kubectl accepts ("pods", "deploy", "nodes", "events.v1"...).
    const nlohmann::json* object(const std::string& resource, const std::string& ns,
                                 const std::string& name) const;
    // Every object of a resource, in namespace `ns` (all namespaces when empty), in key
    // order. Empty for an unknown resource, and for events, which the watch cache does
    // not keep (api::watchCached): read those with events().
    std::vector<const nlohmann::json*> objects(const std::string& resource,
                                               const std::string& ns = {}) const;
    // Events in namespace `ns` (all when empty) whose names start with `namePrefix`
    // ("web-1." for the events about web-1, by the event recorder's naming), in key
    // order, decoded from etcd's current state.
    std::vector<std::shared_ptr<const nlohmann::json>> events(
        const std::string& ns = {}, const std::string& namePrefix = {}) const;
    // The scheduler's record of its last attempt at pod ns/name (the JSON that
    // scheduler::formatExplanation prints), or nullopt if it never tried.
    std::optional<nlohmann::json> schedulingExplanation(const std::string& ns,
                                                        const std::string& name) const;

private:
    void addNodes(const std::shared_ptr<const class PodNetworkView>& network);
    void addAwsAccount();
    // Hands the built simulation to the timeline: from here on everything can be rewound.
    void startTimeline();
    void runUntilOnlyPeriodic();
    nlohmann::json awaitAws(const std::string& client, std::uint64_t id,
                            const std::string& operation);
    // With CoreDNS: runs the boot on until the coredns Deployment is Available.
    void waitForCoreDns();
    bool coreDnsAvailable() const;

    std::uint64_t m_seed;
    Topology m_topology;
    ClusterOptions m_options;
    std::unique_ptr<sim::Simulation> m_building; // until the cluster is ready
    std::unique_ptr<sim::Timeline> m_timeline;   // from then on
    std::uint64_t m_nextRequest = 1;
    std::uint64_t m_nextAwsRequest = 1;
    std::uint64_t m_nextTrace = 1;
    std::function<void()> m_afterStep;
};

} // namespace kubelab::cluster
