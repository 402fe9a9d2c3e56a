#include "engine/node/node_config.h"

#include "engine/model/quantity.h"

namespace kubelab::node {

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
} // namespace

json NodeConfig::nodeObject(const std::string& kubernetesVersion) const
{
    json nodeLabels = {{"beta.kubernetes.io/arch", "amd64"},
                       {"beta.kubernetes.io/os", "linux"},
                       {"kubernetes.io/arch", "amd64"},
                       {"kubernetes.io/hostname", name},
                       {"kubernetes.io/os", "linux"}};
    if (controlPlane) {
        nodeLabels["node-role.kubernetes.io/control-plane"] = "";
        nodeLabels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
    }
    for (const auto& [k, v] : labels)
        nodeLabels[k] = v;
    json capacity = {{"cpu", cpu},
                     {"ephemeral-storage", "61202244Ki"},
                     {"hugepages-1Gi", "0"},
                     {"hugepages-2Mi", "0"},
                     {"memory", memoryKi(memory)},
                     {"pods", std::to_string(pods)}};
    auto condition = [](const char* type, const char* status, const char* reason,
                        const char* message) {
        return json{{"type", type}, {"status", status}, {"reason", reason}, {"message", message}};
    };
    json node = {
        {"apiVersion", "v1"},
        {"kind", "Node"},
        {"metadata",
         {{"name", name},
          {"labels", nodeLabels},
          {"annotations",
           {{"kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock"},
            {"node.alpha.kubernetes.io/ttl", "0"},
            {"volumes.kubernetes.io/controller-managed-attach-detach", "true"}}}}},
        {"spec",
         {{"podCIDR", podCidr()},
          {"podCIDRs", json::array({podCidr()})},
          {"providerID", "kubelab://" + name}}},
        {"status",
         {{"addresses", json::array({{{"type", "InternalIP"}, {"address", internalIp()}},
                                     {{"type", "Hostname"}, {"address", name}}})},
          {"allocatable", capacity},
          {"capacity", capacity},
          {"conditions",
           json::array(
               {condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                          "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                          "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID",
                          "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")})},
          {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
          {"nodeInfo",
           {{"architecture", "amd64"},
            {"bootID", "kubelab-boot-" + std::to_string(index)},
            {"containerRuntimeVersion", "containerd://1.7.24"},
            {"kernelVersion", "6.1.0-28-amd64"},
            {"kubeProxyVersion", kubernetesVersion},
            {"kubeletVersion", kubernetesVersion},
            {"machineID", "kubelab-machine-" + std::to_string(index)},
            {"operatingSystem", "linux"},
            {"osImage", "Debian GNU/Linux 12 (bookworm)"},
            {"systemUUID", "kubelab-" + name}}}}}};
    if (!taints.empty())
        node["spec"]["taints"] = taints;
    return node;
}

} // namespace kubelab::node
