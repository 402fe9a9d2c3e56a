#include "engine/controllers/controller_util.h"

#include "engine/model/json_view.h"

#include <algorithm>
#include <cstdio>

namespace kubelab::controllers {

std::string nameOf(const Json& obj)
{
    return model::objectAt(obj, "metadata").value("name", "");
}

std::string namespaceOf(const Json& obj)
{
    return model::objectAt(obj, "metadata").value("namespace", "");
}

std::string uidOf(const Json& obj)
{
    return model::objectAt(obj, "metadata").value("uid", "");
}

std::string keyOf(const Json& obj)
{
    const std::string ns = namespaceOf(obj);
    return ns.empty() ? nameOf(obj) : ns + "/" + nameOf(obj);
}

void sortByKey(std::vector<const Json*>& objects)
{
    std::vector<std::pair<std::string, const Json*>> keyed;
    keyed.reserve(objects.size());
    for (const Json* o : objects)
        keyed.emplace_back(keyOf(*o), o);
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < keyed.size(); ++i)
        objects[i] = keyed[i].second;
}

bool isDeleting(const Json& obj)
{
    const Json& meta = model::objectAt(obj, "metadata");
    return meta.contains("deletionTimestamp") && !meta["deletionTimestamp"].is_null();
}

const Json* controllerRef(const Json& obj)
{
    if (!obj.contains("metadata") || !obj["metadata"].contains("ownerReferences"))
        return nullptr;
    for (const Json& ref : obj["metadata"]["ownerReferences"])
        if (ref.value("controller", false))
            return &ref;
    return nullptr;
}

Json controllerOwnerRef(const Json& owner)
{
    return {{"apiVersion", owner.value("apiVersion", "")},
            {"kind", owner.value("kind", "")},
            {"name", nameOf(owner)},
            {"uid", uidOf(owner)},
            {"controller", true},
            {"blockOwnerDeletion", true}};
}

std::optional<model::LabelSelector> selectorOf(const Json& obj)
{
    const Json& spec = model::objectAt(obj, "spec");
    if (!spec.contains("selector"))
        return std::nullopt;
    return model::LabelSelector::fromJson(spec["selector"]);
}

namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

} // namespace

std::optional<sim::Time> parseTimestamp(const std::string& text)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return std::nullopt;
    const std::int64_t unix =
        daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
        mi * 60 + s;
    return (unix - sim::kEpochUnixSeconds) * sim::kSecond;
}

const Json* podCondition(const Json& pod, const std::string& type)
{
    if (!pod.contains("status") || !pod["status"].contains("conditions"))
        return nullptr;
    for (const Json& c : pod["status"]["conditions"])
        if (c.value("type", "") == type)
            return &c;
    return nullptr;
}

bool isPodReady(const Json& pod)
{
    const Json* c = podCondition(pod, "Ready");
    return c && c->value("status", "") == "True";
}

bool isPodAvailable(const Json& pod, std::int64_t minReadySeconds, sim::Time now)
{
    if (!isPodReady(pod))
        return false;
    if (minReadySeconds <= 0)
        return true;
    const Json* c = podCondition(pod, "Ready");
    const auto since = parseTimestamp(c->value("lastTransitionTime", ""));
    return since && *since + minReadySeconds * sim::kSecond <= now;
}

std::string podPhase(const Json& pod)
{
    return std::string(model::stringAtPath(pod, "status.phase", "Pending"));
}

bool isPodActive(const Json& pod)
{
    const std::string phase = podPhase(pod);
    return phase != "Succeeded" && phase != "Failed" && !isDeleting(pod);
}

std::int64_t maxRestarts(const Json& pod)
{
    std::int64_t most = 0;
    if (pod.contains("status") && pod["status"].contains("containerStatuses"))
        for (const Json& cs : pod["status"]["containerStatuses"])
            most = std::max(most, cs.value("restartCount", std::int64_t(0)));
    return most;
}

