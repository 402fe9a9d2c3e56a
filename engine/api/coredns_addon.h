#pragma once
// The CoreDNS addon as `kubeadm init` installs it (cmd/kubeadm/app/phases/addons/dns,
// v1.32): the `coredns` ServiceAccount, the ConfigMap holding kubeadm's Corefile, the
// `coredns` Deployment (2 replicas, registry.k8s.io/coredns/coredns:v1.11.3, tolerating the
// control-plane taint) and the `kube-dns` Service at 10.96.0.10. The API server creates
// them at boot when the cluster has CoreDNS (Topology's `dns: coredns`).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::api {

struct AddonObject
{
    std::string group, resource;
    nlohmann::json body;
};

// In the order kubeadm creates them; all in kube-system.
std::vector<AddonObject> coreDnsAddon(const std::string& clusterDomain = "cluster.local",
                                      const std::string& dnsIp = "10.96.0.10");

} // namespace kubelab::api
