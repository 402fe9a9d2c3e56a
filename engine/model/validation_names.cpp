// Name, label and number checks with apimachinery's messages
// (k8s.io/apimachinery/pkg/util/validation, release 1.30).
#include <algorithm>
#include <map>
#include <regex>
#include <string_view>

#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

const std::string kLabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const std::string kSubdomainFmt = kLabelFmt + "(\\." + kLabelFmt + ")*";
const std::string k1035Fmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const std::string kQualifiedFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const std::string kLabelValueFmt = "(" + kQualifiedFmt + ")?";
const std::string kEnvFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const std::string kConfigKeyFmt = "[-._a-zA-Z0-9]+";
const std::string kQualifiedMsg = "must consist of alphanumeric characters, '-', '_' or '.', "
                                  "and must start and end with an alphanumeric character";

// The patterns above, matched by hand: libstdc++'s std::regex took milliseconds per
// object, which made validation the slowest step of every write. The regex texts stay
// because the error messages quote them.
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlnumLower(char c)
{
    return isLower(c) || isDigit(c);
}
bool isAlnum(char c)
{
    return isAlnumLower(c) || (c >= 'A' && c <= 'Z');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?  (first char checked by `first`)
bool matchLabel(std::string_view s, bool (*first)(char))
{
    if (s.empty() || !first(s.front()) || !isAlnumLower(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return isAlnumLower(c) || c == '-'; });
}

bool matchSubdomain(std::string_view s)
{
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        if (!matchLabel(s.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                                      : dot - start),
                        isAlnumLower))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matchQualified(std::string_view s)
{
    if (s.empty() || !isAlnum(s.front()) || !isAlnum(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return isAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool fullMatch(const std::string& s, const std::string& fmt)
{
    if (fmt == kLabelFmt)
        return matchLabel(s, isAlnumLower);
    if (fmt == kSubdomainFmt)
        return matchSubdomain(s);
    if (fmt == k1035Fmt)
        return matchLabel(s, isLower);
    if (fmt == kQualifiedFmt)
        return matchQualified(s);
    if (fmt == kLabelValueFmt)
        return s.empty() || matchQualified(s);
    if (fmt == kEnvFmt)
        return !s.empty() && !isDigit(s.front()) && std::all_of(s.begin(), s.end(), [](char c) {
            return isAlnum(c) || c == '-' || c == '.' || c == '_';
        });
    if (fmt == kConfigKeyFmt)
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
            return isAlnum(c) || c == '-' || c == '.' || c == '_';
        });
    if (fmt == "[0-9]+%")
        return s.size() >= 2 && s.back() == '%' && std::all_of(s.begin(), s.end() - 1, isDigit);
    if (fmt == "[-a-z0-9]+")
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return isAlnumLower(c) || c == '-'; });
    // Any other pattern: the general (slow) engine.
    return std::regex_match(s, std::regex(fmt));
}

bool containsLower(const std::string& s)
{
    return std::any_of(s.begin(), s.end(), isLower);
}

// validation.RegexError: note the doubled space before each " or ".
std::string regexError(const std::string& msg, const std::string& fmt,
                       const std::vector<std::string>& examples)
{
    std::string out = msg + " (e.g. ";
    for (size_t i = 0; i < examples.size(); ++i) {
        if (i > 0)
            out += " or ";
        out += "'" + examples[i] + "', ";
    }
    return out + "regex used for validation is '" + fmt + "')";
}

std::string maxLen(size_t n)
{
    return "must be no more than " + std::to_string(n) + " characters";
}

std::vector<std::string> chDirPrefix(const std::string& s)
{
    if (s == ".")
        return {"must not be '.'"};
    if (s == "..")
        return {"must not be '..'"};
    if (s.rfind("..", 0) == 0)
        return {"must not start with '..'"};
    return {};
}

// Digits of a percentage, saturated so absurd input cannot overflow.
long long percentValue(const std::string& s)
{
    const std::string digits = s.substr(0, s.size() - 1);
    return digits.size() > 9 ? 1000000000LL : std::stoll(digits);
}

