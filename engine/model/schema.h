#pragma once
// Schemas of the served kinds: field names, types and short descriptions. Drives
// strict decoding (checkSchema) and `kubectl explain`.
#include <string>
#include <vector>

namespace kubelab::model {

struct FieldSchema
{
    std::string name;
    std::string type;    // "string", "integer", "boolean", "number", "Object", "[]Object",
                         // "[]string", "map[string]string", "Quantity", "IntOrString", "Time"
    std::string refType; // for objects: the type name, e.g. "PodSpec"
    std::string description;
    bool required = false;
    // Go detail kept for decoding errors: "int32"/"int64" for integers, "byte" for
    // base64 []byte values (Secret data), "" otherwise.
    std::string format;
    // Allowed values of an enum field, listed by `kubectl explain` as `enum: a, b`.
    std::vector<std::string> enumValues;
};

struct TypeSchema
{
    std::string name; // "DeploymentSpec"
    std::string description;
    std::vector<FieldSchema> fields;
};

// nullptr if unknown.
const TypeSchema* typeSchema(const std::string& typeName);
// Root type of a kind, e.g. "Deployment".
const TypeSchema* kindSchema(const std::string& group, const std::string& kind);
// Field of a type by JSON name; nullptr if the type has no such field.
const FieldSchema* findField(const TypeSchema& type, const std::string& name);
// The Go type name used in json decoding errors ("int32", "v1.PodSpec", "[]v1.Container",
// "map[string]string"); for an array or map field, `element` asks for the element type.
std::string goTypeName(const FieldSchema& field, bool element = false);

// `kubectl explain deployment.spec.strategy`-style text for a kind and a field path
// ("" for the root). Returns false and sets *error when the path does not exist, with
// kubectl's message: `field "foo" does not exist`.
bool explain(const std::string& group, const std::string& kind, const std::string& path,
             bool recursive, std::string* out, std::string* error);

} // namespace kubelab::model
