#include "engine/kubectl/args.h"

#include <cstdlib>

namespace kubelab::kubectl {

std::string ParsedArgs::get(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it != m_values.end() && !it->second.empty())
        return it->second.back();
    auto d = m_defaults.find(name);
    return d == m_defaults.end() ? std::string() : d->second;
}

long long ParsedArgs::integer(const std::string& name) const
{
    return std::strtoll(get(name).c_str(), nullptr, 10);
}

std::vector<std::string> ParsedArgs::all(const std::string& name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>() : it->second;
}

void ParsedArgs::set(const std::string& name, const std::string& value, bool append)
{
    auto& v = m_values[name];
    if (!append)
        v.clear();
    v.push_back(value);
}

namespace {

std::string flagLabel(const FlagSpec& spec)
{
    if (spec.shorthand)
        return std::string("-") + spec.shorthand + ", --" + spec.name;
    return "--" + spec.name;
}

// Stores one value with pflag's type checks.
bool store(ParsedArgs& out, const FlagSpec& spec, const std::string& value, std::string* error)
{
    switch (spec.type) {
    case FlagType::Bool:
        if (value == "true" || value == "1" || value == "t" || value == "T" || value == "TRUE" ||
            value == "True") {
            out.set(spec.name, "true", false);
        } else if (value == "false" || value == "0" || value == "f" || value == "F" ||
                   value == "FALSE" || value == "False") {
            out.set(spec.name, "false", false);
        } else {
            *error = "invalid argument \"" + value + "\" for \"" + flagLabel(spec) +
                     "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax";
            return false;
        }
        return true;
    case FlagType::Int: {
        char* end = nullptr;
        std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0') {
            *error = "invalid argument \"" + value + "\" for \"" + flagLabel(spec) +
                     "\" flag: strconv.ParseInt: parsing \"" + value + "\": invalid syntax";
            return false;
        }
        out.set(spec.name, value, false);
        return true;
    }
    case FlagType::StringSlice: {
        size_t start = 0;
        while (true) {
            size_t comma = value.find(',', start);
            out.set(spec.name,
                    value.substr(start, comma == std::string::npos ? comma : comma - start), true);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        return true;
    }
    case FlagType::StringArray: out.set(spec.name, value, true); return true;
    case FlagType::String: out.set(spec.name, value, false); return true;
    }
    return true;
}

bool takesNoArgument(const FlagSpec& spec)
{
    return spec.type == FlagType::Bool || spec.noOptDefault.has_value();
}

std::string bareValue(const FlagSpec& spec)
{
    return spec.noOptDefault ? *spec.noOptDefault : "true";
}

} // namespace

std::optional<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                                    const std::vector<FlagSpec>& specs, std::string* error)
{
    ParsedArgs out;
    std::map<std::string, std::string> defaults;
    for (const FlagSpec& s : specs)
        defaults[s.name] = s.defaultValue;
    out.setDefaults(defaults);
    auto byName = [&](const std::string& name) -> const FlagSpec* {
        for (const FlagSpec& s : specs)
            if (s.name == name)
                return &s;
        return nullptr;
    };
    auto byShort = [&](char c) -> const FlagSpec* {
        for (const FlagSpec& s : specs)
            if (s.shorthand == c)
                return &s;
        return nullptr;
    };

    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--") {
            out.argsLenAtDash = int(out.positional.size());
            out.positional.insert(out.positional.end(), args.begin() + long(i) + 1, args.end());
            break;
        }
        if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
            const size_t eq = a.find('=');
            const std::string name = a.substr(2, eq == std::string::npos ? eq : eq - 2);
            const FlagSpec* spec = byName(name);
            if (!spec) {
                *error = "unknown flag: --" + name;
                return std::nullopt;
            }
            std::string value;
            if (eq != std::string::npos) {
                value = a.substr(eq + 1);
            } else if (takesNoArgument(*spec)) {
                value = bareValue(*spec);
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                *error = "flag needs an argument: --" + name;
                return std::nullopt;
            }
            if (!store(out, *spec, value, error))
                return std::nullopt;
            continue;
        }
        if (a.size() > 1 && a[0] == '-') {
            // Chained shorthands: bools set in turn; the first one taking a value eats the rest.
            for (size_t k = 1; k < a.size(); ++k) {
                const FlagSpec* spec = byShort(a[k]);
                if (!spec) {
                    *error = std::string("unknown shorthand flag: '") + a[k] + "' in " + a;
                    return std::nullopt;
                }
                std::string value;
                const std::string rest = a.substr(k + 1);
                if (!rest.empty() && rest[0] == '=') {
                    value = rest.substr(1);
                    k = a.size();
                } else if (takesNoArgument(*spec)) {
                    value = bareValue(*spec);
                } else if (!rest.empty()) {
                    value = rest;
                    k = a.size();
                } else if (i + 1 < args.size()) {
                    value = args[++i];
                } else {
                    *error = std::string("flag needs an argument: '") + a[k] + "' in -" + a[k];
                    return std::nullopt;
                }
                if (!store(out, *spec, value, error))
                    return std::nullopt;
            }
            continue;
        }
        out.positional.push_back(a);
    }
    return out;
}

} // namespace kubelab::kubectl