std::string goQuote(const std::string& s)
{
    return json(s).dump();
}

} // namespace

FieldError notSupported(const std::string& path, const json& value,
                        const std::vector<std::string>& valid)
{
    std::string detail;
    if (!valid.empty()) {
        detail = "supported values: ";
        for (size_t i = 0; i < valid.size(); ++i)
            detail += (i ? ", " : "") + goQuote(valid[i]);
    }
    return {"FieldValueNotSupported", path, value, detail};
}

std::vector<std::string> isDNS1123Label(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 63)
        errs.push_back(maxLen(63));
    if (!fullMatch(s, kLabelFmt)) {
        if (fullMatch(s, kSubdomainFmt))
            errs.push_back("must not contain dots");
        else
            errs.push_back(regexError("a lowercase RFC 1123 label must consist of lower case "
                                      "alphanumeric characters or '-', and must start and end "
                                      "with an alphanumeric character",
                                      kLabelFmt, {"my-name", "123-abc"}));
    }
    return errs;
}

std::vector<std::string> isDNS1123Subdomain(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 253)
        errs.push_back(maxLen(253));
    if (!fullMatch(s, kSubdomainFmt))
        errs.push_back(regexError("a lowercase RFC 1123 subdomain must consist of lower case "
                                  "alphanumeric characters, '-' or '.', and must start and end "
                                  "with an alphanumeric character",
                                  kSubdomainFmt, {"example.com"}));
    return errs;
}

std::vector<std::string> isDNS1035Label(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 63)
        errs.push_back(maxLen(63));
    if (!fullMatch(s, k1035Fmt))
        errs.push_back(regexError("a DNS-1035 label must consist of lower case alphanumeric "
                                  "characters or '-', start with an alphabetic character, and "
                                  "end with an alphanumeric character",
                                  k1035Fmt, {"my-name", "abc-123"}));
    return errs;
}

std::vector<std::string> isQualifiedName(const std::string& s)
{
    std::vector<std::string> errs;
    std::string name = s;
    const size_t slashes = std::count(s.begin(), s.end(), '/');
    if (slashes > 1)
        return {"a qualified name " +
                regexError(kQualifiedMsg, kQualifiedFmt, {"MyName", "my.name", "123-abc"}) +
                " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    if (slashes == 1) {
        const std::string prefix = s.substr(0, s.find('/'));
        name = s.substr(s.find('/') + 1);
        if (prefix.empty())
            errs.push_back("prefix part must be non-empty");
        else
            for (const std::string& m : isDNS1123Subdomain(prefix))
                errs.push_back("prefix part " + m);
    }
    if (name.empty())
        errs.push_back("name part must be non-empty");
    else if (name.size() > 63)
        errs.push_back("name part " + maxLen(63));
    if (!fullMatch(name, kQualifiedFmt))
        errs.push_back("name part " +
                       regexError(kQualifiedMsg, kQualifiedFmt, {"MyName", "my.name", "123-abc"}));
    return errs;
}

std::vector<std::string> isValidLabelValue(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 63)
        errs.push_back(maxLen(63));
    if (!fullMatch(s, kLabelValueFmt))
        errs.push_back(regexError("a valid label must be an empty string or consist of "
                                  "alphanumeric characters, '-', '_' or '.', and must start "
                                  "and end with an alphanumeric character",
                                  kLabelValueFmt, {"MyValue", "my_value", "12345"}));
    return errs;
}

std::vector<std::string> isValidPortNum(long long port)
{
    if (port >= 1 && port <= 65535)
        return {};
    return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> isValidPortName(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 15)
        errs.push_back(maxLen(15));
    if (!fullMatch(s, "[-a-z0-9]+"))
        errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    if (!containsLower(s))
        errs.push_back("must contain at least one letter (a-z)");
    if (s.find("--") != std::string::npos)
        errs.push_back("must not contain consecutive hyphens");
    if (!s.empty() && (s.front() == '-' || s.back() == '-'))
        errs.push_back("must not begin or end with a hyphen");
    return errs;
}

