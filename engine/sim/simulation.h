#pragma once
// The deterministic discrete-event simulation: one queue ordered by (virtual time,
// sequence number), actors that react to messages, a network, a seeded RNG and the
// trace. Same seed and same inputs give a byte-identical trace.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/sim/actor.h"
#include "engine/sim/network.h"
#include "engine/sim/rng.h"
#include "engine/sim/trace.h"

namespace kubelab::sim {

struct QueuedEvent
{
    Time time = 0;
    std::uint64_t seq = 0;
    Message message;
};

class Simulation
{
public:
    explicit Simulation(std::uint64_t seed);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // A copy of the whole state (actors, queue, RNG, clock, trace): a checkpoint.
    // Without the trace when `withTrace` is false (Timeline keeps one trace and cuts it
    // back on rewind, so checkpoints need not each hold a copy). Actors are copied on
    // write: the copy shares each actor with this simulation until one of the two is
    // about to change it (deliver it a message, hand it out mutable), and only then
    // copies that actor. A checkpoint costs the queue and a pointer per actor; the
    // actors' copies are spread over the events that follow.
    std::unique_ptr<Simulation> clone(bool withTrace = true) const;

    std::uint64_t seed() const { return m_seed; }
    Time now() const { return m_now; }
    Rng& rng() { return m_rng; }
    Network& network() { return m_network; }
    const Network& network() const { return m_network; }
    Trace& trace() { return *m_trace; }
    const Trace& trace() const { return *m_trace; }
    // Hands the trace object itself from one simulation to another (a rewind restores a
    // checkpoint and keeps the one trace, cut back): views that hold a reference to the
    // trace stay valid across rewinds.
    std::unique_ptr<Trace> releaseTrace();
    void adoptTrace(std::unique_ptr<Trace> trace);

    // Adds an actor placed on `host` and calls its start(). The pointer returned, like
    // mutableActor's, is valid until the next step or clone (copy on write may replace
    // the actor), so look actors up again rather than keep them.
    Actor* addActor(std::unique_ptr<Actor> actor, const std::string& host);
    // Read-only views of an actor (the app's panels, tests).
    const Actor* actor(const std::string& name) const;
    template<typename T>
    const T* actorAs(const std::string& name) const
    {
        return dynamic_cast<const T*>(actor(name));
    }
    // An actor to change from outside an event (a client taking its reply): first
    // unshared from any checkpoint.
    Actor* mutableActor(const std::string& name);
    template<typename T>
    T* mutableActorAs(const std::string& name)
    {
        return dynamic_cast<T*>(mutableActor(name));
    }
    std::vector<std::string> actorNames() const;

    // Input from outside the simulation (the shell, the app): delivered after `delay`.
    void post(Message message, Duration delay = 0);
    // Network send from actor `from`; used by Context.
    void send(Message message);
    void schedule(Message message, Duration after);

    // Processes the next event. Returns false when the queue is empty.
    bool step();
    const QueuedEvent* peek() const;
    // Processes every event at or before `t`, then sets the clock to `t`.
    void runUntil(Time t);
    size_t pending() const { return m_queue.size(); }
    std::uint64_t processed() const { return m_processed; }

    // Used by Context while an event is handled.
    void describeCurrent(TraceRecord record);
    TraceRecord& currentRecord() { return *m_current; } // after describeCurrent
    void clearCurrentPeriodic() { m_currentPeriodic = false; }
    bool currentPeriodic() const { return m_currentPeriodic; }

private:
    void push(QueuedEvent event);

    std::uint64_t m_seed;
    Time m_now = 0;
    std::uint64_t m_nextSeq = 1;
    std::uint64_t m_processed = 0;
    Rng m_rng;
    Network m_network;
    std::unique_ptr<Trace> m_trace = std::make_unique<Trace>(); // never null
    // Shared with clones until written. Hashed: an actor is looked up by name for every
    // message, and names share long prefixes ("kubelet-worker-1234"); nothing iterates
    // them in an order that matters (actorNames() sorts).
    std::unordered_map<std::string, std::shared_ptr<Actor>> m_actors;
    std::vector<QueuedEvent> m_queue; // binary heap, earliest first
    std::optional<TraceRecord> m_current;
    bool m_currentPeriodic = false; // messages sent while handling a periodic event inherit it
};

} // namespace kubelab::sim
