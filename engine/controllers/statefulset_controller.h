#pragma once
// The StatefulSet controller (pkg/controller/statefulset), simplified: pods
// <name>-0..N-1 with stable names and hostnames. OrderedReady creates ordinal i only
// once every lower ordinal is Running and Ready and scales down from the highest
// ordinal, one pod at a time; Parallel creates and deletes all at once. No revisions
// or rolling updates: every pod counts as current. Each pod's claims are made from
// volumeClaimTemplates before the pod, and kept when it goes (the Retain policy; Delete
// is not implemented).
#include <string>
#include <vector>

#include "engine/controllers/controller.h"
#include "engine/controllers/controller_expectations.h"

namespace kubelab::controllers {

class StatefulSetController : public Controller
{
public:
    static constexpr const char* kName = "statefulset-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The ordinal of `pod` in set `setName` ("web-2" -> 2), or -1 if it is not one.
    static long ordinalOf(const std::string& setName, const std::string& podName);
    // The pod for ordinal `ordinal` (newStatefulSetPod): identity labels, hostname and
    // subdomain, the controller reference.
    static nlohmann::json newPod(const nlohmann::json& set, long ordinal);
    // "<template>-<set>-<ordinal>" (www-web-0): the claim of `ordinal` from a template.
    static std::string claimName(const nlohmann::json& set, const nlohmann::json& claimTemplate,
                                 long ordinal);
    // The claims of pod `ordinal` (getPersistentVolumeClaims): each template with that
    // name, the set's namespace and its selector's labels.
    static std::vector<nlohmann::json> claimsFor(const nlohmann::json& set, long ordinal);

private:
    void enqueueOwner(const ControllerHost& host, const nlohmann::json& pod);

    // Pods created or deleted, by key, whose effect the cache has not shown yet: no
    // decision is taken until all are seen, however long that takes (no timeout).
    ControllerExpectations m_expectations;
};

} // namespace kubelab::controllers
