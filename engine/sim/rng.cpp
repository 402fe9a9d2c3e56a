#include "engine/sim/rng.h"

#include <cstdio>

namespace kubelab::sim {

namespace {
std::uint64_t splitMix(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
} // namespace

Rng::Rng(std::uint64_t seed)
{
    for (auto& word : m_s)
        word = splitMix(seed);
}

std::uint64_t Rng::next()
{
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

std::uint64_t Rng::below(std::uint64_t bound)
{
    if (bound <= 1)
        return 0;
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t v;
    do {
        v = next();
    } while (v >= limit);
    return v % bound;
}

double Rng::unit()
{
    return double(next() >> 11) * 0x1.0p-53;
}

std::string Rng::suffix(int length)
{
    // k8s.io/apimachinery/pkg/util/rand: "bcdfghjklmnpqrstvwxz2456789"
    static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string out;
    for (int i = 0; i < length; ++i)
        out += kAlphabet[below(sizeof kAlphabet - 1)];
    return out;
}

std::string Rng::uuid()
{
    std::uint64_t hi = next(), lo = next();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  (unsigned long long)(hi >> 32), (unsigned long long)((hi >> 16) & 0xffff),
                  (unsigned long long)(hi & 0xffff), (unsigned long long)(lo >> 48),
                  (unsigned long long)(lo & 0xffffffffffffULL));
    return buf;
}

} // namespace kubelab::sim
