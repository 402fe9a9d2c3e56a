#include "engine/kubectl/jsonpath.h"

#include <cctype>
#include <stdexcept>

namespace kubelab::kubectl {

using Json = nlohmann::json;

struct JsonPath::Step
{
    enum class Kind { Root, Current, Field, Recursive, Index, Filter } kind = Kind::Field;
    std::vector<std::string> names; // Field: one or more (union); "*" is the wildcard
    // Index: [start:end:step]; `slice` false for a single index; `all` for [*].
    std::optional<long long> start, end, step;
    bool slice = false;
    bool all = false;
    // Filter: left op right, or only left (existence).
    std::vector<Step> left, right;
    std::optional<Json> leftLiteral, rightLiteral;
    std::string op;
};

struct JsonPath::Segment
{
    enum class Kind { Text, Path, Literal, Range, End } kind = Kind::Text;
    std::string text;
    std::vector<Step> path;
    size_t matchingEnd = 0; // Range: index of its End
};

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;
JsonPath::JsonPath(JsonPath&&) noexcept = default;
JsonPath& JsonPath::operator=(JsonPath&&) noexcept = default;

namespace {

using Step = JsonPath::Step;

struct ParseError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
struct EvalError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

std::string trim(std::string_view s)
{
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

// Reads a quoted string starting at s[pos] (quote char), handling Go-style escapes.
std::string readQuoted(std::string_view s, size_t* pos)
{
    const char quote = s[*pos];
    std::string out;
    size_t i = *pos + 1;
    for (; i < s.size() && s[i] != quote; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            ++i;
            switch (s[i]) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            default: out += s[i]; break;
            }
        } else {
            out += s[i];
        }
    }
    if (i >= s.size())
        throw ParseError("unterminated quoted string");
    *pos = i + 1;
    return out;
}

std::optional<Json> parseLiteral(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    if (text[0] == '"' || text[0] == '\'') {
        size_t pos = 0;
        std::string v = readQuoted(text, &pos);
        return Json(v);
    }
    if (text == "true" || text == "false")
        return Json(text == "true");
    if (text == "null")
        return Json(nullptr);
    char* endp = nullptr;
    long long i = std::strtoll(text.c_str(), &endp, 10);
    if (*endp == '\0')
        return Json(i);
    double d = std::strtod(text.c_str(), &endp);
    if (*endp == '\0')
        return Json(d);
    return std::nullopt;
}

std::vector<Step> parsePath(std::string_view s);

Step parseFilter(const std::string& inner)
{
    // inner is "@.x == 'y'" (without "?(" and ")")
    Step step;
    step.kind = Step::Kind::Filter;
    static const char* const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
    size_t opPos = std::string::npos;
    std::string op;
    char quote = 0;
    for (size_t i = 0; i < inner.size() && opPos == std::string::npos; ++i) {
        if (quote) {
            if (inner[i] == quote)
                quote = 0;
            continue;
        }
        if (inner[i] == '"' || inner[i] == '\'') {
            quote = inner[i];
            continue;
        }
        for (const char* o : ops)
            if (inner.compare(i, std::char_traits<char>::length(o), o) == 0) {
                opPos = i;
                op = o;
                break;
            }
    }
    auto side = [](const std::string& text, std::vector<Step>* path, std::optional<Json>* lit) {
        if (text.empty())
            throw ParseError("invalid filter");
        if (text[0] == '@' || text[0] == '$' || text[0] == '.')
            *path = parsePath(text);
        else if (!(*lit = parseLiteral(text)))
            throw ParseError("unrecognized filter operand " + text);
    };
    if (opPos == std::string::npos) {
        side(trim(inner), &step.left, &step.leftLiteral);
        return step;
    }
    step.op = op;
    side(trim(inner.substr(0, opPos)), &step.left, &step.leftLiteral);
    side(trim(inner.substr(opPos + op.size())), &step.right, &step.rightLiteral);
    return step;
}

Step parseBracket(const std::string& inner)
{
    Step step;
    const std::string t = trim(inner);
    if (t.size() >= 2 && t[0] == '?' && t[1] == '(' && t.back() == ')')
        return parseFilter(t.substr(2, t.size() - 3));
    if (!t.empty() && (t[0] == '\'' || t[0] == '"')) {
        step.kind = Step::Kind::Field;
        size_t pos = 0;
        while (pos < t.size()) {
            step.names.push_back(readQuoted(t, &pos));
            while (pos < t.size() && (t[pos] == ',' || std::isspace((unsigned char)t[pos])))
                ++pos;
            if (pos < t.size() && t[pos] != '\'' && t[pos] != '"')
                throw ParseError("invalid array index " + t);
        }
        return step;
    }
    step.kind = Step::Kind::Index;
    if (t == "*") {
        step.all = true;
        return step;
    }
    std::vector<std::string> parts;
    size_t b = 0;
    while (true) {
        size_t c = t.find(':', b);
        parts.push_back(trim(t.substr(b, c == std::string::npos ? c : c - b)));
        if (c == std::string::npos)
            break;
        b = c + 1;
    }
    if (parts.size() > 3)
        throw ParseError("invalid array index " + t);
    auto number = [&](const std::string& p) -> std::optional<long long> {
        if (p.empty())
            return std::nullopt;
        char* endp = nullptr;
        long long v = std::strtoll(p.c_str(), &endp, 10);
        if (*endp != '\0')
            throw ParseError("invalid array index " + t);
        return v;
    };
    step.start = number(parts[0]);
    step.slice = parts.size() > 1;
    if (!step.slice && !step.start)
        throw ParseError("invalid array index " + t);
    if (parts.size() > 1)
        step.end = number(parts[1]);
    if (parts.size() > 2)
        step.step = number(parts[2]);
    return step;
}

bool isFieldChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '/' ||
           c == '*' || c == '\\' || (static_cast<unsigned char>(c) >= 0x80);
}

