#pragma once
// The storage kinds as kube-apiserver's printers.go (release 1.31) prints them: the rows of
// PersistentVolume, PersistentVolumeClaim and StorageClass, and the helpers describe shares.
// Called by table.cpp (server-side tables) and kubectl describe.
#include <string>
#include <vector>

#include "engine/printers/object_util.h"

namespace kubelab::printers {

// helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that fixed order, each once.
std::string accessModesString(const Json& modes);
// storage/util IsDefaultAnnotation: the is-default-class annotation (or its beta form)
// is "true".
bool isDefaultStorageClass(const Json& storageClass);
// spec.storageClassName, or the old beta annotation when the field is absent.
std::string storageClassOf(const Json& volumeOrClaim);

// One row per object, one cell per column of the printer in table.cpp.
std::vector<std::string> persistentVolumeRow(const Json& pv, sim::Time now);
std::vector<std::string> persistentVolumeClaimRow(const Json& pvc, sim::Time now);
std::vector<std::string> storageClassRow(const Json& sc, sim::Time now);

} // namespace kubelab::printers
