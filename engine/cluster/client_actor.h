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
#include "engine/net/packet_trace.h"
#include "engine/sim/actor.h"

namespace kubelab::cluster {

class PodNetworkView;

class ClientActor : public sim::ActorBase<ClientActor>
{
public:
    using ActorBase::ActorBase;

    // The learner's `trace packet` runs here, on the workstation, as one event
    // (net.trace.request -> a net.trace record): the view reads the nodes' tables.
    void setNetwork(std::shared_ptr<const PodNetworkView> network) { m_network = std::move(network); }
    // Takes the outcome of trace request `id` once its event has run: the trace, or the
    // error that stopped it.
    struct TraceResult
    {
        std::optional<net::PacketTrace> trace;
        std::string error;
    };
    std::optional<TraceResult> takeTrace(std::uint64_t id);

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
    std::shared_ptr<const PodNetworkView> m_network;
    std::map<std::uint64_t, TraceResult> m_traces;
};

} // namespace kubelab::cluster
