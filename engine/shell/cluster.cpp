#include "engine/shell/cluster.h"

#include "engine/api/api_server.h"
#include "engine/api/status.h"
#include "engine/model/quantity.h"
#include "engine/shell/client_actor.h"
#include "engine/store/etcd_member.h"

namespace kubelab::shell {

using nlohmann::json;

namespace {
// Memory as a kubelet reports it: Ki.
std::string memoryKi(const std::string& text)
{
    auto q = model::Quantity::parse(text);
    if (!q)
        return text;
    return std::to_string(q->value() / 1024) + "Ki";
}

json nodeObject(const std::string& name, int index, bool controlPlane, const std::string& cpu,
                const std::string& memory, int pods,
                const std::map<std::string, std::string>& extraLabels, const json& taints)
{
    json labels = {{"beta.kubernetes.io/arch", "amd64"},
                   {"beta.kubernetes.io/os", "linux"},
                   {"kubernetes.io/arch", "amd64"},
                   {"kubernetes.io/hostname", name},
                   {"kubernetes.io/os", "linux"}};
    if (controlPlane) {
        labels["node-role.kubernetes.io/control-plane"] = "";
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
    }
    for (const auto& [k, v] : extraLabels)
        labels[k] = v;
    const std::string ip = "172.18.0." + std::to_string(index + 2);
    const std::string cidr = "10.244." + std::to_string(index) + ".0/24";
    json capacity = {{"cpu", cpu},
                     {"ephemeral-storage", "61202244Ki"},
                     {"hugepages-1Gi", "0"},
                     {"hugepages-2Mi", "0"},
                     {"memory", memoryKi(memory)},
                     {"pods", std::to_string(pods)}};
    auto condition = [](const char* type, const char* status, const char* reason,
                        const char* message) {
        return json{{"type", type},
                    {"status", status},
                    {"reason", reason},
                    {"message", message},
                    {"lastHeartbeatTime", "2026-01-05T09:00:00Z"},
                    {"lastTransitionTime", "2026-01-05T09:00:00Z"}};
    };
    json node = {
        {"apiVersion", "v1"},
        {"kind", "Node"},
        {"metadata",
         {{"name", name},
          {"labels", labels},
          {"annotations",
           {{"kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock"},
            {"node.alpha.kubernetes.io/ttl", "0"},
            {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
        {"spec",
         {{"podCIDR", cidr}, {"podCIDRs", json::array({cidr})},
          {"providerID", "kubelab://" + name}}},
        {"status",
         {{"addresses", json::array({{{"type", "InternalIP"}, {"address", ip}},
                                     {{"type", "Hostname"}, {"address", name}}})},
          {"allocatable", capacity},
          {"capacity", capacity},
          {"conditions",
           json::array({condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                  "kubelet has sufficient memory available"),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                                  "kubelet has no disk pressure"),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                  "kubelet has sufficient PID available"),
                        condition("Ready", "True", "KubeletReady",
                                  "kubelet is posting ready status")})},
          {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
          {"nodeInfo",
           {{"architecture", "amd64"},
            {"bootID", "kubelab-boot-" + std::to_string(index)},
            {"containerRuntimeVersion", "containerd://1.7.24"},
            {"kernelVersion", "6.1.0-28-amd64"},
            {"kubeProxyVersion", kKubernetesVersion},
            {"kubeletVersion", kKubernetesVersion},
            {"machineID", "kubelab-machine-" + std::to_string(index)},
            {"operatingSystem", "linux"},
            {"osImage", "Debian GNU/Linux 12 (bookworm)"},
            {"systemUUID", "kubelab-" + name}}}}}};
    if (!taints.empty())
        node["spec"]["taints"] = taints;
    return node;
}
} // namespace

Cluster::Cluster(std::uint64_t seed, Topology topology)
    : m_topology(std::move(topology)), m_sim(std::make_unique<sim::Simulation>(seed))
{
    sim::Network& net = m_sim->network();
    net.setLocalLatency(50 * sim::kMicrosecond);
    net.setDefaultLatency(500 * sim::kMicrosecond);
    const std::string cp = m_topology.controlPlaneNames()[0];
    net.setLinkLatency("workstation", cp, 1 * sim::kMillisecond);

    const std::string etcd = "etcd-" + cp;
    m_sim->addActor(std::make_unique<store::EtcdMember>(etcd), cp);
    m_sim->addActor(std::make_unique<api::ApiServer>(apiServer(), etcd), cp);
    m_sim->addActor(std::make_unique<ClientActor>("kubectl"), "workstation");
    // Bootstrap: the API server creates its namespaces and Service.
    while (const sim::QueuedEvent* next = m_sim->peek()) {
        if (next->message.periodic)
            break;
        m_sim->step();
    }
    registerNodes();
}

Cluster::~Cluster() = default;

void Cluster::registerNodes()
{
    // Each node's kubelet registers its Node object (issue 2/7 turns these clients into
    // full kubelets that keep heartbeating).
    int index = 0;
    auto add = [&](const std::string& name, bool controlPlane, const std::string& cpu,
                   const std::string& memory, int pods,
                   const std::map<std::string, std::string>& labels, const json& taints) {
        const std::string client = "kubelet-" + name;
        m_sim->addActor(std::make_unique<ClientActor>(client), name);
        api::Request r;
        r.verb = "create";
        r.resource = "nodes";
        r.user = "system:node:" + name;
        r.userAgent = "kubelet/" + std::string(kKubernetesVersion);
        r.body = nodeObject(name, index++, controlPlane, cpu, memory, pods, labels, taints);
        callAs(client, r);
    };
    json cpTaint = json::array(
        {{{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}});
    for (const auto& name : m_topology.controlPlaneNames())
        add(name, true, m_topology.controlPlaneCpu, m_topology.controlPlaneMemory, 110, {},
            cpTaint);
    for (const auto& group : m_topology.workers)
        for (int i = 1; i <= group.count; ++i)
            add(group.prefix + "-" + std::to_string(i), false, group.cpu, group.memory,
                group.pods, group.labels, group.taints);
}

api::Response Cluster::call(const api::Request& request) { return callAs("kubectl", request); }

api::Response Cluster::callAs(const std::string& client, const api::Request& request)
{
    auto* actor = m_sim->actorAs<ClientActor>(client);
    if (!actor)
        return {500, api::internalError("no client " + client)};
    const std::uint64_t id = m_nextRequest++;
    const sim::Duration latency = m_sim->network().latency(
        m_sim->network().hostOf(client), m_sim->network().hostOf(apiServer()));
    m_sim->post({client, apiServer(), "api.request", {{"id", id}, {"request", request.toJson()}}},
                latency);
    const sim::Time deadline = m_sim->now() + 60 * sim::kSecond;
    while (true) {
        if (auto r = actor->takeResponse(id))
            return *r;
        const sim::QueuedEvent* next = m_sim->peek();
        if (!next || next->time > deadline)
            break;
        m_sim->step();
    }
    return {504, api::statusFailure(504, "Timeout",
                                    "the server was unable to return a response in the time "
                                    "allotted, but may still be processing the request")};
}

sim::Time Cluster::settle(sim::Duration max, sim::Duration quiet)
{
    const sim::Time start = m_sim->now();
    sim::Time lastActivity = start;
    while (true) {
        const sim::QueuedEvent* next = m_sim->peek();
        const sim::Time quietEnd = lastActivity + quiet;
        const sim::Time limit = std::min(start + max, quietEnd);
        if (!next || next->time > limit) {
            m_sim->runUntil(limit);
            return m_sim->now();
        }
        const bool periodic = next->message.periodic;
        const sim::Time t = next->time;
        m_sim->step();
        if (!periodic)
            lastActivity = t;
    }
}

} // namespace kubelab::shell
