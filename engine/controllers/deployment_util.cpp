#include "engine/controllers/deployment_util.h"

#include <algorithm>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers::deployutil {

std::int64_t replicas(const Json& obj)
{
    return model::intAtPath(obj, "spec.replicas", 1);
}

std::int64_t statusInt(const Json& obj, const char* field)
{
    return model::intAt(model::objectAt(obj, "status"), field);
}

std::int64_t annotationInt(const Json& obj, const char* key, std::int64_t fallback)
{
    const std::string v(model::stringAt(model::objectAtPath(obj, "metadata.annotations"), key));
    if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos)
        return fallback;
    return std::atoll(v.c_str());
}

std::int64_t revisionOf(const Json& rs)
{
    return std::max<std::int64_t>(0, annotationInt(rs, kRevision, 0));
}

std::string creationStamp(const Json& obj)
{
    return std::string(model::stringAtPath(obj, "metadata.creationTimestamp"));
}

bool isRollingUpdate(const Json& d)
{
    return model::stringAtPath(d, "spec.strategy.type", "RollingUpdate") == "RollingUpdate";
}

namespace {

std::pair<std::int64_t, std::int64_t> fenceposts(const Json& d)
{
    if (!isRollingUpdate(d))
        return {0, 0};
    const Json& ru = model::objectAt(d["spec"]["strategy"], "rollingUpdate");
    const std::int64_t desired = replicas(d);
    const std::int64_t surge = scaledValue(ru.value("maxSurge", Json("25%")), desired, true);
    std::int64_t unavailable = scaledValue(ru.value("maxUnavailable", Json("25%")), desired, false);
    if (surge == 0 && unavailable == 0)
        unavailable = 1; // validation forbids both 0; a rollout must be able to move
    return {surge, unavailable};
}

} // namespace

std::int64_t maxSurge(const Json& d)
{
    return fenceposts(d).first;
}

std::int64_t maxUnavailable(const Json& d)
{
    if (!isRollingUpdate(d) || replicas(d) == 0)
        return 0;
    return std::min(fenceposts(d).second, replicas(d));
}

Json templateWithoutHash(const Json& tmpl)
{
    Json t = tmpl;
    if (t.contains("metadata") && t["metadata"].contains("labels")) {
        t["metadata"]["labels"].erase(kHashLabel);
        if (t["metadata"]["labels"].empty())
            t["metadata"].erase("labels");
    }
    return t;
}

bool equalIgnoreHash(const Json& a, const Json& b)
{
    return templateWithoutHash(a) == templateWithoutHash(b);
}

std::int64_t sumSpecReplicas(const std::vector<const Json*>& rss)
{
    std::int64_t n = 0;
    for (const Json* rs : rss)
        if (rs)
            n += replicas(*rs);
    return n;
}

std::int64_t sumStatus(const std::vector<const Json*>& rss, const char* field)
{
    std::int64_t n = 0;
    for (const Json* rs : rss)
        if (rs)
            n += statusInt(*rs, field);
    return n;
}

bool setReplicasAnnotations(Json& rs, std::int64_t desired, std::int64_t max)
{
    Json& ann = rs["metadata"]["annotations"];
    if (!ann.is_object())
        ann = Json::object();
    bool changed = false;
    for (auto [key, value] : {std::pair{kDesiredReplicas, desired}, std::pair{kMaxReplicas, max}}) {
        const std::string text = std::to_string(value);
        if (ann.value(key, "") != text) {
            ann[key] = text;
            changed = true;
        }
    }
    return changed;
}

Json newCondition(const std::string& type, const std::string& status, const std::string& reason,
                  const std::string& message, const std::string& nowStamp)
{
    return {{"type", type},
            {"status", status},
            {"lastUpdateTime", nowStamp},
            {"lastTransitionTime", nowStamp},
            {"reason", reason},
            {"message", message}};
}

const Json* getCondition(const Json& status, const std::string& type)
{
    if (!status.is_object() || !status.contains("conditions"))
        return nullptr;
    for (const Json& c : status["conditions"])
        if (c.value("type", "") == type)
            return &c;
    return nullptr;
}

void removeCondition(Json& status, const std::string& type)
{
    if (!status.contains("conditions"))
        return;
    Json kept = Json::array();
    for (const Json& c : status["conditions"])
        if (c.value("type", "") != type)
            kept.push_back(c);
    if (kept.empty())
        status.erase("conditions");
    else
        status["conditions"] = kept;
}

void setCondition(Json& status, Json condition)
{
    const std::string type = condition.value("type", "");
    if (const Json* current = getCondition(status, type)) {
        if (current->value("status", "") == condition.value("status", "") &&
            current->value("reason", "") == condition.value("reason", ""))
            return;
        if (current->value("status", "") == condition.value("status", ""))
            condition["lastTransitionTime"] = current->value("lastTransitionTime", "");
    }
    removeCondition(status, type);
    status["conditions"].push_back(condition);
}

bool deploymentComplete(const Json& d, const Json& s)
{
    const std::int64_t want = replicas(d);
    return s.value("updatedReplicas", std::int64_t(0)) == want &&
           s.value("replicas", std::int64_t(0)) == want &&
           s.value("availableReplicas", std::int64_t(0)) == want &&
           s.value("observedGeneration", std::int64_t(0)) >=
               model::intAtPath(d, "metadata.generation");
}

bool deploymentProgressing(const Json& d, const Json& s)
{
    const Json& old = model::objectAt(d, "status");
    auto v = [](const Json& j, const char* f) { return j.value(f, std::int64_t(0)); };
    const std::int64_t oldOld = v(old, "replicas") - v(old, "updatedReplicas");
    const std::int64_t newOld = v(s, "replicas") - v(s, "updatedReplicas");
    return v(s, "updatedReplicas") > v(old, "updatedReplicas") || newOld < oldOld ||
           v(s, "readyReplicas") > v(old, "readyReplicas") ||
           v(s, "availableReplicas") > v(old, "availableReplicas");
}

bool deploymentTimedOut(const Json& d, const Json& s, sim::Time now)
{
    if (!d["spec"].contains("progressDeadlineSeconds"))
        return false;
    const Json* c = getCondition(s, "Progressing");
    if (!c)
        return false;
    if (c->value("reason", "") == "NewReplicaSetAvailable")
        return false;
    if (c->value("reason", "") == "ProgressDeadlineExceeded")
        return true;
    const auto from = parseTimestamp(c->value("lastUpdateTime", ""));
    const std::int64_t deadline = model::intAtPath(d, "spec.progressDeadlineSeconds", 600);
    return from && *from + deadline * sim::kSecond < now;
}

} // namespace kubelab::controllers::deployutil
