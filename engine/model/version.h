#pragma once
// The Kubernetes version the simulated cluster reports: the kubelet puts it in each node's
// status.nodeInfo, `kubectl version` and the app's About box print it, saved clusters
// record it. One place, low in the layers, so every component can read it.
namespace kubelab::model {

constexpr const char* kKubernetesVersion = "v1.32.0";

} // namespace kubelab::model
