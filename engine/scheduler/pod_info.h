#pragma once
// A pod as the scheduler sees it: everything the plugins read, parsed once from the JSON
// object when the pod enters the cache or queue (as framework.PodInfo in kube-scheduler
// v1.31), so no plugin touches JSON in the per-node loop.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/selector.h"

namespace kubelab::scheduler {

using Labels = std::map<std::string, std::string>;

// Requests as integers: milli-CPU, bytes, pods.
struct Resources
{
    std::int64_t milliCpu = 0;
    std::int64_t memory = 0;
    std::int64_t ephemeralStorage = 0;

    Resources& operator+=(const Resources& o)
    {
        milliCpu += o.milliCpu;
        memory += o.memory;
        ephemeralStorage += o.ephemeralStorage;
        return *this;
    }
    Resources& operator-=(const Resources& o)
    {
        milliCpu -= o.milliCpu;
        memory -= o.memory;
        ephemeralStorage -= o.ephemeralStorage;
        return *this;
    }
    bool isZero() const { return !milliCpu && !memory && !ephemeralStorage; }
};

struct Toleration
{
    std::string key;
    std::string op = "Equal"; // Equal | Exists
    std::string value;
    std::string effect; // empty: every effect
};

struct Taint
{
    std::string key;
    std::string value;
    std::string effect; // NoSchedule | PreferNoSchedule | NoExecute
};

// One nodeSelectorTerms[] entry: requirements are ANDed; terms are ORed.
struct NodeSelectorTerm
{
    struct Requirement
    {
        std::string key;
        std::string op; // In NotIn Exists DoesNotExist Gt Lt
        std::vector<std::string> values;
    };
    std::vector<Requirement> matchExpressions;
    std::vector<Requirement> matchFields; // only metadata.name
    bool matches(const Labels& labels, const std::string& nodeName) const;
};

struct PreferredSchedulingTerm
{
    std::int32_t weight = 0;
    NodeSelectorTerm term;
};

// A pod (anti-)affinity term, namespaces resolved against the owning pod.
struct PodAffinityTerm
{
    model::LabelSelector selector;
    std::vector<std::string> namespaces; // empty with allNamespaces=false: none
    bool allNamespaces = false;
    std::string topologyKey;
    std::int32_t weight = 0; // preferred terms only
    bool matches(const std::string& podNamespace, const Labels& podLabels) const;
};

struct TopologySpreadConstraint
{
    std::int32_t maxSkew = 1;
    std::string topologyKey;
    bool doNotSchedule = true; // whenUnsatisfiable
    model::LabelSelector selector;
    std::int32_t minDomains = 1;
    bool honorNodeAffinity = true; // nodeAffinityPolicy (default Honor)
    bool honorNodeTaints = false;  // nodeTaintsPolicy (default Ignore)
    std::string selectorKey;       // NodeInfo::matchKey(selector), filled by PodTopologySpread
    std::size_t selectorHash = 0;  // std::hash of selectorKey, filled with it
};

struct HostPort
{
    std::string ip; // "0.0.0.0" when unset
    std::string protocol;
    std::int32_t port = 0;
};

// What a pod asks of the node it is placed on, read only while that pod itself is being
// scheduled: never of a pod already on a node. So the cache keeps a pod on a node without
// it (PodInfo::placement null): a third of each PodInfo, held for every pod in the cluster.
struct Placement
{
    std::vector<Toleration> tolerations;
    Labels nodeSelector;
    std::optional<std::vector<NodeSelectorTerm>> requiredNodeAffinity;
    std::vector<PreferredSchedulingTerm> preferredNodeAffinity;
    std::vector<TopologySpreadConstraint> spreadConstraints;
    std::vector<std::string> images; // init containers then containers

    static const Placement& none();
};

// The distinct label sets of the pods a scheduler holds, each held once: pods created
// from one template carry equal labels, and the cache holds a PodInfo per pod. Sets no
// pod holds any more are forgotten as the table grows.
class LabelSets
{
public:
    std::shared_ptr<const Labels> intern(Labels labels);
    std::size_t size() const { return m_sets.size(); }
    static constexpr std::size_t kMinPruneAt = 64;

private:
    struct ByContent
    {
        using is_transparent = void;
        bool operator()(const std::shared_ptr<const Labels>& a,
                        const std::shared_ptr<const Labels>& b) const
        {
            return *a < *b;
        }
        bool operator()(const Labels& a, const std::shared_ptr<const Labels>& b) const
        {
            return a < *b;
        }
        bool operator()(const std::shared_ptr<const Labels>& a, const Labels& b) const
        {
            return *a < b;
        }
    };
    std::set<std::shared_ptr<const Labels>, ByContent> m_sets;
    std::size_t m_pruneAt = kMinPruneAt;
};

struct PodInfo
{
    std::string key; // namespace/name
    std::string ns;
    std::string name;
    std::string uid;
    std::string nodeName;          // spec.nodeName (bound, or requested by the user)
    std::string nominatedNodeName; // status.nominatedNodeName
    // metadata.labels, shared with the pods that carry the same (LabelSets); labels() reads.
    std::shared_ptr<const Labels> labelSet;
    std::int32_t priority = 0;
    bool preemptNever = false;
    bool terminating = false;
    std::string startTime; // RFC 3339, sorts as time
    // Requests as the pod's effective request (containers, init containers, sidecars,
    // overhead), and the same with kube-scheduler's non-zero defaults (100m, 200Mi) for
    // containers that ask for nothing, used by scoring.
    Resources requests;
    Resources nonZeroRequests;
    std::vector<HostPort> hostPorts;
    // Existing pods' (anti-)affinity terms: InterPodAffinity reads them of pods on nodes too.
    std::vector<PodAffinityTerm> requiredAffinity;
    std::vector<PodAffinityTerm> requiredAntiAffinity;
    std::vector<PodAffinityTerm> preferredAffinity;
    std::vector<PodAffinityTerm> preferredAntiAffinity;
    // True when a ReplicaSet, StatefulSet or ReplicationController owns the pod: kube-
    // scheduler then applies the system default spread constraints.
    bool hasControllerOwner = false;
    // Claims named by the pod's persistentVolumeClaim volumes, in volume order.
    std::vector<std::string> claims;
    // Null for a pod on a node (see Placement); wants() reads it.
    std::shared_ptr<const Placement> placement;

    const Placement& wants() const { return placement ? *placement : Placement::none(); }
    const Labels& labels() const;

    bool hasAffinity() const
    {
        return !requiredAffinity.empty() || !requiredAntiAffinity.empty() ||
               !preferredAffinity.empty() || !preferredAntiAffinity.empty();
    }
};

// Parses a core/v1 Pod. `priority` overrides spec.priority (resolved from the
// PriorityClass by the caller). Without `placement`, for a pod already on a node, what it
// asks of its node (Placement) is not kept. With `labelSets`, the labels are shared with
// the pods seen before that carry the same.
PodInfo podInfoFromJson(const nlohmann::json& pod, std::optional<std::int32_t> priority = {},
                        bool placement = true, LabelSets* labelSets = nullptr);

// Effective requests of a pod spec, as resourcehelper.PodRequests (v1.31): the larger of
// the containers' sum and each init container (plus the sidecars started before it),
// sidecars added to the sum, plus overhead. `nonZero` fills in 100m CPU / 200Mi memory
// for containers that request neither, as the scheduler's scoring does.
Resources podRequests(const nlohmann::json& spec, bool nonZero);

bool tolerates(const Toleration& t, const Taint& taint);
bool toleratesAll(const std::vector<Toleration>& ts, const Taint& taint);

} // namespace kubelab::scheduler
