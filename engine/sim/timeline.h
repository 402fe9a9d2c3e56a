#pragma once
// Rewind: periodic checkpoints of the whole simulation (actors, queue, RNG, clock) plus a
// log of the inputs that came from outside. Rewinding to any earlier event restores the
// nearest checkpoint before it and replays deterministically, so the result is byte for
// byte the state the simulation had then. The trace is not copied into checkpoints: it is
// append-only, so a rewind cuts it back and the replay appends the same records again.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "engine/sim/simulation.h"

namespace kubelab::sim {

class Timeline
{
public:
    // One input from outside, as posted: replaying the same inputs at the same points
    // reproduces the run (a saved cluster is its seed, topology and these).
    struct Input
    {
        std::uint64_t afterEvent; // sim.processed() when it was posted
        Time deliverAt;
        Message message;
    };

    // Takes a checkpoint every `interval` processed events (and one of the start). When
    // more than `maxCheckpoints` exist, every other one is dropped and the interval
    // doubles, so memory stays bounded and a rewind replays at most ~interval events.
    explicit Timeline(std::unique_ptr<Simulation> sim, std::uint64_t interval = 1000,
                      size_t maxCheckpoints = 64);

    Simulation& sim() { return *m_sim; }
    const Simulation& sim() const { return *m_sim; }

    // Input from outside (a kubectl request, a fault): recorded so replays repeat it.
    void post(Message message, Duration delay = 0);
    bool step();
    void runUntil(Time t);

    // Restores the state right after `processed` events. Inputs that came later are kept
    // and replayed as the simulation passes their points again (redo), until a new input
    // is posted there: then the old future is dropped. Returns false if `processed` is in
    // the future or before the first checkpoint (the timeline's start).
    bool rewindTo(std::uint64_t processed);
    // The first half of rewindTo: restores the latest checkpoint at or before `processed`
    // and leaves the replay to the caller's step() calls (the app replays in slices so
    // the window never freezes). Same conditions as rewindTo.
    bool restoreCheckpointBefore(std::uint64_t processed);
    // Inputs waiting to be replayed after a rewind.
    size_t pendingReplays() const { return m_inputs.size() - m_nextInput; }
    // How far (in processed events) this future has been run: stepping forward from a
    // rewind replays up to here identically. A new input starts a new future, and the
    // horizon falls back to where it was posted.
    std::uint64_t horizon() const { return std::max(m_horizon, m_sim->processed()); }
    // The earliest event count a rewind can reach.
    std::uint64_t start() const { return m_checkpoints.begin()->first; }

    size_t checkpointCount() const { return m_checkpoints.size(); }

    // Who destroys the simulations a rewind or a thinning lets go (the replaced present,
    // dropped checkpoints). Freeing a big simulation's objects takes tens of
    // milliseconds, so the app hands them to a background thread; by default they are
    // destroyed at once. Actors and objects still shared with the live simulation are
    // only released (shared_ptr counts are atomic), never destroyed there.
    using Disposer = std::function<void(std::unique_ptr<Simulation>)>;
    void setDisposer(Disposer disposer) { m_disposer = std::move(disposer); }
    std::uint64_t interval() const { return m_interval; }

    // The inputs that shaped the present (not the future a rewind left to replay).
    std::vector<Input> postedInputs() const
    {
        return {m_inputs.begin(), m_inputs.begin() + std::ptrdiff_t(m_nextInput)};
    }

private:
    void maybeCheckpoint();
    void feedInputs();
    void dispose(std::unique_ptr<Simulation> sim);
    Disposer m_disposer;

    std::unique_ptr<Simulation> m_sim;
    std::uint64_t m_interval;
    size_t m_maxCheckpoints;
    std::map<std::uint64_t, std::unique_ptr<Simulation>> m_checkpoints; // by processed
    std::vector<Input> m_inputs;                                        // in posting order
    size_t m_nextInput = 0; // first input not yet posted into m_sim
    std::uint64_t m_horizon = 0;
};

} // namespace kubelab::sim
