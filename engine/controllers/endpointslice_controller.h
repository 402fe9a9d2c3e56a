#pragma once
// The EndpointSlice controller (pkg/controller/endpointslice, v1.32): for every Service
// with a selector it keeps EndpointSlices listing the pods the selector matches — named
// "<service>-<5 random>", labelled kubernetes.io/service-name and
// endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io, owned by the
// Service, addressType IPv4, at most --max-endpoints-per-slice (100) endpoints each, one
// set of slices per distinct port mapping (named target ports resolve per pod). Each
// endpoint carries the pod IP, conditions ready (the pod's Ready condition, so readiness
// probes decide who receives traffic), serving and terminating, nodeName and targetRef.
// A Service without endpoints keeps one empty placeholder slice. Existing slices are
// updated in place and filled before new ones are created, as the reconciler does.
//
// Left out: the legacy Endpoints object and its controller, topology hints, the
// last-change-trigger-time annotation, dual-stack (IPv6) slices.
#include <map>
#include <string>
#include <vector>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class EndpointSliceController : public Controller
{
public:
    static constexpr const char* kName = "endpointslice-controller";
    static constexpr const char* kManagedBy = "endpointslice-controller.k8s.io";
    static constexpr std::size_t kMaxEndpointsPerSlice = 100;

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The endpoint and the ports a pod contributes to `service` (pure, for tests): the
    // ports are the service's ports resolved against the pod's containers; nullopt when
    // the pod is not an endpoint (no IP, finished).
    struct PodEndpoint
    {
        nlohmann::json endpoint;
        nlohmann::json ports; // array of EndpointPort
    };
    static std::optional<PodEndpoint> podEndpoint(const nlohmann::json& service,
                                                  const nlohmann::json& pod,
                                                  const nlohmann::json* node);

private:
    void write(ControllerHost& host, sim::Context& ctx, const std::string& key, api::Request r,
               const std::string& op, const std::string& slice);
    bool stale(const ControllerHost& host, const std::string& key);

    // Writes in flight per service, and what each finished write should make the cache
    // show before the next reconcile trusts it: slice name -> resourceVersion written
    // ("" for a deleted slice), as the endpointSliceTracker keeps generations.
    std::map<std::string, int> m_inflight;
    std::map<std::string, std::map<std::string, std::string>> m_expected;
};

} // namespace kubelab::controllers
