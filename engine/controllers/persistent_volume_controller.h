#pragma once
// The PersistentVolume binder (pkg/controller/volume/persistentvolume, release 1.31),
// simplified: a Pending claim binds the smallest Available volume of its class that fits
// (a volume pre-bound to it first); a claim of a WaitForFirstConsumer class waits for the
// scheduler's selected-node annotation and binds only volumes that node can reach; a claim
// nothing fits is handed to its class's external provisioner (annotated, with an
// ExternalProvisioning event). A volume whose claim is gone is Released; what happens next
// is its reclaim policy's: Retain keeps it, Delete is the provisioner's to carry out.
// Left out: the 15 s resync, Recycle, Lost claims, volume expansion and protection
// finalizers.
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class PersistentVolumeController : public Controller
{
public:
    // The Events' source, as kube-controller-manager reports it.
    static constexpr const char* kName = "persistentvolume-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void afterWatchEvent(ControllerHost& host, sim::Context& ctx) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // Work-queue keys: "claim/<namespace>/<name>" and "volume/<name>".
    static std::string claimKey(const nlohmann::json& claim);
    static std::string volumeKey(const std::string& name);

private:
    void syncClaim(ControllerHost& host, sim::Context& ctx, const std::string& key);
    void syncVolume(ControllerHost& host, sim::Context& ctx, const std::string& name);
    void bind(ControllerHost& host, sim::Context& ctx, const nlohmann::json& claim,
              const nlohmann::json& volume);

    bool m_volumeFree = false; // an unclaimed volume appeared or changed in this event
};

} // namespace kubelab::controllers
