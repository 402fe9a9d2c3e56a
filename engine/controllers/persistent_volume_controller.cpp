#include "engine/controllers/persistent_volume_controller.h"

#include <vector>

#include "engine/controllers/controller_util.h"
#include "engine/controllers/volume_binding.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

const char kClaims[] = "persistentvolumeclaims";
const char kVolumes[] = "persistentvolumes";

std::string phaseOf(const Json& o)
{
    return model::textAtPath(o, "status.phase");
}

Json statusPatch(const std::string& phase)
{
    return {{"status", {{"phase", phase}}}};
}

} // namespace

std::string PersistentVolumeController::claimKey(const Json& claim)
{
    return "claim/" + keyOf(claim);
}

std::string PersistentVolumeController::volumeKey(const std::string& name)
{
    return "volume/" + name;
}

void PersistentVolumeController::onWatchEvent(const ControllerHost&, const std::string& informer,
                                              const std::string& type, const Json& object,
                                              const Json&)
{
    if (informer == kClaims) {
        if (type != "DELETED")
            m_queue.add(claimKey(object));
        // A claim that goes releases its volume.
        const std::string volume = model::textAtPath(object, "spec.volumeName");
        if (type == "DELETED" && !volume.empty())
            m_queue.add(volumeKey(volume));
    } else if (informer == kVolumes) {
        if (type != "DELETED")
            m_queue.add(volumeKey(nameOf(object)));
        const Json& ref = model::memberAtPath(object, "spec.claimRef");
        if (ref.is_object())
            m_queue.add("claim/" + model::textAt(ref, "namespace") + "/" +
                        model::textAt(ref, "name"));
        else if (type != "DELETED")
            m_volumeFree = true;
    }
}

void PersistentVolumeController::afterWatchEvent(ControllerHost& host, sim::Context&)
{
    // A volume nobody claims may fit a waiting claim: look at the unbound ones again, as
    // the binder's 15 s resync would find it.
    if (!m_volumeFree)
        return;
    m_volumeFree = false;
    for (const auto& [key, claim] : host.cache(kClaims).objects())
        if (model::textAtPath(claim, "spec.volumeName").empty())
            m_queue.add("claim/" + key);
}

void PersistentVolumeController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, claim] : host.cache(kClaims).objects())
        m_queue.add("claim/" + key);
    for (const auto& [key, volume] : host.cache(kVolumes).objects())
        m_queue.add(volumeKey(key));
}

void PersistentVolumeController::reconcile(ControllerHost& host, sim::Context& ctx,
                                           const std::string& key)
{
    if (key.rfind("claim/", 0) == 0)
        syncClaim(host, ctx, key.substr(6));
    else if (key.rfind("volume/", 0) == 0)
        syncVolume(host, ctx, key.substr(7));
}

void PersistentVolumeController::syncClaim(ControllerHost& host, sim::Context& ctx,
                                           const std::string& key)
{
    const Json* claim = host.cache(kClaims).get(key);
    const std::string target = "persistentvolumeclaims/" + key;
    if (!claim || isDeleting(*claim)) {
        ctx.describe("controller.reconcile", target, std::string(kName) + ": claim " + key +
                                                         " is gone or going");
        return;
    }
    const std::string volumeName = model::textAtPath(*claim, "spec.volumeName");
    if (!volumeName.empty()) {
        // Bound already; finish a bind whose last write did not land.
        const Json* volume = host.cache(kVolumes).get(volumeName);
        if (volume && volumeClaimedBy(*volume, *claim) && phaseOf(*claim) != "Bound") {
            host.call(ctx, kName,
                      corePatch(kClaims, namespaceOf(*claim), nameOf(*claim), "status",
                                claimBoundStatus(*volume)),
                      {{"what", "status of claim " + key}, {"key", "claim/" + key}});
        } else {
            ctx.describe("controller.reconcile", target,
                         std::string(kName) + ": claim " + key + " is bound to " + volumeName);
        }
        return;
    }

    const std::string className = claimClass(*claim);
    const Json* storageClass = className.empty() ? nullptr
                                                 : host.cache("storageclasses").get(className);
    const bool waitForConsumer =
        storageClass &&
        model::textAt(*storageClass, "volumeBindingMode") == "WaitForFirstConsumer";
    const Json& annotations = model::memberAtPath(*claim, "metadata.annotations");
    const std::string selectedNode = model::textAt(annotations, kAnnSelectedNode);
    const Json* node = selectedNode.empty() ? nullptr : host.cache("nodes").get(selectedNode);

    std::vector<const Json*> volumes;
    for (const auto& [name, v] : host.cache(kVolumes).objects())
        volumes.push_back(&v);
    const Json* match = findMatchingVolume(*claim, volumes, waitForConsumer ? node : nullptr);
    const bool preBound = match && volumeClaimedBy(*match, *claim);
    if (waitForConsumer && selectedNode.empty() && !preBound) {
        host.event(ctx, kName, *claim, "Normal", "WaitForFirstConsumer",
                   "waiting for first consumer to be created before binding");
        return;
    }
    if (match) {
        bind(host, ctx, *claim, *match);
        return;
    }
    if (!storageClass) {
        if (className.empty())
            host.event(ctx, kName, *claim, "Normal", "FailedBinding",
                       "no persistent volumes available for this claim and no storage class "
                       "is set");
        else
            host.event(ctx, kName, *claim, "Warning", "ProvisioningFailed",
                       "storageclass.storage.k8s.io \"" + className + "\" not found");
        return;
    }
    // Dynamic provisioning by an external provisioner: say whose job it is.
    const std::string provisioner = model::textAt(*storageClass, "provisioner");
    if (model::textAt(annotations, kAnnStorageProvisioner) != provisioner)
        host.call(ctx, kName,
                  corePatch(kClaims, namespaceOf(*claim), nameOf(*claim), "",
                            {{"metadata",
                              {{"annotations",
                                {{kAnnBetaStorageProvisioner, provisioner},
                                 {kAnnStorageProvisioner, provisioner}}}}}}),
                  {{"what", "provisioner annotation of claim " + key}, {"key", "claim/" + key}});
    host.event(ctx, kName, *claim, "Normal", "ExternalProvisioning",
               "Waiting for a volume to be created either by the external provisioner '" +
                   provisioner +
                   "' or manually by the system administrator. If volume creation is "
                   "delayed, please verify that the provisioner is running and correctly "
                   "registered.");
}

