#include "engine/scheduler/cache.h"

namespace kubelab::scheduler {

void Cache::setNode(const nlohmann::json& node)
{
    const std::string name = node["metadata"].value("name", "");
    NodeInfo& n = m_nodes[name];
    if (!n.hasNode)
        m_registered.valid = false; // a new node (or a ghost registered again)
    n.setNode(node);
    m_factsValid = false;
}

void Cache::removeNode(const std::string& name)
{
    auto it = m_nodes.find(name);
    if (it == m_nodes.end())
        return;
    m_registered.valid = false;
    m_factsValid = false;
    // Pods still bound to a deleted node stay accounted until they go, as the cache's
    // "ghost" NodeInfo, but the node is no longer offered to cycles.
    if (it->second.pods.empty())
        m_nodes.erase(it);
    else
        it->second.hasNode = false;
}

void Cache::addOrUpdatePod(std::shared_ptr<const PodInfo> pod)
{
    removePod(pod->key);
    NodeInfo& n = m_nodes[pod->nodeName];
    if (n.name.empty())
        n.name = pod->nodeName;
    m_podNode[pod->key] = {pod->nodeName, false};
    m_spread.podAdded(n, *pod);
    if (pod->hasAffinity())
        m_factsValid = false;
    n.addPod(std::move(pod));
}

void Cache::removePod(const std::string& key)
{
    auto it = m_podNode.find(key);
    if (it == m_podNode.end())
        return;
    auto n = m_nodes.find(it->second.node);
    if (n != m_nodes.end()) {
        if (auto pod = n->second.removePod(key)) {
            m_spread.podRemoved(n->second, *pod);
            if (pod->hasAffinity())
                m_factsValid = false;
        }
        if (!n->second.hasNode && n->second.pods.empty())
            m_nodes.erase(n);
    }
    m_podNode.erase(it);
}

void Cache::assume(const PodInfo& pod, const std::string& node)
{
    auto copy = std::make_shared<PodInfo>(pod);
    copy->nodeName = node;
    copy->placement = nullptr; // on a node now (see Placement)
    addOrUpdatePod(copy);
    m_podNode[pod.key].assumed = true;
}

void Cache::forget(const std::string& key)
{
    if (isAssumed(key))
        removePod(key);
}

bool Cache::isAssumed(const std::string& key) const
{
    auto it = m_podNode.find(key);
    return it != m_podNode.end() && it->second.assumed;
}

Snapshot Cache::snapshot()
{
    if (!m_registered.valid) {
        m_registered.nodes.clear();
        for (auto& [name, n] : m_nodes)
            if (n.hasNode)
                m_registered.nodes.push_back(&n);
        m_registered.valid = true;
    }
    if (!m_factsValid) {
        m_facts.nodes = m_registered.nodes;
        m_facts.refresh();
        m_facts.nodes.clear();
        m_factsValid = true;
    }
    Snapshot s = m_facts;
    s.nodes = m_registered.nodes;
    m_spread.bind(&m_nodes);
    s.spread = &m_spread;
    return s;
}

const NodeInfo* Cache::node(const std::string& name) const
{
    auto it = m_nodes.find(name);
    return it == m_nodes.end() ? nullptr : &it->second;
}

void Cache::clear()
{
    m_registered = NodeList();
    m_factsValid = false;
    m_spread.clear();
    m_nodes.clear();
    m_podNode.clear();
}

} // namespace kubelab::scheduler
