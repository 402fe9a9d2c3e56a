#pragma once
// The readers of fields of API objects held as JSON, for every layer: controllers, the
// scheduler, the kubelet, the API server, validation, the printers and kubectl (through
// printers/object_util.h). A field that is absent, null or of another type reads as the
// fallback instead of throwing (status is often not filled in yet), and nothing is copied:
// objects and members come back by reference into the object, strings as views of it.
// nlohmann's own `value("spec", json::object())` copies the whole subtree and throws on a
// type mismatch; on the hot paths those copies dominated the run time.
//
// Two ways to name a field:
//   by key    one step, the key taken whole: label and annotation keys such as
//             "app.kubernetes.io/name" contain dots and slashes and are still one key;
//   by path   "spec.template.metadata.labels": keys separated by dots, each step taken as
//             by key; a step into anything but an object (a string, an array, null) reads
//             as absent. Arrays are not indexed.
//
// The references and views point into the object read (or to shared empty values): keep
// it alive while using them. Reading a temporary object does not compile, because the
// result would dangle at the end of the statement.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubelab::model {

// --- By key -----------------------------------------------------------------------------

// o[key] when o is an object holding key (whatever its type, null included); otherwise a
// shared null.
const nlohmann::json& memberAt(const nlohmann::json& o, std::string_view key);
// o[key] when o is an object holding key; otherwise a shared empty object, so an optional
// object ("spec", "labels") reads without a check. Unlike memberAt, absent is {}, not null;
// a member present with another type (null included) comes back as it is.
const nlohmann::json& objectAt(const nlohmann::json& o, std::string_view key);
// The string at o[key], viewed in place; `fallback` when absent, null or not a string
// (a number reads as `fallback`, not as its digits). A view of `fallback` itself when it
// is returned: pass a literal or a string that outlives the result.
std::string_view stringAt(const nlohmann::json& o, std::string_view key,
                          std::string_view fallback = {});
// The number at o[key] as an integer, a fraction truncated toward zero; `fallback` when
// absent, null or not a number (booleans and numeric strings such as "3" included).
std::int64_t intAt(const nlohmann::json& o, std::string_view key, std::int64_t fallback = 0);
// The boolean at o[key]; `fallback` when absent, null or not a boolean (the string "true"
// included).
bool boolAt(const nlohmann::json& o, std::string_view key, bool fallback = false);
// o[key] as display text (a copy): a string as it is, "" when absent or null, anything
// else as its JSON ("3", "true", "[1,2]"), as printers and explanations show a field.
std::string textAt(const nlohmann::json& o, std::string_view key);
// Whether o holds key with a value other than null: Go's non-nil pointer field.
bool hasValue(const nlohmann::json& o, std::string_view key);

// --- By dotted path ---------------------------------------------------------------------
// Each as its by-key namesake applied to the field the path ends at.

const nlohmann::json& memberAtPath(const nlohmann::json& o, std::string_view path);
const nlohmann::json& objectAtPath(const nlohmann::json& o, std::string_view path);
std::string_view stringAtPath(const nlohmann::json& o, std::string_view path,
                              std::string_view fallback = {});
std::int64_t intAtPath(const nlohmann::json& o, std::string_view path, std::int64_t fallback = 0);
bool boolAtPath(const nlohmann::json& o, std::string_view path, bool fallback = false);
std::string textAtPath(const nlohmann::json& o, std::string_view path);

// A reference or view into a temporary dangles once the statement ends.
const nlohmann::json& memberAt(const nlohmann::json&& o, std::string_view key) = delete;
const nlohmann::json& objectAt(const nlohmann::json&& o, std::string_view key) = delete;
std::string_view stringAt(const nlohmann::json&& o, std::string_view key,
                          std::string_view fallback = {}) = delete;
const nlohmann::json& memberAtPath(const nlohmann::json&& o, std::string_view path) = delete;
const nlohmann::json& objectAtPath(const nlohmann::json&& o, std::string_view path) = delete;
std::string_view stringAtPath(const nlohmann::json&& o, std::string_view path,
                              std::string_view fallback = {}) = delete;

} // namespace kubelab::model
