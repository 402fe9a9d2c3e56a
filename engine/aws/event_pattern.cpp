#include "engine/aws/event_pattern.h"

namespace kubelab::aws {

using nlohmann::json;

namespace {
std::string checkFilter(const std::string& key, const json& f)
{
    if (f.size() != 1)
        return "\"" + key + "\": a content filter has exactly one key";
    // The filter's one key and value (f.begin(), not items(): a binding to *items().begin()
    // would outlive the proxy it refers to).
    const std::string name = f.begin().key();
    const json& v = f.begin().value();
    if (name == "prefix" || name == "suffix")
        return v.is_string() ? "" : name + " match pattern must be a string";
    if (name == "exists")
        return v.is_boolean() ? "" : "exists match pattern must be either true or false.";
    if (name == "anything-but")
        return v.is_string() || v.is_number() || v.is_array()
                   ? ""
                   : "Value of anything-but must be an array or single string/number value.";
    if (name == "numeric") {
        if (!v.is_array() || v.empty() || v.size() % 2)
            return "Value of numeric must be an array of operator, number pairs.";
        for (size_t i = 0; i < v.size(); i += 2) {
            const json& op = v[i];
            if (!op.is_string() || (op != "<" && op != "<=" && op != "=" && op != ">" &&
                                    op != ">="))
                return "Unrecognized numeric range operator: " + op.dump();
            if (!v[i + 1].is_number())
                return "Value of " + op.get<std::string>() + " must be numeric";
        }
        return "";
    }
    return "Unrecognized match type " + name;
}

std::string check(const json& pattern, const std::string& path)
{
    if (!pattern.is_object())
        return "Filter is not an object";
    for (const auto& [key, v] : pattern.items()) {
        const std::string here = path.empty() ? key : path + "." + key;
        if (v.is_object()) {
            if (auto r = check(v, here); !r.empty())
                return r;
        } else if (v.is_array()) {
            if (v.empty())
                return "Empty arrays are not allowed";
            for (const json& e : v)
                if (e.is_object()) {
                    if (auto r = checkFilter(here, e); !r.empty())
                        return r;
                } else if (e.is_array())
                    return "Match value must be String, number, true, false, or null";
        } else {
            return "\"" + here + "\" must be an object or an array";
        }
    }
    return "";
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool numericMatch(const json& ops, double x)
{
    for (size_t i = 0; i < ops.size(); i += 2) {
        const std::string op = ops[i];
        const double y = ops[i + 1].get<double>();
        if ((op == "<" && !(x < y)) || (op == "<=" && !(x <= y)) || (op == "=" && !(x == y)) ||
            (op == ">" && !(x > y)) || (op == ">=" && !(x >= y)))
            return false;
    }
    return true;
}

// One accepted value (or content filter) against one event value.
bool matchOne(const json& accepted, const json& value)
{
    if (!accepted.is_object())
        return accepted == value;
    const std::string name = accepted.begin().key();
    const json& v = accepted.begin().value();
    if (name == "prefix")
        return value.is_string() && value.get<std::string>().rfind(v.get<std::string>(), 0) == 0;
    if (name == "suffix")
        return value.is_string() && endsWith(value.get<std::string>(), v.get<std::string>());
    if (name == "numeric")
        return value.is_number() && numericMatch(v, value.get<double>());
    if (name == "anything-but") {
        if (v.is_array()) {
            for (const json& x : v)
                if (x == value)
                    return false;
            return true;
        }
        return v != value;
    }
    return false;
}

bool matchLeaf(const json& accepted, const json* value)
{
    for (const json& a : accepted) {
        if (a.is_object() && a.contains("exists")) {
            if (a["exists"].get<bool>() == (value != nullptr))
                return true;
            continue;
        }
        if (!value)
            continue;
        if (value->is_array()) {
            for (const json& v : *value)
                if (matchOne(a, v))
                    return true;
        } else if (matchOne(a, *value)) {
            return true;
        }
    }
    return false;
}
} // namespace

std::string checkEventPattern(const std::string& text)
{
    json pattern = json::parse(text, nullptr, false);
    if (pattern.is_discarded())
        return "Unrecognized token: the pattern is not valid JSON";
    if (pattern.is_object() && pattern.empty())
        return "Empty objects are not allowed";
    return check(pattern, "");
}

bool matchesEventPattern(const json& pattern, const json& event)
{
    for (const auto& [key, accepted] : pattern.items()) {
        auto it = event.is_object() ? event.find(key) : event.end();
        const json* value = it == event.end() ? nullptr : &*it;
        if (accepted.is_object()) {
            if (!value || !value->is_object() || !matchesEventPattern(accepted, *value))
                return false;
        } else if (!matchLeaf(accepted, value)) {
            return false;
        }
    }
    return true;
}

} // namespace kubelab::aws