void PersistentVolumeController::bind(ControllerHost& host, sim::Context& ctx, const Json& claim,
                                      const Json& volume)
{
    const std::string volumeName = nameOf(volume);
    const std::string claimName = keyOf(claim);
    ctx.describe("controller.reconcile", "persistentvolumeclaims/" + claimName,
                 std::string(kName) + ": binding claim " + claimName + " to volume " +
                     volumeName);
    // bindVolumeToClaim, updateVolumePhase, bindClaimToVolume, updateClaimStatus.
    if (!volumeClaimedBy(volume, claim))
        host.call(ctx, kName,
                  corePatch(kVolumes, "", volumeName, "", volumeClaimRefPatch(claim, true)),
                  {{"what", "claimRef of volume " + volumeName}, {"key", "claim/" + claimName}});
    if (phaseOf(volume) != "Bound")
        host.call(ctx, kName, corePatch(kVolumes, "", volumeName, "status", statusPatch("Bound")),
                  {{"what", "status of volume " + volumeName}, {"key", "claim/" + claimName}});
    host.call(ctx, kName,
              corePatch(kClaims, namespaceOf(claim), nameOf(claim), "",
                        claimBindPatch(volume, true)),
              {{"what", "volumeName of claim " + claimName}, {"key", "claim/" + claimName}});
    host.call(ctx, kName,
              corePatch(kClaims, namespaceOf(claim), nameOf(claim), "status",
                        claimBoundStatus(volume)),
              {{"what", "status of claim " + claimName}, {"key", "claim/" + claimName}});
}

void PersistentVolumeController::syncVolume(ControllerHost& host, sim::Context& ctx,
                                            const std::string& name)
{
    const Json* volume = host.cache(kVolumes).get(name);
    const std::string target = "persistentvolumes/" + name;
    if (!volume || isDeleting(*volume)) {
        ctx.describe("controller.reconcile", target,
                     std::string(kName) + ": volume " + name + " is gone or going");
        return;
    }
    const Json& ref = model::memberAtPath(*volume, "spec.claimRef");
    std::string phase = "Available";
    if (ref.is_object()) {
        const Json* claim = host.cache(kClaims).get(model::textAt(ref, "namespace") + "/" +
                                                    model::textAt(ref, "name"));
        if (!claim || !volumeClaimedBy(*volume, *claim))
            phase = phaseOf(*volume) == "Failed" ? "Failed" : "Released";
        else if (model::textAtPath(*claim, "spec.volumeName") == name)
            phase = "Bound";
        else
            phase = phaseOf(*volume) == "Bound" ? "Bound" : "Available"; // the claim binds it
    }
    if (phase == phaseOf(*volume)) {
        ctx.describe("controller.reconcile", target,
                     std::string(kName) + ": volume " + name + " is " + phase);
        return;
    }
    host.call(ctx, kName, corePatch(kVolumes, "", name, "status", statusPatch(phase)),
              {{"what", "status of volume " + name}, {"key", volumeKey(name)}});
}

void PersistentVolumeController::onResponse(ControllerHost& host, sim::Context& ctx,
                                            const Json& tag, const api::Response& response)
{
    const std::string what = tag.value("what", "");
    if (response.ok()) {
        ctx.describe("controller.response", "", std::string(kName) + ": " + what + " written");
        return;
    }
    ctx.describe("controller.response", "",
                 std::string(kName) + ": " + what + " failed: " +
                     response.body.value("message", ""));
    if (tag.contains("key"))
        retry(host, ctx, tag.value("key", ""));
}

} // namespace kubelab::controllers
