// Validation of PersistentVolume, PersistentVolumeClaim (pkg/apis/core/validation) and
// StorageClass (pkg/apis/storage/validation), with the messages of kube-apiserver 1.31.
#include <algorithm>
#include <optional>

#include "engine/model/quantity.h"
#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

const std::vector<std::string> kAccessModes = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
                                               "ReadWriteOncePod"};

// Access modes of a volume or claim; `emptyDetail` is the message when none is given,
// which differs between the two kinds.
void accessModes(const json& spec, const std::string& path, const char* emptyDetail,
                 Errors& errs)
{
    const json& modes = memberAt(spec, "accessModes");
    const std::string p = child(path, "accessModes");
    if (!modes.is_array() || modes.empty()) {
        errs.push_back(required(p, emptyDetail));
        return;
    }
    bool rwop = false;
    for (const json& m : modes) {
        const std::string mode = m.is_string() ? m.get<std::string>() : m.dump();
        rwop = rwop || mode == "ReadWriteOncePod";
        if (std::find(kAccessModes.begin(), kAccessModes.end(), mode) == kAccessModes.end())
            errs.push_back(notSupported(p, mode, kAccessModes));
    }
    if (rwop && modes.size() > 1)
        errs.push_back(forbidden(p, "may not use ReadWriteOncePod with other access modes"));
}

void storageClassName(const json& spec, const std::string& path, Errors& errs)
{
    const std::string name(stringAt(spec, "storageClassName"));
    if (!name.empty())
        addInvalid(errs, child(path, "storageClassName"), name, isDNS1123Subdomain(name));
}

void volumeMode(const json& spec, const std::string& path, Errors& errs)
{
    const std::string mode(stringAt(spec, "volumeMode"));
    if (!mode.empty() && mode != "Block" && mode != "Filesystem")
        errs.push_back(notSupported(child(path, "volumeMode"), mode, {"Block", "Filesystem"}));
}

std::optional<Quantity> quantity(const json& v)
{
    if (v.is_string())
        return Quantity::parse(v.get<std::string>());
    if (v.is_number())
        return Quantity::parse(v.dump());
    return std::nullopt;
}

// The volume sources a PersistentVolume may name; exactly one must be set.
const char* const kVolumeSources[] = {"hostPath", "local"};

void persistentVolume(const json& obj, const json* old, Errors& errs)
{
    const json& spec = memberAt(obj, "spec");
    accessModes(spec, "spec", "must specify at least 1 access mode", errs);
    const json& capacity = memberAt(spec, "capacity");
    if (!capacity.is_object() || capacity.empty()) {
        errs.push_back(required("spec.capacity"));
    } else if (!capacity.contains("storage") || capacity.size() > 1) {
        errs.push_back(notSupported("spec.capacity", capacity, {"storage"}));
    } else if (const auto q = quantity(capacity["storage"]); q && q->compare(Quantity()) < 0) {
        errs.push_back(invalid("spec.capacity[storage]", q->toString(),
                               "must be greater than or equal to 0"));
    }
    const std::string policy(stringAt(spec, "persistentVolumeReclaimPolicy"));
    if (!policy.empty() && policy != "Delete" && policy != "Recycle" && policy != "Retain")
        errs.push_back(notSupported("spec.persistentVolumeReclaimPolicy", policy,
                                    {"Delete", "Recycle", "Retain"}));
    storageClassName(spec, "spec", errs);
    volumeMode(spec, "spec", errs);

    int sources = 0;
    for (const char* s : kVolumeSources) {
        if (!hasValue(spec, s))
            continue;
        if (++sources > 1)
            errs.push_back(forbidden(child("spec", s), "may not specify more than 1 volume type"));
        else if (stringAtPath(spec, std::string(s) + ".path").empty())
            errs.push_back(required(child(child("spec", s), "path")));
    }
    if (sources == 0)
        errs.push_back(required("spec", "must specify a volume type"));
    const json& affinity = memberAt(spec, "nodeAffinity");
    if (hasValue(spec, "local") && !hasValue(affinity, "required"))
        errs.push_back(required("spec.nodeAffinity", "Local volume requires node affinity"));
    if (hasValue(affinity, "required")) {
        const json& terms = memberAtPath(affinity, "required.nodeSelectorTerms");
        if (!terms.is_array() || terms.empty())
            errs.push_back(required("spec.nodeAffinity.required.nodeSelectorTerms",
                                    "must have at least one node selector term"));
    }
    if (old) {
        const json& oldSpec = memberAt(*old, "spec");
        for (const char* s : kVolumeSources)
            if (memberAt(spec, s) != memberAt(oldSpec, s)) {
                errs.push_back(forbidden("spec.persistentvolumesource",
                                         "spec.persistentvolumesource is immutable after "
                                         "creation"));
                break;
            }
        if (stringAt(oldSpec, "volumeMode") != stringAt(spec, "volumeMode"))
            errs.push_back(invalid("spec.volumeMode", std::string(stringAt(spec, "volumeMode")),
                                   "field is immutable"));
    }
}

