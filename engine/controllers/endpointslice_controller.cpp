#include "engine/controllers/endpointslice_controller.h"

#include <set>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

const char* kServiceNameLabel = "kubernetes.io/service-name";
const char* kManagedByLabel = "endpointslice.kubernetes.io/managed-by";

// A Service's spec.selector (a plain map) against a pod's labels.
bool selects(const Json& selector, const Json& pod)
{
    if (!selector.is_object() || selector.empty())
        return false;
    const Json& labels = model::memberAtPath(pod, "metadata.labels");
    for (const auto& [k, v] : selector.items()) {
        const Json& have = model::memberAt(labels, k);
        if (!have.is_string() || have != v)
            return false;
    }
    return true;
}

bool managesSlicesFor(const Json& svc)
{
    const Json& spec = model::memberAt(svc, "spec");
    const Json& selector = model::memberAt(spec, "selector");
    return selector.is_object() && !selector.empty() &&
           model::textAt(spec, "type") != "ExternalName";
}

std::int64_t versionOf(const Json& obj)
{
    const std::string rv(model::textAtPath(obj, "metadata.resourceVersion"));
    return rv.empty() ? 0 : std::stoll(rv);
}

// podutil.FindPort: a named targetPort is the container port of that name and protocol.
std::optional<int> resolvePort(const Json& servicePort, const Json& pod)
{
    const Json& target = model::memberAt(servicePort, "targetPort");
    if (target.is_number_integer())
        return target.get<int>();
    if (!target.is_string())
        return servicePort.value("port", 0);
    const std::string protocol = servicePort.value("protocol", "TCP");
    for (const Json& c : model::memberAtPath(pod, "spec.containers"))
        for (const Json& p : model::memberAt(c, "ports"))
            if (p.value("name", "") == target.get<std::string>() &&
                p.value("protocol", "TCP") == protocol)
                return p.value("containerPort", 0);
    return std::nullopt;
}

} // namespace

std::optional<EndpointSliceController::PodEndpoint> EndpointSliceController::podEndpoint(
    const Json& service, const Json& pod, const Json* node)
{
    // endpointutil.ShouldPodBeInEndpoints with terminating pods included.
    const std::string ip(model::textAtPath(pod, "status.podIP"));
    const std::string phase = podPhase(pod);
    if (ip.empty() || phase == "Succeeded" || phase == "Failed")
        return std::nullopt;
    const Json& spec = model::memberAt(service, "spec");
    const bool terminating = isDeleting(pod);
    const bool podReady = isPodReady(pod);
    const bool ready = spec.value("publishNotReadyAddresses", false) || (podReady && !terminating);
    PodEndpoint out;
    Json& e = out.endpoint;
    e["addresses"] = Json::array({ip});
    e["conditions"] = {{"ready", ready}, {"serving", podReady}, {"terminating", terminating}};
    const std::string hostname(model::textAtPath(pod, "spec.hostname"));
    if (!hostname.empty() &&
        model::textAtPath(pod, "spec.subdomain") == model::textAtPath(service, "metadata.name"))
        e["hostname"] = hostname;
    const std::string nodeName(model::textAtPath(pod, "spec.nodeName"));
    if (!nodeName.empty())
        e["nodeName"] = nodeName;
    e["targetRef"] = {{"kind", "Pod"},
                      {"name", nameOf(pod)},
                      {"namespace", namespaceOf(pod)},
                      {"uid", uidOf(pod)}};
    if (node) {
        const std::string zone(model::textAt(model::memberAtPath(*node, "metadata.labels"),
                                             "topology.kubernetes.io/zone"));
        if (!zone.empty())
            e["zone"] = zone;
    }
    out.ports = Json::array();
    for (const Json& sp : model::memberAt(spec, "ports")) {
        const auto port = resolvePort(sp, pod);
        if (!port)
            continue;
        Json p = {{"name", sp.value("name", "")},
                  {"port", *port},
                  {"protocol", sp.value("protocol", "TCP")}};
        if (sp.contains("appProtocol"))
            p["appProtocol"] = sp["appProtocol"];
        out.ports.push_back(p);
    }
    return out;
}

