// Validation of the non-core kinds: Deployment, ReplicaSet, StatefulSet, DaemonSet (apps),
// Job (batch), EndpointSlice, Lease and PriorityClass. Messages follow
// pkg/apis/{apps,batch,discovery,coordination,scheduling}/validation (1.30).
#include <set>

#include "engine/model/priority.h"
#include "engine/model/selector.h"
#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

const char kMismatch[] = "`selector` does not match template `labels`";

bool emptySelector(const json& sel)
{
    const json& ml = memberAt(sel, "matchLabels");
    const json& me = memberAt(sel, "matchExpressions");
    return (!ml.is_object() || ml.empty()) && (!me.is_array() || me.empty());
}

void labelSelector(const json& sel, const std::string& path, Errors& errs)
{
    validateLabels(memberAt(sel, "matchLabels"), child(path, "matchLabels"), errs);
    const json& exprs = memberAt(sel, "matchExpressions");
    if (!exprs.is_array())
        return;
    for (size_t i = 0; i < exprs.size(); ++i) {
        const std::string p = index(child(path, "matchExpressions"), i);
        const std::string op(stringAt(exprs[i], "operator"));
        const json& values = memberAt(exprs[i], "values");
        const size_t n = values.is_array() ? values.size() : 0;
        if ((op == "In" || op == "NotIn") && n == 0)
            errs.push_back(required(child(p, "values"),
                                    "must be specified when `operator` is 'In' or 'NotIn'"));
        else if ((op == "Exists" || op == "DoesNotExist") && n > 0)
            errs.push_back(forbidden(child(p, "values"), "may not be specified when `operator` "
                                                         "is 'Exists' or 'DoesNotExist'"));
        else if (op != "In" && op != "NotIn" && op != "Exists" && op != "DoesNotExist")
            errs.push_back(invalid(child(p, "operator"), op, "not a valid selector operator"));
        addInvalid(errs, child(p, "key"), std::string(stringAt(exprs[i], "key")),
                   isQualifiedName(std::string(stringAt(exprs[i], "key"))));
    }
}

// Selector checks shared by the controllers: Required / empty / does not match.
// A missing selector selects nothing, so the template labels never match it either.
void selectorAndTemplate(const json& spec, const std::string& what, Errors& errs)
{
    const json& sel = memberAt(spec, "selector");
    if (sel.is_null()) {
        errs.push_back(required("spec.selector"));
    } else {
        labelSelector(sel, "spec.selector", errs);
        if (emptySelector(sel))
            errs.push_back(invalid("spec.selector", sel, "empty selector is invalid for " + what));
    }
    const json& labels = memberAtPath(spec, "template.metadata.labels");
    std::string error;
    const auto selector = LabelSelector::fromJson(sel, &error);
    if (!selector)
        errs.push_back(invalid("spec.selector", sel, "invalid label selector"));
    else if (!selector->empty() && !selector->matches(labels))
        errs.push_back(invalid("spec.template.metadata.labels",
                               labels.is_null() ? json::object() : labels, kMismatch));
}

void alwaysRestart(const json& spec, const std::string& kind, bool forbiddenDeadline, Errors& errs)
{
    const json& podSpec = memberAtPath(spec, "template.spec");
    const std::string restart(stringAt(podSpec, "restartPolicy"));
    if (restart != "Always")
        errs.push_back(notSupported("spec.template.spec.restartPolicy", restart, {"Always"}));
    if (hasValue(podSpec, "activeDeadlineSeconds")) {
        const std::string msg = "activeDeadlineSeconds in " + kind + " is not Supported";
        const std::string p = "spec.template.spec.activeDeadlineSeconds";
        errs.push_back(forbiddenDeadline
                           ? forbidden(p, msg)
                           : invalid(p, memberAt(podSpec, "activeDeadlineSeconds"), msg));
    }
}

void immutable(const json& spec, const json& oldSpec, const char* field, Errors& errs)
{
    if (memberAt(spec, field) != memberAt(oldSpec, field))
        errs.push_back(
            invalid(std::string("spec.") + field, memberAt(spec, field), "field is immutable"));
}

