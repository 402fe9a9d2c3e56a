#pragma once
// Virtual time: nanoseconds since the simulation's epoch. Nothing in the engine reads the
// wall clock; every timestamp a learner sees is derived from this.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubelab::sim {

using Time = std::int64_t;     // virtual nanoseconds since epoch start
using Duration = std::int64_t; // virtual nanoseconds

constexpr Duration kMicrosecond = 1000;
constexpr Duration kMillisecond = 1000 * kMicrosecond;
constexpr Duration kSecond = 1000 * kMillisecond;
constexpr Duration kMinute = 60 * kSecond;
constexpr Duration kHour = 60 * kMinute;
constexpr Duration kDay = 24 * kHour;

// Wall-calendar instant that virtual time 0 maps to (2026-01-05T09:00:00Z), so
// creationTimestamps look like a real cluster's. Unix seconds.
constexpr std::int64_t kEpochUnixSeconds = 1767603600;

// Parses "500ms", "90s", "5m", "2h", "3d", "1m30s", "250us". Returns nullopt on bad input.
std::optional<Duration> parseDuration(std::string_view text);

// "1.5s", "2m30s", "3d4h": compact, for time stamps in the shell and trace.
std::string formatDuration(Duration d);

// RFC 3339 in UTC with second precision, as metadata.creationTimestamp shows.
std::string formatTimestamp(Time t);

// kubectl's AGE column ("5s", "3m12s", "2d3h"): duration.HumanDuration in apimachinery.
std::string humanDuration(Duration d);

} // namespace kubelab::sim
