#include "engine/api/admission.h"

#include <cstdio>
#include <optional>

#include "engine/model/json_view.h"
#include "engine/model/quantity.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
std::optional<model::Quantity> quantityAt(const json& resources, const char* group,
                                          const char* name)
{
    if (!resources.is_object() || !resources.contains(group) || !resources[group].is_object() ||
        !resources[group].contains(name))
        return std::nullopt;
    const json& v = resources[group][name];
    return model::Quantity::parse(v.is_string() ? v.get<std::string>() : v.dump());
}

bool parseIp(const std::string& ip, unsigned& out)
{
    unsigned a, b, c, d;
    char extra;
    if (std::sscanf(ip.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &extra) != 4)
        return false;
    if (a > 255 || b > 255 || c > 255 || d > 255)
        return false;
    out = a << 24 | b << 16 | c << 8 | d;
    return true;
}
} // namespace

std::string podQosClass(const json& pod)
{
    const json& spec = model::objectAt(pod, "spec");
    bool anySet = false, guaranteed = true;
    for (const char* list : {"containers", "initContainers"}) {
        for (const auto& c : spec.value(list, json::array())) {
            const json& res = model::objectAt(c, "resources");
            for (const char* r : {"cpu", "memory"}) {
                auto req = quantityAt(res, "requests", r);
                auto lim = quantityAt(res, "limits", r);
                if (req || lim)
                    anySet = true;
                if (!lim)
                    guaranteed = false;
                else if (req && !(*req == *lim))
                    guaranteed = false;
            }
        }
    }
    if (!anySet)
        return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
}

bool tracksGeneration(const std::string& kind)
{
    static const std::set<std::string> kinds = {"Deployment", "ReplicaSet", "StatefulSet",
                                                "DaemonSet", "Job"};
    return kinds.count(kind) > 0;
}

bool hasStatusSubresource(const std::string& kind)
{
    static const std::set<std::string> kinds = {"Pod",
                                                "Node",
                                                "Namespace",
                                                "Service",
                                                "Deployment",
                                                "ReplicaSet",
                                                "StatefulSet",
                                                "DaemonSet",
                                                "Job",
                                                "PersistentVolume",
                                                "PersistentVolumeClaim"};
    return kinds.count(kind) > 0;
}

void setDefaultStorageClass(json& claim,
                            const std::map<std::string, std::shared_ptr<const json>>& cache)
{
    json& spec = claim["spec"];
    if (!spec.is_object() || spec.contains("storageClassName"))
        return; // "" asks for no class at all, which admission respects
    const json& ann = model::memberAtPath(claim, "metadata.annotations");
    if (model::hasValue(ann, "volume.beta.kubernetes.io/storage-class"))
        return;
    const std::string prefix = "/registry/storageclasses/";
    const json* best = nullptr;
    for (auto it = cache.lower_bound(prefix);
         it != cache.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        const json& annotations = model::memberAtPath(*it->second, "metadata.annotations");
        if (model::textAt(annotations, "storageclass.kubernetes.io/is-default-class") != "true" &&
            model::textAt(annotations, "storageclass.beta.kubernetes.io/is-default-class") !=
                "true")
            continue;
        // Timestamps are RFC 3339 in UTC, so text order is time order; equal times keep
        // the first name, as the plugin sorts by name second.
        if (!best || model::textAtPath(*it->second, "metadata.creationTimestamp") >
                         model::textAtPath(*best, "metadata.creationTimestamp"))
            best = it->second.get();
    }
    if (best)
        spec["storageClassName"] = model::textAtPath(*best, "metadata.name");
}

bool inServiceRange(const std::string& ip)
{
    unsigned v;
    return parseIp(ip, v) && (v & 0xfff00000u) == 0x0a600000u;
}

std::string allocateClusterIp(sim::Rng& rng, const std::set<std::string>& used)
{
    // The bitmap allocator over 10.96.0.1-10.111.255.254 (2^20 - 2 addresses). Dynamic
    // allocation scans from a random offset in the upper band first and only then the
    // lower one: the first min(max(16, size/16), 256) = 256 addresses (10.96.0.1 to
    // 10.96.1.0) are kept for static requests such as 10.96.0.10 (ServiceIPStaticSubrange).
    constexpr unsigned kSize = (1u << 20) - 2, kStatic = 256;
    auto ipAt = [](unsigned index) {
        const unsigned v = 0x0a600001u + index;
        char buf[20];
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255,
                      v & 255);
        return std::string(buf);
    };
    const unsigned start = kStatic + unsigned(rng.below(kSize - kStatic));
    for (unsigned i = 0; i < kSize - kStatic; ++i) {
        std::string ip = ipAt(kStatic + (start - kStatic + i) % (kSize - kStatic));
        if (!used.count(ip))
            return ip;
    }
    for (unsigned i = 0; i < kStatic; ++i)
        if (!used.count(ipAt(i)))
            return ipAt(i);
    return {};
}

int allocateNodePort(sim::Rng& rng, const std::set<int>& used)
{
    // 30000-32767 (2768 ports); the first min(max(16, 2768/32), 128) = 86 are kept for
    // static requests (ServiceNodePortStaticSubrange), so dynamic ports start at 30086.
    constexpr int kBase = 30000, kSize = 2768, kStatic = 86;
    const int start = int(rng.below(kSize - kStatic));
    for (int i = 0; i < kSize - kStatic; ++i) {
        const int port = kBase + kStatic + (start + i) % (kSize - kStatic);
        if (!used.count(port))
            return port;
    }
    for (int port = kBase; port < kBase + kStatic; ++port)
        if (!used.count(port))
            return port;
    return 0;
}

} // namespace kubelab::api