void rollingLimits(const json& ru, const std::string& path, Errors& errs)
{
    const json& mu = memberAt(ru, "maxUnavailable");
    const json& ms = memberAt(ru, "maxSurge");
    intOrPercent(mu, child(path, "maxUnavailable"), false, errs);
    intOrPercent(ms, child(path, "maxSurge"), false, errs);
    if (scaledValue(mu, 100, false) == 0 && scaledValue(ms, 100, false) == 0)
        errs.push_back(invalid(child(path, "maxUnavailable"), mu.is_null() ? json(0) : mu,
                               "may not be 0 when `maxSurge` is 0"));
    notMoreThan100Percent(mu, child(path, "maxUnavailable"), errs);
}

void deployment(const json& spec, const json* oldSpec, Errors& errs)
{
    nonNegative(spec, "replicas", "spec", errs);
    selectorAndTemplate(spec, "deployment", errs);
    validatePodTemplate(memberAt(spec, "template"), "spec.template", errs);
    alwaysRestart(spec, "ReplicaSet", false, errs);
    const json& strategy = memberAt(spec, "strategy");
    const std::string type(stringAt(strategy, "type"));
    if (type == "Recreate") {
        if (hasValue(strategy, "rollingUpdate"))
            errs.push_back(forbidden("spec.strategy.rollingUpdate",
                                     "may not be specified when strategy `type` is 'Recreate'"));
    } else if (type == "RollingUpdate") {
        if (!hasValue(strategy, "rollingUpdate"))
            errs.push_back(required("spec.strategy.rollingUpdate",
                                    "this should be defaulted and never be nil"));
        else
            rollingLimits(memberAt(strategy, "rollingUpdate"), "spec.strategy.rollingUpdate", errs);
    } else {
        errs.push_back(notSupported("spec.strategy", strategy, {"Recreate", "RollingUpdate"}));
    }
    nonNegative(spec, "minReadySeconds", "spec", errs);
    nonNegative(spec, "revisionHistoryLimit", "spec", errs);
    const json& pds = memberAt(spec, "progressDeadlineSeconds");
    if (pds.is_number()) {
        nonNegative(spec, "progressDeadlineSeconds", "spec", errs);
        const json& mrs = memberAt(spec, "minReadySeconds");
        if (pds.get<long long>() <= (mrs.is_number() ? mrs.get<long long>() : 0))
            errs.push_back(invalid("spec.progressDeadlineSeconds", pds,
                                   "must be greater than minReadySeconds"));
    }
    if (oldSpec)
        immutable(spec, *oldSpec, "selector", errs);
}

void replicaSet(const json& spec, const json* oldSpec, Errors& errs)
{
    nonNegative(spec, "replicas", "spec", errs);
    nonNegative(spec, "minReadySeconds", "spec", errs);
    // Kubernetes reuses the Deployment wording here.
    selectorAndTemplate(spec, "deployment", errs);
    validatePodTemplate(memberAt(spec, "template"), "spec.template", errs);
    alwaysRestart(spec, "ReplicaSet", false, errs);
    if (oldSpec)
        immutable(spec, *oldSpec, "selector", errs);
}

