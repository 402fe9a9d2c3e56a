#pragma once
// The kubelet's two heartbeats, as kubelet v1.31 sends them: a Lease in kube-node-lease
// renewed every 10 s (cheap, what the node lifecycle controller watches), and the Node's
// status, computed every nodeStatusUpdateFrequency (10 s) but written only when something
// changed or nodeStatusReportFrequency (5 min) has passed.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::node {

class NodeStatus
{
public:
    static constexpr sim::Duration kLeaseRenewInterval = 10 * sim::kSecond;
    static constexpr int kLeaseDurationSeconds = 40;
    static constexpr sim::Duration kUpdateFrequency = 10 * sim::kSecond;
    static constexpr sim::Duration kReportFrequency = 5 * sim::kMinute;

    // The Lease to create or update (`previous` carries metadata such as
    // resourceVersion); owned by the Node so it goes when the Node does.
    static nlohmann::json lease(const std::string& node, const std::string& nodeUid,
                                const nlohmann::json& previous, sim::Time now);

    struct Image
    {
        std::string name;    // "docker.io/library/nginx:1.14.2"
        std::string imageId; // "docker.io/library/nginx@sha256:..."
        std::int64_t sizeBytes = 0;
    };
    // The status merge patch to send, or nullopt when nothing changed and the report
    // interval has not passed. `node` is the Node as last seen.
    static std::optional<nlohmann::json> update(const nlohmann::json& node,
                                                const std::map<std::string, Image>& images,
                                                sim::Time now, sim::Time lastReport);
};

} // namespace kubelab::node
