#pragma once
// Actors are the simulation's components (each etcd member, API server, controller
// manager, scheduler, kubelet, client). They only react: to messages and to their own
// timers, through a Context. They never reach into another actor.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/message.h"
#include "engine/sim/rng.h"
#include "engine/sim/time.h"
#include "engine/sim/trace.h"

namespace kubelab::sim {

class Simulation;

// What an actor may do while handling one event. Created by Simulation per event.
class Context
{
public:
    Context(Simulation& sim, const std::string& self) : m_sim(sim), m_self(self) {}

    const std::string& self() const { return m_self; }
    Time now() const;
    Rng& rng();

    // Sends over the simulated network; arrives after the link latency.
    void send(const std::string& to, std::string kind, nlohmann::json body);
    // With a shared object (see Message::object).
    void send(const std::string& to, std::string kind, nlohmann::json body,
              std::shared_ptr<const nlohmann::json> object);
    // With a typed payload (see Payload).
    void send(const std::string& to, std::string kind, nlohmann::json body,
              std::shared_ptr<const Payload> payload);
    // Fires `kind` back at this actor after `after`. Periodic timers are housekeeping
    // that `settle` does not count as activity; a timer set while handling a periodic
    // event is periodic too.
    void timer(Duration after, std::string kind, nlohmann::json body = nlohmann::json::object(),
               bool periodic = false);
    // Marks the event being handled as real activity even if a periodic timer caused it
    // (a heartbeat check that finds a dead node): what it sends from now on is not
    // periodic, so `settle` waits for its consequences.
    void activity();
    // Sets the trace record for the event being handled (the last call wins).
    void describe(std::string kind, std::string target, std::string summary,
                  nlohmann::json detail = nlohmann::json::object());
    // Same, with strings of the detail shared rather than copied (TraceRecord::attachments).
    void describe(std::string kind, std::string target, std::string summary, nlohmann::json detail,
                  std::vector<TraceRecord::Attachment> attachments);

private:
    Simulation& m_sim;
    const std::string& m_self;
};

class Actor
{
public:
    explicit Actor(std::string name) : m_name(std::move(name)) {}
    virtual ~Actor() = default;

    const std::string& name() const { return m_name; }
    // Called once when the actor joins a running simulation.
    virtual void start(Context&) {}
    virtual void receive(Context& ctx, const Message& message) = 0;
    // A deep copy, for checkpoints and rewind.
    virtual std::unique_ptr<Actor> clone() const = 0;

private:
    std::string m_name;
};

// CRTP helper so each actor gets clone() from its copy constructor. `Base` lets an
// actor derive from an intermediate class such as client::Component.
template<typename Derived, typename Base = Actor>
class ActorBase : public Base
{
public:
    using Base::Base;
    std::unique_ptr<Actor> clone() const override
    {
        return std::make_unique<Derived>(static_cast<const Derived&>(*this));
    }
};

} // namespace kubelab::sim
