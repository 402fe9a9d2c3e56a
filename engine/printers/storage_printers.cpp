#include "engine/printers/storage_printers.h"

namespace kubelab::printers {

namespace {

std::string orUnset(const std::string& s)
{
    return s.empty() ? "<unset>" : s;
}

// A volume or claim being deleted shows "Terminating" instead of its phase.
std::string phaseOf(const Json& o)
{
    return at(o, "metadata.deletionTimestamp").is_null() ? str(o, "status.phase")
                                                         : "Terminating";
}

} // namespace

std::string accessModesString(const Json& modes)
{
    static const std::pair<const char*, const char*> kShort[] = {
        {"ReadWriteOnce", "RWO"},
        {"ReadOnlyMany", "ROX"},
        {"ReadWriteMany", "RWX"},
        {"ReadWriteOncePod", "RWOP"},
    };
    std::vector<std::string> out;
    if (modes.is_array())
        for (const auto& [mode, abbrev] : kShort)
            for (const Json& m : modes)
                if (m == mode) {
                    out.push_back(abbrev);
                    break;
                }
    return join(out, ",");
}

bool isDefaultStorageClass(const Json& sc)
{
    const Json& ann = at(sc, "metadata.annotations");
    return model::textAt(ann, "storageclass.kubernetes.io/is-default-class") == "true" ||
           model::textAt(ann, "storageclass.beta.kubernetes.io/is-default-class") == "true";
}

std::string storageClassOf(const Json& o)
{
    const Json& spec = at(o, "spec");
    if (spec.is_object() && spec.contains("storageClassName"))
        return str(spec, "storageClassName");
    return model::textAt(at(o, "metadata.annotations"), "volume.beta.kubernetes.io/storage-class");
}

std::vector<std::string> persistentVolumeRow(const Json& pv, sim::Time now)
{
    const Json& ref = at(pv, "spec.claimRef");
    const std::string claim =
        ref.is_object() ? str(ref, "namespace") + "/" + str(ref, "name") : std::string();
    return {str(pv, "metadata.name"),
            str(pv, "spec.capacity.storage"),
            accessModesString(at(pv, "spec.accessModes")),
            str(pv, "spec.persistentVolumeReclaimPolicy"),
            phaseOf(pv),
            claim,
            storageClassOf(pv),
            orUnset(str(pv, "spec.volumeAttributesClassName")),
            str(pv, "status.reason"),
            age(pv, now),
            str(pv, "spec.volumeMode")};
}

std::vector<std::string> persistentVolumeClaimRow(const Json& pvc, sim::Time now)
{
    const std::string volume = str(pvc, "spec.volumeName");
    // Size and modes are the bound volume's, so they stay empty until the claim is bound.
    std::string capacity, modes;
    if (!volume.empty()) {
        capacity = str(pvc, "status.capacity.storage");
        modes = accessModesString(at(pvc, "status.accessModes"));
    }
    std::string attributesClass = str(pvc, "status.currentVolumeAttributesClassName");
    if (attributesClass.empty())
        attributesClass = str(pvc, "spec.volumeAttributesClassName");
    return {str(pvc, "metadata.name"),
            phaseOf(pvc),
            volume,
            capacity,
            modes,
            storageClassOf(pvc),
            orUnset(attributesClass),
            age(pvc, now),
            str(pvc, "spec.volumeMode")};
}

std::vector<std::string> storageClassRow(const Json& sc, sim::Time now)
{
    std::string name = str(sc, "metadata.name");
    if (isDefaultStorageClass(sc))
        name += " (default)";
    const std::string reclaim = str(sc, "reclaimPolicy");
    const std::string binding = str(sc, "volumeBindingMode");
    return {name,
            str(sc, "provisioner"),
            reclaim.empty() ? "Delete" : reclaim,
            binding.empty() ? "Immediate" : binding,
            flag(sc, "allowVolumeExpansion") ? "true" : "false",
            age(sc, now)};
}

} // namespace kubelab::printers
