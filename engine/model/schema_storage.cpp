// Storage kinds: core/v1 PersistentVolume and PersistentVolumeClaim, storage.k8s.io/v1
// StorageClass (k8s.io/api core/v1/types.go and storage/v1/types.go, release 1.31). Only
// the volume sources a learner's cluster can serve are listed: hostPath and local.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

namespace {

std::vector<FieldSchema> withFields(std::vector<FieldSchema> base,
                                    const std::vector<FieldSchema>& more)
{
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

FieldSchema accessModes()
{
    return strs("accessModes", "ReadWriteOnce, ReadOnlyMany, ReadWriteMany or "
                               "ReadWriteOncePod.");
}

FieldSchema volumeMode()
{
    return oneOf(str("volumeMode", "Filesystem (default) or Block."), {"Block", "Filesystem"});
}

void addVolumeTypes(TypeTable& t)
{
    addType(t, "PersistentVolume",
            "A piece of storage in the cluster, made by an administrator or a provisioner, "
            "that one claim at a time can bind.",
            rootFields("persistent volume", "PersistentVolumeSpec", "PersistentVolumeStatus"));
    addType(t, "PersistentVolumeSpec", "What the volume is and who may bind it.",
            {
                accessModes(),
                qtyMap("capacity", "The volume's size, under the key storage."),
                obj("claimRef", "ObjectReference",
                    "The claim bound to this volume; set by the binder, or by hand to "
                    "reserve the volume for one claim."),
                obj("hostPath", "HostPathVolumeSource", "A directory on one node."),
                obj("local", "LocalVolumeSource", "A local disk or directory of one node."),
                strs("mountOptions", "Options for mounting the volume."),
                obj("nodeAffinity", "VolumeNodeAffinity",
                    "The nodes the volume can be used from; the scheduler honours it."),
                oneOf(str("persistentVolumeReclaimPolicy",
                          "What happens when the claim is deleted: Retain (default for "
                          "volumes made by hand), Delete or Recycle."),
                      {"Delete", "Recycle", "Retain"}),
                str("storageClassName", "The class this volume belongs to; only claims of "
                                        "the same class bind it."),
                str("volumeAttributesClassName", "The VolumeAttributesClass, if any."),
                volumeMode(),
            });
    addType(t, "LocalVolumeSource", "A mounted local storage device or directory.",
            {
                str("fsType", "Filesystem type of a block device."),
                req(str("path", "Full path of the volume on the node.")),
            });
    addType(t, "VolumeNodeAffinity", "Constraints on the nodes a volume is reachable from.",
            {
                obj("required", "NodeSelector", "Nodes that can reach the volume."),
            });
    addType(t, "PersistentVolumeStatus", "What was last observed of a volume.",
            {
                time("lastPhaseTransitionTime", "When the phase last changed."),
                str("message", "Why the volume is in this phase."),
                oneOf(str("phase", "Pending, Available, Bound, Released or Failed."),
                      {"Available", "Bound", "Failed", "Pending", "Released"}),
                str("reason", "A short CamelCase reason for a failure."),
            });
}

void addClaimTypes(TypeTable& t)
{
    addType(t, "PersistentVolumeClaim", "A request for storage by a user.",
            rootFields("claim", "PersistentVolumeClaimSpec", "PersistentVolumeClaimStatus"));
    addType(t, "PersistentVolumeClaimSpec", "What storage is requested.",
            {
                accessModes(),
                obj("dataSource", "TypedLocalObjectReference", "Populate from this object."),
                obj("dataSourceRef", "TypedObjectReference",
                    "Populate from this object, possibly of another namespace."),
                obj("resources", "VolumeResourceRequirements", "How much storage."),
                obj("selector", "LabelSelector", "Which volumes may be bound."),
                str("storageClassName", "The StorageClass to bind or provision from; the "
                                        "default class when left out, none when \"\"."),
                str("volumeAttributesClassName", "The VolumeAttributesClass, if any."),
                volumeMode(),
                str("volumeName", "Bind to this volume."),
            });
    addType(t, "TypedObjectReference", "Names an object of a given kind.",
            {
                str("apiGroup", "Group of the kind; empty for the core group."),
                req(str("kind", "Kind of the object.")),
                req(str("name", "Name of the object.")),
                str("namespace", "Namespace of the object."),
            });
    addType(t, "VolumeResourceRequirements", "Storage requested and allowed.",
            {
                qtyMap("limits", "Most storage allowed."),
                qtyMap("requests", "Storage requested."),
            });
    addType(t, "PersistentVolumeClaimStatus", "What was last observed of a claim.",
            {
                accessModes(),
                qtyMap("allocatedResources", "Storage allocated while resizing."),
                qtyMap("capacity", "The size of the bound volume."),
                objs("conditions", "PersistentVolumeClaimCondition",
                     "Resizing and modification conditions."),
                str("currentVolumeAttributesClassName", "The VolumeAttributesClass in use."),
                oneOf(str("phase", "Pending, Bound or Lost."), {"Bound", "Lost", "Pending"}),
            });
    addType(t, "PersistentVolumeClaimCondition", "One aspect of a claim's state.",
            {
                time("lastProbeTime", "When the condition was last probed."),
                time("lastTransitionTime", "When the status last changed."),
                str("message", "Human-readable details."),
                str("reason", "CamelCase reason for the last change."),
                req(str("status", "True, False or Unknown.")),
                req(str("type", "The condition type.")),
            });
}

void addStorageClassTypes(TypeTable& t)
{
    const std::vector<FieldSchema> more = {
        boolean("allowVolumeExpansion", "Whether claims of this class may grow."),
        objs("allowedTopologies", "TopologySelectorTerm",
             "Where provisioned volumes may be placed."),
        strs("mountOptions", "Mount options of provisioned volumes."),
        strMap("parameters", "Settings passed to the provisioner."),
        req(str("provisioner", "The provisioner that makes volumes of this class.")),
        oneOf(str("reclaimPolicy", "Delete (default) or Retain for provisioned volumes."),
              {"Delete", "Retain"}),
        oneOf(str("volumeBindingMode",
                  "Immediate (default) binds and provisions when the claim is made; "
                  "WaitForFirstConsumer waits until a pod using it is scheduled."),
              {"Immediate", "WaitForFirstConsumer"}),
    };
    addType(t, "StorageClass",
            "A kind of storage an administrator offers: who provisions it and with which "
            "settings.",
            withFields(rootFields("storage class", "", ""), more));
    addType(t, "TopologySelectorTerm", "A topology constraint.",
            {
                objs("matchLabelExpressions", "TopologySelectorLabelRequirement",
                     "Label conditions, combined with AND."),
            });
    addType(t, "TopologySelectorLabelRequirement", "One label and the values it may take.",
            {
                req(str("key", "The label key.")),
                req(strs("values", "Values the label may take.")),
            });
}

} // namespace

void addStorageTypes(TypeTable& t)
{
    addVolumeTypes(t);
    addClaimTypes(t);
    addStorageClassTypes(t);
}

} // namespace kubelab::model::schemadef
