#pragma once
// The scheduler's cache (pkg/scheduler/internal/cache, v1.31): nodes and the pods bound
// to them, plus "assumed" pods the scheduler has decided on but whose binding has not
// come back through the watch yet, so back-to-back cycles see each other's requests.
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/scheduler/node_info.h"
#include "engine/scheduler/spread_index.h"

namespace kubelab::scheduler {

class Cache
{
public:
    void setNode(const nlohmann::json& node);
    void removeNode(const std::string& name);
    // A pod bound to pod->nodeName, as the informer reports it (replaces an assumed one).
    void addOrUpdatePod(std::shared_ptr<const PodInfo> pod);
    void removePod(const std::string& key);
    // Reserve: counts `pod` on `node` before the binding is confirmed.
    void assume(const PodInfo& pod, const std::string& node);
    // Undoes assume() when binding fails.
    void forget(const std::string& key);
    bool isAssumed(const std::string& key) const;
    bool hasPod(const std::string& key) const { return m_podNode.count(key) > 0; }

    // Registered nodes in name order, with the cluster-wide facts refreshed.
    Snapshot snapshot();
    const NodeInfo* node(const std::string& name) const;
    void clear();

private:
    struct PodEntry
    {
        std::string node;
        bool assumed = false;
    };
    std::map<std::string, NodeInfo> m_nodes;
    std::map<std::string, PodEntry> m_podNode;
    // The registered nodes in name order, kept between cycles until a node comes or goes
    // (walking a map of 5,000 nodes every cycle showed in profiles). A copy of the cache
    // (a checkpoint's scheduler) starts without it: its pointers are into m_nodes.
    struct NodeList
    {
        std::vector<NodeInfo*> nodes;
        bool valid = false;
        NodeList() = default;
        NodeList(const NodeList&) {}
        NodeList& operator=(const NodeList&)
        {
            nodes.clear();
            valid = false;
            return *this;
        }
    };
    NodeList m_registered;
    // The snapshot's cluster-wide facts (image spread, pods with affinity), recomputed
    // only after a node or a pod with affinity changed: walking 5,000 nodes' images every
    // cycle showed in profiles.
    Snapshot m_facts;
    bool m_factsValid = false;
    // Matching pods per node for spreading's recent selectors (snapshots point at it).
    SpreadIndex m_spread;
};

} // namespace kubelab::scheduler
