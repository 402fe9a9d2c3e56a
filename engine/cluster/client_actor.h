#pragma once
// A client outside the control plane (kubectl on the learner's workstation): it sends
// api.request messages and keeps the responses and watch events that come back, so a
// synchronous caller (the shell, the app console) can wait for them.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/sim/actor.h"

namespace kubelab::cluster {

class ClientActor : public sim::ActorBase<ClientActor>
{
public:
    using ActorBase::ActorBase;

    void receive(sim::Context& ctx, const sim::Message& message) override;

    // Takes the response to request `id` if it has arrived.
    std::optional<api::Response> takeResponse(std::uint64_t id);
    // Watch events received so far, oldest first ({watch_id, type, object}).
    std::deque<nlohmann::json>& watchEvents() { return m_watchEvents; }
    const std::deque<nlohmann::json>& watchEvents() const { return m_watchEvents; }

private:
    // Kept as the message carried them (code, shared body) and copied out only when taken:
    // a replay after a rewind delivers responses nobody takes again, and a 500-pod list
    // is tens of milliseconds to copy.
    struct Arrived
    {
        int code = 500;
        std::shared_ptr<const nlohmann::json> body;
    };
    std::map<std::uint64_t, Arrived> m_responses;
    std::deque<nlohmann::json> m_watchEvents;
};

} // namespace kubelab::cluster
