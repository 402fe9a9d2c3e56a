// checkSchema: strict decoding against the schemas, with the messages kube-apiserver 1.30
// returns. Its decoder is sigs.k8s.io/json (a fork of Go's encoding/json) in strict mode:
//  - a wrong JSON type is a *json.UnmarshalTypeError:
//      json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
//      type int32
//    The struct is the innermost Go struct; the field path is the dotted JSON path without
//    array indices or map keys. Decoding goes on after it and the first one is reported.
//  - types with their own UnmarshalJSON (Quantity, IntOrString, Time) return their own
//    errors, which stop decoding at once;
//  - unknown fields only count when decoding succeeded; they carry array indices and are
//    joined: strict decoding error: unknown field "a", unknown field "b".
// Deviation: nlohmann::json keeps object keys sorted, so fields are visited in name order
// rather than document order; this only changes which of several errors is named first.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/model/quantity.h"
#include "engine/model/schema.h"
#include "engine/model/validation.h"

namespace kubelab::model {

namespace {

using nlohmann::json;

const char kQuantityError[] = "quantities must match the regular expression "
                              "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

struct Walk
{
    std::string typeError; // first UnmarshalTypeError
    std::string fatal;     // an error from a custom UnmarshalJSON; decoding stops there
    std::vector<std::string> unknown;

    bool stopped() const { return !fatal.empty(); }
};

// UnmarshalTypeError.Value: what the JSON held.
std::string valueKind(const json& v)
{
    switch (v.type()) {
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "bool";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "number";
    }
}

std::string join(const std::string& path, const std::string& name)
{
    return path.empty() ? name : path + "." + name;
}

void typeError(Walk& w, const std::string& value, const std::string& goStruct,
               const std::string& goPath, const std::string& goType)
{
    if (w.typeError.empty())
        w.typeError = "json: cannot unmarshal " + value + " into Go struct field " + goStruct +
                      "." + goPath + " of type " + goType;
}

// nullopt when v is an integer that fits; otherwise the UnmarshalTypeError value text.
std::string integerProblem(const json& v, const std::string& format)
{
    if (!v.is_number())
        return valueKind(v);
    if (v.is_number_float())
        return "number " + v.dump();
    const bool is32 = format != "int64";
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        const std::uint64_t max = is32 ? std::numeric_limits<std::int32_t>::max()
                                       : std::numeric_limits<std::int64_t>::max();
        return u > max ? "number " + v.dump() : std::string();
    }
    const auto i = v.get<std::int64_t>();
    if (is32 && (i < std::numeric_limits<std::int32_t>::min() ||
                 i > std::numeric_limits<std::int32_t>::max()))
        return "number " + v.dump();
    return {};
}

void checkQuantity(const json& v, Walk& w)
{
    std::string text;
    if (v.is_string())
        text = v.get<std::string>();
    else if (v.is_number())
        text = v.dump();
    if (text.empty() || !Quantity::parse(text))
        w.fatal = kQuantityError;
}

bool isBase64(const std::string& s, size_t* badAt)
{
    auto ok = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    };
    size_t i = 0;
    for (; i < s.size() && ok(s[i]); ++i) {
    }
    size_t pad = 0;
    for (; i < s.size() && s[i] == '='; ++i)
        ++pad;
    const size_t data = s.size() - pad;
    if (i == s.size() && pad <= 2 && (s.size() % 4 == 0))
        return true;
    // Go's decoder reports the offset of the first byte it could not use.
    *badAt = i < s.size() ? i : (data / 4) * 4;
    return false;
}

void checkStruct(const json& obj, const TypeSchema& type, const std::string& goPath,
                 const std::string& strictPath, Walk& w);

void checkScalarElement(const json& e, const FieldSchema& f, const std::string& goStruct,
                        const std::string& goPath, Walk& w)
{
    if (e.is_null())
        return;
    if (f.type == "[]string" && !e.is_string())
        typeError(w, valueKind(e), goStruct, goPath, "string");
    if (f.type == "[]integer") {
        const std::string problem = integerProblem(e, f.format);
        if (!problem.empty())
            typeError(w, problem, goStruct, goPath, goTypeName(f, true));
    }
}