std::vector<Step> parsePath(std::string_view s)
{
    std::vector<Step> steps;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '$' || c == '@') {
            Step st;
            st.kind = c == '$' ? Step::Kind::Root : Step::Kind::Current;
            steps.push_back(st);
            ++i;
        } else if (c == '.') {
            ++i;
            if (i < s.size() && s[i] == '.') {
                Step st;
                st.kind = Step::Kind::Recursive;
                steps.push_back(st);
                ++i;
            }
            std::string name;
            while (i < s.size() && isFieldChar(s[i])) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    name += s[i + 1]; // "\." keeps a dot inside a key
                    i += 2;
                    continue;
                }
                name += s[i++];
            }
            if (!name.empty()) {
                Step st;
                st.kind = Step::Kind::Field;
                st.names.push_back(name);
                steps.push_back(st);
            }
        } else if (c == '[') {
            size_t j = i + 1;
            int depth = 1;
            char quote = 0;
            for (; j < s.size(); ++j) {
                if (quote) {
                    if (s[j] == '\\')
                        ++j;
                    else if (s[j] == quote)
                        quote = 0;
                } else if (s[j] == '"' || s[j] == '\'') {
                    quote = s[j];
                } else if (s[j] == '[') {
                    ++depth;
                } else if (s[j] == ']' && --depth == 0) {
                    break;
                }
            }
            if (j >= s.size())
                throw ParseError("unterminated array");
            steps.push_back(parseBracket(std::string(s.substr(i + 1, j - i - 1))));
            i = j + 1;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (isFieldChar(c)) {
            // A bare name at the start ("{kind}") is a field, as k8s' parser reads it.
            std::string name;
            while (i < s.size() && isFieldChar(s[i]))
                name += s[i++];
            Step st;
            st.kind = Step::Kind::Field;
            st.names.push_back(name);
            steps.push_back(st);
        } else {
            throw ParseError(std::string("unrecognized character in action: U+") +
                             std::to_string(int(static_cast<unsigned char>(c))));
        }
    }
    return steps;
}

// ---- evaluation ----

using Values = std::vector<Json>;

struct Evaluator
{
    const Json& root;

    Values walk(const Values& input, const std::vector<Step>& steps, const Json& current) const
    {
        Values values = input;
        for (const Step& st : steps)
            values = apply(values, st, current);
        return values;
    }

