#include "engine/kubectl/describe/storage_describers.h"

#include <algorithm>

#include "engine/printers/object_util.h"
#include "engine/printers/storage_printers.h"

namespace kubelab::kubectl {

namespace {

using printers::at;
using printers::str;
using Json = nlohmann::json;

// fmt's %v of a []string: "[a b]".
std::string goList(const Json& list)
{
    std::vector<std::string> items;
    if (list.is_array())
        for (const Json& s : list)
            items.push_back(s.is_string() ? s.get<std::string>() : s.dump());
    return "[" + printers::join(items, " ") + "]";
}

// labels.FormatLabels of a string map: "a=1,b=2", "<none>" when empty.
std::string formatMap(const Json& map)
{
    return printers::formatLabels(map);
}

void volumeNodeAffinity(PrefixWriter& w, const Json& affinity)
{
    const Json& required = at(affinity, "required");
    w.write(0, "Node Affinity:\t");
    if (!required.is_object()) {
        w.line("<none>");
        return;
    }
    w.line("");
    w.write(1, "Required Terms:\t");
    const Json& terms = at(required, "nodeSelectorTerms");
    if (!terms.is_array() || terms.empty()) {
        w.line("<none>");
        return;
    }
    w.line("");
    for (size_t i = 0; i < terms.size(); ++i) {
        w.write(2, "Term " + std::to_string(i) + ":\t");
        const Json& reqs = at(terms[i], "matchExpressions");
        if (!reqs.is_array() || reqs.empty()) {
            w.line("<none>");
            continue;
        }
        for (size_t j = 0; j < reqs.size(); ++j) {
            if (j != 0)
                w.write(2, "\t");
            std::string op = str(reqs[j], "operator");
            std::transform(op.begin(), op.end(), op.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
            std::string expr = str(reqs[j], "key") + " " + op;
            std::vector<std::string> values;
            for (const Json& v : at(reqs[j], "values"))
                values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
            if (!values.empty())
                expr += " [" + printers::join(values, ", ") + "]";
            w.line(expr);
        }
    }
}

std::string phaseOrTerminating(const Json& o)
{
    return at(o, "metadata.deletionTimestamp").is_null() ? str(o, "status.phase")
                                                         : "Terminating";
}

} // namespace

bool podUsesClaim(const Json& pod, const std::string& claim)
{
    const Json& volumes = at(pod, "spec.volumes");
    return volumes.is_array() &&
           std::any_of(volumes.begin(), volumes.end(), [&](const Json& v) {
               return str(v, "persistentVolumeClaim.claimName") == claim;
           });
}

void describePersistentVolume(PrefixWriter& w, const Json& pv)
{
    w.write(0, "Name:\t" + str(pv, "metadata.name") + "\n");
    w.labels("Labels", at(pv, "metadata.labels"));
    w.annotations("Annotations", at(pv, "metadata.annotations"));
    w.write(0, "Finalizers:\t" + goList(at(pv, "metadata.finalizers")) + "\n");
    w.write(0, "StorageClass:\t" + printers::storageClassOf(pv) + "\n");
    w.write(0, "Status:\t" + phaseOrTerminating(pv) + "\n");
    const Json& ref = at(pv, "spec.claimRef");
    w.write(0, "Claim:\t" +
                   (ref.is_object() ? str(ref, "namespace") + "/" + str(ref, "name") : "") +
                   "\n");
    w.write(0, "Reclaim Policy:\t" + str(pv, "spec.persistentVolumeReclaimPolicy") + "\n");
    w.write(0, "Access Modes:\t" + printers::accessModesString(at(pv, "spec.accessModes")) + "\n");
    if (!at(pv, "spec.volumeMode").is_null())
        w.write(0, "VolumeMode:\t" + str(pv, "spec.volumeMode") + "\n");
    w.write(0, "Capacity:\t" + str(pv, "spec.capacity.storage") + "\n");
    volumeNodeAffinity(w, at(pv, "spec.nodeAffinity"));
    w.write(0, "Message:\t" + str(pv, "status.message") + "\n");
    w.write(0, "Source:\n");
    if (at(pv, "spec.hostPath").is_object()) {
        const std::string type = str(pv, "spec.hostPath.type");
        w.write(2, "Type:\tHostPath (bare host directory volume)\n");
        w.write(2, "Path:\t" + str(pv, "spec.hostPath.path") + "\n");
        w.write(2, "HostPathType:\t" + (type.empty() ? "<none>" : type) + "\n");
    } else if (at(pv, "spec.local").is_object()) {
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a "
                   "node)\n");
        w.write(2, "Path:\t" + str(pv, "spec.local.path") + "\n");
    }
}

void describePersistentVolumeClaim(PrefixWriter& w, const Json& pvc,
                                   const std::vector<Json>& usedBy)
{
    w.write(0, "Name:\t" + str(pvc, "metadata.name") + "\n");
    w.write(0, "Namespace:\t" + str(pvc, "metadata.namespace") + "\n");
    w.write(0, "StorageClass:\t" + printers::storageClassOf(pvc) + "\n");
    w.write(0, "Status:\t" + phaseOrTerminating(pvc) + "\n");
    const std::string volume = str(pvc, "spec.volumeName");
    w.write(0, "Volume:\t" + volume + "\n");
    w.labels("Labels", at(pvc, "metadata.labels"));
    w.annotations("Annotations", at(pvc, "metadata.annotations"));
    w.write(0, "Finalizers:\t" + goList(at(pvc, "metadata.finalizers")) + "\n");
    // The size and modes shown are the bound volume's, so blank until then.
    const bool bound = !volume.empty();
    w.write(0, "Capacity:\t" + (bound ? str(pvc, "status.capacity.storage") : "") + "\n");
    w.write(0, "Access Modes:\t" +
                   (bound ? printers::accessModesString(at(pvc, "status.accessModes")) : "") +
                   "\n");
    if (!at(pvc, "spec.volumeMode").is_null())
        w.write(0, "VolumeMode:\t" + str(pvc, "spec.volumeMode") + "\n");
    std::vector<std::string> pods;
    for (const Json& p : usedBy)
        pods.push_back(str(p, "metadata.name"));
    std::sort(pods.begin(), pods.end());
    w.write(0, "Used By:\t");
    if (pods.empty())
        w.line("<none>");
    for (size_t i = 0; i < pods.size(); ++i)
        w.write(0, (i == 0 ? "" : "\t") + pods[i] + "\n");
}

void describeStorageClass(PrefixWriter& w, const Json& sc)
{
    w.write(0, "Name:\t" + str(sc, "metadata.name") + "\n");
    w.write(0, std::string("IsDefaultClass:\t") +
                   (printers::isDefaultStorageClass(sc) ? "Yes" : "No") + "\n");
    w.write(0, "Annotations:\t" + formatMap(at(sc, "metadata.annotations")) + "\n");
    w.write(0, "Provisioner:\t" + str(sc, "provisioner") + "\n");
    w.write(0, "Parameters:\t" + formatMap(at(sc, "parameters")) + "\n");
    const Json& expand = at(sc, "allowVolumeExpansion");
    w.write(0, std::string("AllowVolumeExpansion:\t") +
                   (expand.is_boolean() ? (expand.get<bool>() ? "True" : "False") : "<unset>") +
                   "\n");
    const Json& options = at(sc, "mountOptions");
    if (!options.is_array() || options.empty()) {
        w.write(0, "MountOptions:\t<none>\n");
    } else {
        w.write(0, "MountOptions:\n");
        for (const Json& o : options)
            w.write(1, (o.is_string() ? o.get<std::string>() : o.dump()) + "\n");
    }
    if (!at(sc, "reclaimPolicy").is_null())
        w.write(0, "ReclaimPolicy:\t" + str(sc, "reclaimPolicy") + "\n");
    if (!at(sc, "volumeBindingMode").is_null())
        w.write(0, "VolumeBindingMode:\t" + str(sc, "volumeBindingMode") + "\n");
}

} // namespace kubelab::kubectl
