#pragma once
// The shape of a simulated cluster: control-plane nodes and groups of workers with
// capacity, labels and taints. `kubelab-sim shell --cluster FILE` reads it from YAML;
// the README documents the schema.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace YAML {
class Node;
}

namespace kubelab::cluster {

struct WorkerGroup
{
    std::string prefix = "worker";
    int count = 3;
    std::string cpu = "2";
    std::string memory = "4Gi";
    int pods = 110;
    std::map<std::string, std::string> labels;
    nlohmann::json taints = nlohmann::json::array(); // core/v1 Taint objects
};

struct Topology
{
    // 1, 3 or 5; 0 (with no workers) is the AWS account alone, without Kubernetes.
    int controlPlanes = 1;
    std::string controlPlaneCpu = "2";
    std::string controlPlaneMemory = "4Gi";
    std::vector<WorkerGroup> workers{WorkerGroup{}};
    // `registry: strict`: only the image catalogue pulls; `open` (the default) also pulls
    // unknown well-formed references as generic images (engine/node/README.md, Images).
    bool strictRegistry = false;
    // `dns: coredns` (the default, as kubeadm installs it): kube-system gets kubeadm's
    // CoreDNS addon at boot (two coredns pods behind the kube-dns Service at 10.96.0.10),
    // the boot waits until both are Ready, and pods' lookups are answered. `dns: none`:
    // no cluster DNS, so lookups from pods time out.
    bool coreDns = true;

    // control-plane + worker-1..3, each 2 CPU, 4Gi, 110 pods.
    static Topology defaults() { return Topology{}; }
    // Parses the YAML schema; throws model::DecodeError with file:line:column and the
    // field path on bad input.
    static Topology fromYaml(const std::string& text, const std::string& source);
    // The same from a mapping inside a larger document (a lab's `cluster:`), whose marks
    // give the lines; `extraKeys` are the caller's own keys there, skipped here.
    static Topology fromYamlNode(const YAML::Node& root, const std::string& source,
                                 const std::vector<std::string>& extraKeys = {});

    // The same schema as JSON (which fromYaml reads back): for saved clusters.
    nlohmann::json toJson() const;
    // Node names in creation order.
    std::vector<std::string> controlPlaneNames() const;
};

} // namespace kubelab::cluster
