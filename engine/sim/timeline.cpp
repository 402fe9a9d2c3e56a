#include "engine/sim/timeline.h"

#include <algorithm>
#include <utility>

namespace kubelab::sim {

Timeline::Timeline(std::unique_ptr<Simulation> sim, std::uint64_t interval, size_t maxCheckpoints)
    : m_sim(std::move(sim)), m_interval(std::max<std::uint64_t>(interval, 1)),
      m_maxCheckpoints(std::max<size_t>(maxCheckpoints, 2))
{
    m_checkpoints[m_sim->processed()] = m_sim->clone(false);
}

void Timeline::post(Message message, Duration delay)
{
    feedInputs();
    m_inputs.erase(m_inputs.begin() + std::ptrdiff_t(m_nextInput), m_inputs.end()); // diverge
    m_inputs.push_back({m_sim->processed(), m_sim->now() + delay, message});
    m_nextInput = m_inputs.size();
    m_horizon = m_sim->processed();
    m_sim->post(std::move(message), delay);
}

void Timeline::feedInputs()
{
    // Same absolute delivery time and, posted at the same point, the same sequence
    // number as the first time.
    while (m_nextInput < m_inputs.size() &&
           m_inputs[m_nextInput].afterEvent == m_sim->processed()) {
        const Input& in = m_inputs[m_nextInput++];
        m_sim->post(in.message, std::max<Duration>(in.deliverAt - m_sim->now(), 0));
    }
}

void Timeline::maybeCheckpoint()
{
    const std::uint64_t p = m_sim->processed();
    if (p % m_interval != 0 || m_checkpoints.count(p))
        return;
    m_checkpoints[p] = m_sim->clone(false);
    if (m_checkpoints.size() <= m_maxCheckpoints)
        return;
    // Thin out: keep the start and the checkpoints on the doubled interval.
    m_interval *= 2;
    for (auto it = std::next(m_checkpoints.begin()); it != m_checkpoints.end();) {
        if (it->first % m_interval == 0) {
            ++it;
            continue;
        }
        dispose(std::move(it->second));
        it = m_checkpoints.erase(it);
    }
}

void Timeline::dispose(std::unique_ptr<Simulation> sim)
{
    if (m_disposer && sim)
        m_disposer(std::move(sim));
}

bool Timeline::step()
{
    feedInputs();
    if (!m_sim->step())
        return false;
    m_horizon = std::max(m_horizon, m_sim->processed());
    maybeCheckpoint();
    return true;
}

void Timeline::runUntil(Time t)
{
    while (true) {
        feedInputs();
        const QueuedEvent* next = m_sim->peek();
        if (!next || next->time > t)
            break;
        step();
    }
    m_sim->runUntil(t); // moves the clock; no events left before t
}

bool Timeline::restoreCheckpointBefore(std::uint64_t processed)
{
    if (processed > m_sim->processed() || processed < start())
        return false;
    auto it = m_checkpoints.upper_bound(processed);
    --it; // the start checkpoint is at or before `processed`
    std::unique_ptr<Trace> trace = m_sim->releaseTrace();
    trace->truncate(size_t(trace->size() - (m_sim->processed() - it->first)));
    dispose(std::exchange(m_sim, it->second->clone(false)));
    m_sim->adoptTrace(std::move(trace)); // the same object: views keep their reference
    m_nextInput = size_t(std::find_if(m_inputs.begin(), m_inputs.end(),
                                      [&](const Input& in) { return in.afterEvent >= it->first; }) -
                         m_inputs.begin());
    for (auto later = m_checkpoints.upper_bound(processed); later != m_checkpoints.end();) {
        dispose(std::move(later->second));
        later = m_checkpoints.erase(later);
    }
    return true;
}

bool Timeline::rewindTo(std::uint64_t processed)
{
    if (!restoreCheckpointBefore(processed))
        return false;
    while (m_sim->processed() < processed && step()) {
    }
    return true;
}

} // namespace kubelab::sim
