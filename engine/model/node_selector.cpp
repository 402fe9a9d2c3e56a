#include "engine/model/node_selector.h"

#include <algorithm>

#include "engine/model/json_view.h"

namespace kubelab::model {

namespace {

bool requirementMatches(const nlohmann::json& req, const std::map<std::string, std::string>& labels,
                        const std::string& nodeName, bool field)
{
    const std::string key = textAt(req, "key");
    const std::string op = textAt(req, "operator");
    bool present = false;
    std::string value;
    if (field) {
        present = key == "metadata.name";
        value = nodeName;
    } else if (auto it = labels.find(key); it != labels.end()) {
        present = true;
        value = it->second;
    }
    const nlohmann::json& values = memberAt(req, "values");
    const bool listed = present && values.is_array() &&
                        std::find(values.begin(), values.end(), value) != values.end();
    if (op == "In")
        return listed;
    if (op == "NotIn")
        return !listed;
    if (op == "Exists")
        return present;
    return op == "DoesNotExist" && !present;
}

} // namespace

bool nodeSelectorMatches(const nlohmann::json& nodeSelector,
                         const std::map<std::string, std::string>& labels,
                         const std::string& nodeName)
{
    const nlohmann::json& terms = memberAt(nodeSelector, "nodeSelectorTerms");
    if (!terms.is_array())
        return true;
    return std::any_of(terms.begin(), terms.end(), [&](const nlohmann::json& term) {
        bool any = false;
        for (const auto& [list, field] :
             {std::pair{"matchExpressions", false}, std::pair{"matchFields", true}})
            for (const nlohmann::json& r : memberAt(term, list)) {
                any = true;
                if (!requirementMatches(r, labels, nodeName, field))
                    return false;
            }
        return any;
    });
}

} // namespace kubelab::model
