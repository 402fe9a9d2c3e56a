#pragma once
// The simulated container runtime of one node (containerd), serving the CRI (cri.h) to
// its kubelet over messages: an image cache filled by timed pulls from the image
// catalogue, pod sandboxes with IPs from the node's podCIDR (host-local IPAM), and
// containers that run, log and exit as their ContainerBehavior says.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/node/container_behavior.h"
#include "engine/node/container_fs.h"
#include "engine/node/cri.h"
#include "engine/node/sh.h"
#include "engine/sim/actor.h"

namespace kubelab::node {

class ContainerRuntime : public sim::ActorBase<ContainerRuntime>
{
public:
    // `name` is "containerd-<node>". `network` is what the node's pods reach over the
    // network (cluster DNS, Services, pods); null: nothing answers them.
    ContainerRuntime(std::string name, std::string nodeName,
                     RegistryPolicy registry = RegistryPolicy::Open,
                     std::shared_ptr<const net::PodNetwork> network = nullptr);

    void receive(sim::Context& ctx, const sim::Message& message) override;

    // Containers and sandboxes are held by their id (the maps' keys, not repeated inside).
    struct Container
    {
        std::string sandboxId;
        std::string name;
        int attempt = 0;
        std::string image;    // as the kubelet asked, normalised
        std::string imageRef; // digest reference
        std::string state;    // cri::kCreated / kRunning / kExited
        sim::Time createdAt = 0, startedAt = 0, finishedAt = 0;
        int exitCode = 0;
        std::string reason;
        // Never null once created; shared by the containers that behave alike (see
        // m_behaviors).
        std::shared_ptr<const ContainerBehavior> behavior;
        // The log is what the behaviour prints at start, stamped with the start time: it
        // is read from there (started()), not copied per container.
        bool started() const
        {
            return state != cri::kCreated && behavior && behavior->startError.empty();
        }
        bool stopping = false;
        // A scripted container (behavior->scripted): its process, files, environment and
        // what it printed, stamped when it printed it.
        std::optional<sh::Process> process;
        ContainerFs fs;
        std::vector<std::pair<std::string, std::string>> env;
        std::vector<std::pair<sim::Time, std::string>> output;
        std::int64_t memoryLimit = 0;
        int wakes = 0;
        std::string stopCaller; // StopContainer call waiting for the exit
        nlohmann::json stopId;
        nlohmann::json toJson(const std::string& id) const;
    };
    struct Sandbox
    {
        std::string name, ns, uid, ip, state; // SANDBOX_READY / SANDBOX_NOTREADY
    };

    // Read-only views for tests and the app.
    const std::set<std::string>& images() const { return m_images; }
    const std::map<std::string, Container>& containers() const { return m_containers; }
    const std::map<std::string, Sandbox>& sandboxes() const { return m_sandboxes; }
    const FileTree& disk() const { return m_disk; }

private:
    void handleCri(sim::Context& ctx, const sim::Message& m, const std::string& method);
    void reply(sim::Context& ctx, const sim::Message& m, const std::string& method,
               nlohmann::json body, sim::Duration after = 0);
    void exitContainer(sim::Context& ctx, const std::string& id, Container& c, int exitCode,
                       std::string reason);
    std::string newId(sim::Context& ctx);
    std::string allocateIp();
    std::string kubeletName() const { return "kubelet-" + m_node; }
    // Runs a scripted container's process from now until it sleeps, waits or exits.
    void runProcess(sim::Context& ctx, const std::string& id, Container& c);
    void execSync(sim::Context& ctx, const sim::Message& m);
    void prepareMounts(const nlohmann::json& mounts, sim::Time now);

    std::string m_node;
    RegistryPolicy m_registry = RegistryPolicy::Open;
    std::shared_ptr<const net::PodNetwork> m_network;
    std::string m_podCidr; // from UpdateRuntimeConfig
    int m_lastIp = 1;      // host-local hands out addresses round-robin
    std::set<int> m_usedIps;
    std::set<std::string> m_images; // normalised names present on the node
    FileTree m_disk; // the node's own files: volumes live here and outlive containers
    std::map<std::string, Sandbox> m_sandboxes;
    std::map<std::string, Container> m_containers;
    // Behaviours decided so far, by what decides them (BehaviorInput::key): the replicas of a
    // Deployment on this node share one instead of holding a copy each.
    std::shared_ptr<const ContainerBehavior> behaviorFor(const BehaviorInput& in);
    std::map<std::string, std::shared_ptr<const ContainerBehavior>> m_behaviors;
};

} // namespace kubelab::node