// The claim's spec with what an update may change put back to the old values:
// the requested size, a volume name or class set for the first time.
json comparableClaimSpec(const json& spec, const json& oldSpec)
{
    json s = spec.is_object() ? spec : json::object();
    if (stringAt(oldSpec, "volumeName").empty())
        s.erase("volumeName");
    if (!hasValue(oldSpec, "storageClassName"))
        s.erase("storageClassName");
    if (s.contains("resources") && s["resources"].is_object())
        s["resources"].erase("requests");
    return s;
}

void persistentVolumeClaim(const json& obj, const json* old, Errors& errs)
{
    const json& spec = memberAt(obj, "spec");
    accessModes(spec, "spec", "at least 1 access mode is required", errs);
    const json& storage = memberAtPath(spec, "resources.requests.storage");
    if (storage.is_null()) {
        errs.push_back(required("spec.resources[storage]"));
    } else if (const auto q = quantity(storage); q && q->compare(Quantity()) <= 0) {
        errs.push_back(invalid("spec.resources.requests.storage", q->toString(),
                               "must be greater than zero"));
    }
    storageClassName(spec, "spec", errs);
    volumeMode(spec, "spec", errs);
    if (old) {
        const json& oldSpec = memberAt(*old, "spec");
        if (comparableClaimSpec(spec, oldSpec) != comparableClaimSpec(oldSpec, oldSpec))
            errs.push_back(forbidden("spec", "spec is immutable after creation except "
                                             "resources.requests and "
                                             "volumeAttributesClassName for bound claims"));
    }
}

void storageClass(const json& obj, const json* old, Errors& errs)
{
    const std::string provisioner(stringAt(obj, "provisioner"));
    if (provisioner.empty())
        errs.push_back(required("provisioner"));
    else
        addInvalid(errs, "provisioner", provisioner, isQualifiedName(provisioner));
    const std::string reclaim(stringAt(obj, "reclaimPolicy"));
    if (!reclaim.empty() && reclaim != "Delete" && reclaim != "Retain")
        errs.push_back(notSupported("reclaimPolicy", reclaim, {"Delete", "Retain"}));
    const std::string mode(stringAt(obj, "volumeBindingMode"));
    if (mode.empty())
        errs.push_back(required("volumeBindingMode"));
    else if (mode != "Immediate" && mode != "WaitForFirstConsumer")
        errs.push_back(
            notSupported("volumeBindingMode", mode, {"Immediate", "WaitForFirstConsumer"}));
    if (!old)
        return;
    for (const char* f : {"parameters", "provisioner", "reclaimPolicy"})
        if (memberAt(obj, f) != memberAt(*old, f))
            errs.push_back(forbidden(f, std::string("updates to ") + f + " are forbidden."));
    if (memberAt(obj, "volumeBindingMode") != memberAt(*old, "volumeBindingMode"))
        errs.push_back(invalid("volumeBindingMode", mode, "field is immutable"));
}

} // namespace

bool validateStorageKind(const std::string& kind, const json& obj, const json* old, Errors& errs)
{
    if (kind == "PersistentVolume")
        persistentVolume(obj, old, errs);
    else if (kind == "PersistentVolumeClaim")
        persistentVolumeClaim(obj, old, errs);
    else if (kind == "StorageClass")
        storageClass(obj, old, errs);
    else
        return false;
    return true;
}

} // namespace kubelab::model::valid
