#pragma once
// Internal to validation (validation*.cpp): field paths, error constructors and the name
// and label checks of apimachinery's util/validation, with its exact messages.
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/field_error.h"
#include "engine/model/json_view.h" // the field readers: memberAt, stringAt, hasValue, ...

namespace kubelab::model::valid {

using nlohmann::json;
using Errors = std::vector<FieldError>;

// Path building as field.Path prints it: a.b, a[0], a[key].
inline std::string child(const std::string& p, const std::string& name)
{
    return p.empty() ? name : p + "." + name;
}
inline std::string index(const std::string& p, size_t i)
{
    return p + "[" + std::to_string(i) + "]";
}
inline std::string key(const std::string& p, const std::string& k)
{
    return p + "[" + k + "]";
}

inline FieldError required(const std::string& path, const std::string& detail = {})
{
    return {"FieldValueRequired", path, nullptr, detail};
}
inline FieldError invalid(const std::string& path, const json& value, const std::string& detail)
{
    return {"FieldValueInvalid", path, value, detail};
}
inline FieldError forbidden(const std::string& path, const std::string& detail)
{
    return {"FieldValueForbidden", path, nullptr, detail};
}
inline FieldError duplicate(const std::string& path, const json& value)
{
    return {"FieldValueDuplicate", path, value, ""};
}
inline FieldError notFound(const std::string& path, const json& value)
{
    return {"FieldValueNotFound", path, value, ""};
}
// field.NotSupported: `supported values: "a", "b"` in the order given.
FieldError notSupported(const std::string& path, const json& value,
                        const std::vector<std::string>& valid);

// apimachinery util/validation checks; each returns the messages (empty when valid).
std::vector<std::string> isDNS1123Label(const std::string& s);
std::vector<std::string> isDNS1123Subdomain(const std::string& s);
std::vector<std::string> isDNS1035Label(const std::string& s);
std::vector<std::string> isQualifiedName(const std::string& s);
std::vector<std::string> isValidLabelValue(const std::string& s);
std::vector<std::string> isValidPortNum(long long port);
std::vector<std::string> isValidPortName(const std::string& s);
std::vector<std::string> isEnvVarName(const std::string& s);
std::vector<std::string> isConfigMapKey(const std::string& s);

// Name checks as the NameIsDNS* functions do them: `prefix` allows a trailing '-' the
// server will follow with random characters (generateName).
enum class NameRule { Subdomain, Label, Dns1035Label };
std::vector<std::string> checkName(NameRule rule, const std::string& name, bool prefix);

// Appends one Invalid per message.
void addInvalid(Errors& errs, const std::string& path, const json& value,
                const std::vector<std::string>& msgs);

// ValidateLabels: keys and values of a map[string]string, all reported on `path`.
void validateLabels(const json& labels, const std::string& path, Errors& errs);
// ValidateNonnegativeField.
void nonNegative(const json& obj, const char* field, const std::string& path, Errors& errs);
// ValidatePositiveIntOrPercent (and, when `max100`, IsNotMoreThan100Percent).
void intOrPercent(const json& v, const std::string& path, bool max100, Errors& errs);
// IsNotMoreThan100Percent.
void notMoreThan100Percent(const json& v, const std::string& path, Errors& errs);
// Converts an IntOrString for a total (percentages rounded up, as for maxSurge).
long long scaledValue(const json& v, long long total, bool roundUp);

// Per-kind validation (validation_*.cpp).
// `claimVolumes`: extra volume names mounts may use (a StatefulSet's claim templates).
void validatePodSpec(const json& spec, const std::string& path, Errors& errs,
                     const std::set<std::string>& claimVolumes = {});
void validateAffinity(const json& affinity, const std::string& path, Errors& errs);
void validateTopologySpread(const json& list, const std::string& path, Errors& errs);
void validatePodTemplate(const json& tmpl, const std::string& path, Errors& errs,
                         const std::set<std::string>& claimVolumes = {});
void validatePodUpdate(const json& obj, const json& old, Errors& errs);
void validateWorkload(const std::string& kind, const json& obj, const json* old, Errors& errs);
void validateCoreKind(const std::string& kind, const json& obj, const json* old, Errors& errs);
// PersistentVolume, PersistentVolumeClaim and StorageClass; false for any other kind.
bool validateStorageKind(const std::string& kind, const json& obj, const json* old, Errors& errs);

} // namespace kubelab::model::valid
