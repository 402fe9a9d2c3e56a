// toYaml (declared in decode.h): block YAML byte for byte as `kubectl -o yaml` prints
// it. kubectl marshals to JSON and converts with sigs.k8s.io/yaml, i.e. go-yaml v2's
// encoder, whose choices are reproduced here: key order, when strings are quoted and
// how, "|" block scalars, folding of long lines at column 80, sequences in mappings not
// indented. One simplification: keys longer than 128 characters stay simple keys where
// go-yaml would switch to the "? key" form (both parse the same).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/decode.h"
#include "engine/model/yaml_scalar.h"

namespace kubelab::model {

namespace {

using nlohmann::json;

constexpr int kBestWidth = 80;
constexpr int kBestIndent = 2;

size_t utf8Width(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

std::uint32_t decodeAt(const std::string& s, size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t w = utf8Width(c);
    std::uint32_t v = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < w && i + k < s.size(); ++k)
        v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return v;
}

// The byte-class predicates of go-yaml's yamlprivateh.go.
bool isPrintable(const std::string& s, size_t i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const auto b2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    return b0 == 0x0A || (b0 >= 0x20 && b0 <= 0x7E) || (b0 == 0xC2 && b1 >= 0xA0) ||
           (b0 > 0xC2 && b0 < 0xED) || (b0 == 0xED && b1 < 0xA0) || b0 == 0xEE ||
           (b0 == 0xEF && !(b1 == 0xBB && b2 == 0xBF) &&
            !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

bool isSpace(const std::string& s, size_t i)
{
    return i < s.size() && s[i] == ' ';
}

bool isBreak(const std::string& s, size_t i)
{
    if (i >= s.size())
        return false;
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const auto b2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    return b0 == '\r' || b0 == '\n' || (b0 == 0xC2 && b1 == 0x85) ||
           (b0 == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9));
}

bool isBlankZ(const std::string& s, size_t i)
{
    return i >= s.size() || s[i] == ' ' || s[i] == '\t' || s[i] == '\0' || isBreak(s, i);
}

struct Analysis
{
    bool multiline = false;
    bool blockPlainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = true;
};

// go-yaml's yaml_emitter_analyze_scalar, block context only (we never emit flow style).
Analysis analyze(const std::string& v)
{
    Analysis a;
    if (v.empty()) {
        a.blockAllowed = false;
        return a;
    }
    bool blockIndicators = false, lineBreaks = false, special = false;
    bool leadingSpace = false, leadingBreak = false, trailingSpace = false;
    bool trailingBreak = false, breakSpace = false, spaceBreak = false;
    bool precededByWs = true, prevSpace = false, prevBreak = false;
    if (v.size() >= 3 && (v.compare(0, 3, "---") == 0 || v.compare(0, 3, "...") == 0))
        blockIndicators = true;
    for (size_t i = 0, w = 0; i < v.size(); i += w) {
        w = utf8Width(static_cast<unsigned char>(v[i]));
        const bool followedByWs =
            i + w >= v.size() || v[i + w] == ' ' || v[i + w] == '\t' || isBreak(v, i + w);
        const char c = v[i];
        if (i == 0) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`': blockIndicators = true; break;
            case '?':
            case ':':
            case '-':
                if (followedByWs)
                    blockIndicators = true;
                break;
            default: break;
            }
        } else if ((c == ':' && followedByWs) || (c == '#' && precededByWs)) {
            blockIndicators = true;
        }
        if (!isPrintable(v, i))
            special = true;
        if (isSpace(v, i)) {
            if (i == 0)
                leadingSpace = true;
            if (i + w == v.size())
                trailingSpace = true;
            if (prevBreak)
                breakSpace = true;
            prevSpace = true;
            prevBreak = false;
        } else if (isBreak(v, i)) {
            lineBreaks = true;
            if (i == 0)
                leadingBreak = true;
            if (i + w == v.size())
                trailingBreak = true;
            if (prevSpace)
                spaceBreak = true;
            prevSpace = false;
            prevBreak = true;
        } else {
            prevSpace = prevBreak = false;
        }
        precededByWs = isBlankZ(v, i);
    }
    a.multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        a.blockPlainAllowed = false;
    if (trailingSpace)
        a.blockAllowed = false;
    if (breakSpace)
        a.blockPlainAllowed = a.singleQuotedAllowed = false;
    if (spaceBreak || special)
        a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
    if (lineBreaks || blockIndicators)
        a.blockPlainAllowed = false;
    return a;
}

// go-yaml's keyList.Less: runs of digits compare as numbers, and non-letters sort
// before letters ("a10" after "a9"; "a_b" before "aB").
bool isLetterRune(std::uint32_t r)
{
    if (r < 0x80)
        return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    return r >= 0xC0; // non-ASCII keys are almost always letters; close enough
}

bool isDigitRune(std::uint32_t r)
{
    return r >= '0' && r <= '9';
}

std::vector<std::uint32_t> runes(const std::string& s)
{
    std::vector<std::uint32_t> out;
    for (size_t i = 0; i < s.size(); i += utf8Width(static_cast<unsigned char>(s[i])))
        out.push_back(decodeAt(s, i));
    return out;
}

bool keyLess(const std::string& as, const std::string& bs)
{
    const auto a = runes(as), b = runes(bs);
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i])
            continue;
        const bool al = isLetterRune(a[i]), bl = isLetterRune(b[i]);
        if (al && bl)
            return a[i] < b[i];
        if (al || bl)
            return bl;
        std::int64_t an = 0, bn = 0;
        if (a[i] == '0' || b[i] == '0') {
            for (size_t j = i; j-- > 0 && isDigitRune(a[j]);) {
                if (a[j] != '0') {
                    an = bn = 1;
                    break;
                }
            }
        }
        size_t ai = i, bi = i;
        for (; ai < a.size() && isDigitRune(a[ai]); ++ai)
            an = an * 10 + std::int64_t(a[ai] - '0');
        for (; bi < b.size() && isDigitRune(b[bi]); ++bi)
            bn = bn * 10 + std::int64_t(b[bi] - '0');
        if (an != bn)
            return an < bn;
        if (ai != bi)
            return ai < bi;
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

class Emitter
{
public:
    std::string out;

    void emitRoot(const json& v)
    {
        if (v.is_object() && !v.empty())
            emitMap(v, 0, false);
        else if (v.is_array() && !v.empty())
            emitSeq(v, 0, false);
        else
            emitScalar(v, kBestIndent, false);
        endLine();
    }

private:
    int m_column = 0;

    void put(char c)
    {
        out += c;
        if (c == '\n')
            m_column = 0;
        else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++m_column;
    }
    void put(const std::string& s)
    {
        for (char c : s)
            put(c);
    }
    // Copies one UTF-8 character of s at i.
    void write(const std::string& s, size_t& i)
    {
        const size_t w = utf8Width(static_cast<unsigned char>(s[i]));
        for (size_t k = 0; k < w && i < s.size(); ++k)
            put(s[i++]);
    }
    void endLine()
    {
        if (m_column != 0)
            put('\n');
    }
    void indentTo(int indent)
    {
        endLine();
        while (m_column < indent)
            put(' ');
    }

    void emitMap(const json& m, int indent, bool inlineFirst)
    {
        std::vector<std::string> keys;
        for (auto it = m.begin(); it != m.end(); ++it)
            keys.push_back(it.key());
        std::stable_sort(keys.begin(), keys.end(), keyLess);
        bool first = true;
        for (const std::string& k : keys) {
            if (!(first && inlineFirst))
                indentTo(indent);
            first = false;
            emitString(k, indent + kBestIndent, true);
            put(':');
            const json& v = m.at(k);
            if (v.is_object() && !v.empty()) {
                emitMap(v, indent + kBestIndent, false);
            } else if (v.is_array() && !v.empty()) {
                emitSeq(v, indent, false); // go-yaml does not indent a mapping's sequence
            } else {
                put(' ');
                emitScalar(v, indent + kBestIndent, false);
            }
        }
    }

    void emitSeq(const json& s, int indent, bool inlineFirst)
    {
        bool first = true;
        for (const json& v : s) {
            if (!(first && inlineFirst))
                indentTo(indent);
            first = false;
            put("- ");
            if (v.is_object() && !v.empty())
                emitMap(v, indent + kBestIndent, true);
            else if (v.is_array() && !v.empty())
                emitSeq(v, indent + kBestIndent, true);
            else
                emitScalar(v, indent + kBestIndent, false);
        }
    }

    void emitScalar(const json& v, int indent, bool key)
    {
        switch (v.type()) {
        case json::value_t::null: put("null"); return;
        case json::value_t::boolean: put(v.get<bool>() ? "true" : "false"); return;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: put(v.dump()); return;
        case json::value_t::number_float: {
            // kubectl's JSON round trip turns integral floats into integers.
            const double d = v.get<double>();
            if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18) {
                put(std::to_string(std::int64_t(d)));
                return;
            }
            std::string s = formatGoFloat(d);
            put(s == "+Inf" ? ".inf" : s == "-Inf" ? "-.inf" : s == "NaN" ? ".nan" : s);
            return;
        }
        case json::value_t::object: put("{}"); return;
        case json::value_t::array: put("[]"); return;
        case json::value_t::string: emitString(v.get<std::string>(), indent, key); return;
        default: put("null"); return;
        }
    }

    enum class Style { Plain, Single, Double, Literal };

    // go-yaml's stringv plus yaml_emitter_select_scalar_style.
    void emitString(const std::string& s, int indent, bool key)
    {
        const PlainScalar r = resolvePlainScalar(s);
        const bool canUsePlain = r.kind == PlainScalarKind::String && !isBase60Float(s);
        Style style = s.find('\n') != std::string::npos ? Style::Literal
                      : canUsePlain                     ? Style::Plain
                                                        : Style::Double;
        const Analysis a = analyze(s);
        if (key && a.multiline)
            style = Style::Double;
        if (style == Style::Plain) {
            if (!a.blockPlainAllowed || (s.empty() && key))
                style = Style::Single;
        }
        if (style == Style::Single && !a.singleQuotedAllowed)
            style = Style::Double;
        if (style == Style::Literal && (!a.blockAllowed || key))
            style = Style::Double;
        const bool allowBreaks = !key;
        switch (style) {
        case Style::Plain: writePlain(s, indent, allowBreaks); break;
        case Style::Single: writeSingle(s, indent, allowBreaks); break;
        case Style::Double: writeDouble(s, indent, allowBreaks); break;
        case Style::Literal: writeLiteral(s, indent); break;
        }
    }

    void writePlain(const std::string& s, int indent, bool allowBreaks)
    {
        bool spaces = false;
        for (size_t i = 0; i < s.size();) {
            if (isSpace(s, i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && !isSpace(s, i + 1)) {
                    indentTo(indent);
                    ++i;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else {
                write(s, i);
                spaces = false;
            }
        }
    }

    void writeSingle(const std::string& s, int indent, bool allowBreaks)
    {
        put('\'');
        bool spaces = false, breaks = false;
        for (size_t i = 0; i < s.size();) {
            if (isSpace(s, i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && i > 0 && i < s.size() - 1 &&
                    !isSpace(s, i + 1)) {
                    indentTo(indent);
                    ++i;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else if (isBreak(s, i)) {
                if (!breaks && s[i] == '\n')
                    put('\n');
                // write_break: a break character is written as a newline
                i += utf8Width(static_cast<unsigned char>(s[i]));
                put('\n');
                breaks = true;
            } else {
                if (breaks) {
                    while (m_column < indent)
                        put(' ');
                }
                if (s[i] == '\'')
                    put('\'');
                write(s, i);
                spaces = breaks = false;
            }
        }
        put('\'');
    }

    void writeDouble(const std::string& s, int indent, bool allowBreaks)
    {
        static const char hex[] = "0123456789ABCDEF";
        put('"');
        bool spaces = false;
        for (size_t i = 0; i < s.size();) {
            const bool bom = s.compare(i, 3, "\xEF\xBB\xBF") == 0;
            if (!isPrintable(s, i) || bom || isBreak(s, i) || s[i] == '"' || s[i] == '\\') {
                const std::uint32_t v = decodeAt(s, i);
                i += utf8Width(static_cast<unsigned char>(s[i]));
                put('\\');
                switch (v) {
                case 0x00: put('0'); break;
                case 0x07: put('a'); break;
                case 0x08: put('b'); break;
                case 0x09: put('t'); break;
                case 0x0A: put('n'); break;
                case 0x0B: put('v'); break;
                case 0x0C: put('f'); break;
                case 0x0D: put('r'); break;
                case 0x1B: put('e'); break;
                case 0x22: put('"'); break;
                case 0x5C: put('\\'); break;
                case 0x85: put('N'); break;
                case 0xA0: put('_'); break;
                case 0x2028: put('L'); break;
                case 0x2029: put('P'); break;
                default: {
                    const int width = v <= 0xFF ? 2 : v <= 0xFFFF ? 4 : 8;
                    put(width == 2 ? 'x' : width == 4 ? 'u' : 'U');
                    for (int k = (width - 1) * 4; k >= 0; k -= 4)
                        put(hex[(v >> k) & 0xF]);
                }
                }
                spaces = false;
            } else if (isSpace(s, i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && i > 0 && i < s.size() - 1) {
                    indentTo(indent);
                    if (isSpace(s, i + 1))
                        put('\\');
                    ++i;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else {
                write(s, i);
                spaces = false;
            }
        }
        put('"');
    }

    void writeLiteral(const std::string& s, int indent)
    {
        put('|');
        if (isSpace(s, 0) || isBreak(s, 0))
            put(char('0' + kBestIndent));
        const size_t last = s.size() - 1;
        if (!isBreak(s, last)) {
            put('-');
        } else if (s.size() == 1) {
            put('+');
        } else {
            // The character before the final break: another break means "keep" (+).
            size_t prev = last;
            do {
                --prev;
            } while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0) == 0x80);
            if (isBreak(s, prev))
                put('+');
        }
        put('\n');
        bool breaks = true;
        for (size_t i = 0; i < s.size();) {
            if (isBreak(s, i)) {
                i += utf8Width(static_cast<unsigned char>(s[i]));
                put('\n');
                breaks = true;
            } else {
                if (breaks) {
                    while (m_column < indent)
                        put(' ');
                    breaks = false;
                }
                write(s, i);
            }
        }
    }
};

} // namespace

std::string toYaml(const json& value)
{
    Emitter e;
    e.emitRoot(value);
    return e.out;
}

} // namespace kubelab::model
