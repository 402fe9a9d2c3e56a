#pragma once
// Internal to defaulting (defaults*.cpp): small JSON helpers and the per-kind defaulters.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/json_view.h"

namespace kubelab::model::defaults {

using nlohmann::json;

// Defaults a string field that is absent, null or "" (Go's zero value).
inline void setString(json& o, const char* key, const char* value)
{
    if (!o.is_object())
        return;
    auto it = o.find(key);
    if (it == o.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty()))
        o[key] = value;
}

// Defaults a pointer-typed number field that is absent or null.
inline void setInt(json& o, const char* key, long long value)
{
    if (o.is_object() && !hasValue(o, key))
        o[key] = value;
}

// Defaults a plain (non-pointer) number field whose Go zero value means "unset".
inline void setIntIfZero(json& o, const char* key, long long value)
{
    if (!o.is_object())
        return;
    auto it = o.find(key);
    if (it == o.end() || it->is_null() || (it->is_number() && *it == 0))
        o[key] = value;
}

inline json& child(json& o, const char* key)
{
    if (!hasValue(o, key))
        o[key] = json::object();
    return o[key];
}

void podSpec(json& spec);
void podTemplate(json& tmpl); // PodTemplateSpec inside workloads
void pod(json& obj);          // a Pod object, with the admission defaults

} // namespace kubelab::model::defaults
