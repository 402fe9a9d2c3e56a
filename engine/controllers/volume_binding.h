#pragma once
// Pure decisions of the PersistentVolume binder (pkg/controller/volume/persistentvolume,
// release 1.31), shared by the binder and the local-path provisioner and tested without
// a cluster: which volume a claim may bind, and the writes that bind them.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::controllers {

using Json = nlohmann::json;

// Annotations the binder and provisioners read and write on claims and volumes.
inline constexpr const char* kAnnSelectedNode = "volume.kubernetes.io/selected-node";
inline constexpr const char* kAnnStorageProvisioner = "volume.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnBetaStorageProvisioner =
    "volume.beta.kubernetes.io/storage-provisioner";
inline constexpr const char* kAnnBindCompleted = "pv.kubernetes.io/bind-completed";
inline constexpr const char* kAnnBoundByController = "pv.kubernetes.io/bound-by-controller";
inline constexpr const char* kAnnProvisionedBy = "pv.kubernetes.io/provisioned-by";

// The claim's class as the binder reads it: spec.storageClassName, or "".
std::string claimClass(const Json& claim);
// The volume's claimRef points at `claim` (same namespace and name, and uid when set).
bool volumeClaimedBy(const Json& volume, const Json& claim);
// findMatchingVolume: a volume of the claim's class, not claimed by another, with every
// access mode asked for and at least the size requested, and (when `node` is given)
// usable from that node by its nodeAffinity. A volume pre-bound to the claim wins;
// otherwise the smallest that fits, ties by name. nullptr when none fits.
const Json* findMatchingVolume(const Json& claim, const std::vector<const Json*>& volumes,
                               const Json* node = nullptr);
// Whether the volume's required nodeAffinity admits `node` (labels and metadata.name).
bool volumeNodeAffinityMatches(const Json& volume, const Json& node);

// The merge patches of a bind, in the binder's order: the volume's claimRef, its status
// Bound; the claim's volumeName and annotations, its status Bound with the volume's size
// and access modes.
Json volumeClaimRefPatch(const Json& claim, bool byController);
Json claimBindPatch(const Json& volume, bool byController);
Json claimBoundStatus(const Json& volume);

} // namespace kubelab::controllers