std::vector<std::string> isEnvVarName(const std::string& s)
{
    std::vector<std::string> errs;
    if (!fullMatch(s, kEnvFmt))
        errs.push_back(regexError("a valid environment variable name must consist of "
                                  "alphabetic characters, digits, '_', '-', or '.', and must "
                                  "not start with a digit",
                                  kEnvFmt, {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
    for (const std::string& m : chDirPrefix(s))
        errs.push_back(m);
    return errs;
}

std::vector<std::string> isConfigMapKey(const std::string& s)
{
    std::vector<std::string> errs;
    if (s.size() > 253)
        errs.push_back(maxLen(253));
    if (!fullMatch(s, kConfigKeyFmt))
        errs.push_back(regexError("a valid config key must consist of alphanumeric characters, "
                                  "'-', '_' or '.'",
                                  kConfigKeyFmt, {"key.name", "KEY_NAME", "key-name"}));
    for (const std::string& m : chDirPrefix(s))
        errs.push_back(m);
    return errs;
}

std::vector<std::string> checkName(NameRule rule, const std::string& name, bool prefix)
{
    std::string n = name;
    if (prefix && !n.empty() && n.back() == '-')
        n.back() = 'a'; // the server appends random characters after a generateName
    switch (rule) {
    case NameRule::Label: return isDNS1123Label(n);
    case NameRule::Dns1035Label: return isDNS1035Label(n);
    default: return isDNS1123Subdomain(n);
    }
}

void addInvalid(Errors& errs, const std::string& path, const json& value,
                const std::vector<std::string>& msgs)
{
    for (const std::string& m : msgs)
        errs.push_back(invalid(path, value, m));
}

void validateLabels(const json& labels, const std::string& path, Errors& errs)
{
    if (!labels.is_object())
        return;
    for (const auto& [k, v] : labels.items()) {
        addInvalid(errs, path, k, isQualifiedName(k));
        if (v.is_string())
            addInvalid(errs, path, v, isValidLabelValue(v.get<std::string>()));
    }
}

void nonNegative(const json& obj, const char* field, const std::string& path, Errors& errs)
{
    const json& v = memberAt(obj, field);
    if (v.is_number() && v.get<double>() < 0)
        errs.push_back(invalid(child(path, field), v, "must be greater than or equal to 0"));
}

void intOrPercent(const json& v, const std::string& path, bool max100, Errors& errs)
{
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (!fullMatch(s, "[0-9]+%")) {
            errs.push_back(invalid(path, v,
                                   regexError("a valid percent string must be a numeric "
                                              "string followed by an ending '%'",
                                              "[0-9]+%", {"1%", "93%"})));
            return;
        }
        if (max100 && percentValue(s) > 100)
            errs.push_back(invalid(path, v, "must not be greater than 100%"));
    } else if (v.is_number_integer()) {
        if (v.get<long long>() < 0)
            errs.push_back(invalid(path, v, "must be greater than or equal to 0"));
    } else if (!v.is_null()) {
        errs.push_back(invalid(path, v, "must be an integer or percentage (e.g '5%')"));
    }
}

void notMoreThan100Percent(const json& v, const std::string& path, Errors& errs)
{
    if (v.is_string() && fullMatch(v.get<std::string>(), "[0-9]+%") &&
        percentValue(v.get<std::string>()) > 100)
        errs.push_back(invalid(path, v, "must not be greater than 100%"));
}

long long scaledValue(const json& v, long long total, bool roundUp)
{
    if (v.is_number_integer())
        return v.get<long long>();
    if (!v.is_string())
        return 0;
    const std::string s = v.get<std::string>();
    if (!fullMatch(s, "[0-9]+%"))
        return 0;
    const long long pct = percentValue(s);
    return roundUp ? (pct * total + 99) / 100 : pct * total / 100;
}

} // namespace kubelab::model::valid
