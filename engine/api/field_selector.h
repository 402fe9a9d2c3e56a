#pragma once
// Field selectors (`--field-selector spec.nodeName=node-1,status.phase!=Running`), limited
// per kind to the fields kube-apiserver indexes, as it does.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::api {

class FieldSelector
{
public:
    struct Term
    {
        std::string field;
        std::string value;
        bool negated = false;
    };

    // Parses and checks the fields against the kind (group "", kind "Pod"...). On error
    // returns nullopt with the API server's message in *error.
    static std::optional<FieldSelector> parse(const std::string& text, const std::string& kind,
                                              std::string* error);
    bool matches(const nlohmann::json& object) const;
    bool empty() const { return m_terms.empty(); }
    const std::vector<Term>& terms() const { return m_terms; }

private:
    std::vector<Term> m_terms;
};

// The string value a field selector compares for `field` of `object` ("" if absent;
// booleans as "true"/"false", numbers in decimal).
std::string fieldValue(const nlohmann::json& object, const std::string& field);

} // namespace kubelab::api