void statefulSet(const json& spec, const json* oldSpec, Errors& errs)
{
    const std::string pmp(stringAt(spec, "podManagementPolicy"));
    if (pmp.empty())
        errs.push_back(required("spec.podManagementPolicy"));
    else if (pmp != "OrderedReady" && pmp != "Parallel")
        errs.push_back(
            invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
    const json& us = memberAt(spec, "updateStrategy");
    const std::string type(stringAt(us, "type"));
    if (type.empty())
        errs.push_back(required("spec.updateStrategy"));
    else if (type == "OnDelete" && hasValue(us, "rollingUpdate"))
        errs.push_back(invalid("spec.updateStrategy.rollingUpdate", memberAt(us, "rollingUpdate"),
                               "only allowed for updateStrategy 'RollingUpdate'"));
    else if (type == "RollingUpdate")
        nonNegative(memberAt(us, "rollingUpdate"), "partition", "spec.updateStrategy.rollingUpdate",
                    errs);
    else if (type != "OnDelete")
        errs.push_back(invalid("spec.updateStrategy", us, "must be 'RollingUpdate' or 'OnDelete'"));
    nonNegative(spec, "replicas", "spec", errs);
    nonNegative(spec, "minReadySeconds", "spec", errs);
    selectorAndTemplate(spec, "statefulset", errs);
    std::set<std::string> claims;
    const json& vcts = memberAt(spec, "volumeClaimTemplates");
    if (vcts.is_array())
        for (const json& c : vcts)
            claims.insert(std::string(stringAtPath(c, "metadata.name")));
    validatePodTemplate(memberAt(spec, "template"), "spec.template", errs, claims);
    alwaysRestart(spec, "StatefulSet", true, errs);
    if (!oldSpec)
        return;
    // Only these may change; everything else must equal the stored spec.
    json a = spec, b = *oldSpec;
    for (const char* f : {"replicas", "ordinals", "template", "updateStrategy",
                          "persistentVolumeClaimRetentionPolicy", "minReadySeconds"}) {
        a.erase(f);
        b.erase(f);
    }
    if (a != b)
        errs.push_back(forbidden("spec", "updates to statefulset spec for fields other than "
                                         "'replicas', 'ordinals', 'template', 'updateStrategy', "
                                         "'persistentVolumeClaimRetentionPolicy' and "
                                         "'minReadySeconds' are forbidden"));
}

void daemonSet(const json& spec, const json* oldSpec, Errors& errs)
{
    selectorAndTemplate(spec, "daemonset", errs);
    validatePodTemplate(memberAt(spec, "template"), "spec.template", errs);
    alwaysRestart(spec, "DaemonSet", false, errs);
    nonNegative(spec, "minReadySeconds", "spec", errs);
    const json& us = memberAt(spec, "updateStrategy");
    const std::string type(stringAt(us, "type"));
    if (type == "RollingUpdate") {
        if (!hasValue(us, "rollingUpdate"))
            errs.push_back(required("spec.updateStrategy.rollingUpdate"));
        else
            rollingLimits(memberAt(us, "rollingUpdate"), "spec.updateStrategy.rollingUpdate", errs);
    } else if (type != "OnDelete") {
        errs.push_back(notSupported("spec.updateStrategy", us, {"RollingUpdate", "OnDelete"}));
    }
    nonNegative(spec, "revisionHistoryLimit", "spec", errs);
    if (oldSpec)
        immutable(spec, *oldSpec, "selector", errs);
}

void job(const json& spec, const json* oldSpec, Errors& errs)
{
    // Without manualSelector the API server generates the selector from the uid; until it
    // has done so there is nothing to check.
    const bool manual = memberAt(spec, "manualSelector") == true;
    const json& sel = memberAt(spec, "selector");
    if (sel.is_null() && manual) {
        errs.push_back(required("spec.selector"));
    } else if (!sel.is_null()) {
        labelSelector(sel, "spec.selector", errs);
        const json& labels = memberAtPath(spec, "template.metadata.labels");
        const auto selector = LabelSelector::fromJson(sel);
        if (selector && !selector->matches(labels))
            errs.push_back(invalid("spec.template.metadata.labels",
                                   labels.is_null() ? json::object() : labels, kMismatch));
    }
    for (const char* f : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                          "ttlSecondsAfterFinished"})
        nonNegative(spec, f, "spec", errs);
    const std::string mode(stringAt(spec, "completionMode"));
    if (!mode.empty() && mode != "NonIndexed" && mode != "Indexed")
        errs.push_back(notSupported("spec.completionMode", mode, {"NonIndexed", "Indexed"}));
    if (mode == "Indexed" && !hasValue(spec, "completions"))
        errs.push_back(required("spec.completions", "when completion mode is Indexed"));
    const std::string prp(stringAt(spec, "podReplacementPolicy"));
    if (!prp.empty() && prp != "TerminatingOrFailed" && prp != "Failed")
        errs.push_back(
            notSupported("spec.podReplacementPolicy", prp, {"TerminatingOrFailed", "Failed"}));
    validatePodTemplate(memberAt(spec, "template"), "spec.template", errs);
    const std::string restart(stringAtPath(spec, "template.spec.restartPolicy"));
    if (restart != "OnFailure" && restart != "Never")
        errs.push_back(
            notSupported("spec.template.spec.restartPolicy", restart, {"OnFailure", "Never"}));
    if (!oldSpec)
        return;
    if (hasValue(*oldSpec, "selector"))
        immutable(spec, *oldSpec, "selector", errs);
    for (const char* f : {"template", "completions", "completionMode"})
        immutable(spec, *oldSpec, f, errs);
}

