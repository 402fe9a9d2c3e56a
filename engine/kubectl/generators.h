#pragma once
// The objects kubectl's imperative generators build for `create deployment`, `create
// namespace` and `run`, in kubectl 1.32's shapes (what --dry-run=client -o yaml prints:
// creationTimestamp: null, status: {}), pure so tests can check them without a server.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

// `kubectl create deployment NAME --image=... [--replicas] [--port] [-- COMMAND...]`
// (port < 0: none; an empty command leaves the image's).
nlohmann::json makeDeployment(const std::string& name, const std::vector<std::string>& images,
                              std::int64_t replicas, std::int64_t port,
                              const std::vector<std::string>& command = {});
nlohmann::json makeNamespace(const std::string& name);
// `kubectl run NAME --image=...`: labels default to {run: NAME}.
nlohmann::json makePod(const std::string& name, const std::string& image,
                       const nlohmann::json& labels, std::int64_t port,
                       const std::vector<std::string>& env, const std::string& restartPolicy);

} // namespace kubelab::kubectl
