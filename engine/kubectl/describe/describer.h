#pragma once
// `kubectl describe` text (kubectl release 1.32, pkg/describe/describe.go layout), as pure
// functions of the object, its events and related objects, so tests need no API server.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::kubectl {

struct DescribeInput
{
    nlohmann::json object;
    std::vector<nlohmann::json> events; // involving the object
    // Deployments: its ReplicaSets; ReplicaSets: its pods; Services: EndpointSlices;
    // Nodes: pods bound to the node.
    std::vector<nlohmann::json> related;
    nlohmann::json lease; // Nodes: their kube-node-lease Lease, when there is one
};

std::string describeObject(const model::KindInfo& kind, const DescribeInput& input, sim::Time now);

// time.RFC1123Z of a RFC 3339 timestamp: "Mon, 05 Jan 2026 09:00:00 +0000".
std::string rfc1123z(const std::string& rfc3339);

} // namespace kubelab::kubectl
