#pragma once
// Small readers over API objects held as JSON, shared by printers and describe: missing
// fields read as empty rather than throwing, because status is often not filled in yet.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/json_view.h"
#include "engine/sim/time.h"

namespace kubelab::printers {

using Json = nlohmann::json;

// The model's path readers (engine/model/json_view.h) under the short names printers,
// kubectl and the app read objects with.
// The value at a dotted path ("metadata.name"); null when any step is missing.
inline const Json& at(const Json& object, std::string_view dottedPath)
{
    return model::memberAtPath(object, dottedPath);
}
// The field as text: a string as is, "" when missing or null, else its JSON ("3").
inline std::string str(const Json& object, std::string_view dottedPath)
{
    return model::textAtPath(object, dottedPath);
}
// A number, truncated to an integer; `fallback` when missing or not a number.
inline std::int64_t num(const Json& object, std::string_view dottedPath, std::int64_t fallback = 0)
{
    return model::intAtPath(object, dottedPath, fallback);
}
// True only for the boolean true.
inline bool flag(const Json& object, std::string_view dottedPath)
{
    return model::boolAtPath(object, dottedPath);
}

// Parses RFC 3339 ("2026-01-05T09:00:00Z", fractional seconds and offsets allowed) into
// virtual time; nullopt when malformed.
std::optional<sim::Time> parseTimestamp(const std::string& text);
// kubectl's translateTimestampSince: "<unknown>" for a missing time.
std::string since(const Json& timestamp, sim::Time now);
std::string age(const Json& object, sim::Time now);

// labels.FormatLabels: "a=1,b=2" sorted, "<none>" when empty.
std::string formatLabels(const Json& labels);
// metav1.FormatLabelSelector: "app=web,tier in (a,b)", "<none>" when empty or null.
std::string formatLabelSelector(const Json& selector);
// Container names and images joined by ",", as layoutContainerCells.
std::pair<std::string, std::string> containerCells(const Json& podSpec);

// "ReplicaSet/web-5d8f": the owner reference marked controller, "" when none.
std::string controllerOf(const Json& object);

// "1 2" joining helper.
std::string join(const std::vector<std::string>& parts, const std::string& sep);
std::vector<std::string> split(const std::string& text, char sep);
std::string toLower(std::string s);
std::string toUpper(std::string s);

} // namespace kubelab::printers
