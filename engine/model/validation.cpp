// validate(): object metadata and dispatch to the per-kind rules. Messages and field
// paths follow kube-apiserver 1.30 (pkg/apis/*/validation, apimachinery's
// api/validation/objectmeta.go).
#include "engine/model/validation.h"

#include "engine/model/kinds.h"
#include "engine/model/validation_util.h"

namespace kubelab::model {

namespace {

using namespace valid;

NameRule nameRuleFor(const std::string& group, const std::string& kind)
{
    if (group.empty() && kind == "Namespace")
        return NameRule::Label;
    if (group.empty() && kind == "Service")
        return NameRule::Dns1035Label;
    return NameRule::Subdomain;
}

void validateOwnerReferences(const json& refs, const std::string& path, Errors& errs)
{
    if (!refs.is_array())
        return;
    int controllers = 0;
    for (size_t i = 0; i < refs.size(); ++i) {
        // Kubernetes reports these on the list's path, without the item's index.
        const json& r = refs[i];
        const std::string apiVersion(stringAt(r, "apiVersion"));
        const std::string version = apiVersion.substr(
            apiVersion.find('/') == std::string::npos ? 0 : apiVersion.find('/') + 1);
        if (version.empty())
            errs.push_back(
                invalid(child(path, "apiVersion"), version, "version must not be empty"));
        if (stringAt(r, "kind").empty())
            errs.push_back(invalid(child(path, "kind"), "", "kind must not be empty"));
        if (stringAt(r, "name").empty())
            errs.push_back(invalid(child(path, "name"), "", "name must not be empty"));
        if (stringAt(r, "uid").empty())
            errs.push_back(invalid(child(path, "uid"), "", "uid must not be empty"));
        if (memberAt(r, "controller") == true)
            ++controllers;
    }
    if (controllers > 1)
        errs.push_back(invalid(path, refs, "Only one reference can have Controller set to true"));
}

void validateMeta(const json& meta, NameRule rule, bool namespaced, Errors& errs)
{
    const std::string name(stringAt(meta, "name"));
    const std::string generateName(stringAt(meta, "generateName"));
    if (!generateName.empty())
        addInvalid(errs, "metadata.generateName", generateName,
                   checkName(rule, generateName, true));
    if (name.empty())
        errs.push_back(required("metadata.name", "name or generateName is required"));
    else
        addInvalid(errs, "metadata.name", name, checkName(rule, name, false));
    const std::string ns(stringAt(meta, "namespace"));
    if (namespaced) {
        if (ns.empty())
            errs.push_back(required("metadata.namespace"));
        else
            addInvalid(errs, "metadata.namespace", ns, isDNS1123Label(ns));
    } else if (!ns.empty()) {
        errs.push_back(forbidden("metadata.namespace", "not allowed on this type"));
    }
    nonNegative(meta, "generation", "metadata", errs);
    validateLabels(memberAt(meta, "labels"), "metadata.labels", errs);
    const json& annotations = memberAt(meta, "annotations");
    if (annotations.is_object()) {
        for (const auto& [k, v] : annotations.items()) {
            std::string lower = k;
            for (char& c : lower)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            addInvalid(errs, "metadata.annotations", k, isQualifiedName(lower));
        }
    }
    validateOwnerReferences(memberAt(meta, "ownerReferences"), "metadata.ownerReferences", errs);
}

void validateMetaUpdate(const json& meta, const json& oldMeta, Errors& errs)
{
    for (const char* f : {"name", "namespace", "uid"}) {
        const std::string now(stringAt(meta, f));
        const std::string before(stringAt(oldMeta, f));
        if (!before.empty() && now != before)
            errs.push_back(invalid(std::string("metadata.") + f, now, "field is immutable"));
    }
}

} // namespace

std::vector<FieldError> validate(const nlohmann::json& object, const nlohmann::json* old)
{
    Errors errs;
    if (!object.is_object())
        return errs;
    const std::string apiVersion(stringAt(object, "apiVersion"));
    const std::string kind(stringAt(object, "kind"));
    const KindInfo* info = kindByApiVersionKind(apiVersion, kind);
    if (!info)
        return errs; // unknown kinds are the API server's to reject
    if (old && !old->is_object())
        old = nullptr;
    const json& meta = memberAt(object, "metadata");
    validateMeta(meta, nameRuleFor(info->group, kind), info->namespaced, errs);
    if (old)
        validateMetaUpdate(meta, memberAt(*old, "metadata"), errs);
    if (info->group.empty() && kind == "Pod") {
        validatePodSpec(memberAt(object, "spec"), "spec", errs);
        if (old)
            validatePodUpdate(object, *old, errs);
    } else if (!validateStorageKind(kind, object, old, errs)) {
        if (info->group.empty())
            validateCoreKind(kind, object, old, errs);
        else
            validateWorkload(kind, object, old, errs);
    }
    return errs;
}

} // namespace kubelab::model
