#pragma once
// What the cluster builder tells each kubelet about its machine: name, capacity, labels
// and taints it registers with, and its addresses.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::node {

struct NodeConfig
{
    std::string name;
    int index = 0; // 0-based position in the cluster: InternalIP, podCIDR
    bool controlPlane = false;
    std::string cpu = "2";
    std::string memory = "4Gi";
    int pods = 110;
    std::map<std::string, std::string> labels;
    nlohmann::json taints = nlohmann::json::array();

    std::string internalIp() const { return "172.18.0." + std::to_string(index + 2); }
    std::string podCidr() const { return "10.244." + std::to_string(index) + ".0/24"; }
    // The Node object the kubelet registers (status as a fresh, Ready kubelet reports it;
    // condition timestamps are set by the caller).
    nlohmann::json nodeObject(const std::string& kubernetesVersion) const;
};

} // namespace kubelab::node
