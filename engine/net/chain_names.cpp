#include "engine/net/chain_names.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "engine/sim/trace.h"

namespace kubelab::net {

namespace {

std::vector<std::uint8_t> sha256Bytes(const std::string& data)
{
    const std::string hex = sim::sha256Hex(data);
    std::vector<std::uint8_t> out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(std::uint8_t(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

// Go's base32.StdEncoding (RFC 4648 alphabet, padded; the padding is never reached here).
std::string base32(const std::vector<std::uint8_t>& bytes)
{
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::uint8_t b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (5 - bits)) & 31];
    while (out.size() % 8)
        out += '=';
    return out;
}

} // namespace

std::string portProtoHash(const std::string& servicePortName, const std::string& protocol)
{
    return base32(sha256Bytes(servicePortName + protocol)).substr(0, 16);
}

std::string serviceChainName(const std::string& servicePortName, const std::string& protocol)
{
    return "KUBE-SVC-" + portProtoHash(servicePortName, protocol);
}

std::string externalChainName(const std::string& servicePortName, const std::string& protocol)
{
    return "KUBE-EXT-" + portProtoHash(servicePortName, protocol);
}

std::string endpointChainName(const std::string& servicePortName, const std::string& protocol,
                              const std::string& endpoint)
{
    return "KUBE-SEP-" + base32(sha256Bytes(servicePortName + protocol + endpoint)).substr(0, 16);
}

std::string servicePortName(const std::string& ns, const std::string& name,
                            const std::string& portName)
{
    return ns + "/" + name + (portName.empty() ? "" : ":" + portName);
}

std::string savedProbability(int n)
{
    char written[32];
    std::snprintf(written, sizeof written, "%0.10f", 1.0 / double(n));
    const long stored = std::lround(double(0x80000000u) * std::strtod(written, nullptr));
    char saved[32];
    std::snprintf(saved, sizeof saved, "%.11f", double(stored) / double(0x80000000u));
    return saved;
}

} // namespace kubelab::net
