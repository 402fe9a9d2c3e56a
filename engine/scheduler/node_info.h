#pragma once
// A node and the pods on it, as framework.NodeInfo in kube-scheduler v1.31: allocatable
// and requested resources as integers, taints, labels, used host ports and images, kept
// up to date incrementally so a scheduling cycle reads plain numbers.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/client/informer.h"
#include "engine/scheduler/pod_info.h"
#include "engine/scheduler/spread_index.h"

namespace kubelab::scheduler {

class NodeInfo
{
public:
    NodeInfo() = default;
    // From a core/v1 Node (labels, taints, spec.unschedulable, status.allocatable,
    // status.images). Keeps the pods already added.
    void setNode(const nlohmann::json& node);
    // For tests and the benchmark: a node without JSON.
    void setNode(std::string name, Labels labels, Resources allocatable, std::int64_t pods);

    void addPod(std::shared_ptr<const PodInfo> pod);
    // The pod removed; null when it is not on this node.
    std::shared_ptr<const PodInfo> removePod(const std::string& key);

    std::string name;
    Labels labels;
    std::vector<Taint> taints;
    bool unschedulable = false;
    bool hasNode = false; // false while only pods refer to it (node not yet seen)
    Resources allocatable;
    std::int64_t allowedPods = 0;
    Resources requested;        // sum of the pods' requests
    Resources nonZeroRequested; // with scoring's non-zero defaults
    std::vector<std::shared_ptr<const PodInfo>> pods;
    std::vector<HostPort> usedPorts;
    std::map<std::string, std::int64_t> imageSizes; // every name of an image -> bytes
    int podsWithAffinity = 0;
    int podsWithRequiredAntiAffinity = 0;

    // How many of this node's pods (not terminating, in `ns`) a label selector matches.
    // Remembered until the node's pods change, under `key`, which must be
    // matchKey(selector) (computed once per cycle by the caller): spreading scores every
    // candidate node against the same ReplicaSet's selector pod after pod, and counting
    // anew cost a selector match per pod on the node each time.
    // `keyHash` is std::hash of `key`, so that looking through the remembered counts
    // compares integers before strings.
    std::int64_t countMatching(const std::string& ns, const model::LabelSelector& selector,
                               const std::string& key, std::size_t keyHash) const;
    // The selector's canonical string; a selector that matches nothing (a null one) gets
    // a key no parsed selector has, so it is not taken for {} (which matches everything).
    static std::string matchKey(const model::LabelSelector& selector);

private:
    struct MatchCount
    {
        std::string ns;
        std::string selector;
        std::size_t selectorHash;
        std::int64_t count;
    };
    mutable std::vector<MatchCount> m_matchCounts; // the most recent few; see countMatching
};

// Whether spreading counts `pod` for `selector` in `ns`: not terminating, in that
// namespace, labels matching (countPodsMatchSelector).
bool spreadingCounts(const PodInfo& pod, const std::string& ns,
                     const model::LabelSelector& selector);

// The nodes a cycle sees, in name order, plus the cluster-wide facts some plugins need.
// What VolumeBinding reads of the cluster's storage, from the scheduler's informers
// (null in snapshots made without them: tests, the benchmark).
struct StorageListers
{
    const client::Informer* claims = nullptr;
    const client::Informer* volumes = nullptr;
    const client::Informer* classes = nullptr;
};

struct Snapshot
{
    std::vector<NodeInfo*> nodes;
    // image name -> number of nodes that hold it (ImageLocality's spread).
    std::map<std::string, int> imageNodeCount;
    bool anyPodWithAffinity = false;
    bool anyPodWithRequiredAntiAffinity = false;
    // node -> pods nominated to it by preemption and not yet bound; filters count those
    // of equal or higher priority, as RunFilterPluginsWithNominatedPods does.
    std::map<std::string, std::vector<std::shared_ptr<const PodInfo>>> nominatedPods;
    // The cache's index of matching pods per node (Cache::snapshot() sets it). Null in a
    // snapshot of other nodes (preemption's trial copies, tests): spreading then counts
    // each node's pods.
    SpreadIndex* spread = nullptr;
    StorageListers storage;

    // Recomputes the cluster-wide facts from `nodes`.
    void refresh();
};

} // namespace kubelab::scheduler
