#include "engine/cluster/cluster.h"

#include <algorithm>
#include <limits>

#include "engine/api/api_server.h"
#include "engine/api/status.h"
#include "engine/aws/acm_service.h"
#include "engine/aws/aws_cli_actor.h"
#include "engine/aws/cloudwatch_service.h"
#include "engine/aws/config_service.h"
#include "engine/aws/elb_service.h"
#include "engine/aws/event_bridge.h"
#include "engine/aws/sns_service.h"
#include "engine/cluster/client_actor.h"
#include "engine/cluster/pod_network_view.h"
#include "engine/controllers/controller_manager.h"
#include "engine/model/json_view.h"
#include "engine/model/kinds.h"
#include "engine/net/kube_proxy.h"
#include "engine/node/container_runtime.h"
#include "engine/node/kubelet.h"
#include "engine/scheduler/scheduler.h"
#include "engine/store/etcd_member.h"

namespace kubelab::cluster {

using nlohmann::json;

ClusterOptions ClusterOptions::forTopology(const Topology& topology)
{
    std::size_t nodes = std::size_t(std::max(topology.controlPlanes, 1));
    for (const auto& group : topology.workers)
        nodes += std::size_t(std::max(group.count, 0));
    ClusterOptions options;
    options.maxCheckpoints = std::clamp<std::size_t>(6400 / nodes, 8, 64);
    return options;
}

Cluster::Cluster(std::uint64_t seed, Topology topology, ClusterOptions options)
    : m_seed(seed), m_topology(std::move(topology)), m_options(options),
      m_building(std::make_unique<sim::Simulation>(seed))
{
    sim::Simulation& s = *m_building; // the timeline takes it over at the end
    sim::Network& net = s.network();
    net.setLocalLatency(50 * sim::kMicrosecond);
    net.setDefaultLatency(500 * sim::kMicrosecond);
    if (m_topology.controlPlanes == 0) {
        addAwsAccount();
        startTimeline();
        return;
    }
    const std::string cp = m_topology.controlPlaneNames()[0];
    net.setLinkLatency("workstation", cp, 1 * sim::kMillisecond);

    s.addActor(std::make_unique<store::EtcdMember>(etcdMember()), cp);
    auto api = std::make_unique<api::ApiServer>(apiServer(), etcdMember(),
                                                nodeConfigs().front().internalIp());
    api->setCoreDns(m_topology.coreDns);
    s.addActor(std::move(api), cp);
    // The runtimes' containers and the workstation's `trace packet` see the cluster's
    // DNS and Services through one view.
    auto network = std::make_shared<const PodNetworkView>(*this);
    auto kubectl = std::make_unique<ClientActor>("kubectl");
    kubectl->setNetwork(network);
    s.addActor(std::move(kubectl), "workstation");
    // Let the API server create its namespaces before anything else connects.
    runUntilOnlyPeriodic();
    addNodes(network);
    if (options.controllerManager)
        s.addActor(std::make_unique<controllers::ControllerManager>("kube-controller-manager-" + cp,
                                                                    apiServer()),
                   cp);
    if (options.scheduler)
        s.addActor(std::make_unique<scheduler::Scheduler>("kube-scheduler-" + cp, apiServer()), cp);
    runUntilOnlyPeriodic();
    if (m_topology.coreDns && options.controllerManager && options.scheduler)
        waitForCoreDns();
    addAwsAccount();
    startTimeline();
}

void Cluster::startTimeline()
{
    m_timeline = std::make_unique<sim::Timeline>(std::move(m_building),
                                                 m_options.checkpointInterval
                                                     ? m_options.checkpointInterval
                                                     : std::numeric_limits<std::uint64_t>::max(),
                                                 m_options.maxCheckpoints);
}

Cluster::~Cluster() = default;

void Cluster::addAwsAccount()
{
    // The learner's AWS account beside the cluster. Its actors start idle (no timer until
    // the first certificate or Config rule), so a cluster nobody uses AWS in runs and
    // traces exactly as before.
    sim::Simulation& s = sim();
    s.network().setLinkLatency("workstation", aws::kHost, 20 * sim::kMillisecond);
    s.addActor(std::make_unique<aws::AcmService>(), aws::kHost);
    s.addActor(std::make_unique<aws::EventBridge>(), aws::kHost);
    s.addActor(std::make_unique<aws::SnsService>(), aws::kHost);
    s.addActor(std::make_unique<aws::CloudWatch>(), aws::kHost);
    s.addActor(std::make_unique<aws::ConfigService>(), aws::kHost);
    s.addActor(std::make_unique<aws::ElbService>(), aws::kHost);
    s.addActor(std::make_unique<aws::Mailbox>(), "workstation");
    s.addActor(std::make_unique<aws::AwsCliActor>(), "workstation");
    s.addActor(std::make_unique<aws::AwsCliActor>(aws::kCurl), "workstation");
}

json Cluster::callAws(const std::string& service, const std::string& operation,
                      const json& params)
{
    const std::uint64_t id = m_nextAwsRequest++;
    const sim::Duration latency = sim().network().latency(sim().network().hostOf(aws::kCli),
                                                          sim().network().hostOf(service));
    post({aws::kCli, service, "aws.request",
          {{"id", id}, {"operation", operation}, {"params", params}}},
         latency);
    return awaitAws(aws::kCli, id, operation);
}

json Cluster::connectHttps(json request)
{
    const std::uint64_t id = m_nextAwsRequest++;
    const sim::Duration latency = sim().network().latency(sim().network().hostOf(aws::kCurl),
                                                          sim().network().hostOf(aws::kElb));
    request["id"] = id;
    request["RoundTripMs"] = 2 * latency / sim::kMillisecond;
    post({aws::kCurl, aws::kElb, "elb.connect", std::move(request)}, latency);
    return awaitAws(aws::kCurl, id, "Connect");
}

json Cluster::awaitAws(const std::string& client, std::uint64_t id, const std::string& operation)
{
    const sim::Time deadline = sim().now() + 60 * sim::kSecond;
    while (true) {
        if (auto r = sim().mutableActorAs<aws::AwsCliActor>(client)->takeResponse(id))
            return *r;
        const sim::QueuedEvent* next = sim().peek();
        if (!next || next->time > deadline)
            break;
        step();
    }
    return {{"id", id},
            {"operation", operation},
            {"error", {{"code", "RequestTimeout"}, {"message", "no response within 60s"}}}};
}

bool Cluster::coreDnsAvailable() const
{
    // As `kubectl rollout status` judges a Deployment: the controller has seen the latest
    // spec, every replica is updated and available, and Available is True.
    const json* d = object("deployments", "kube-system", "coredns");
    if (!d)
        return false;
    const json& status = d->value("status", json::object());
    const std::int64_t replicas = d->value("/spec/replicas"_json_pointer, std::int64_t(1));
    if (status.value("observedGeneration", std::int64_t(0)) <
            d->value("/metadata/generation"_json_pointer, std::int64_t(0)) ||
        status.value("updatedReplicas", std::int64_t(0)) != replicas ||
        status.value("availableReplicas", std::int64_t(0)) != replicas)
        return false;
    for (const json& c : status.value("conditions", json::array()))
        if (c.value("type", "") == "Available")
            return c.value("status", "") == "True";
    return false;
}

void Cluster::waitForCoreDns()
{
    // kubeadm's CoreDNS comes up with the control plane: the learner's first command
    // should meet a DNS that answers, so the boot runs (periodic timers included: the
    // kubelets' probes are) until both coredns pods are Ready and the Deployment is
    // Available, then until only periodic timers remain. A cluster where CoreDNS cannot
    // run (no room on any node) gives up after kCoreDnsBootLimit and boots without it.
    constexpr sim::Duration kCoreDnsBootLimit = 5 * sim::kMinute;
    const sim::Time deadline = sim().now() + kCoreDnsBootLimit;
    while (!coreDnsAvailable()) {
        const sim::QueuedEvent* next = sim().peek();
        if (!next || next->time > deadline)
            return;
        step();
    }
    runUntilOnlyPeriodic();
}

void Cluster::runUntilOnlyPeriodic()
{
    while (const sim::QueuedEvent* next = sim().peek()) {
        if (next->message.periodic)
            break;
        step();
    }
}

std::unique_ptr<Cluster> Cluster::replay(std::uint64_t seed, const Topology& topology,
                                         const ClusterOptions& options,
                                         const std::vector<sim::Timeline::Input>& inputs,
                                         std::uint64_t processed, sim::Time now, std::string* error)
{
    auto c = std::make_unique<Cluster>(seed, topology, options);
    auto reach = [&](std::uint64_t events) {
        while (c->sim().processed() < events)
            if (!c->step())
                return false;
        return true;
    };
    for (const sim::Timeline::Input& in : inputs) {
        if (!reach(in.afterEvent) || c->sim().processed() != in.afterEvent ||
            in.deliverAt < c->sim().now()) {
            *error = "the replay ran out of events before input " + in.message.kind + " at event " +
                     std::to_string(in.afterEvent);
            return nullptr;
        }
        c->post(in.message, in.deliverAt - c->sim().now());
        if (in.message.kind == "api.request")
            c->m_nextRequest =
                std::max(c->m_nextRequest, in.message.body.value("id", std::uint64_t(0)) + 1);
        if (in.message.kind == "aws.request" || in.message.kind == "elb.connect")
            c->m_nextAwsRequest =
                std::max(c->m_nextAwsRequest, in.message.body.value("id", std::uint64_t(0)) + 1);
    }
    if (!reach(processed)) {
        *error = "the replay ran out of events at " + std::to_string(c->sim().processed()) +
                 " of " + std::to_string(processed);
        return nullptr;
    }
    c->runUntil(std::max(now, c->sim().now()));
    return c;
}

bool Cluster::step()
{
    const bool stepped = m_timeline ? m_timeline->step() : m_building->step();
    if (m_afterStep)
        m_afterStep();
    return stepped;
}

void Cluster::runUntil(sim::Time t)
{
    if (!m_timeline) {
        m_building->runUntil(t);
        return;
    }
    if (m_afterStep) // one step at a time, so the observer sees each
        while (const sim::QueuedEvent* next = sim().peek()) {
            if (next->time > t)
                break;
            step();
        }
    m_timeline->runUntil(t); // the rest (replayed inputs due by t) and the clock
}

void Cluster::post(sim::Message message, sim::Duration delay)
{
    if (m_timeline)
        m_timeline->post(std::move(message), delay);
    else
        m_building->post(std::move(message), delay);
}

bool Cluster::rewindTo(std::uint64_t processed)
{
    return m_timeline && m_timeline->rewindTo(processed);
}

bool Cluster::restoreCheckpointBefore(std::uint64_t processed)
{
    return m_timeline && m_timeline->restoreCheckpointBefore(processed);
}

std::uint64_t Cluster::stepUntil(const std::function<bool(const sim::TraceRecord&)>& done,
                                 bool* found, sim::Duration maxTime)
{
    *found = false;
    std::uint64_t n = 0;
    const sim::Time limit = sim().now() + maxTime;
    while (const sim::QueuedEvent* next = sim().peek()) {
        if (next->time > limit)
            break;
        step();
        ++n;
        if (done(sim().trace().back())) {
            *found = true;
            break;
        }
    }
    return n;
}

std::vector<node::NodeConfig> Cluster::nodeConfigs() const
{
    std::vector<node::NodeConfig> configs;
    int index = 0;
    json cpTaint =
        json::array({{{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}});
    for (const auto& name : m_topology.controlPlaneNames()) {
        node::NodeConfig c;
        c.name = name;
        c.index = index++;
        c.controlPlane = true;
        c.cpu = m_topology.controlPlaneCpu;
        c.memory = m_topology.controlPlaneMemory;
        c.taints = cpTaint;
        configs.push_back(c);
    }
    for (const auto& group : m_topology.workers)
        for (int i = 1; i <= group.count; ++i) {
            node::NodeConfig c;
            c.name = group.prefix + "-" + std::to_string(i);
            c.index = index++;
            c.cpu = group.cpu;
            c.memory = group.memory;
            c.pods = group.pods;
            c.labels = group.labels;
            c.taints = group.taints;
            configs.push_back(c);
        }
    return configs;
}

void Cluster::addNodes(const std::shared_ptr<const PodNetworkView>& network)
{
    // Each node runs a container runtime and a kubelet, which registers its Node.
    for (const auto& config : nodeConfigs()) {
        sim().addActor(std::make_unique<node::ContainerRuntime>(
                           "containerd-" + config.name, config.name,
                           m_topology.strictRegistry ? node::RegistryPolicy::Strict
                                                     : node::RegistryPolicy::Open,
                           network),
                       config.name);
        sim().addActor(
            std::make_unique<node::Kubelet>("kubelet-" + config.name, apiServer(), config),
            config.name);
        // kube-proxy runs on every node (kubeadm's DaemonSet; here a node component).
        net::ProxyConfig proxy;
        proxy.nodeName = config.name;
        proxy.nodeIp = config.internalIp();
        sim().addActor(std::make_unique<net::KubeProxy>("kube-proxy-" + config.name, apiServer(),
                                                        std::move(proxy)),
                       config.name);
    }
}

api::Response Cluster::call(const api::Request& request)
{
    return callAs("kubectl", request);
}

api::Response Cluster::callAs(const std::string& client, const api::Request& request)
{
    if (!sim().actorAs<ClientActor>(client))
        return {500, api::internalError("no client " + client)};
    const std::uint64_t id = m_nextRequest++;
    const sim::Duration latency = sim().network().latency(sim().network().hostOf(client),
                                                          sim().network().hostOf(apiServer()));
    post({client, apiServer(), "api.request", {{"id", id}, {"request", request.toJson()}}},
         latency);
    const sim::Time deadline = sim().now() + 60 * sim::kSecond;
    while (true) {
        // Looked up each time: a step may copy the actor away from a checkpoint.
        if (auto r = sim().mutableActorAs<ClientActor>(client)->takeResponse(id))
            return *r;
        const sim::QueuedEvent* next = sim().peek();
        if (!next || next->time > deadline)
            break;
        step();
    }
    return {504, api::statusFailure(504, "Timeout",
                                    "the server was unable to return a response in the time "
                                    "allotted, but may still be processing the request")};
}

std::optional<net::PacketTrace> Cluster::tracePacket(const std::string& from,
                                                     const std::string& to, int port,
                                                     const std::string& defaultNamespace,
                                                     std::string* error)
{
    const std::uint64_t id = m_nextTrace++;
    post({"kubectl", "kubectl", "net.trace.request",
          {{"id", id}, {"from", from}, {"to", to}, {"port", port}, {"namespace", defaultNamespace}}});
    for (int guard = 0; guard < 1'000'000; ++guard) {
        // Looked up each time: a step may copy the actor away from a checkpoint.
        if (auto r = sim().mutableActorAs<ClientActor>("kubectl")->takeTrace(id)) {
            if (!r->trace && error)
                *error = r->error;
            return r->trace;
        }
        if (!step())
            break;
    }
    if (error)
        *error = "the trace did not run";
    return std::nullopt;
}

sim::Time Cluster::settle(sim::Duration max, sim::Duration quiet)
{
    const sim::Time start = sim().now();
    sim::Time lastActivity = start;
    while (true) {
        const sim::QueuedEvent* next = sim().peek();
        const sim::Time quietEnd = lastActivity + quiet;
        const sim::Time limit = std::min(start + max, quietEnd);
        if (!next || next->time > limit) {
            runUntil(limit);
            return sim().now();
        }
        const bool periodic = next->message.periodic;
        const sim::Time t = next->time;
        step();
        if (!periodic)
            lastActivity = t;
    }
}

namespace {
// The watch-cache prefix of a resource in a namespace ("" for all), with the trailing '/'.
std::string cachePrefix(const std::string& resource, const std::string& ns, bool* namespaced)
{
    const model::KindInfo* kind = model::resolveResource(resource);
    if (!kind)
        return {};
    *namespaced = kind->namespaced;
    std::string prefix = kind->registryPrefix() + "/";
    if (kind->namespaced && !ns.empty())
        prefix += ns + "/";
    return prefix;
}
} // namespace

std::string Cluster::faultActor(const std::string& what) const
{
    if (!hasKubernetes())
        return {};
    const std::string cp = m_topology.controlPlaneNames()[0];
    std::string actor;
    if (what.rfind("kubelet/", 0) == 0)
        actor = "kubelet-" + what.substr(8);
    else if (what.rfind("kube-proxy/", 0) == 0)
        actor = "kube-proxy-" + what.substr(11);
    else if (what == "scheduler" || what == "scheduler/" + cp)
        actor = "kube-scheduler-" + cp;
    else if (what == "controller-manager" || what == "controller-manager/" + cp)
        actor = "kube-controller-manager-" + cp;
    return !actor.empty() && sim().actor(actor) ? actor : std::string();
}

const Cluster::CachedObjects* Cluster::watchCache() const
{
    const auto* api = sim().actorAs<api::ApiServer>(apiServer());
    return api ? &api->cache() : nullptr;
}

std::int64_t Cluster::cacheRevision() const
{
    const auto* api = sim().actorAs<api::ApiServer>(apiServer());
    return api ? api->cacheRevision() : -1;
}

const json* Cluster::object(const std::string& resource, const std::string& ns,
                            const std::string& name) const
{
    bool namespaced = false;
    const std::string prefix = cachePrefix(resource, ns, &namespaced);
    const auto* api = sim().actorAs<api::ApiServer>(apiServer());
    if (prefix.empty() || !api || (namespaced && ns.empty()))
        return nullptr;
    auto it = api->cache().find(prefix + name);
    return it == api->cache().end() ? nullptr : it->second.get();
}

std::vector<const json*> Cluster::objects(const std::string& resource, const std::string& ns) const
{
    std::vector<const json*> out;
    bool namespaced = false;
    const std::string prefix = cachePrefix(resource, ns, &namespaced);
    const auto* api = sim().actorAs<api::ApiServer>(apiServer());
    if (prefix.empty() || !api || !api::watchCached(model::resolveResource(resource)))
        return out;
    for (auto it = api->cache().lower_bound(prefix);
         it != api->cache().end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
        out.push_back(it->second.get());
    return out;
}

std::vector<std::shared_ptr<const json>> Cluster::events(const std::string& ns,
                                                         const std::string& namePrefix) const
{
    std::vector<std::shared_ptr<const json>> out;
    const auto* etcd = sim().actorAs<store::EtcdMember>(etcdMember());
    if (!etcd)
        return out;
    if (ns.empty() && !namePrefix.empty()) {
        // One key range per namespace, rather than every event of the cluster read and
        // filtered by name.
        for (const json* n : objects("namespaces"))
            for (auto& e :
                 events(std::string(model::stringAt(model::objectAt(*n, "metadata"), "name")),
                        namePrefix))
                out.push_back(std::move(e));
        return out;
    }
    std::string prefix = model::kindByResource("", "events")->registryPrefix() + "/";
    if (!ns.empty())
        prefix += ns + "/" + namePrefix;
    const store::RangeResult r = etcd->store().range(prefix, store::prefixEnd(prefix), 0, 0, false);
    out.reserve(r.kvs.size());
    for (const store::KeyValue& kv : r.kvs)
        out.push_back(std::make_shared<const json>(api::objectFromKv(kv.toJson())));
    return out;
}

std::optional<json> Cluster::schedulingExplanation(const std::string& ns,
                                                   const std::string& name) const
{
    const auto* sched =
        sim().actorAs<scheduler::Scheduler>("kube-scheduler-" + m_topology.controlPlaneNames()[0]);
    if (!sched)
        return std::nullopt;
    return sched->explanation(ns + "/" + name);
}

} // namespace kubelab::cluster
