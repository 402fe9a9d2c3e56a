#include "engine/scheduler/pod_info.h"

#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/model/quantity.h"

namespace kubelab::scheduler {

using nlohmann::json;

namespace {

// kube-scheduler's DefaultMilliCPURequest and DefaultMemoryRequest (schedutil, v1.31).
constexpr std::int64_t kDefaultMilliCpu = 100;
constexpr std::int64_t kDefaultMemory = 200LL * 1024 * 1024;

std::optional<model::Quantity> quantityOf(const json& v)
{
    if (v.is_string())
        return model::Quantity::parse(v.get<std::string>());
    if (v.is_number_integer())
        return model::Quantity::fromValue(v.get<std::int64_t>());
    if (v.is_number())
        return model::Quantity::parse(v.dump());
    return std::nullopt;
}

Resources resourcesOf(const json& list, bool nonZero)
{
    Resources r;
    if (!list.is_object()) {
        if (nonZero) {
            r.milliCpu = kDefaultMilliCpu;
            r.memory = kDefaultMemory;
        }
        return r;
    }
    bool hasCpu = false;
    bool hasMem = false;
    if (auto q = quantityOf(model::memberAt(list, "cpu"))) {
        r.milliCpu = q->milliValue();
        hasCpu = true;
    }
    if (auto q = quantityOf(model::memberAt(list, "memory"))) {
        r.memory = q->value();
        hasMem = true;
    }
    if (auto q = quantityOf(list.value("ephemeral-storage", json())))
        r.ephemeralStorage = q->value();
    if (nonZero && !hasCpu)
        r.milliCpu = kDefaultMilliCpu;
    if (nonZero && !hasMem)
        r.memory = kDefaultMemory;
    return r;
}

Resources containerRequests(const json& c, bool nonZero)
{
    const json& res = model::objectAt(c, "resources");
    return resourcesOf(model::memberAt(res, "requests"), nonZero);
}

void maxInto(Resources& into, const Resources& r)
{
    into.milliCpu = std::max(into.milliCpu, r.milliCpu);
    into.memory = std::max(into.memory, r.memory);
    into.ephemeralStorage = std::max(into.ephemeralStorage, r.ephemeralStorage);
}

Labels labelsOf(const json& obj)
{
    Labels out;
    if (obj.is_object())
        for (auto it = obj.begin(); it != obj.end(); ++it)
            if (it->is_string())
                out[it.key()] = it->get<std::string>();
    return out;
}

std::vector<NodeSelectorTerm::Requirement> requirementsOf(const json& list)
{
    std::vector<NodeSelectorTerm::Requirement> out;
    if (!list.is_array())
        return out;
    for (const json& r : list) {
        NodeSelectorTerm::Requirement req;
        req.key = r.value("key", "");
        req.op = r.value("operator", "");
        for (const json& v : model::memberAt(r, "values"))
            if (v.is_string())
                req.values.push_back(v.get<std::string>());
        out.push_back(std::move(req));
    }
    return out;
}

NodeSelectorTerm termOf(const json& t)
{
    NodeSelectorTerm term;
    term.matchExpressions = requirementsOf(model::memberAt(t, "matchExpressions"));
    term.matchFields = requirementsOf(model::memberAt(t, "matchFields"));
    return term;
}

bool requirementMatches(const NodeSelectorTerm::Requirement& r, const std::string* value)
{
    auto in = [&] {
        return value && std::find(r.values.begin(), r.values.end(), *value) != r.values.end();
    };
    auto number = [](const std::string& s, std::int64_t& out) {
        try {
            std::size_t used = 0;
            out = std::stoll(s, &used);
            return used == s.size();
        } catch (...) {
            return false;
        }
    };
    if (r.op == "In")
        return in();
    if (r.op == "NotIn")
        return !in();
    if (r.op == "Exists")
        return value != nullptr;
    if (r.op == "DoesNotExist")
        return value == nullptr;
    if ((r.op == "Gt" || r.op == "Lt") && value && r.values.size() == 1) {
        std::int64_t have = 0;
        std::int64_t want = 0;
        if (!number(*value, have) || !number(r.values[0], want))
            return false;
        return r.op == "Gt" ? have > want : have < want;
    }
    return false;
}

std::vector<PodAffinityTerm> affinityTerms(const json& list, const std::string& ns, bool weighted)
{
    std::vector<PodAffinityTerm> out;
    if (!list.is_array())
        return out;
    for (const json& item : list) {
        const json& t = weighted ? model::objectAt(item, "podAffinityTerm") : item;
        PodAffinityTerm term;
        term.weight = weighted ? item.value("weight", 0) : 0;
        term.topologyKey = t.value("topologyKey", "");
        // A null labelSelector matches no pod (metav1.LabelSelectorAsSelector).
        term.selector = model::LabelSelector::fromJson(model::memberAt(t, "labelSelector"))
                            .value_or(model::LabelSelector::fromJson(json()).value());
        for (const json& n : model::memberAt(t, "namespaces"))
            if (n.is_string())
                term.namespaces.push_back(n.get<std::string>());
        const json& nsSel = model::memberAt(t, "namespaceSelector");
        // An empty namespaceSelector {} selects every namespace. Selectors on namespace
        // labels need a namespace informer the mini-cluster's scheduler does not keep.
        if (nsSel.is_object() && nsSel.empty())
            term.allNamespaces = true;
        if (term.namespaces.empty() && nsSel.is_null())
            term.namespaces.push_back(ns);
        out.push_back(std::move(term));
    }
    return out;
}

} // namespace

bool NodeSelectorTerm::matches(const Labels& labels, const std::string& nodeName) const
{
    // An empty term matches nothing (nodeaffinity.NewNodeSelector, v1.31).
    if (matchExpressions.empty() && matchFields.empty())
        return false;
    for (const auto& r : matchExpressions) {
        auto it = labels.find(r.key);
        if (!requirementMatches(r, it == labels.end() ? nullptr : &it->second))
            return false;
    }
    for (const auto& r : matchFields) {
        if (r.key != "metadata.name")
            return false;
        if (!requirementMatches(r, &nodeName))
            return false;
    }
    return true;
}

bool PodAffinityTerm::matches(const std::string& podNamespace, const Labels& podLabels) const
{
    if (!allNamespaces &&
        std::find(namespaces.begin(), namespaces.end(), podNamespace) == namespaces.end())
        return false;
    return selector.matches(podLabels);
}

bool tolerates(const Toleration& t, const Taint& taint)
{
    if (!t.effect.empty() && t.effect != taint.effect)
        return false;
    if (t.op == "Exists")
        return t.key.empty() || t.key == taint.key;
    return t.key == taint.key && t.value == taint.value;
}

bool toleratesAll(const std::vector<Toleration>& ts, const Taint& taint)
{
    for (const auto& t : ts)
        if (tolerates(t, taint))
            return true;
    return false;
}

Resources podRequests(const json& spec, bool nonZero)
{
    Resources sum;
    for (const json& c : model::memberAt(spec, "containers"))
        sum += containerRequests(c, nonZero);
    Resources sidecars;
    Resources initMax;
    for (const json& c : model::memberAt(spec, "initContainers")) {
        Resources r = containerRequests(c, nonZero);
        if (c.value("restartPolicy", "") == "Always") {
            sum += r;
            sidecars += r;
            maxInto(initMax, sidecars);
        } else {
            r += sidecars;
            maxInto(initMax, r);
        }
    }
    maxInto(sum, initMax);
    sum += resourcesOf(model::memberAt(spec, "overhead"), false);
    return sum;
}

std::shared_ptr<const Labels> LabelSets::intern(Labels labels)
{
    if (auto it = m_sets.find(labels); it != m_sets.end())
        return *it;
    if (m_sets.size() >= m_pruneAt) {
        // Forget the sets no pod holds any more; the table at most doubles in between.
        std::erase_if(m_sets, [](const auto& set) { return set.use_count() == 1; });
        m_pruneAt = std::max<std::size_t>(kMinPruneAt, 2 * m_sets.size());
    }
    return *m_sets.insert(std::make_shared<const Labels>(std::move(labels))).first;
}

const Labels& PodInfo::labels() const
{
    static const Labels none;
    return labelSet ? *labelSet : none;
}

const Placement& Placement::none()
{
    static const Placement empty;
    return empty;
}

PodInfo podInfoFromJson(const json& pod, std::optional<std::int32_t> priority, bool placement,
                        LabelSets* labelSets)
{
    PodInfo p;
    const json& meta = model::objectAt(pod, "metadata");
    const json& spec = model::objectAt(pod, "spec");
    const json& status = model::objectAt(pod, "status");
    p.ns = meta.value("namespace", "default");
    p.name = meta.value("name", "");
    p.key = p.ns + "/" + p.name;
    p.uid = meta.value("uid", "");
    Labels labels = labelsOf(model::memberAt(meta, "labels"));
    p.labelSet = labelSets ? labelSets->intern(std::move(labels))
                           : std::make_shared<const Labels>(std::move(labels));
    p.terminating = meta.contains("deletionTimestamp") && !meta["deletionTimestamp"].is_null();
    for (const json& o : model::memberAt(meta, "ownerReferences")) {
        const std::string kind = o.value("kind", "");
        if (o.value("controller", false) &&
            (kind == "ReplicaSet" || kind == "StatefulSet" || kind == "ReplicationController"))
            p.hasControllerOwner = true;
    }
    for (const json& v : model::memberAt(spec, "volumes")) {
        const std::string claim = model::textAtPath(v, "persistentVolumeClaim.claimName");
        if (!claim.empty())
            p.claims.push_back(claim);
    }
    p.nodeName = spec.value("nodeName", "");
    p.priority = priority ? *priority : spec.value("priority", 0);
    p.preemptNever = spec.value("preemptionPolicy", "") == "Never";
    p.nominatedNodeName = status.value("nominatedNodeName", "");
    p.startTime = status.value("startTime", "");
    p.requests = podRequests(spec, false);
    p.nonZeroRequests = podRequests(spec, true);
    auto want = placement ? std::make_shared<Placement>() : nullptr;
    for (const char* list : {"initContainers", "containers"})
        for (const json& c : model::memberAt(spec, list)) {
            if (want)
                want->images.push_back(c.value("image", ""));
            for (const json& port : model::memberAt(c, "ports")) {
                const std::int32_t hp = port.value("hostPort", 0);
                if (hp <= 0)
                    continue;
                p.hostPorts.push_back(
                    {port.value("hostIP", "0.0.0.0"), port.value("protocol", "TCP"), hp});
            }
        }
    const json& aff = model::objectAt(spec, "affinity");
    const json& pa = model::objectAt(aff, "podAffinity");
    const json& paa = model::objectAt(aff, "podAntiAffinity");
    const char* reqKey = "requiredDuringSchedulingIgnoredDuringExecution";
    const char* prefKey = "preferredDuringSchedulingIgnoredDuringExecution";
    p.requiredAffinity = affinityTerms(model::memberAt(pa, reqKey), p.ns, false);
    p.preferredAffinity = affinityTerms(model::memberAt(pa, prefKey), p.ns, true);
    p.requiredAntiAffinity = affinityTerms(model::memberAt(paa, reqKey), p.ns, false);
    p.preferredAntiAffinity = affinityTerms(model::memberAt(paa, prefKey), p.ns, true);
    if (!want)
        return p;
    for (const json& t : model::memberAt(spec, "tolerations")) {
        Toleration tol;
        tol.key = t.value("key", "");
        tol.op = t.value("operator", "Equal");
        tol.value = t.value("value", "");
        tol.effect = t.value("effect", "");
        want->tolerations.push_back(std::move(tol));
    }
    want->nodeSelector = labelsOf(model::memberAt(spec, "nodeSelector"));
    const json& na = model::objectAt(aff, "nodeAffinity");
    const json& req = model::memberAt(na, reqKey);
    if (req.is_object()) {
        std::vector<NodeSelectorTerm> terms;
        for (const json& t : model::memberAt(req, "nodeSelectorTerms"))
            terms.push_back(termOf(t));
        want->requiredNodeAffinity = std::move(terms);
    }
    for (const json& t : model::memberAt(na, prefKey))
        want->preferredNodeAffinity.push_back(
            {t.value("weight", 0), termOf(model::objectAt(t, "preference"))});
    for (const json& c : model::memberAt(spec, "topologySpreadConstraints")) {
        TopologySpreadConstraint tsc;
        tsc.maxSkew = c.value("maxSkew", 1);
        tsc.topologyKey = c.value("topologyKey", "");
        tsc.doNotSchedule = c.value("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule";
        tsc.selector = model::LabelSelector::fromJson(model::memberAt(c, "labelSelector"))
                           .value_or(model::LabelSelector::fromJson(json()).value());
        tsc.minDomains = c.value("minDomains", 1);
        tsc.honorNodeAffinity = c.value("nodeAffinityPolicy", "Honor") == "Honor";
        tsc.honorNodeTaints = c.value("nodeTaintsPolicy", "Ignore") == "Honor";
        want->spreadConstraints.push_back(std::move(tsc));
    }
    p.placement = std::move(want);
    return p;
}

} // namespace kubelab::scheduler
