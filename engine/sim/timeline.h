#pragma once
// Rewind: periodic checkpoints of the whole simulation (actors, queue, RNG, clock,
// trace) plus a log of the inputs that came from outside. Rewinding to any earlier
// event restores the nearest checkpoint before it and replays deterministically, so the
// result is byte for byte the state the simulation had then.
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "engine/sim/simulation.h"

namespace kubelab::sim {

class Timeline
{
public:
    // Takes a checkpoint every `interval` processed events (and one of the start).
    explicit Timeline(std::unique_ptr<Simulation> sim, std::uint64_t interval = 1000);

    Simulation& sim() { return *m_sim; }
    const Simulation& sim() const { return *m_sim; }

    // Input from outside (a kubectl request, a fault): recorded so replays repeat it.
    void post(Message message, Duration delay = 0);
    bool step();
    void runUntil(Time t);

    // Restores the state right after `processed` events (0 = the start). Inputs that
    // came later are kept and replayed as the simulation passes their points again
    // (redo), until a new input is posted there: then the old future is dropped.
    // Returns false if `processed` is in the future.
    bool rewindTo(std::uint64_t processed);
    // Inputs waiting to be replayed after a rewind.
    size_t pendingReplays() const { return m_inputs.size() - m_nextInput; }

    size_t checkpointCount() const { return m_checkpoints.size(); }

private:
    struct Input
    {
        std::uint64_t afterEvent; // sim.processed() when it was posted
        Time deliverAt;
        Message message;
    };
    void maybeCheckpoint();
    void feedInputs();

    std::unique_ptr<Simulation> m_sim;
    std::uint64_t m_interval;
    std::map<std::uint64_t, std::unique_ptr<Simulation>> m_checkpoints; // by processed
    std::vector<Input> m_inputs; // in posting order
    size_t m_nextInput = 0;      // first input not yet posted into m_sim
};

} // namespace kubelab::sim
