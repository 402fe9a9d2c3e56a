#include "engine/scheduler/node_info.h"

#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/model/quantity.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

std::int64_t quantity(const json& list, const char* name, bool milli)
{
    const json v = list.value(name, json());
    std::optional<model::Quantity> q;
    if (v.is_string())
        q = model::Quantity::parse(v.get<std::string>());
    else if (v.is_number_integer())
        q = model::Quantity::fromValue(v.get<std::int64_t>());
    if (!q)
        return 0;
    return milli ? q->milliValue() : q->value();
}

} // namespace

void NodeInfo::setNode(const json& node)
{
    const json& meta = model::objectAt(node, "metadata");
    const json& spec = model::objectAt(node, "spec");
    const json& status = model::objectAt(node, "status");
    name = meta.value("name", "");
    labels.clear();
    const json& lbl = model::objectAt(meta, "labels");
    for (auto it = lbl.begin(); it != lbl.end(); ++it)
        if (it->is_string())
            labels[it.key()] = it->get<std::string>();
    taints.clear();
    for (const json& t : model::memberAt(spec, "taints"))
        taints.push_back({t.value("key", ""), t.value("value", ""), t.value("effect", "")});
    unschedulable = spec.value("unschedulable", false);
    const json alloc = status.value("allocatable", model::objectAt(status, "capacity"));
    allocatable.milliCpu = quantity(alloc, "cpu", true);
    allocatable.memory = quantity(alloc, "memory", false);
    allocatable.ephemeralStorage = quantity(alloc, "ephemeral-storage", false);
    allowedPods = quantity(alloc, "pods", false);
    imageSizes.clear();
    for (const json& img : model::memberAt(status, "images"))
        for (const json& n : model::memberAt(img, "names"))
            if (n.is_string())
                imageSizes[n.get<std::string>()] = img.value("sizeBytes", std::int64_t(0));
    hasNode = true;
}

void NodeInfo::setNode(std::string n, Labels l, Resources alloc, std::int64_t podsAllowed)
{
    name = std::move(n);
    labels = std::move(l);
    allocatable = alloc;
    allowedPods = podsAllowed;
    hasNode = true;
}

void NodeInfo::addPod(std::shared_ptr<const PodInfo> pod)
{
    requested += pod->requests;
    nonZeroRequested += pod->nonZeroRequests;
    for (const auto& hp : pod->hostPorts)
        usedPorts.push_back(hp);
    if (pod->hasAffinity())
        ++podsWithAffinity;
    if (!pod->requiredAntiAffinity.empty())
        ++podsWithRequiredAntiAffinity;
    pods.push_back(std::move(pod));
    m_matchCounts.clear();
}

std::shared_ptr<const PodInfo> NodeInfo::removePod(const std::string& key)
{
    auto it = std::find_if(pods.begin(), pods.end(), [&](const auto& p) { return p->key == key; });
    if (it == pods.end())
        return nullptr;
    std::shared_ptr<const PodInfo> removed = std::move(*it);
    const PodInfo& pod = *removed;
    requested -= pod.requests;
    nonZeroRequested -= pod.nonZeroRequests;
    for (const auto& hp : pod.hostPorts) {
        auto u = std::find_if(usedPorts.begin(), usedPorts.end(), [&](const HostPort& x) {
            return x.ip == hp.ip && x.protocol == hp.protocol && x.port == hp.port;
        });
        if (u != usedPorts.end())
            usedPorts.erase(u);
    }
    if (pod.hasAffinity())
        --podsWithAffinity;
    if (!pod.requiredAntiAffinity.empty())
        --podsWithRequiredAntiAffinity;
    pods.erase(it);
    m_matchCounts.clear();
    return removed;
}

bool spreadingCounts(const PodInfo& pod, const std::string& ns,
                     const model::LabelSelector& selector)
{
    return !pod.terminating && pod.ns == ns && selector.matches(pod.labels());
}

std::string NodeInfo::matchKey(const model::LabelSelector& selector)
{
    return selector.matchesNothing() ? std::string("\0nothing", 8) : selector.toString();
}

std::int64_t NodeInfo::countMatching(const std::string& ns, const model::LabelSelector& selector,
                                     const std::string& key, std::size_t keyHash) const
{
    for (const MatchCount& m : m_matchCounts)
        if (m.selectorHash == keyHash && m.selector == key && m.ns == ns)
            return m.count;
    std::int64_t n = 0;
    for (const auto& p : pods)
        if (spreadingCounts(*p, ns, selector))
            ++n;
    constexpr std::size_t kRemembered = 8;
    if (m_matchCounts.size() >= kRemembered)
        m_matchCounts.erase(m_matchCounts.begin());
    m_matchCounts.push_back({ns, key, keyHash, n});
    return n;
}

void Snapshot::refresh()
{
    imageNodeCount.clear();
    anyPodWithAffinity = false;
    anyPodWithRequiredAntiAffinity = false;
    for (const NodeInfo* n : nodes) {
        for (const auto& [image, size] : n->imageSizes)
            ++imageNodeCount[image];
        anyPodWithAffinity = anyPodWithAffinity || n->podsWithAffinity > 0;
        anyPodWithRequiredAntiAffinity =
            anyPodWithRequiredAntiAffinity || n->podsWithRequiredAntiAffinity > 0;
    }
}

} // namespace kubelab::scheduler
