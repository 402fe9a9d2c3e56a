// Shared building blocks: ObjectMeta, references and label selectors.
#include "engine/model/schema_builder.h"

namespace kubelab::model::schemadef {

void addMetaTypes(TypeTable& t)
{
    addType(t, "ObjectMeta",
            "Metadata that every persisted object carries: its identity, its labels and "
            "annotations, and bookkeeping the API server maintains.",
            {
                strMap("annotations", "Free-form key/value notes for tools and people. Unlike "
                                      "labels they cannot be used in selectors."),
                time("creationTimestamp", "When the server stored this object, in RFC 3339 "
                                          "form, UTC. Set by the system; read-only."),
                i64("deletionGracePeriodSeconds",
                    "How many seconds the object is given to shut down before it is removed. "
                    "Only set while a deletion is in progress."),
                time("deletionTimestamp",
                     "When the object will be removed; set by the server once a deletion was "
                     "requested and finalizers or a grace period keep it around."),
                strs("finalizers", "Names of the cleanup steps that must finish before the "
                                   "object is really removed from storage."),
                str("generateName", "Prefix from which the server makes a unique name when "
                                    "no name is given."),
                i64("generation", "Counts changes to the desired state (spec). Set by the "
                                  "system; read-only."),
                strMap("labels", "Key/value pairs used to organise and select objects, for "
                                 "example by Services and ReplicaSets."),
                objs("managedFields", "ManagedFieldsEntry",
                     "Which manager (kubectl, a controller) owns which fields, as recorded "
                     "by server-side apply. Internal bookkeeping."),
                str("name", "Unique name of the object within its namespace (or cluster, for "
                            "cluster-scoped kinds). Cannot be changed after creation."),
                str("namespace", "The namespace the object lives in; empty means default. "
                                 "Cluster-scoped kinds have none."),
                objs("ownerReferences", "OwnerReference",
                     "Objects this one depends on. When every owner is gone the garbage "
                     "collector removes this object."),
                str("resourceVersion", "Opaque version of this object, changed by every write. "
                                       "Used for optimistic concurrency and watches."),
                str("selfLink", "Deprecated and no longer filled in by the system."),
                str("uid", "Identifier unique across space and time for this object. Set by the "
                           "system; read-only."),
            });
    addType(t, "ManagedFieldsEntry",
            "One field manager's ownership record, kept by server-side apply.",
            {
                str("apiVersion", "The version of the object the field set refers to."),
                str("fieldsType", "Format of fieldsV1; only FieldsV1 exists today."),
                obj("fieldsV1", "", "The owned fields, as a nested set in JSON."),
                str("manager", "Name of the workflow that manages these fields."),
                str("operation", "Apply or Update: the kind of write that recorded this entry."),
                str("subresource", "The subresource the write went to, such as status."),
                time("time", "When these fields last changed."),
            });
    addType(t, "OwnerReference",
            "Points at an owner of an object. Owners must be in the same namespace or be "
            "cluster-scoped.",
            {
                req(str("apiVersion", "Version of the owner, such as apps/v1.")),
                boolean("blockOwnerDeletion",
                        "If true, a foreground deletion of the owner waits for this object "
                        "to be removed first."),
                boolean("controller", "If true, this owner is the managing controller. At "
                                      "most one owner may be the controller."),
                req(str("kind", "Kind of the owner, such as ReplicaSet.")),
                req(str("name", "Name of the owner.")),
                req(str("uid", "UID of the owner; a recreated owner with the same name does not "
                               "match.")),
            });
    addType(t, "LabelSelector",
            "A query over labels. All conditions must hold; an empty selector matches every "
            "object and a missing one matches none.",
            {
                objs("matchExpressions", "LabelSelectorRequirement",
                     "Set-based conditions, all of which must match."),
                strMap("matchLabels", "Exact key/value pairs; each one is the same as an In "
                                      "expression with a single value."),
            });
    addType(t, "LabelSelectorRequirement",
            "A condition on one label key: an operator and, for In and NotIn, a list of values.",
            {
                req(str("key", "The label key the condition looks at.")),
                req(str("operator", "In, NotIn, Exists or DoesNotExist.")),
                strs("values", "Values for In and NotIn (must be non-empty); empty for Exists "
                               "and DoesNotExist."),
            });
    addType(t, "ObjectReference",
            "Enough information to find another object: its kind, namespace, name and UID, "
            "optionally a field inside it.",
            {
                str("apiVersion", "API version of the referenced object."),
                str("fieldPath", "A field inside the object, such as spec.containers{web}, "
                                 "when the reference is to part of it."),
                str("kind", "Kind of the referenced object."),
                str("name", "Name of the referenced object."),
                str("namespace", "Namespace of the referenced object."),
                str("resourceVersion", "The version of the object the reference was made from."),
                str("uid", "UID of the referenced object."),
            });
    addType(t, "LocalObjectReference", "Names another object in the same namespace.",
            {
                str("name", "Name of the object."),
            });
    addType(t, "TypedLocalObjectReference",
            "Names an object of a given kind in the same namespace.",
            {
                str("apiGroup", "Group of the kind; empty for the core group."),
                req(str("kind", "Kind of the object.")),
                req(str("name", "Name of the object.")),
            });
}

} // namespace kubelab::model::schemadef
