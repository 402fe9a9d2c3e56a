#pragma once
// kubectl's JSONPath templates (-o jsonpath=...), as k8s.io/client-go/util/jsonpath
// evaluates them with missing keys allowed: literal text, {.a.b}, {.items[*].x},
// {.items[0]}, slices, {..x}, {.*}, ['key'], filters [?(@.x=="y")], {range ...}{end},
// and quoted literals {"\n"}. Used by `kubectl get -o jsonpath`.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::kubectl {

class JsonPath
{
public:
    struct Step;
    struct Segment;

    // Parses a template; on failure returns nullopt and sets *error to the parser's
    // message ("unclosed action", "unterminated array", ...).
    static std::optional<JsonPath> parse(std::string_view text, std::string* error);

    // Prints the template against `data`. Returns false and sets *error on an evaluation
    // error (e.g. "array index out of bounds: index 5, length 1").
    bool execute(const nlohmann::json& data, std::string* out, std::string* error) const;

    ~JsonPath();
    JsonPath(JsonPath&&) noexcept;
    JsonPath& operator=(JsonPath&&) noexcept;

private:
    JsonPath();
    std::vector<Segment> m_segments;
};

// kubectl -o jsonpath's whole output, including its error wording:
// `error executing jsonpath "{...}": Error executing template: ...`.
// Returns false and sets *error (without the "error: " prefix) on failure.
bool printJsonPath(const std::string& templ, const nlohmann::json& data, std::string* out,
                   std::string* error);

} // namespace kubelab::kubectl
