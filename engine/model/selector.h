#pragma once
// Label selectors, equality- and set-based, as labels.Parse and
// metav1.LabelSelectorAsSelector in apimachinery.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::model {

struct Requirement
{
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, Gt, Lt };
    std::string key;
    Op op = Op::Equals;
    std::vector<std::string> values; // sorted

    bool matches(const std::map<std::string, std::string>& labels) const;
};

class LabelSelector
{
public:
    // Everything matches an empty selector.
    LabelSelector() = default;
    // Parses "app=web,tier!=db,env in (a,b),!legacy,release". On error returns nullopt
    // and sets *error to apimachinery's message (e.g. `unable to parse requirement: ...`).
    static std::optional<LabelSelector> parse(std::string_view text, std::string* error = nullptr);
    // From a metav1.LabelSelector JSON object ({matchLabels, matchExpressions}).
    // A null/absent selector selects nothing (matchesNothing()), an empty {} everything.
    static std::optional<LabelSelector> fromJson(const nlohmann::json& selector,
                                                 std::string* error = nullptr);

    bool matches(const std::map<std::string, std::string>& labels) const;
    bool matches(const nlohmann::json& labelsObject) const; // metadata.labels or null
    bool empty() const { return m_requirements.empty() && !m_nothing; }
    bool matchesNothing() const { return m_nothing; }
    const std::vector<Requirement>& requirements() const { return m_requirements; }
    // Canonical string, as labels.Selector.String() ("app=web,tier in (a,b)").
    std::string toString() const;

private:
    std::vector<Requirement> m_requirements; // sorted by key
    bool m_nothing = false;
};

// validation.IsQualifiedName and IsValidLabelValue messages (empty when valid), for
// validating metadata.labels with Kubernetes' exact wording.
std::vector<std::string> qualifiedNameErrors(std::string_view value);
std::vector<std::string> labelValueErrors(std::string_view value);

} // namespace kubelab::model
