#include "engine/model/json_view.h"

namespace kubelab::model {

using nlohmann::json;

namespace {

// Immutable, so one of each can be shared by every caller.
const json& emptyObject()
{
    static const json empty = json::object();
    return empty;
}
const json& null()
{
    static const json n;
    return n;
}

const json* find(const json& o, std::string_view key)
{
    if (!o.is_object())
        return nullptr;
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}

const json* findPath(const json& o, std::string_view path)
{
    const json* cur = &o;
    while (true) {
        const std::size_t dot = path.find('.');
        cur = find(*cur, path.substr(0, dot));
        if (!cur || dot == std::string_view::npos)
            return cur;
        path.remove_prefix(dot + 1);
    }
}

// The readers proper, over the field found (nullptr when absent).
const json& member(const json* v)
{
    return v ? *v : null();
}
const json& object(const json* v)
{
    return v ? *v : emptyObject();
}
std::string_view string(const json* v, std::string_view fallback)
{
    return v && v->is_string() ? std::string_view(v->get_ref<const std::string&>()) : fallback;
}
std::int64_t integer(const json* v, std::int64_t fallback)
{
    // get<std::int64_t>() of a floating-point number truncates toward zero.
    return v && v->is_number() ? v->get<std::int64_t>() : fallback;
}
bool boolean(const json* v, bool fallback)
{
    return v && v->is_boolean() ? v->get<bool>() : fallback;
}
std::string text(const json* v)
{
    if (!v || v->is_null())
        return {};
    return v->is_string() ? v->get<std::string>() : v->dump();
}

} // namespace

const json& memberAt(const json& o, std::string_view key)
{
    return member(find(o, key));
}

const json& objectAt(const json& o, std::string_view key)
{
    return object(find(o, key));
}

std::string_view stringAt(const json& o, std::string_view key, std::string_view fallback)
{
    return string(find(o, key), fallback);
}

std::int64_t intAt(const json& o, std::string_view key, std::int64_t fallback)
{
    return integer(find(o, key), fallback);
}

bool boolAt(const json& o, std::string_view key, bool fallback)
{
    return boolean(find(o, key), fallback);
}

std::string textAt(const json& o, std::string_view key)
{
    return text(find(o, key));
}

bool hasValue(const json& o, std::string_view key)
{
    const json* v = find(o, key);
    return v && !v->is_null();
}

const json& memberAtPath(const json& o, std::string_view path)
{
    return member(findPath(o, path));
}

const json& objectAtPath(const json& o, std::string_view path)
{
    return object(findPath(o, path));
}

std::string_view stringAtPath(const json& o, std::string_view path, std::string_view fallback)
{
    return string(findPath(o, path), fallback);
}

std::int64_t intAtPath(const json& o, std::string_view path, std::int64_t fallback)
{
    return integer(findPath(o, path), fallback);
}

bool boolAtPath(const json& o, std::string_view path, bool fallback)
{
    return boolean(findPath(o, path), fallback);
}

std::string textAtPath(const json& o, std::string_view path)
{
    return text(findPath(o, path));
}

} // namespace kubelab::model