api::Request corePatch(const std::string& resource, const std::string& ns, const std::string& name,
                       const std::string& subresource, Json body)
{
    api::Request r;
    r.verb = "patch";
    r.resource = resource;
    r.subresource = subresource;
    r.ns = ns;
    r.name = name;
    r.patchType = "application/merge-patch+json";
    r.body = std::move(body);
    return r;
}

bool setCondition(Json& conditions, Json condition, const std::string& nowStamp)
{
    if (!conditions.is_array())
        conditions = Json::array();
    const std::string type = condition.value("type", "");
    for (Json& c : conditions) {
        if (c.value("type", "") != type)
            continue;
        if (c.value("status", "") == condition.value("status", ""))
            condition["lastTransitionTime"] = c.value("lastTransitionTime", nowStamp);
        else
            condition["lastTransitionTime"] = nowStamp;
        if (c == condition)
            return false;
        c = condition;
        return true;
    }
    condition["lastTransitionTime"] = nowStamp;
    conditions.push_back(condition);
    return true;
}

Json podFromTemplate(const Json& tmpl, const Json& owner, const std::string& generateName)
{
    const Json& tmeta = model::objectAt(tmpl, "metadata");
    Json meta = {{"generateName", generateName}, {"namespace", namespaceOf(owner)}};
    if (tmeta.contains("labels"))
        meta["labels"] = tmeta["labels"];
    if (tmeta.contains("annotations"))
        meta["annotations"] = tmeta["annotations"];
    if (tmeta.contains("finalizers"))
        meta["finalizers"] = tmeta["finalizers"];
    meta["ownerReferences"] = Json::array({controllerOwnerRef(owner)});
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", meta},
            {"spec", model::objectAt(tmpl, "spec")}};
}

std::uint32_t fnv32a(const std::string& data, std::uint32_t hash)
{
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 16777619u;
    }
    return hash;
}

std::string safeEncodeString(const std::string& s)
{
    static constexpr char kAlphanums[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string out;
    for (unsigned char c : s)
        out += kAlphanums[c % (sizeof kAlphanums - 1)];
    return out;
}

std::string computeHash(const Json& podTemplate, std::optional<std::int64_t> collisionCount)
{
    std::uint32_t h = fnv32a(podTemplate.dump());
    if (collisionCount) {
        // binary.LittleEndian.PutUint32 into an 8-byte buffer, as ComputeHash writes it.
        std::string bytes(8, '\0');
        const auto c = static_cast<std::uint32_t>(*collisionCount);
        for (int i = 0; i < 4; ++i)
            bytes[i] = static_cast<char>((c >> (8 * i)) & 0xff);
        h = fnv32a(bytes, h);
    }
    return safeEncodeString(std::to_string(h));
}

std::int64_t scaledValue(const Json& intOrPercent, std::int64_t total, bool roundUp)
{
    if (intOrPercent.is_number())
        return intOrPercent.get<std::int64_t>();
    if (!intOrPercent.is_string())
        return 0;
    std::string s = intOrPercent.get<std::string>();
    if (s.empty())
        return 0;
    if (s.back() != '%')
        return std::atoll(s.c_str());
    const std::int64_t percent = std::atoll(s.substr(0, s.size() - 1).c_str());
    const std::int64_t product = percent * total;
    return roundUp ? (product + 99) / 100 : product / 100;
}

Json topLevelMergePatch(const Json& from, const Json& to)
{
    Json patch = Json::object();
    if (from.is_object())
        for (auto it = from.begin(); it != from.end(); ++it)
            if (!to.contains(it.key()))
                patch[it.key()] = nullptr;
    for (auto it = to.begin(); it != to.end(); ++it)
        if (!from.is_object() || !from.contains(it.key()) || from[it.key()] != it.value())
            patch[it.key()] = it.value();
    return patch;
}

} // namespace kubelab::controllers
