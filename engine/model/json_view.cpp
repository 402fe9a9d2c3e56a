#include "engine/model/json_view.h"

namespace kubelab::model {

using nlohmann::json;

namespace {
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
} // namespace

const json& objectAt(const json& o, std::string_view key)
{
    const json* v = find(o, key);
    return v ? *v : emptyObject();
}

const json& memberAt(const json& o, std::string_view key)
{
    const json* v = find(o, key);
    return v ? *v : null();
}

std::string_view stringAt(const json& o, std::string_view key)
{
    const json* v = find(o, key);
    return v && v->is_string() ? std::string_view(v->get_ref<const std::string&>())
                               : std::string_view();
}

} // namespace kubelab::model
