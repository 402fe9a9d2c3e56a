#include "engine/client/informer.h"

#include "engine/model/json_view.h"

namespace kubelab::client {

using nlohmann::json;

std::string Informer::keyOf(const json& object)
{
    const json& meta = model::objectAt(object, "metadata");
    const std::string ns = meta.value("namespace", "");
    const std::string name = meta.value("name", "");
    return ns.empty() ? name : ns + "/" + name;
}

std::string Informer::apply(const std::string& type, const json& object, json* previous)
{
    const std::string key = keyOf(object);
    auto it = m_objects.find(key);
    if (previous)
        *previous = it == m_objects.end() ? json() : std::move(it->second); // replaced below
    if (type == "DELETED") {
        if (it != m_objects.end())
            m_objects.erase(it);
    } else {
        m_objects[key] = object;
    }
    return key;
}

const json* Informer::get(const std::string& key) const
{
    auto it = m_objects.find(key);
    return it == m_objects.end() ? nullptr : &it->second;
}

const json* Informer::get(const std::string& ns, const std::string& name) const
{
    return get(ns.empty() ? name : ns + "/" + name);
}

std::vector<const json*> Informer::list(const std::string& ns,
                                        const model::LabelSelector* selector) const
{
    std::vector<const json*> out;
    auto begin = ns.empty() ? m_objects.begin() : m_objects.lower_bound(ns + "/");
    for (auto it = begin; it != m_objects.end(); ++it) {
        if (!ns.empty() && it->first.compare(0, ns.size() + 1, ns + "/") != 0)
            break;
        if (selector) {
            const json& meta = model::objectAt(it->second, "metadata");
            if (!selector->matches(model::memberAt(meta, "labels")))
                continue;
        }
        out.push_back(&it->second);
    }
    return out;
}

} // namespace kubelab::client