void checkValue(const json& v, const FieldSchema& f, const std::string& goStruct,
                const std::string& goPath, const std::string& strictPath, Walk& w)
{
    if (v.is_null())
        return; // Go leaves the zero value for null
    const std::string& t = f.type;
    if (t == "string") {
        if (!v.is_string())
            typeError(w, valueKind(v), goStruct, goPath, "string");
    } else if (t == "Time") {
        if (!v.is_string())
            w.fatal = "json: cannot unmarshal " + valueKind(v) + " into Go value of type string";
    } else if (t == "integer") {
        const std::string problem = integerProblem(v, f.format);
        if (!problem.empty())
            typeError(w, problem, goStruct, goPath, goTypeName(f));
    } else if (t == "boolean") {
        if (!v.is_boolean())
            typeError(w, valueKind(v), goStruct, goPath, "bool");
    } else if (t == "number") {
        if (!v.is_number())
            typeError(w, valueKind(v), goStruct, goPath, "float64");
    } else if (t == "Quantity") {
        checkQuantity(v, w);
    } else if (t == "IntOrString") {
        if (!v.is_string()) {
            const std::string problem = integerProblem(v, "int32");
            if (!problem.empty())
                w.fatal = "json: cannot unmarshal " + problem + " into Go value of type int32";
        }
    } else if (t == "Object") {
        if (!v.is_object())
            typeError(w, valueKind(v), goStruct, goPath, goTypeName(f));
        else if (const TypeSchema* sub = f.refType.empty() ? nullptr : typeSchema(f.refType))
            checkStruct(v, *sub, goPath, strictPath, w);
    } else if (t == "[]Object") {
        if (!v.is_array()) {
            typeError(w, valueKind(v), goStruct, goPath, goTypeName(f));
            return;
        }
        const TypeSchema* sub = typeSchema(f.refType);
        for (size_t i = 0; i < v.size() && !w.stopped(); ++i) {
            if (v[i].is_null())
                continue;
            if (!v[i].is_object())
                typeError(w, valueKind(v[i]), goStruct, goPath, goTypeName(f, true));
            else if (sub)
                checkStruct(v[i], *sub, goPath, strictPath + "[" + std::to_string(i) + "]", w);
        }
    } else if (t == "[]string" || t == "[]integer") {
        if (!v.is_array()) {
            typeError(w, valueKind(v), goStruct, goPath, goTypeName(f));
            return;
        }
        for (const json& e : v)
            checkScalarElement(e, f, goStruct, goPath, w);
    } else if (t == "map[string]string" || t == "map[string]Quantity") {
        if (!v.is_object()) {
            typeError(w, valueKind(v), goStruct, goPath, goTypeName(f));
            return;
        }
        for (const auto& [key, e] : v.items()) {
            if (w.stopped())
                return;
            if (e.is_null())
                continue;
            if (t == "map[string]Quantity") {
                checkQuantity(e, w);
            } else if (!e.is_string()) {
                typeError(w, valueKind(e), goStruct, goPath, goTypeName(f, true));
            } else if (f.format == "byte") {
                size_t bad = 0;
                if (!isBase64(e.get<std::string>(), &bad) && w.typeError.empty())
                    w.typeError = "illegal base64 data at input byte " + std::to_string(bad);
            }
        }
    }
}

void checkStruct(const json& obj, const TypeSchema& type, const std::string& goPath,
                 const std::string& strictPath, Walk& w)
{
    for (const auto& [key, value] : obj.items()) {
        if (w.stopped())
            return;
        const FieldSchema* f = findField(type, key);
        if (!f) {
            w.unknown.push_back(join(strictPath, key));
            continue;
        }
        checkValue(value, *f, type.name, join(goPath, key), join(strictPath, key), w);
    }
}

} // namespace

std::vector<std::string> checkSchema(const nlohmann::json& object)
{
    if (!object.is_object())
        return {"json: cannot unmarshal " + valueKind(object) +
                " into Go value of type "
                "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
                "\"json:\\\"kind,omitempty\\\"\" }"};
    // apiVersion and kind are read first, by the serializer's own small struct.
    for (const char* key : {"apiVersion", "kind"}) {
        auto it = object.find(key);
        if (it != object.end() && !it->is_null() && !it->is_string())
            return {"couldn't get version/kind; json parse error: json: cannot unmarshal " +
                    valueKind(*it) + " into Go struct field ." + key + " of type string"};
    }
    const std::string apiVersion = object.value("apiVersion", "");
    const std::string kind = object.value("kind", "");
    const auto slash = apiVersion.find('/');
    const std::string group = slash == std::string::npos ? "" : apiVersion.substr(0, slash);
    const TypeSchema* root = kindSchema(group, kind);
    if (!root)
        return {}; // the API server reports unknown kinds itself
    Walk w;
    checkStruct(object, *root, "", "", w);
    if (!w.fatal.empty())
        return {w.fatal};
    if (!w.typeError.empty())
        return {w.typeError};
    if (w.unknown.empty())
        return {};
    std::string message = "strict decoding error: ";
    for (size_t i = 0; i < w.unknown.size(); ++i)
        message += (i ? ", unknown field \"" : "unknown field \"") + w.unknown[i] + "\"";
    return {message};
}

} // namespace kubelab::model
