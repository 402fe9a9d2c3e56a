#include "engine/api/field_selector.h"

#include <map>
#include <set>

#include "engine/model/json_view.h"

namespace kubelab::api {

using nlohmann::json;

namespace {
const std::set<std::string>& supportedFields(const std::string& kind)
{
    // From each kind's GetAttrs/field label conversion funcs in kube-apiserver.
    static const std::map<std::string, std::set<std::string>> fields = {
        {"Pod",
         {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
          "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"}},
        {"Event",
         {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
          "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
          "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"}},
        {"Node", {"spec.unschedulable"}},
        {"Secret", {"type"}},
        {"Namespace", {"status.phase"}},
        {"ReplicaSet", {"status.replicas"}},
        {"Job", {"status.successful"}},
    };
    static const std::set<std::string> none;
    auto it = fields.find(kind);
    return it == fields.end() ? none : it->second;
}

std::string trim(const std::string& s)
{
    size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
} // namespace

std::string fieldValue(const json& object, const std::string& field)
{
    const json* cur = &model::memberAtPath(object, field);
    if (cur->is_string())
        return cur->get<std::string>();
    if (cur->is_boolean())
        return cur->get<bool>() ? "true" : "false";
    if (cur->is_number())
        return cur->dump();
    if (field == "source" && cur->is_object())
        return cur->value("component", "");
    return "";
}

std::optional<FieldSelector> FieldSelector::parse(const std::string& text, const std::string& kind,
                                                  std::string* error)
{
    FieldSelector sel;
    size_t start = 0;
    while (start < text.size()) {
        size_t comma = text.find(',', start);
        std::string part = trim(
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? text.size() : comma + 1;
        if (part.empty())
            continue;
        Term t;
        size_t op;
        if ((op = part.find("!=")) != std::string::npos) {
            t.negated = true;
            t.field = part.substr(0, op);
            t.value = part.substr(op + 2);
        } else if ((op = part.find("==")) != std::string::npos) {
            t.field = part.substr(0, op);
            t.value = part.substr(op + 2);
        } else if ((op = part.find('=')) != std::string::npos) {
            t.field = part.substr(0, op);
            t.value = part.substr(op + 1);
        } else {
            if (error)
                *error = "invalid selector: '" + text + "'; can't understand '" + part + "'";
            return std::nullopt;
        }
        t.field = trim(t.field);
        t.value = trim(t.value);
        if (t.field != "metadata.name" && t.field != "metadata.namespace" &&
            !supportedFields(kind).count(t.field)) {
            if (error)
                *error = "field label not supported: " + t.field;
            return std::nullopt;
        }
        sel.m_terms.push_back(t);
    }
    return sel;
}

bool FieldSelector::matches(const json& object) const
{
    for (const auto& t : m_terms) {
        bool eq = fieldValue(object, t.field) == t.value;
        if (eq == t.negated)
            return false;
    }
    return true;
}

} // namespace kubelab::api
