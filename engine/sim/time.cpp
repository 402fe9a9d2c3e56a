#include "engine/sim/time.h"

#include <cstdio>
#include <ctime>

namespace kubelab::sim {

std::optional<Duration> parseDuration(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    Duration total = 0;
    size_t i = 0;
    while (i < text.size()) {
        size_t start = i;
        __int128 value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            value = value * 10 + (text[i] - '0');
            if (value > (__int128(1) << 62))
                return std::nullopt;
            ++i;
        }
        if (i == start)
            return std::nullopt;
        size_t unitStart = i;
        while (i < text.size() && !(text[i] >= '0' && text[i] <= '9'))
            ++i;
        std::string_view unit = text.substr(unitStart, i - unitStart);
        Duration scale;
        if (unit == "ns")
            scale = 1;
        else if (unit == "us")
            scale = kMicrosecond;
        else if (unit == "ms")
            scale = kMillisecond;
        else if (unit == "s")
            scale = kSecond;
        else if (unit == "m")
            scale = kMinute;
        else if (unit == "h")
            scale = kHour;
        else if (unit == "d")
            scale = kDay;
        else
            return std::nullopt;
        __int128 add = value * scale;
        if (add + total > (__int128(1) << 62))
            return std::nullopt;
        total += static_cast<Duration>(add);
    }
    return total;
}

std::string formatDuration(Duration d)
{
    if (d < 0)
        return "-" + formatDuration(-d);
    char buf[64];
    if (d < kSecond) {
        if (d % kMillisecond == 0)
            std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(d / kMillisecond));
        else
            std::snprintf(buf, sizeof buf, "%.3fms", double(d) / kMillisecond);
        return buf;
    }
    if (d < kMinute) {
        if (d % kSecond == 0)
            std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(d / kSecond));
        else
            std::snprintf(buf, sizeof buf, "%.3fs", double(d) / kSecond);
        return buf;
    }
    long long days = d / kDay, hours = (d % kDay) / kHour, mins = (d % kHour) / kMinute;
    double secs = double(d % kMinute) / kSecond;
    std::string out;
    if (days)
        out += std::to_string(days) + "d";
    if (hours || days)
        out += std::to_string(hours) + "h";
    out += std::to_string(mins) + "m";
    if (secs > 0) {
        if ((d % kSecond) == 0)
            std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(secs));
        else
            std::snprintf(buf, sizeof buf, "%.3fs", secs);
        out += buf;
    }
    return out;
}

std::string formatTimestamp(Time t)
{
    std::time_t secs = kEpochUnixSeconds + t / kSecond;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string humanDuration(Duration d)
{
    // Mirrors k8s.io/apimachinery/pkg/util/duration.HumanDuration.
    long long seconds = d / kSecond;
    if (seconds < -1)
        return "<invalid>";
    if (seconds < 0)
        return "0s";
    if (seconds < 60 * 2)
        return std::to_string(seconds) + "s";
    long long minutes = d / kMinute;
    if (minutes < 10) {
        long long s = seconds % 60;
        if (s == 0)
            return std::to_string(minutes) + "m";
        return std::to_string(minutes) + "m" + std::to_string(s) + "s";
    }
    if (minutes < 60 * 3)
        return std::to_string(minutes) + "m";
    long long hours = d / kHour;
    if (hours < 8) {
        long long m = minutes % 60;
        if (m == 0)
            return std::to_string(hours) + "h";
        return std::to_string(hours) + "h" + std::to_string(m) + "m";
    }
    if (hours < 48)
        return std::to_string(hours) + "h";
    if (hours < 24 * 8) {
        long long h = hours % 24;
        if (h == 0)
            return std::to_string(hours / 24) + "d";
        return std::to_string(hours / 24) + "d" + std::to_string(h) + "h";
    }
    if (hours < 24 * 365 * 2)
        return std::to_string(hours / 24) + "d";
    if (hours < 24 * 365 * 8) {
        long long dy = (hours / 24) % 365;
        if (dy == 0)
            return std::to_string(hours / 24 / 365) + "y";
        return std::to_string(hours / 24 / 365) + "y" + std::to_string(dy) + "d";
    }
    return std::to_string(hours / 24 / 365) + "y";
}

} // namespace kubelab::sim
