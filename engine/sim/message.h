#pragma once
// A message between actors. Plain data (no closures), so the event queue and every
// actor's state can be copied for checkpoints, and later carried by Raft or HTTPS.
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::sim {

// A typed part of a message, shared and never modified, for what would otherwise be
// turned into JSON by the sender and parsed back by the receiver at every hop (an API
// request and its body). toJson() gives the JSON form, for anything that needs the message
// as data (a saved cluster, a future HTTPS front).
struct Payload
{
    virtual ~Payload() = default;
    virtual nlohmann::json toJson() const = 0;
};

struct Message
{
    std::string from;
    std::string to;
    std::string kind;      // "api.request", "etcd.txn", "timer.heartbeat", ...
    nlohmann::json body;   // kind-specific payload
    bool periodic = false; // a housekeeping timer; `settle` ignores these
    // An object the message carries, shared and never modified (a watch event's object):
    // one object reaches every watcher and informer without a copy each. Immutable, so
    // checkpoints may share it too.
    std::shared_ptr<const nlohmann::json> object{};
    // A typed payload beside the body (see Payload); the receiver knows its type by `kind`.
    std::shared_ptr<const Payload> payload{};

    // The shared object, or body[key] when the object travels in the body (null if absent).
    const nlohmann::json& objectOr(const char* key) const
    {
        static const nlohmann::json none;
        if (object)
            return *object;
        auto it = body.is_object() ? body.find(key) : body.end();
        return it != body.end() ? *it : none;
    }
};

} // namespace kubelab::sim
