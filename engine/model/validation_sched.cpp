// Scheduling constraints of a PodSpec: affinity terms and topology spread constraints.
#include <set>

#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

void nodeSelectorRequirement(const json& rq, const std::string& path, Errors& errs)
{
    const std::string op(stringAt(rq, "operator"));
    const json& values = memberAt(rq, "values");
    const size_t n = values.is_array() ? values.size() : 0;
    if (op == "In" || op == "NotIn") {
        if (n == 0)
            errs.push_back(required(child(path, "values"),
                                    "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op == "Exists" || op == "DoesNotExist") {
        if (n > 0)
            errs.push_back(forbidden(child(path, "values"), "may not be specified when "
                                                            "`operator` is 'Exists' or "
                                                            "'DoesNotExist'"));
    } else if (op == "Gt" || op == "Lt") {
        if (n != 1)
            errs.push_back(required(child(path, "values"), "must be specified single value "
                                                           "when `operator` is 'Lt' or 'Gt'"));
    } else {
        errs.push_back(invalid(child(path, "operator"), op, "not a valid selector operator"));
    }
    const std::string key(stringAt(rq, "key"));
    addInvalid(errs, child(path, "key"), key, isQualifiedName(key));
}

void nodeSelectorTerm(const json& term, const std::string& path, Errors& errs)
{
    const json& exprs = memberAt(term, "matchExpressions");
    if (exprs.is_array())
        for (size_t i = 0; i < exprs.size(); ++i)
            nodeSelectorRequirement(exprs[i], index(child(path, "matchExpressions"), i), errs);
}

void weight(const json& t, const std::string& path, Errors& errs)
{
    const json& w = memberAt(t, "weight");
    const long long v = w.is_number() ? w.get<long long>() : 0;
    if (v < 1 || v > 100)
        errs.push_back(invalid(child(path, "weight"), w.is_null() ? json(0) : w,
                               "must be in the range 1-100"));
}

void podAffinityTerm(const json& term, const std::string& path, Errors& errs)
{
    const std::string key(stringAt(term, "topologyKey"));
    if (key.empty())
        errs.push_back(required(child(path, "topologyKey"), "can not be empty"));
    else
        addInvalid(errs, child(path, "topologyKey"), key, isQualifiedName(key));
}

void podAffinity(const json& a, const std::string& path, Errors& errs)
{
    const json& req = memberAt(a, "requiredDuringSchedulingIgnoredDuringExecution");
    if (req.is_array())
        for (size_t i = 0; i < req.size(); ++i)
            podAffinityTerm(req[i],
                            index(child(path, "requiredDuringSchedulingIgnoredDuringExecution"), i),
                            errs);
    const json& pref = memberAt(a, "preferredDuringSchedulingIgnoredDuringExecution");
    if (pref.is_array())
        for (size_t i = 0; i < pref.size(); ++i) {
            const std::string p =
                index(child(path, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            weight(pref[i], p, errs);
            podAffinityTerm(memberAt(pref[i], "podAffinityTerm"), child(p, "podAffinityTerm"),
                            errs);
        }
}

} // namespace

void validateAffinity(const json& affinity, const std::string& path, Errors& errs)
{
    if (!affinity.is_object())
        return;
    const json& na = memberAt(affinity, "nodeAffinity");
    const std::string nap = child(path, "nodeAffinity");
    const json& req = memberAt(na, "requiredDuringSchedulingIgnoredDuringExecution");
    if (req.is_object()) {
        const std::string rp = child(nap, "requiredDuringSchedulingIgnoredDuringExecution");
        const json& terms = memberAt(req, "nodeSelectorTerms");
        if (!terms.is_array() || terms.empty())
            errs.push_back(required(child(rp, "nodeSelectorTerms"),
                                    "must have at least one node selector term"));
        else
            for (size_t i = 0; i < terms.size(); ++i)
                nodeSelectorTerm(terms[i], index(child(rp, "nodeSelectorTerms"), i), errs);
    }
    const json& pref = memberAt(na, "preferredDuringSchedulingIgnoredDuringExecution");
    if (pref.is_array())
        for (size_t i = 0; i < pref.size(); ++i) {
            const std::string p =
                index(child(nap, "preferredDuringSchedulingIgnoredDuringExecution"), i);
            weight(pref[i], p, errs);
            nodeSelectorTerm(memberAt(pref[i], "preference"), child(p, "preference"), errs);
        }
    podAffinity(memberAt(affinity, "podAffinity"), child(path, "podAffinity"), errs);
    podAffinity(memberAt(affinity, "podAntiAffinity"), child(path, "podAntiAffinity"), errs);
}

void validateTopologySpread(const json& list, const std::string& path, Errors& errs)
{
    if (!list.is_array())
        return;
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < list.size(); ++i) {
        const json& c = list[i];
        const std::string p = index(path, i);
        const json& skew = memberAt(c, "maxSkew");
        if (!skew.is_number() || skew.get<double>() <= 0)
            errs.push_back(invalid(child(p, "maxSkew"), skew.is_null() ? json(0) : skew,
                                   "must be greater than zero"));
        const std::string key(stringAt(c, "topologyKey"));
        if (key.empty())
            errs.push_back(required(child(p, "topologyKey"), "can not be empty"));
        const std::string when(stringAt(c, "whenUnsatisfiable"));
        if (when != "DoNotSchedule" && when != "ScheduleAnyway")
            errs.push_back(notSupported(child(p, "whenUnsatisfiable"), when,
                                        {"DoNotSchedule", "ScheduleAnyway"}));
        else if (!seen.insert({key, when}).second)
            errs.push_back(duplicate(child(p, "{topologyKey, whenUnsatisfiable}"),
                                     "{" + key + ", " + when + "}"));
    }
}

} // namespace kubelab::model::valid
