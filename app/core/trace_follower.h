#pragma once
// Follows the engine's trace for a view that builds something from it incrementally (the
// event log's rows, the sequence view's arrows, the charts' samples). The trace only grows,
// except on rewind, when it is cut back and the replay may append different records; a
// view can see several such changes at once (a script that rewinds and runs on), so
// counting records is not enough. The follower remembers each seen record's (seq, time)
// and tells the view how many of the records it saw are still the same.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/sim/time.h"

namespace kubelab::sim {
class Trace;
}

namespace kubelab::app {

class TraceFollower
{
public:
    // Call after each advance. Returns how many records of the trace seen at the last call
    // are unchanged: the caller keeps what it built from records [0, kept) and takes
    // records [kept, trace.size()) as new. A fresh follower returns 0.
    size_t sync(const sim::Trace& trace);
    // How many records the last sync saw.
    size_t seen() const { return m_stamps.size(); }

private:
    struct Stamp
    {
        std::uint64_t seq;
        sim::Time time;
    };
    size_t unchangedPrefix(const sim::Trace& trace) const;

    const sim::Trace* m_trace = nullptr;
    std::vector<Stamp> m_stamps;
};

} // namespace kubelab::app
