#include "app/map/service_info.h"

#include <QCoreApplication>
#include <algorithm>

#include "engine/model/json_view.h"

namespace kubelab::app {

using nlohmann::json;
using model::objectAt;
using model::stringAt;

namespace {

const std::string kServicesPrefix = "/registry/services/specs/";
const std::string kSlicesPrefix = "/registry/endpointslices/";
const char* const kServiceNameLabel = "kubernetes.io/service-name";

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString tr(const char* text)
{
    return QCoreApplication::translate("kubelab::app::ServiceInfo", text);
}

// An absent condition: ready and serving count as true, terminating as false (the
// EndpointSlice API's documented defaults).
bool condition(const json& conditions, const char* name, bool absent)
{
    const auto it = conditions.find(name);
    return it != conditions.end() && it->is_boolean() ? it->get<bool>() : absent;
}

// Where the map lists a Service: the learner's own first.
int rank(const ServiceInfo& s)
{
    if (s.ns == QLatin1String("kube-system"))
        return 2;
    if (s.ns == QLatin1String("default") && s.name == QLatin1String("kubernetes"))
        return 1;
    return 0;
}

} // namespace

int ServiceInfo::readyCount() const
{
    return int(std::count_if(endpoints.begin(), endpoints.end(),
                             [](const ServiceEndpoint& e) { return e.ready; }));
}

QString ServiceInfo::endpointSummary() const
{
    if (type == QLatin1String("ExternalName"))
        return QStringLiteral("→ ") + externalName;
    const int ready = readyCount(), total = int(endpoints.size());
    if (total == 0)
        return tr("no endpoints");
    if (ready == total)
        return total == 1 ? tr("1 endpoint ready") : tr("%1 endpoints ready").arg(total);
    return tr("%1 ready · %2 not ready").arg(ready).arg(total - ready);
}

ServiceInfo serviceInfo(const json& service, const std::vector<const json*>& slices)
{
    ServiceInfo info;
    const json& meta = objectAt(service, "metadata");
    const json& spec = objectAt(service, "spec");
    info.ns = qs(stringAt(meta, "namespace"));
    info.name = qs(stringAt(meta, "name"));
    info.type = qs(stringAt(spec, "type"));
    if (info.type.isEmpty())
        info.type = QStringLiteral("ClusterIP");
    info.clusterIp = qs(stringAt(spec, "clusterIP"));
    info.externalName = qs(stringAt(spec, "externalName"));
    if (const auto ports = spec.find("ports"); ports != spec.end() && ports->is_array()) {
        for (const json& p : *ports) {
            const std::string protocol(stringAt(p, "protocol"));
            QString text = QString::number(p.value("port", 0));
            if (p.contains("nodePort") && p["nodePort"].is_number_integer())
                text += QLatin1Char(':') + QString::number(p["nodePort"].get<int>());
            text += QLatin1Char('/') + (protocol.empty() ? QStringLiteral("TCP") : qs(protocol));
            info.ports << text;
            const auto target = p.find("targetPort");
            info.targetPorts << (target == p.end()          ? QString::number(p.value("port", 0))
                                 : target->is_number()      ? QString::number(target->get<int>())
                                 : target->is_string()      ? qs(target->get<std::string>())
                                                            : QString());
        }
    }
    for (const json* slice : slices) {
        const auto eps = slice->find("endpoints");
        if (eps == slice->end() || !eps->is_array())
            continue;
        for (const json& e : *eps) {
            ServiceEndpoint ep;
            const auto addresses = e.find("addresses");
            if (addresses != e.end() && addresses->is_array() && !addresses->empty() &&
                addresses->front().is_string())
                ep.address = qs(addresses->front().get<std::string>());
            const json& ref = objectAt(e, "targetRef");
            if (stringAt(ref, "kind") == "Pod")
                ep.pod = qs(stringAt(ref, "name"));
            ep.node = qs(stringAt(e, "nodeName"));
            const json& conditions = objectAt(e, "conditions");
            ep.ready = condition(conditions, "ready", true);
            ep.serving = condition(conditions, "serving", true);
            ep.terminating = condition(conditions, "terminating", false);
            info.endpoints.push_back(std::move(ep));
        }
    }
    std::sort(info.endpoints.begin(), info.endpoints.end(),
              [](const ServiceEndpoint& a, const ServiceEndpoint& b) {
                  return a.address != b.address ? a.address < b.address : a.pod < b.pod;
              });
    // Two slices of one Service may list the same endpoint while the controller moves it.
    info.endpoints.erase(std::unique(info.endpoints.begin(), info.endpoints.end(),
                                     [](const ServiceEndpoint& a, const ServiceEndpoint& b) {
                                         return a.address == b.address && a.pod == b.pod;
                                     }),
                         info.endpoints.end());
    return info;
}

std::vector<ServiceInfo> servicesIn(
    const std::map<std::string, std::shared_ptr<const json>>& cache)
{
    // Slices by "ns/service".
    std::map<std::string, std::vector<const json*>> slices;
    for (auto it = cache.lower_bound(kSlicesPrefix);
         it != cache.end() && it->first.compare(0, kSlicesPrefix.size(), kSlicesPrefix) == 0;
         ++it) {
        const json& meta = objectAt(*it->second, "metadata");
        const std::string_view service = stringAt(objectAt(meta, "labels"), kServiceNameLabel);
        if (!service.empty())
            slices[std::string(stringAt(meta, "namespace")) + '/' + std::string(service)]
                .push_back(it->second.get());
    }
    std::vector<ServiceInfo> out;
    static const std::vector<const json*> none;
    for (auto it = cache.lower_bound(kServicesPrefix);
         it != cache.end() && it->first.compare(0, kServicesPrefix.size(), kServicesPrefix) == 0;
         ++it) {
        const std::string key = it->first.substr(kServicesPrefix.size()); // "ns/name"
        const auto found = slices.find(key);
        out.push_back(serviceInfo(*it->second, found != slices.end() ? found->second : none));
    }
    std::stable_sort(out.begin(), out.end(), [](const ServiceInfo& a, const ServiceInfo& b) {
        return rank(a) < rank(b);
    });
    return out;
}

} // namespace kubelab::app