void EndpointSliceController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                           const std::string&, const Json& object,
                                           const Json& previous)
{
    if (informer == "services") {
        m_queue.add(keyOf(object));
    } else if (informer == "endpointslices") {
        const Json& labels = model::memberAtPath(object, "metadata.labels");
        if (model::textAt(labels, kManagedByLabel) == kManagedBy &&
            !model::textAt(labels, kServiceNameLabel).empty())
            m_queue.add(namespaceOf(object) + "/" +
                        std::string(model::textAt(labels, kServiceNameLabel)));
    } else if (informer == "pods") {
        // Every Service whose selector matches the pod before or after the change.
        for (const Json* svc : host.cache("services").list(namespaceOf(object))) {
            const Json& selector = model::memberAtPath(*svc, "spec.selector");
            if (selects(selector, object) || (previous.is_object() && selects(selector, previous)))
                m_queue.add(keyOf(*svc));
        }
    }
}

void EndpointSliceController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, svc] : host.cache("services").objects())
        m_queue.add(key);
}

bool EndpointSliceController::stale(const ControllerHost& host, const std::string& key)
{
    if (auto busy = m_inflight.find(key); busy != m_inflight.end() && busy->second > 0)
        return true;
    auto exp = m_expected.find(key);
    if (exp == m_expected.end())
        return false;
    const std::string ns = key.substr(0, key.find('/'));
    bool isStale = false;
    for (auto it = exp->second.begin(); it != exp->second.end();) {
        const Json* cached = host.cache("endpointslices").get(ns, it->first);
        const bool met = it->second.empty()
                             ? cached == nullptr
                             : cached && versionOf(*cached) >= std::stoll(it->second);
        if (met) {
            it = exp->second.erase(it);
        } else {
            isStale = true;
            ++it;
        }
    }
    if (exp->second.empty())
        m_expected.erase(exp);
    return isStale;
}

void EndpointSliceController::write(ControllerHost& host, sim::Context& ctx, const std::string& key,
                                    api::Request r, const std::string& op, const std::string& slice)
{
    r.group = "discovery.k8s.io";
    r.resource = "endpointslices";
    ++m_inflight[key];
    host.call(ctx, kName, std::move(r),
              {{"op", op},
               {"svc", key},
               {"slice", slice},
               {"what", op + " EndpointSlice " + (slice.empty() ? "for " + key : slice)}});
}

