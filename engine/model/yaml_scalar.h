#pragma once
// How a plain (unquoted) YAML scalar is typed, as go-yaml v2 resolves it. kubectl reads
// manifests through sigs.k8s.io/yaml, which uses go-yaml v2, so `enabled: yes` reaches
// the API server as a boolean there, and the same must happen here. Used by the
// decoder (typing) and by toYaml (quoting strings that would otherwise change type).
#include <string_view>

#include <nlohmann/json.hpp>

namespace kubelab::model {

enum class PlainScalarKind { String, Null, Bool, Int, Float, Timestamp };

struct PlainScalar
{
    PlainScalarKind kind = PlainScalarKind::String;
    nlohmann::json value; // typed value; Timestamp keeps the text (a string)
};

// go-yaml v2's resolve("", text): null ("", ~, null), booleans (y/yes/on/true ...),
// ints (decimal, 0x, 0o, leading-0 octal, 0b, underscores), floats, timestamps.
PlainScalar resolvePlainScalar(std::string_view text);

// go-yaml v2 quotes YAML 1.1 sexagesimal numbers ("12:30") on output.
bool isBase60Float(std::string_view text);

// Go's strconv.FormatFloat(d, 'g', -1, 64), which fmt's %v and go-yaml both print.
std::string formatGoFloat(double d);

} // namespace kubelab::model
