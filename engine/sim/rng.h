#pragma once
// Seeded pseudo-random numbers. xoshiro256** seeded through SplitMix64; every draw is
// defined bit for bit here (no std::*_distribution, whose results differ between
// standard libraries), so a seed gives the same trace on every machine.
#include <array>
#include <cstdint>
#include <string>

namespace kubelab::sim {

class Rng
{
public:
    explicit Rng(std::uint64_t seed = 1);

    std::uint64_t next();
    // Uniform in [0, bound) without modulo bias; bound > 0.
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [0, 1).
    double unit();
    // Lower-case alphanumeric string as Kubernetes' generateName suffix uses
    // (utilrand.String: consonants and digits without vowels and look-alikes).
    std::string suffix(int length);
    // RFC 4122 version 4 UUID text, from this generator.
    std::string uuid();

    std::array<std::uint64_t, 4> state() const { return m_s; }
    void setState(const std::array<std::uint64_t, 4>& s) { m_s = s; }

private:
    std::array<std::uint64_t, 4> m_s;
};

} // namespace kubelab::sim
