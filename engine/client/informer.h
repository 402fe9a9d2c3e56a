#pragma once
// A watch-fed cache of one resource, as client-go's shared informer and lister: the
// component's view of the cluster. Keys are "namespace/name" (or "name" for
// cluster-scoped objects), iterated in order.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/selector.h"

namespace kubelab::client {

struct InformerSpec
{
    std::string group; // "" for core
    std::string version = "v1";
    std::string resource; // plural
    std::string ns;       // empty: all namespaces
    std::string labelSelector;
    std::string fieldSelector;
    // client-go's controller indexer (listControlledBy, listUncontrolled): kept only for the
    // controllers that ask for it, since it costs a set entry per object.
    bool indexControllers = false;
};

// Objects are shared and never modified: the API server hands the same object to every
// watcher (sim::Message::object), so a watch event costs a pointer per informer, not a copy.
using SharedObject = std::shared_ptr<const nlohmann::json>;

class Informer
{
public:
    using Map = std::map<std::string, SharedObject>;
    // Iterates (key, object) pairs in key order, as a map of objects would.
    class ObjectsView
    {
    public:
        class Iterator
        {
        public:
            explicit Iterator(Map::const_iterator it) : m_it(it) {}
            std::pair<const std::string&, const nlohmann::json&> operator*() const
            {
                return {m_it->first, *m_it->second};
            }
            Iterator& operator++()
            {
                ++m_it;
                return *this;
            }
            bool operator!=(const Iterator& other) const { return m_it != other.m_it; }

        private:
            Map::const_iterator m_it;
        };
        explicit ObjectsView(const Map& map) : m_map(map) {}
        Iterator begin() const { return Iterator(m_map.begin()); }
        Iterator end() const { return Iterator(m_map.end()); }
        size_t size() const { return m_map.size(); }

    private:
        const Map& m_map;
    };

    Informer() = default;
    explicit Informer(InformerSpec spec) : m_spec(std::move(spec)) {}

    const InformerSpec& spec() const { return m_spec; }
    bool synced() const { return m_synced; }
    void markSynced() { m_synced = true; }
    void reset()
    {
        m_objects.clear();
        m_byController.clear();
        m_uncontrolled.clear();
        m_synced = false;
    }

    static std::string keyOf(const nlohmann::json& object);

    // Applies a watch event (ADDED, MODIFIED, DELETED). Returns the object's key and
    // stores the replaced object in *previous (null if none).
    std::string apply(const std::string& type, SharedObject object,
                      SharedObject* previous = nullptr);
    std::string apply(const std::string& type, const nlohmann::json& object)
    {
        return apply(type, std::make_shared<const nlohmann::json>(object));
    }

    ObjectsView objects() const { return ObjectsView(m_objects); }
    const nlohmann::json* get(const std::string& key) const;
    SharedObject getShared(const std::string& key) const;
    const nlohmann::json* get(const std::string& ns, const std::string& name) const;
    // Objects in `ns` (all when empty) matching `selector` (all when null), key order.
    std::vector<const nlohmann::json*> list(const std::string& ns = {},
                                            const model::LabelSelector* selector = nullptr) const;
    // Objects whose controller ownerReference has `uid`, and objects in `ns` with no
    // controller at all (adoption candidates): client-go's indexers, so a controller's
    // sync costs its own children rather than the whole namespace. Key order. Only with
    // InformerSpec::indexControllers (std::logic_error otherwise).
    std::vector<const nlohmann::json*> listControlledBy(const std::string& uid) const;
    std::vector<const nlohmann::json*> listUncontrolled(const std::string& ns) const;

private:
    InformerSpec m_spec;
    void unindex(const std::string& key, const nlohmann::json& object);
    void index(const std::string& key, const nlohmann::json& object);
    void requireControllerIndex() const;

    Map m_objects;
    std::map<std::string, std::set<std::string>> m_byController; // controller uid -> keys
    std::set<std::string> m_uncontrolled;                        // keys
    bool m_synced = false;
};

} // namespace kubelab::client
