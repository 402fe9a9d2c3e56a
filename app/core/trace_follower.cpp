#include "app/core/trace_follower.h"

#include <algorithm>

#include "engine/sim/trace.h"

namespace kubelab::app {

size_t TraceFollower::unchangedPrefix(const sim::Trace& trace) const
{
    const auto& records = trace;
    auto same = [&](size_t i) {
        const sim::TraceRecord r = records[i];
        return r.seq == m_stamps[i].seq && r.time == m_stamps[i].time;
    };
    const size_t seen = m_stamps.size();
    // The usual case: the same trace, grown.
    if (&trace == m_trace && records.size() >= seen && (seen == 0 || same(seen - 1)))
        return seen;
    // Rewound: the records before the cut are the ones seen; those replayed after it
    // differ once an input changed the course. Binary search for the first difference.
    size_t lo = 0, hi = std::min(seen, records.size());
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (same(mid))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t TraceFollower::sync(const sim::Trace& trace)
{
    const size_t kept = unchangedPrefix(trace);
    m_trace = &trace;
    m_stamps.resize(kept);
    m_stamps.reserve(trace.size());
    for (auto it = trace.from(kept); it != trace.end(); ++it)
        m_stamps.push_back({it->seq, it->time});
    return kept;
}

} // namespace kubelab::app
