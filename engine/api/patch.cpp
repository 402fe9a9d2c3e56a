#include "engine/api/patch.h"

#include <map>

namespace kubelab::api {

using nlohmann::json;

namespace {

// Merge keys from the Kubernetes types' patchMergeKey tags. Matched on the last path
// segment so that nested pod templates (spec.template.spec.containers) work too.
const std::map<std::string, std::string>& mergeKeys()
{
    static const std::map<std::string, std::string> keys = {
        {"containers", "name"},
        {"initContainers", "name"},
        {"ephemeralContainers", "name"},
        {"volumes", "name"},
        {"env", "name"},
        {"volumeMounts", "mountPath"},
        {"volumeDevices", "devicePath"},
        {"imagePullSecrets", "name"},
        {"conditions", "type"},
        {"ownerReferences", "uid"},
        {"hostAliases", "ip"},
        {"topologySpreadConstraints", "topologyKey"},
        {"addresses", "type"},
        {"taints", "key"},
        {"resourceClaims", "name"},
    };
    return keys;
}

// Lists of primitives that merge (patchStrategy "merge" without a key).
bool mergesPrimitives(const std::string& field)
{
    return field == "finalizers";
}

json mergeKeyedList(const json& original, const json& patch, const std::string& key,
                    const std::string& path)
{
    json result = original.is_array() ? original : json::array();
    for (const auto& item : patch) {
        if (!item.is_object() || !item.contains(key)) {
            result.push_back(item);
            continue;
        }
        const bool remove = item.value("$patch", "") == "delete";
        auto it = std::find_if(result.begin(), result.end(), [&](const json& o) {
            return o.is_object() && o.contains(key) && o[key] == item[key];
        });
        if (remove) {
            if (it != result.end())
                result.erase(it);
        } else if (it != result.end()) {
            *it = strategicMerge(*it, item, path);
        } else {
            json added = item;
            added.erase("$patch");
            result.push_back(strategicMerge(json::object(), added, path));
        }
    }
    return result;
}

} // namespace

json strategicMerge(const json& original, const json& patch, const std::string& path)
{
    if (!patch.is_object())
        return patch;
    if (patch.value("$patch", "") == "replace") {
        json copy = patch;
        copy.erase("$patch");
        return copy;
    }
    json result = original.is_object() ? original : json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const std::string& field = it.key();
        if (field == "$patch" || field.rfind("$setElementOrder/", 0) == 0 ||
            field.rfind("$retainKeys", 0) == 0)
            continue;
        if (field.rfind("$deleteFromPrimitiveList/", 0) == 0) {
            const std::string target = field.substr(25);
            if (result.contains(target) && result[target].is_array()) {
                json kept = json::array();
                for (const auto& v : result[target])
                    if (std::find(it->begin(), it->end(), v) == it->end())
                        kept.push_back(v);
                result[target] = kept;
            }
            continue;
        }
        const std::string childPath = path.empty() ? field : path + "." + field;
        if (it->is_null()) {
            result.erase(field);
        } else if (it->is_object()) {
            result[field] = strategicMerge(result.value(field, json::object()), *it, childPath);
        } else if (it->is_array()) {
            auto key = mergeKeys().find(field);
            // Service and container ports are keyed differently; pick by content.
            std::string mergeKey = key != mergeKeys().end() ? key->second : "";
            if (field == "ports")
                mergeKey =
                    !it->empty() && (*it)[0].is_object() && (*it)[0].contains("containerPort")
                        ? "containerPort"
                        : "port";
            if (!mergeKey.empty())
                result[field] =
                    mergeKeyedList(result.value(field, json::array()), *it, mergeKey, childPath);
            else if (mergesPrimitives(field)) {
                json merged = result.value(field, json::array());
                for (const auto& v : *it)
                    if (std::find(merged.begin(), merged.end(), v) == merged.end())
                        merged.push_back(v);
                result[field] = merged;
            } else
                result[field] = *it;
        } else {
            result[field] = *it;
        }
    }
    return result;
}

PatchResult applyPatch(const json& original, const json& patch, const std::string& patchType)
{
    PatchResult r;
    try {
        if (patchType == "application/json-patch+json") {
            if (!patch.is_array()) {
                r.error = "json: cannot unmarshal object into Go value of type jsonpatch.Patch";
                return r;
            }
            r.object = original.patch(patch);
        } else if (patchType == "application/merge-patch+json") {
            if (!patch.is_object()) {
                r.error = "json: cannot unmarshal " + std::string(patch.type_name()) +
                          " into Go value of type map[string]interface {}";
                return r;
            }
            r.object = original;
            r.object.merge_patch(patch);
        } else if (patchType == "application/strategic-merge-patch+json" || patchType.empty()) {
            if (!patch.is_object()) {
                r.error = "json: cannot unmarshal " + std::string(patch.type_name()) +
                          " into Go value of type map[string]interface {}";
                return r;
            }
            r.object = strategicMerge(original, patch);
        } else {
            r.error = "the server does not support patch type " + patchType;
        }
    } catch (const json::exception& e) {
        // nlohmann reports JSON Patch failures such as a missing path or a failed test.
        std::string what = e.what();
        auto pos = what.find("] ");
        r.error = pos == std::string::npos ? what : what.substr(pos + 2);
    }
    return r;
}

} // namespace kubelab::api
