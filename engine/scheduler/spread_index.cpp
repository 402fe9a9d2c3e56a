#include "engine/scheduler/spread_index.h"

#include <algorithm>

#include "engine/scheduler/node_info.h"

namespace kubelab::scheduler {

void SpreadIndex::tally(Entry& e, const NodeInfo& node, const PodInfo& pod)
{
    if (!spreadingCounts(pod, e.ns, e.selector))
        return;
    Slot& s = e.counts[node.name];
    s.node = &node;
    ++s.count;
}

std::string SpreadIndex::labelKey(const std::string& ns, const std::string& key,
                                  const std::string& value)
{
    std::string out;
    out.reserve(ns.size() + key.size() + value.size() + 2);
    out.append(ns).push_back('\0');
    out.append(key).push_back('\0');
    out.append(value);
    return out;
}

void SpreadIndex::indexPods()
{
    m_pods.clear();
    if (m_nodes)
        for (const auto& [name, node] : *m_nodes)
            for (const auto& p : node.pods)
                for (const auto& [k, v] : p->labels())
                    m_pods[labelKey(p->ns, k, v)][p.get()] = &node;
    m_podsValid = m_nodes != nullptr;
}

const SpreadIndex::Counts& SpreadIndex::counts(const std::string& ns,
                                               const model::LabelSelector& selector,
                                               const std::string& key, std::size_t hash)
{
    ++m_clock;
    for (auto& e : m_entries)
        if (e->hash == hash && e->key == key && e->ns == ns) {
            e->used = m_clock;
            return e->counts;
        }
    if (m_entries.size() >= kEntries) {
        auto lru = std::min_element(m_entries.begin(), m_entries.end(),
                                    [](const auto& a, const auto& b) { return a->used < b->used; });
        m_entries.erase(lru);
    }
    auto e = std::make_unique<Entry>();
    e->ns = ns;
    e->key = key;
    e->hash = hash;
    e->selector = selector;
    e->used = m_clock;
    if (!m_podsValid)
        indexPods();
    // Every pod the selector matches carries each of its key=value requirements: the
    // fewest pods carrying one of them are all there is to look at.
    const std::unordered_map<const PodInfo*, const NodeInfo*>* fewest = nullptr;
    bool none = false;
    for (const auto& r : selector.requirements()) {
        const bool equality = r.op == model::Requirement::Op::Equals ||
                              (r.op == model::Requirement::Op::In && r.values.size() == 1);
        if (!equality || r.values.empty() || selector.matchesNothing())
            continue;
        auto it = m_pods.find(labelKey(ns, r.key, r.values.front()));
        if (it == m_pods.end()) {
            none = true;
            break;
        }
        if (!fewest || it->second.size() < fewest->size())
            fewest = &it->second;
    }
    if (fewest && !none)
        for (const auto& [pod, node] : *fewest)
            tally(*e, *node, *pod);
    else if (!none && m_nodes)
        for (const auto& [name, node] : *m_nodes)
            for (const auto& p : node.pods)
                tally(*e, node, *p);
    m_entries.push_back(std::move(e));
    return m_entries.back()->counts;
}

void SpreadIndex::podAdded(const NodeInfo& node, const PodInfo& pod)
{
    if (m_podsValid)
        for (const auto& [k, v] : pod.labels())
            m_pods[labelKey(pod.ns, k, v)][&pod] = &node;
    for (auto& e : m_entries)
        tally(*e, node, pod);
}

void SpreadIndex::podRemoved(const NodeInfo& node, const PodInfo& pod)
{
    if (m_podsValid)
        for (const auto& [k, v] : pod.labels()) {
            auto it = m_pods.find(labelKey(pod.ns, k, v));
            if (it == m_pods.end())
                continue;
            it->second.erase(&pod);
            if (it->second.empty())
                m_pods.erase(it);
        }
    for (auto& e : m_entries) {
        if (!spreadingCounts(pod, e->ns, e->selector))
            continue;
        auto it = e->counts.find(node.name);
        if (it != e->counts.end() && --it->second.count <= 0)
            e->counts.erase(it);
    }
}

} // namespace kubelab::scheduler