    Values apply(const Values& input, const Step& st, const Json& current) const
    {
        Values out;
        switch (st.kind) {
        case Step::Kind::Root: return {root};
        case Step::Kind::Current: return {current};
        case Step::Kind::Field:
            for (const Json& v : input) {
                if (!v.is_object())
                    continue;
                for (const std::string& name : st.names) {
                    if (name == "*") {
                        for (const auto& item : v.items())
                            out.push_back(item.value());
                    } else if (auto it = v.find(name); it != v.end()) {
                        out.push_back(*it);
                    }
                }
            }
            return out;
        case Step::Kind::Recursive:
            for (const Json& v : input)
                descend(v, &out);
            return out;
        case Step::Kind::Index:
            for (const Json& v : input) {
                if (!v.is_array())
                    continue;
                const long long len = (long long)v.size();
                if (st.all) {
                    out.insert(out.end(), v.begin(), v.end());
                    continue;
                }
                if (!st.slice) {
                    long long idx = *st.start;
                    if (idx < 0)
                        idx += len;
                    if (idx < 0 || idx >= len)
                        throw EvalError("array index out of bounds: index " +
                                        std::to_string(*st.start) + ", length " +
                                        std::to_string(len));
                    out.push_back(v[size_t(idx)]);
                    continue;
                }
                long long b = st.start.value_or(0), e = st.end.value_or(len);
                long long stepBy = st.step.value_or(1);
                if (b < 0)
                    b += len;
                if (e < 0)
                    e += len;
                b = std::clamp(b, 0LL, len);
                e = std::clamp(e, 0LL, len);
                if (stepBy <= 0)
                    stepBy = 1;
                for (long long k = b; k < e; k += stepBy)
                    out.push_back(v[size_t(k)]);
            }
            return out;
        case Step::Kind::Filter:
            for (const Json& v : input) {
                if (!v.is_array())
                    continue;
                for (const Json& item : v)
                    if (matches(st, item))
                        out.push_back(item);
            }
            return out;
        }
        return out;
    }

    void descend(const Json& v, Values* out) const
    {
        if (!(v.is_object() || v.is_array()) || v.empty())
            return;
        out->push_back(v);
        for (const Json& child : v)
            descend(child, out);
        // Leaves are reached through their parents: a following Field step picks them.
    }

    bool matches(const Step& st, const Json& item) const
    {
        Values left = st.leftLiteral ? Values{*st.leftLiteral} : walk({item}, st.left, item);
        if (st.op.empty())
            return !left.empty() && !(left[0].is_boolean() && !left[0].get<bool>());
        Values right = st.rightLiteral ? Values{*st.rightLiteral} : walk({item}, st.right, item);
        if (left.empty() || right.empty())
            return false;
        const Json& a = left[0];
        const Json& b = right[0];
        if (a.is_number() && b.is_number()) {
            const double x = a.get<double>(), y = b.get<double>();
            if (st.op == "==")
                return x == y;
            if (st.op == "!=")
                return x != y;
            if (st.op == "<")
                return x < y;
            if (st.op == ">")
                return x > y;
            if (st.op == "<=")
                return x <= y;
            return x >= y;
        }
        if (st.op == "==")
            return a == b;
        if (st.op == "!=")
            return a != b;
        if (a.is_string() && b.is_string()) {
            const std::string x = a, y = b;
            if (st.op == "<")
                return x < y;
            if (st.op == ">")
                return x > y;
            if (st.op == "<=")
                return x <= y;
            return x >= y;
        }
        throw EvalError("incompatible types for comparison");
    }
};

std::string toText(const Json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return "null";
    return v.dump();
}

} // namespace

