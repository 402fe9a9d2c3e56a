#include "engine/model/schema.h"

#include <map>
#include <utility>

#include "engine/model/schema_builder.h"

namespace kubelab::model {

namespace {

using schemadef::TypeTable;

// Built once on first use and never changed afterwards, so it is shared read-only state.
const TypeTable& table()
{
    static const TypeTable t = [] {
        TypeTable out;
        schemadef::addMetaTypes(out);
        schemadef::addPodTypes(out);
        schemadef::addContainerTypes(out);
        schemadef::addPodStatusTypes(out);
        schemadef::addCoreTypes(out);
        schemadef::addWorkloadTypes(out);
        schemadef::addStorageTypes(out);
        return out;
    }();
    return t;
}

// (group, kind) of every served kind; the root type has the kind's name.
const std::map<std::pair<std::string, std::string>, std::string>& kindRoots()
{
    static const std::map<std::pair<std::string, std::string>, std::string> roots = {
        {{"", "Namespace"}, "Namespace"},
        {{"", "Node"}, "Node"},
        {{"", "Pod"}, "Pod"},
        {{"", "Service"}, "Service"},
        {{"", "ConfigMap"}, "ConfigMap"},
        {{"", "Secret"}, "Secret"},
        {{"", "Event"}, "Event"},
        {{"", "ServiceAccount"}, "ServiceAccount"},
        {{"", "PersistentVolume"}, "PersistentVolume"},
        {{"", "PersistentVolumeClaim"}, "PersistentVolumeClaim"},
        {{"storage.k8s.io", "StorageClass"}, "StorageClass"},
        {{"apps", "Deployment"}, "Deployment"},
        {{"apps", "ReplicaSet"}, "ReplicaSet"},
        {{"apps", "StatefulSet"}, "StatefulSet"},
        {{"apps", "DaemonSet"}, "DaemonSet"},
        {{"batch", "Job"}, "Job"},
        {{"discovery.k8s.io", "EndpointSlice"}, "EndpointSlice"},
        {{"coordination.k8s.io", "Lease"}, "Lease"},
        {{"scheduling.k8s.io", "PriorityClass"}, "PriorityClass"},
    };
    return roots;
}

} // namespace

const TypeSchema* typeSchema(const std::string& typeName)
{
    const auto& t = table();
    auto it = t.find(typeName);
    return it == t.end() ? nullptr : &it->second;
}

const TypeSchema* kindSchema(const std::string& group, const std::string& kind)
{
    const auto& roots = kindRoots();
    auto it = roots.find({group, kind});
    return it == roots.end() ? nullptr : typeSchema(it->second);
}

const FieldSchema* findField(const TypeSchema& type, const std::string& name)
{
    for (const FieldSchema& f : type.fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

std::string goTypeName(const FieldSchema& f, bool element)
{
    // Every served type lives in a Go package named v1 (core, apps, batch, meta, ...).
    const std::string& t = f.type;
    if (t == "string" || t == "Time")
        return "string";
    if (t == "integer")
        return f.format.empty() ? "int32" : f.format;
    if (t == "boolean")
        return "bool";
    if (t == "number")
        return "float64";
    if (t == "Object")
        return f.refType.empty() ? "map[string]interface {}" : "v1." + f.refType;
    if (t == "[]Object")
        return element ? "v1." + f.refType : "[]v1." + f.refType;
    if (t == "[]string")
        return element ? "string" : "[]string";
    if (t == "[]integer") {
        const std::string e = f.format.empty() ? "int64" : f.format;
        return element ? e : "[]" + e;
    }
    if (t == "map[string]string") {
        const std::string e = f.format == "byte" ? "[]uint8" : "string";
        return element ? e : "map[string]" + e;
    }
    if (t == "map[string]Quantity")
        return element ? "resource.Quantity" : "map[string]resource.Quantity";
    if (t == "Quantity")
        return "resource.Quantity";
    if (t == "IntOrString")
        return "intstr.IntOrString";
    return t;
}

} // namespace kubelab::model
