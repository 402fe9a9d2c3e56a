#pragma once
// Command-line flags as cobra/pflag parse them for kubectl: flags anywhere among the
// arguments, --name=value, --name value, -n value, -nvalue, chained bool shorthands (-A),
// "--" ends flags; errors in pflag's words ("unknown flag: --foo").
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kubelab::kubectl {

enum class FlagType { Bool, String, Int, StringSlice, StringArray };

struct FlagSpec
{
    std::string name;   // long name, "namespace"
    char shorthand = 0; // 'n'
    FlagType type = FlagType::String;
    std::string defaultValue; // shown back by get() when the flag is absent
    // Bool flags only: the value a bare "--flag" sets; string flags with a NoOptDefVal
    // (e.g. --dry-run means --dry-run=unchanged) accept no argument either.
    std::optional<std::string> noOptDefault = std::nullopt;
};

class ParsedArgs
{
public:
    std::vector<std::string> positional;
    // How many positional arguments came before "--" (cobra's ArgsLenAtDash), or -1.
    int argsLenAtDash = -1;

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    // Last value given, or the spec's default.
    std::string get(const std::string& name) const;
    bool boolean(const std::string& name) const { return get(name) == "true"; }
    long long integer(const std::string& name) const;
    // Every value (StringSlice values already split on commas).
    std::vector<std::string> all(const std::string& name) const;

    void set(const std::string& name, const std::string& value, bool append);
    void setDefaults(const std::map<std::string, std::string>& defaults) { m_defaults = defaults; }

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::map<std::string, std::string> m_defaults;
};

// Parses `args` against `specs`; on failure returns nullopt and sets *error to pflag's
// message without prefix (the caller adds "Error: " and the "See 'kubectl X --help'" line).
std::optional<ParsedArgs> parseArgs(const std::vector<std::string>& args,
                                    const std::vector<FlagSpec>& specs, std::string* error);

} // namespace kubelab::kubectl
