#include "engine/client/informer.h"

#include <stdexcept>

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

namespace {
// The uid of the object's controller ownerReference, or "" when it has none.
std::string controllerUid(const json& object)
{
    const json& refs = model::memberAt(model::objectAt(object, "metadata"), "ownerReferences");
    if (refs.is_array())
        for (const json& ref : refs)
            if (ref.is_object() && ref.value("controller", false))
                return ref.value("uid", "");
    return {};
}
} // namespace

void Informer::index(const std::string& key, const json& object)
{
    if (!m_spec.indexControllers)
        return;
    const std::string uid = controllerUid(object);
    if (uid.empty())
        m_uncontrolled.insert(key);
    else
        m_byController[uid].insert(key);
}

void Informer::unindex(const std::string& key, const json& object)
{
    if (!m_spec.indexControllers)
        return;
    const std::string uid = controllerUid(object);
    if (uid.empty()) {
        m_uncontrolled.erase(key);
        return;
    }
    auto it = m_byController.find(uid);
    if (it == m_byController.end())
        return;
    it->second.erase(key);
    if (it->second.empty())
        m_byController.erase(it);
}

std::string Informer::apply(const std::string& type, SharedObject object, SharedObject* previous)
{
    const std::string key = keyOf(*object);
    auto it = m_objects.find(key);
    if (it != m_objects.end())
        unindex(key, *it->second);
    if (previous)
        *previous = it == m_objects.end() ? nullptr : it->second;
    if (type == "DELETED") {
        if (it != m_objects.end())
            m_objects.erase(it);
    } else {
        index(key, *object);
        m_objects[key] = std::move(object);
    }
    return key;
}

void Informer::requireControllerIndex() const
{
    if (!m_spec.indexControllers)
        throw std::logic_error("informer for " + m_spec.resource +
                               " keeps no controller index (InformerSpec::indexControllers)");
}

std::vector<const json*> Informer::listControlledBy(const std::string& uid) const
{
    requireControllerIndex();
    std::vector<const json*> out;
    auto it = m_byController.find(uid);
    if (it != m_byController.end())
        for (const std::string& key : it->second)
            out.push_back(m_objects.at(key).get());
    return out;
}

std::vector<const json*> Informer::listUncontrolled(const std::string& ns) const
{
    requireControllerIndex();
    std::vector<const json*> out;
    const std::string prefix = ns + "/";
    for (auto it = m_uncontrolled.lower_bound(prefix);
         it != m_uncontrolled.end() && it->compare(0, prefix.size(), prefix) == 0; ++it)
        out.push_back(m_objects.at(*it).get());
    return out;
}

SharedObject Informer::getShared(const std::string& key) const
{
    auto it = m_objects.find(key);
    return it == m_objects.end() ? nullptr : it->second;
}

const json* Informer::get(const std::string& key) const
{
    auto it = m_objects.find(key);
    return it == m_objects.end() ? nullptr : it->second.get();
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
            const json& meta = model::objectAt(*it->second, "metadata");
            if (!selector->matches(model::memberAt(meta, "labels")))
                continue;
        }
        out.push_back(it->second.get());
    }
    return out;
}

} // namespace kubelab::client
