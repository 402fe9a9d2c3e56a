#include "engine/model/yaml_scalar.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace kubelab::model {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Go's strconv.ParseUint(s, 0, 64) on an unsigned body (no sign): base prefixes 0x, 0o,
// 0b and a bare leading 0 for octal. Returns false on syntax error or overflow.
bool parseGoUnsigned(std::string_view s, unsigned __int128* out)
{
    if (s.empty())
        return false;
    int base = 10;
    if (s.size() >= 2 && s[0] == '0') {
        const char p = char(s[1] | 0x20);
        if (p == 'x') {
            base = 16;
            s.remove_prefix(2);
        } else if (p == 'o') {
            base = 8;
            s.remove_prefix(2);
        } else if (p == 'b') {
            base = 2;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
        if (s.empty())
            return false;
    }
    unsigned __int128 v = 0;
    for (char c : s) {
        int d;
        if (isDigit(c))
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        if (d >= base)
            return false;
        v = v * unsigned(base) + unsigned(d);
        if (v > std::numeric_limits<std::uint64_t>::max())
            return false;
    }
    *out = v;
    return true;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$  (go-yaml's yamlStyleFloat)
bool isYamlStyleFloat(std::string_view s)
{
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start)
            return false;
    } else {
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start)
            return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            while (i < s.size() && isDigit(s[i]))
                ++i;
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start)
            return false;
    }
    return i == s.size();
}

double toDouble(std::string_view s)
{
    std::string copy(s);
    if (!copy.empty() && copy[0] == '+')
        copy.erase(0, 1);
    double d = 0;
    std::from_chars(copy.data(), copy.data() + copy.size(), d);
    return d;
}

// Reads 1 or 2 digits (Go's getnum for layouts "1", "2", "15", "4", "5").
bool readNum(std::string_view s, size_t& i, int maxDigits, int* out)
{
    const size_t start = i;
    int v = 0;
    while (i < s.size() && isDigit(s[i]) && int(i - start) < maxDigits)
        v = v * 10 + (s[i++] - '0');
    *out = v;
    return i > start;
}

bool expect(std::string_view s, size_t& i, char c)
{
    if (i < s.size() && s[i] == c) {
        ++i;
        return true;
    }
    return false;
}

// go-yaml v2's allowedTimestampFormats through time.Parse: "2006-1-2T15:4:5.999999999Z07:00",
// the same with a lower-case t, "2006-1-2 15:4:5.999999999" and "2006-1-2".
bool isTimestamp(std::string_view s)
{
    size_t i = 0;
    int year, month, day;
    if (s.size() < 5 || !readNum(s, i, 4, &year) || i != 4 || !expect(s, i, '-'))
        return false;
    if (!readNum(s, i, 2, &month) || !expect(s, i, '-') || !readNum(s, i, 2, &day))
        return false;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        return false;
    if (i == s.size())
        return true;
    const char sep = s[i++];
    if (sep != 'T' && sep != 't' && sep != ' ')
        return false;
    int h, m, sec;
    if (!readNum(s, i, 2, &h) || !expect(s, i, ':') || !readNum(s, i, 2, &m) ||
        !expect(s, i, ':') || !readNum(s, i, 2, &sec) || h > 23 || m > 59 || sec > 59)
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == start)
            return false;
    }
    if (sep == ' ')
        return i == s.size();
    if (expect(s, i, 'Z'))
        return i == s.size();
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        ++i;
        int zh, zm;
        const size_t a = i;
        if (!readNum(s, i, 2, &zh) || i - a != 2 || !expect(s, i, ':'))
            return false;
        const size_t b = i;
        return readNum(s, i, 2, &zm) && i - b == 2 && i == s.size();
    }
    return false;
}

PlainScalar make(PlainScalarKind k, nlohmann::json v)
{
    return PlainScalar{k, std::move(v)};
}

} // namespace

