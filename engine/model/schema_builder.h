#pragma once
// Internal to the schema: a compact way to write the type tables in schema_*.cpp.
// Only schema*.cpp include this header.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/schema.h"

namespace kubelab::model::schemadef {

using TypeTable = std::map<std::string, TypeSchema>;

inline void addType(TypeTable& t, std::string name, std::string description,
                    std::vector<FieldSchema> fields)
{
    TypeSchema ts{name, std::move(description), std::move(fields)};
    t.emplace(std::move(name), std::move(ts));
}

inline FieldSchema field(std::string name, std::string type, std::string ref,
                         std::string description, std::string format = {})
{
    FieldSchema f;
    f.name = std::move(name);
    f.type = std::move(type);
    f.refType = std::move(ref);
    f.description = std::move(description);
    f.format = std::move(format);
    return f;
}

inline FieldSchema str(std::string n, std::string d)
{
    return field(n, "string", "", d);
}
inline FieldSchema i32(std::string n, std::string d)
{
    return field(n, "integer", "", d, "int32");
}
inline FieldSchema i64(std::string n, std::string d)
{
    return field(n, "integer", "", d, "int64");
}
inline FieldSchema boolean(std::string n, std::string d)
{
    return field(n, "boolean", "", d);
}
inline FieldSchema number(std::string n, std::string d)
{
    return field(n, "number", "", d);
}
inline FieldSchema obj(std::string n, std::string ref, std::string d)
{
    return field(n, "Object", ref, d);
}
inline FieldSchema objs(std::string n, std::string ref, std::string d)
{
    return field(n, "[]Object", ref, d);
}
inline FieldSchema strs(std::string n, std::string d)
{
    return field(n, "[]string", "", d);
}
inline FieldSchema ints64(std::string n, std::string d)
{
    return field(n, "[]integer", "", d, "int64");
}
inline FieldSchema strMap(std::string n, std::string d)
{
    return field(n, "map[string]string", "", d);
}
inline FieldSchema byteMap(std::string n, std::string d)
{
    return field(n, "map[string]string", "", d, "byte");
}
inline FieldSchema qtyMap(std::string n, std::string d)
{
    return field(n, "map[string]Quantity", "", d);
}
inline FieldSchema qty(std::string n, std::string d)
{
    return field(n, "Quantity", "", d);
}
inline FieldSchema intOrStr(std::string n, std::string d)
{
    return field(n, "IntOrString", "", d);
}
inline FieldSchema time(std::string n, std::string d)
{
    return field(n, "Time", "", d);
}

inline FieldSchema req(FieldSchema f)
{
    f.required = true;
    return f;
}
inline FieldSchema oneOf(FieldSchema f, std::vector<std::string> values)
{
    f.enumValues = std::move(values);
    return f;
}

// The TypeMeta and ObjectMeta fields every served kind starts with.
inline std::vector<FieldSchema> rootFields(const std::string& kind, const std::string& spec,
                                           const std::string& status)
{
    std::vector<FieldSchema> f = {
        str("apiVersion", "The versioned schema this object is written in, such as apps/v1; "
                          "the server converts what it recognises to its own version."),
        str("kind", "The REST kind of this object, in CamelCase, such as Deployment. "
                    "Clients may leave it out when the endpoint already implies it."),
        obj("metadata", "ObjectMeta",
            "Standard object metadata: name, namespace, labels, "
            "annotations and the fields the system fills in."),
    };
    if (!spec.empty())
        f.push_back(obj("spec", spec, "What the user wants this " + kind + " to be."));
    if (!status.empty())
        f.push_back(obj("status", status,
                        "What the system last observed about this " + kind +
                            ". Written by controllers; read-only for users."));
    return f;
}

// One call per file; each fills its part of the table.
void addMetaTypes(TypeTable& t);
void addPodTypes(TypeTable& t);
void addContainerTypes(TypeTable& t);
void addPodStatusTypes(TypeTable& t);
void addCoreTypes(TypeTable& t);
void addWorkloadTypes(TypeTable& t);
void addStorageTypes(TypeTable& t);

} // namespace kubelab::model::schemadef
