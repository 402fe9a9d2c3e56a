#include "engine/node/timestamps.h"

#include <cstdio>

namespace kubelab::node {

namespace {
std::string withFraction(sim::Time t, int digits, sim::Duration unit)
{
    const sim::Time whole = t - ((t % sim::kSecond) + sim::kSecond) % sim::kSecond;
    std::string base = sim::formatTimestamp(whole); // "...:SSZ"
    base.pop_back();
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%0*lld", digits, static_cast<long long>((t - whole) / unit));
    return base + frac + "Z";
}
} // namespace

std::string formatMicroTime(sim::Time t)
{
    return withFraction(t, 6, sim::kMicrosecond);
}
std::string formatNanoTime(sim::Time t)
{
    return withFraction(t, 9, 1);
}

} // namespace kubelab::node