std::optional<JsonPath> JsonPath::parse(std::string_view text, std::string* error)
{
    JsonPath jp;
    std::vector<size_t> openRanges;
    try {
        size_t i = 0;
        while (i < text.size()) {
            size_t open = text.find('{', i);
            if (open == std::string_view::npos) {
                jp.m_segments.push_back({Segment::Kind::Text, std::string(text.substr(i)), {}});
                break;
            }
            if (open > i)
                jp.m_segments.push_back(
                    {Segment::Kind::Text, std::string(text.substr(i, open - i)), {}});
            // The action ends at the first '}' outside quotes.
            size_t j = open + 1;
            char quote = 0;
            for (; j < text.size(); ++j) {
                if (quote) {
                    if (text[j] == '\\')
                        ++j;
                    else if (text[j] == quote)
                        quote = 0;
                } else if (text[j] == '"' || text[j] == '\'') {
                    quote = text[j];
                } else if (text[j] == '}') {
                    break;
                }
            }
            if (j >= text.size())
                throw ParseError("unclosed action");
            const std::string action = trim(text.substr(open + 1, j - open - 1));
            Segment seg;
            if (action == "end") {
                if (openRanges.empty())
                    throw ParseError("not in range, nothing to end");
                seg.kind = Segment::Kind::End;
                jp.m_segments[openRanges.back()].matchingEnd = jp.m_segments.size();
                openRanges.pop_back();
            } else if (action.rfind("range", 0) == 0 && action.size() > 5 &&
                       std::isspace(static_cast<unsigned char>(action[5]))) {
                seg.kind = Segment::Kind::Range;
                seg.path = parsePath(action.substr(6));
                openRanges.push_back(jp.m_segments.size());
            } else if (!action.empty() && (action[0] == '"' || action[0] == '\'')) {
                size_t pos = 0;
                seg.kind = Segment::Kind::Literal;
                seg.text = readQuoted(action, &pos);
            } else {
                seg.kind = Segment::Kind::Path;
                seg.path = parsePath(action);
            }
            jp.m_segments.push_back(std::move(seg));
            i = j + 1;
        }
        if (!openRanges.empty())
            throw ParseError("unclosed range");
    } catch (const ParseError& e) {
        if (error)
            *error = e.what();
        return std::nullopt;
    }
    return jp;
}

namespace {

void runSegments(const std::vector<JsonPath::Segment>& segs, size_t begin, size_t end,
                 const Json& data, std::string* out)
{
    using Kind = JsonPath::Segment::Kind;
    Evaluator ev{data};
    for (size_t i = begin; i < end; ++i) {
        const JsonPath::Segment& s = segs[i];
        switch (s.kind) {
        case Kind::Text:
        case Kind::Literal: *out += s.text; break;
        case Kind::Path: {
            Values vs = ev.walk({data}, s.path, data);
            for (size_t k = 0; k < vs.size(); ++k) {
                if (k)
                    *out += ' ';
                *out += toText(vs[k]);
            }
            break;
        }
        case Kind::Range: {
            for (const Json& item : ev.walk({data}, s.path, data))
                runSegments(segs, i + 1, s.matchingEnd, item, out);
            i = s.matchingEnd;
            break;
        }
        case Kind::End: break;
        }
    }
}

} // namespace

bool JsonPath::execute(const Json& data, std::string* out, std::string* error) const
{
    try {
        runSegments(m_segments, 0, m_segments.size(), data, out);
    } catch (const EvalError& e) {
        if (error)
            *error = e.what();
        return false;
    } catch (const Json::exception& e) {
        if (error)
            *error = e.what();
        return false;
    }
    return true;
}

bool printJsonPath(const std::string& templ, const Json& data, std::string* out, std::string* error)
{
    std::string t = templ;
    // A console may hand us the shell quotes kubectl's shell would have removed.
    if (t.size() >= 2 &&
        ((t.front() == '\'' && t.back() == '\'') || (t.front() == '"' && t.back() == '"')))
        t = t.substr(1, t.size() - 2);
    if (t.empty()) {
        *error = "template format specified but no template given";
        return false;
    }
    std::string parseError;
    auto jp = JsonPath::parse(t, &parseError);
    if (!jp) {
        *error = "error parsing jsonpath " + t + ", " + parseError;
        return false;
    }
    std::string text, evalError;
    if (!jp->execute(data, &text, &evalError)) {
        *error = "error executing jsonpath " + Json(t).dump() +
                 ": Error executing template: " + evalError +
                 ". Printing more information for debugging the template:\n\ttemplate was:\n\t\t" +
                 t + "\n";
        return false;
    }
    *out += text;
    return true;
}

} // namespace kubelab::kubectl
