#pragma once
// rancher's local-path-provisioner (v0.0.30, the one kind installs) as a controller of the
// manager, built on sig-storage-lib-external-provisioner's protocol: it provisions claims
// the binder annotated with its name (rancher.io/local-path) once the scheduler has chosen
// their node, making a hostPath volume pvc-<claim uid> under /var/local-path-provisioner
// on that node, pinned there by node affinity and pre-bound to the claim; the binder then
// binds the claim. A Released volume it made, with reclaim policy Delete, is removed.
// In a real cluster it is a Deployment in the local-path-storage namespace whose helper
// pods create and remove the directories; here each takes kHelperTime.
#include <map>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class LocalPathProvisioner : public Controller
{
public:
    static constexpr const char* kName = "local-path-provisioner";
    static constexpr const char* kProvisioner = "rancher.io/local-path";
    // The Events' source: provisioner name, pod name and a per-start UUID.
    static constexpr const char* kComponent =
        "rancher.io/local-path_local-path-provisioner-7577fdbbfb-p5z7k_"
        "3f2b8f0e-6c1a-4d5e-9b7a-0c4e8d2f1a6b";
    static constexpr const char* kBasePath = "/var/local-path-provisioner";
    // How long a helper pod takes to create or remove a volume's directory.
    static constexpr sim::Duration kHelperTime = 2 * sim::kSecond;

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The PersistentVolume provisioned for `claim` on `node` with the class's reclaim
    // policy: name pvc-<uid>, hostPath <base>/pvc-<uid>_<namespace>_<claim>.
    static nlohmann::json volumeFor(const nlohmann::json& claim, const std::string& node,
                                    const std::string& reclaimPolicy);

private:
    void provision(ControllerHost& host, sim::Context& ctx, const std::string& key);
    void reclaim(ControllerHost& host, sim::Context& ctx, const std::string& name);

    // Claim or volume key -> when its helper pod finishes.
    std::map<std::string, sim::Time> m_helpers;
};

} // namespace kubelab::controllers