void endpointSlice(const json& obj, const json* old, Errors& errs)
{
    const std::string type(stringAt(obj, "addressType"));
    if (type != "IPv4" && type != "IPv6" && type != "FQDN")
        errs.push_back(notSupported("addressType", type, {"FQDN", "IPv4", "IPv6"}));
    const json& eps = memberAt(obj, "endpoints");
    if (eps.is_array())
        for (size_t i = 0; i < eps.size(); ++i) {
            const json& addrs = memberAt(eps[i], "addresses");
            if (!addrs.is_array() || addrs.empty())
                errs.push_back(required(child(index("endpoints", i), "addresses"),
                                        "must contain at least 1 address"));
        }
    const json& ports = memberAt(obj, "ports");
    if (ports.is_array())
        for (size_t i = 0; i < ports.size(); ++i) {
            const json& port = memberAt(ports[i], "port");
            if (port.is_number())
                addInvalid(errs, child(index("ports", i), "port"), port,
                           isValidPortNum(port.get<long long>()));
        }
    if (old && memberAt(*old, "addressType") != memberAt(obj, "addressType"))
        errs.push_back(invalid("addressType", type, "field is immutable"));
}

void lease(const json& spec, Errors& errs)
{
    const json& d = memberAt(spec, "leaseDurationSeconds");
    if (d.is_number() && d.get<long long>() <= 0)
        errs.push_back(invalid("spec.leaseDurationSeconds", d, "must be greater than 0"));
    const json& t = memberAt(spec, "leaseTransitions");
    if (t.is_number() && t.get<long long>() < 0)
        errs.push_back(invalid("spec.leaseTransitions", t, "must be greater than or equal to 0"));
}

void priorityClass(const json& obj, const json* old, Errors& errs)
{
    const std::string name(stringAtPath(obj, "metadata.name"));
    const json& value = memberAt(obj, "value");
    const bool system = name.rfind("system-", 0) == 0;
    if (system && name != kSystemClusterCritical && name != kSystemNodeCritical)
        errs.push_back(forbidden("metadata.name", "priority class names with 'system-' prefix "
                                                  "are reserved"));
    if (!system && value.is_number() && value.get<long long>() > kHighestUserDefinablePriority)
        errs.push_back(forbidden("value", "maximum allowed value of a user defined priority is " +
                                              std::to_string(kHighestUserDefinablePriority)));
    const std::string pp(stringAt(obj, "preemptionPolicy"));
    if (!pp.empty() && pp != "Never" && pp != "PreemptLowerPriority")
        errs.push_back(notSupported("preemptionPolicy", pp, {"Never", "PreemptLowerPriority"}));
    if (old && memberAt(*old, "value") != value)
        errs.push_back(forbidden("value", "may not be changed in an update."));
}

} // namespace

void validateWorkload(const std::string& kind, const json& obj, const json* old, Errors& errs)
{
    const json& spec = memberAt(obj, "spec");
    const json* oldSpec = old ? &memberAt(*old, "spec") : nullptr;
    if (kind == "Deployment")
        deployment(spec, oldSpec, errs);
    else if (kind == "ReplicaSet")
        replicaSet(spec, oldSpec, errs);
    else if (kind == "StatefulSet")
        statefulSet(spec, oldSpec, errs);
    else if (kind == "DaemonSet")
        daemonSet(spec, oldSpec, errs);
    else if (kind == "Job")
        job(spec, oldSpec, errs);
    else if (kind == "EndpointSlice")
        endpointSlice(obj, old, errs);
    else if (kind == "Lease")
        lease(spec, errs);
    else if (kind == "PriorityClass")
        priorityClass(obj, old, errs);
}

} // namespace kubelab::model::valid
