#pragma once
// A message between actors. Plain data (no closures), so the event queue and every
// actor's state can be copied for checkpoints, and later carried by Raft or HTTPS.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::sim {

struct Message
{
    std::string from;
    std::string to;
    std::string kind;     // "api.request", "etcd.txn", "timer.heartbeat", ...
    nlohmann::json body;  // kind-specific payload
    bool periodic = false; // a housekeeping timer; `settle` ignores these
};

} // namespace kubelab::sim
