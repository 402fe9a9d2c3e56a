#include "engine/model/field_error.h"

#include "engine/model/yaml_scalar.h"

#include <algorithm>
#include <cstdint>

namespace kubelab::model {

namespace {

struct TypeText
{
    const char* reason;
    const char* text;
    bool printsValue; // Required, Forbidden, TooLong and Internal never show the value
};

// field.ErrorType and its String(), from apimachinery's field/errors.go.
constexpr TypeText kTypes[] = {
    {"FieldValueNotFound", "Not found", true},
    {"FieldValueRequired", "Required value", false},
    {"FieldValueDuplicate", "Duplicate value", true},
    {"FieldValueInvalid", "Invalid value", true},
    {"FieldValueNotSupported", "Unsupported value", true},
    {"FieldValueForbidden", "Forbidden", false},
    {"FieldValueTooLong", "Too long", false},
    {"FieldValueTooMany", "Too many", true},
    {"InternalError", "Internal error", false},
    {"FieldValueTypeInvalid", "Invalid value", true},
};

const TypeText* findType(const std::string& reason)
{
    for (const TypeText& t : kTypes)
        if (reason == t.reason)
            return &t;
    return nullptr;
}

void appendHex(std::string& out, const char* prefix, std::uint32_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    out += prefix;
    for (int i = digits - 1; i >= 0; --i)
        out += hex[(v >> (4 * i)) & 0xF];
}

// Code points Go's unicode.IsPrint rejects that a learner might plausibly paste: C1
// controls, soft hyphen, zero-width and bidi marks, line/paragraph separators, BOM.
// Unassigned code points are treated as printable (a deliberate simplification).
bool isPrintableNonAscii(std::uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xA0)
        return false; // C1 controls and NBSP (Go's IsPrint excludes U+00A0)
    if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
        return false;
    if (cp >= 0xE000 && cp <= 0xF8FF)
        return false; // private use
    return true;
}

// Decodes one UTF-8 sequence at s[i]; returns its length or 0 when invalid.
size_t decodeUtf8(const std::string& s, size_t i, std::uint32_t* cp)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        *cp = b0 & 0x1F;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        *cp = b0 & 0x0F;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        *cp = b0 & 0x07;
        min = 0x10000;
    } else
        return 0;
    if (i + len > s.size())
        return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (b & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

} // namespace

// Go's strconv.Quote, as %q prints a string: printable runes kept, the rest escaped.
std::string goQuote(const std::string& s)
{
    std::string out = "\"";
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '\a': out += "\\a"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\v': out += "\\v"; break;
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            default:
                if (c < 0x20 || c == 0x7F)
                    appendHex(out, "\\x", c, 2);
                else
                    out += char(c);
            }
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const size_t len = decodeUtf8(s, i, &cp);
        if (len == 0) {
            appendHex(out, "\\x", c, 2);
            ++i;
            continue;
        }
        if (isPrintableNonAscii(cp))
            out.append(s, i, len);
        else if (cp < 0x10000)
            appendHex(out, "\\u", cp, 4);
        else
            appendHex(out, "\\U", cp, 8);
        i += len;
    }
    out += '"';
    return out;
}

std::string FieldError::typeText() const
{
    const TypeText* t = findType(type);
    return t ? t->text : type;
}

std::string FieldError::toString() const
{
    const TypeText* t = findType(type);
    std::string body = typeText();
    // A null badValue means "print no value" here (field.omitValue in Go); Go itself would
    // print a nil value as "null", but nothing in the engine reports a literal null.
    if ((!t || t->printsValue) && !badValue.is_null()) {
        body += ": ";
        if (badValue.is_string()) {
            body += goQuote(badValue.get<std::string>());
        } else if (badValue.is_boolean()) {
            body += badValue.get<bool>() ? "true" : "false";
        } else if (badValue.is_number_integer()) {
            body += badValue.dump();
        } else if (badValue.is_number_float()) {
            body += formatGoFloat(badValue.get<double>());
        } else if (badValue.is_array() && !badValue.empty() &&
                   std::all_of(badValue.begin(), badValue.end(),
                               [](const nlohmann::json& v) { return v.is_string(); })) {
            // Go's %#v of a []string.
            body += "[]string{";
            bool first = true;
            for (const auto& v : badValue) {
                if (!first)
                    body += ", ";
                first = false;
                body += goQuote(v.get<std::string>());
            }
            body += "}";
        } else {
            // Go prints structs with %#v, which has no JSON counterpart; compact JSON is
            // the most readable stand-in.
            body += badValue.dump();
        }
    }
    if (!detail.empty())
        body += ": " + detail;
    return field + ": " + body;
}

} // namespace kubelab::model