void EndpointSliceController::reconcile(ControllerHost& host, sim::Context& ctx,
                                        const std::string& key)
{
    const Json* svc = host.cache("services").get(key);
    if (!svc) {
        m_expected.erase(key); // its slices go with it (garbage collector, owner references)
        return;
    }
    if (stale(host, key))
        return; // our own writes are not in the cache yet; their watch events requeue us
    const std::string ns = namespaceOf(*svc);
    const std::string svcName = nameOf(*svc);
    std::vector<const Json*> existing;
    for (const Json* s : host.cache("endpointslices").list(ns)) {
        const Json& labels = model::memberAtPath(*s, "metadata.labels");
        if (model::textAt(labels, kServiceNameLabel) == svcName &&
            model::textAt(labels, kManagedByLabel) == kManagedBy)
            existing.push_back(s);
    }
    auto remove = [&](const Json& slice) {
        api::Request r;
        r.verb = "delete";
        r.ns = ns;
        r.name = nameOf(slice);
        write(host, ctx, key, std::move(r), "delete", nameOf(slice));
    };
    if (!managesSlicesFor(*svc)) {
        for (const Json* s : existing)
            remove(*s);
        return;
    }

    // setEndpointSliceLabels: the Service's labels plus ours.
    Json labels = model::memberAtPath(*svc, "metadata.labels");
    if (!labels.is_object())
        labels = Json::object();
    labels[kServiceNameLabel] = svcName;
    labels[kManagedByLabel] = kManagedBy;
    if (model::textAtPath(*svc, "spec.clusterIP") == "None")
        labels["service.kubernetes.io/headless"] = "";

    // Desired endpoints by port mapping, pods in name order.
    std::map<std::string, std::pair<Json, std::vector<Json>>> desired;
    const Json& selector = model::memberAtPath(*svc, "spec.selector");
    for (const Json* pod : host.cache("pods").list(ns)) {
        if (!selects(selector, *pod))
            continue;
        const std::string nodeName(model::textAtPath(*pod, "spec.nodeName"));
        const auto pe =
            podEndpoint(*svc, *pod, nodeName.empty() ? nullptr : host.cache("nodes").get(nodeName));
        if (!pe)
            continue;
        auto& group = desired[pe->ports.dump()];
        group.first = pe->ports;
        group.second.push_back(pe->endpoint);
    }

    auto endpointsOf = [](const Json& slice) {
        const Json& e = model::memberAt(slice, "endpoints");
        return e.is_array() ? e : Json::array();
    };
    auto portsOf = [](const Json& slice) {
        const Json& p = model::memberAt(slice, "ports");
        return p.is_array() ? p : Json::array();
    };
    auto put = [&](const Json& slice, Json endpoints, const Json& ports) {
        if (endpointsOf(slice) == endpoints && portsOf(slice) == ports &&
            model::memberAtPath(slice, "metadata.labels") == labels)
            return;
        Json updated = slice;
        updated["endpoints"] = std::move(endpoints);
        updated["ports"] = ports;
        updated["metadata"]["labels"] = labels;
        api::Request r;
        r.verb = "update";
        r.ns = ns;
        r.name = nameOf(slice);
        r.body = std::move(updated);
        write(host, ctx, key, std::move(r), "update", nameOf(slice));
    };
    auto create = [&](Json endpoints, const Json& ports) {
        Json meta = {{"generateName", svcName + "-"},
                     {"namespace", ns},
                     {"labels", labels},
                     {"ownerReferences", Json::array({controllerOwnerRef(*svc)})}};
        api::Request r;
        r.verb = "create";
        r.ns = ns;
        r.body = {{"apiVersion", "discovery.k8s.io/v1"},
                  {"kind", "EndpointSlice"},
                  {"metadata", meta},
                  {"addressType", "IPv4"},
                  {"endpoints", std::move(endpoints)},
                  {"ports", ports}};
        write(host, ctx, key, std::move(r), "create", "");
    };

    if (desired.empty()) {
        // The placeholder: one slice without ports or endpoints.
        const Json* keep = nullptr;
        for (const Json* s : existing)
            if (!keep && endpointsOf(*s).empty())
                keep = s;
        for (const Json* s : existing)
            if (s != keep)
                remove(*s);
        if (keep)
            put(*keep, Json::array(), Json::array());
        else
            create(Json::array(), Json::array());
        return;
    }

    std::set<const Json*> used;
    for (auto& [portsKey, group] : desired) {
        const Json& ports = group.first;
        // Endpoints to place, by pod uid (or address).
        std::map<std::string, Json> pending;
        std::vector<std::string> order;
        auto idOf = [](const Json& e) {
            const std::string uid(model::textAtPath(e, "targetRef.uid"));
            return uid.empty() ? model::memberAt(e, "addresses").dump() : uid;
        };
        for (Json& e : group.second) {
            order.push_back(idOf(e));
            pending[order.back()] = std::move(e);
        }
        std::vector<std::pair<const Json*, Json>> slices; // slice, its new endpoints
        for (const Json* s : existing) {
            if (used.count(s) || portsOf(*s) != ports)
                continue;
            used.insert(s);
            Json kept = Json::array();
            for (const Json& e : endpointsOf(*s)) {
                auto it = pending.find(idOf(e));
                if (it == pending.end() || kept.size() >= kMaxEndpointsPerSlice)
                    continue;
                kept.push_back(std::move(it->second));
                pending.erase(it);
            }
            slices.emplace_back(s, std::move(kept));
        }
        std::vector<Json> rest;
        for (const std::string& id : order)
            if (auto it = pending.find(id); it != pending.end())
                rest.push_back(std::move(it->second));
        size_t next = 0;
        for (auto& [slice, eps] : slices)
            while (next < rest.size() && eps.size() < kMaxEndpointsPerSlice)
                eps.push_back(std::move(rest[next++]));
        for (auto& [slice, eps] : slices) {
            if (eps.empty())
                remove(*slice);
            else
                put(*slice, std::move(eps), ports);
        }
        while (next < rest.size()) {
            Json eps = Json::array();
            while (next < rest.size() && eps.size() < kMaxEndpointsPerSlice)
                eps.push_back(std::move(rest[next++]));
            create(std::move(eps), ports);
        }
    }
    for (const Json* s : existing)
        if (!used.count(s))
            remove(*s);
}

void EndpointSliceController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                         const api::Response& response)
{
    const std::string key = tag.value("svc", "");
    const std::string op = tag.value("op", "");
    if (--m_inflight[key] <= 0)
        m_inflight.erase(key);
    if (response.ok()) {
        if (op == "delete")
            m_expected[key][tag.value("slice", "")] = "";
        else if (const std::string rv(model::textAtPath(response.body, "metadata.resourceVersion"));
                 !rv.empty())
            m_expected[key][nameOf(response.body)] = rv;
    } else if (!(op == "delete" && response.code == 404)) {
        retry(host, ctx, key);
        return;
    }
    if (!m_inflight.count(key))
        m_queue.add(key);
}

} // namespace kubelab::controllers