PlainScalar resolvePlainScalar(std::string_view in)
{
    using K = PlainScalarKind;
    if (in.empty() || in == "~" || in == "null" || in == "Null" || in == "NULL")
        return make(K::Null, nullptr);
    const char c0 = in[0];
    static const char* const trues[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                        "True", "TRUE", "on",  "On",  "ON"};
    static const char* const falses[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                         "False", "FALSE", "off", "Off", "OFF"};
    for (const char* t : trues)
        if (in == t)
            return make(K::Bool, true);
    for (const char* f : falses)
        if (in == f)
            return make(K::Bool, false);
    if (in == ".nan" || in == ".NaN" || in == ".NAN")
        return make(K::Float, std::numeric_limits<double>::quiet_NaN());
    if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" ||
        in == "+.INF")
        return make(K::Float, std::numeric_limits<double>::infinity());
    if (in == "-.inf" || in == "-.Inf" || in == "-.INF")
        return make(K::Float, -std::numeric_limits<double>::infinity());

    if (c0 == '.') {
        if (isYamlStyleFloat(in))
            return make(K::Float, toDouble(in));
        return make(K::String, std::string(in));
    }
    if (!(isDigit(c0) || c0 == '-' || c0 == '+'))
        return make(K::String, std::string(in));

    if (isTimestamp(in))
        return make(K::Timestamp, std::string(in));
    std::string plain;
    plain.reserve(in.size());
    for (char c : in)
        if (c != '_')
            plain += c;
    std::string_view body = plain;
    bool neg = false;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
        neg = body[0] == '-';
        body.remove_prefix(1);
    }
    unsigned __int128 mag = 0;
    if (parseGoUnsigned(body, &mag)) {
        const unsigned __int128 maxPos = std::numeric_limits<std::int64_t>::max();
        if (neg && mag <= maxPos + 1)
            return make(K::Int, std::int64_t(-static_cast<__int128>(mag)));
        if (!neg && mag <= maxPos)
            return make(K::Int, std::int64_t(mag));
        if (!neg && plain[0] != '+')
            return make(K::Int, std::uint64_t(mag)); // ParseUint takes no sign
    }
    if (isYamlStyleFloat(plain))
        return make(K::Float, toDouble(plain));
    return make(K::String, std::string(in));
}

bool isBase60Float(std::string_view s)
{
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    if (i >= s.size() || !isDigit(s[i]))
        return false;
    ++i;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
        ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && isDigit(s[i + 1]))
            i += 2;
        else if (i < s.size() && isDigit(s[i]))
            ++i;
        else
            return false;
        ++groups;
    }
    if (groups == 0)
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
            ++i;
    }
    return i == s.size();
}

std::string formatGoFloat(double d)
{
    if (std::isnan(d))
        return "NaN";
    if (std::isinf(d))
        return d > 0 ? "+Inf" : "-Inf";
    if (d == 0)
        return std::signbit(d) ? "-0" : "0";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr); // [-]D[.DDD]e(+|-)XX, shortest round-trip digits
    const bool neg = sci[0] == '-';
    if (neg)
        sci.erase(0, 1);
    const size_t e = sci.find('e');
    std::string digits = sci.substr(0, e);
    const int exp = std::stoi(sci.substr(e + 1));
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::string out = neg ? "-" : "";
    // 'g' with the shortest precision switches to exponent form below 1e-4 and from 1e6.
    if (exp < -4 || exp >= 6) {
        out += digits.substr(0, 1);
        if (digits.size() > 1)
            out += "." + digits.substr(1);
        char eb[16];
        std::snprintf(eb, sizeof eb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
        return out + eb;
    }
    if (exp < 0)
        out += "0." + std::string(size_t(-exp - 1), '0') + digits;
    else if (size_t(exp) + 1 >= digits.size())
        out += digits + std::string(size_t(exp) + 1 - digits.size(), '0');
    else
        out += digits.substr(0, size_t(exp) + 1) + "." + digits.substr(size_t(exp) + 1);
    return out;
}

} // namespace kubelab::model
