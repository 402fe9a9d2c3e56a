#include "engine/model/selector.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <set>

#include "engine/model/field_error.h"

// Grammar, validation and messages follow k8s.io/apimachinery/pkg/labels/selector.go and
// pkg/util/validation/validation.go, so a learner's mistyped `-l` reads as kubectl's.

namespace kubelab::model {

namespace {

using Op = Requirement::Op;

// validation.RegexError with its odd but exact punctuation ("',  or '").
std::string regexError(const std::string& msg, const std::string& fmt,
                       std::initializer_list<const char*> examples)
{
    std::string out = msg + " (e.g. ";
    bool first = true;
    for (const char* e : examples) {
        if (!first)
            out += " or ";
        first = false;
        out += std::string("'") + e + "', ";
    }
    return out + "regex used for validation is '" + fmt + "')";
}

const char* const kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* const kQualifiedNameMsg = "must consist of alphanumeric characters, '-', '_' or "
                                      "'.', and must start and end with an alphanumeric "
                                      "character";
const char* const kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matchesQualifiedName(std::string_view s)
{
    if (s.empty() || !isAlnum(s.front()) || !isAlnum(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return isAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool matchesDns1123Subdomain(std::string_view s)
{
    if (s.empty())
        return false;
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
        auto lowerAlnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
        if (label.empty() || !lowerAlnum(label.front()) || !lowerAlnum(label.back()))
            return false;
        if (!std::all_of(label.begin(), label.end(),
                         [&](char c) { return lowerAlnum(c) || c == '-'; }))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

} // namespace

// validation.IsQualifiedName
std::vector<std::string> qualifiedNameErrors(std::string_view value)
{
    std::vector<std::string> errs;
    const std::string nameRegexError =
        regexError(kQualifiedNameMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"});
    const size_t slashes = size_t(std::count(value.begin(), value.end(), '/'));
    std::string_view name = value;
    if (slashes == 1) {
        const size_t slash = value.find('/');
        const std::string_view prefix = value.substr(0, slash);
        name = value.substr(slash + 1);
        if (prefix.empty()) {
            errs.push_back("prefix part must be non-empty");
        } else {
            if (prefix.size() > 253)
                errs.push_back("prefix part must be no more than 253 characters");
            if (!matchesDns1123Subdomain(prefix))
                errs.push_back(
                    "prefix part " +
                    regexError(
                        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                        "characters, '-' or '.', and must start and end with an alphanumeric "
                        "character",
                        kDns1123SubdomainFmt, {"example.com"}));
        }
    } else if (slashes > 1) {
        errs.push_back("a qualified name " + nameRegexError +
                       " with an optional DNS subdomain prefix and '/' (e.g. "
                       "'example.com/MyName')");
        return errs;
    }
    if (name.empty())
        errs.push_back("name part must be non-empty");
    else if (name.size() > 63)
        errs.push_back("name part must be no more than 63 characters");
    if (!matchesQualifiedName(name))
        errs.push_back("name part " + nameRegexError);
    return errs;
}

// validation.IsValidLabelValue
std::vector<std::string> labelValueErrors(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 63)
        errs.push_back("must be no more than 63 characters");
    if (!value.empty() && !matchesQualifiedName(value))
        errs.push_back(regexError("a valid label must be an empty string or consist of "
                                  "alphanumeric characters, '-', '_' or '.', and must start "
                                  "and end with an alphanumeric character",
                                  std::string("(") + kQualifiedNameFmt + ")?",
                                  {"MyValue", "my_value", "12345"}));
    return errs;
}

namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep)
{
    std::string out;
    for (size_t i = 0; i < v.size(); ++i)
        out += (i ? sep : "") + v[i];
    return out;
}

// Go's %#v of a []string, as field.Invalid prints a values list.
std::string goStringSlice(const std::vector<std::string>& v, bool nil)
{
    if (nil)
        return "[]string(nil)";
    std::string out = "[]string{";
    for (size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + goQuote(v[i]);
    return out + "}";
}

bool parseInt64(std::string_view s, std::int64_t* out)
{
    if (s.empty())
        return false;
    std::string_view body = s;
    if (body[0] == '+')
        body.remove_prefix(1);
    auto res = std::from_chars(body.data(), body.data() + body.size(), *out);
    return res.ec == std::errc() && res.ptr == body.data() + body.size();
}

// labels.NewRequirement: returns "" or the aggregate error text. `nilValues` tells the
// message a missing list from an empty one, as Go's %#v does.
std::string newRequirement(const std::string& key, Op op, std::vector<std::string> values,
                           Requirement* out, bool nilValues = false)
{
    std::vector<std::string> errs;
    const auto keyErrs = qualifiedNameErrors(key);
    if (!keyErrs.empty())
        errs.push_back("key: Invalid value: " + goQuote(key) + ": " + join(keyErrs, "; "));
    const std::string shown = goStringSlice(values, nilValues && values.empty());
    switch (op) {
    case Op::In:
    case Op::NotIn:
        if (values.empty())
            errs.push_back("values: Invalid value: " + shown +
                           ": for 'in', 'notin' operators, values set can't be empty");
        break;
    case Op::Equals:
    case Op::NotEquals:
        if (values.size() != 1)
            errs.push_back("values: Invalid value: " + shown +
                           ": exact-match compatibility requires one single value");
        break;
    case Op::Exists:
    case Op::DoesNotExist:
        if (!values.empty())
            errs.push_back("values: Invalid value: " + shown +
                           ": values set must be empty for exists and does not exist");
        break;
    case Op::Gt:
    case Op::Lt:
        if (values.size() != 1)
            errs.push_back("values: Invalid value: " + shown +
                           ": for 'Gt', 'Lt' operators, exactly one value is required");
        for (size_t i = 0; i < values.size(); ++i) {
            std::int64_t v;
            if (!parseInt64(values[i], &v))
                errs.push_back("values[" + std::to_string(i) +
                               "]: Invalid value: " + goQuote(values[i]) +
                               ": for 'Gt', 'Lt' operators, the value must be an integer");
        }
        break;
    }
    for (size_t i = 0; i < values.size(); ++i) {
        const auto valueErrs = labelValueErrors(values[i]);
        if (!valueErrs.empty())
            errs.push_back("values[" + std::to_string(i) + "][" + key + "]: Invalid value: " +
                           goQuote(values[i]) + ": " + join(valueErrs, "; "));
    }
    if (!errs.empty()) {
        // utilerrors.Aggregate: one error prints alone, several as "[a, b]".
        return errs.size() == 1 ? errs[0] : "[" + join(errs, ", ") + "]";
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    out->key = key;
    out->op = op;
    out->values = std::move(values);
    return {};
}

enum class Tok {
    End,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    Gt,
    Identifier,
    In,
    Lt,
    NotEquals,
    NotIn,
    OpenPar,
    Error
};

struct Item
{
    Tok tok;
    std::string lit;
};

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool isSpecial(char c)
{
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

std::vector<Item> lex(std::string_view s)
{
    std::vector<Item> items;
    size_t i = 0;
    while (true) {
        while (i < s.size() && isWhitespace(s[i]))
            ++i;
        if (i >= s.size()) {
            items.push_back({Tok::End, ""});
            return items;
        }
        if (isSpecial(s[i])) {
            // Longest match among the operator spellings.
            static const std::pair<const char*, Tok> ops[] = {
                {"!=", Tok::NotEquals},   {"==", Tok::DoubleEquals},
                {"!", Tok::DoesNotExist}, {"=", Tok::Equals},
                {">", Tok::Gt},           {"<", Tok::Lt},
                {"(", Tok::OpenPar},      {")", Tok::ClosedPar},
                {",", Tok::Comma},
            };
            for (const auto& [text, tok] : ops) {
                const std::string_view t(text);
                if (s.substr(i, t.size()) == t) {
                    items.push_back({tok, std::string(t)});
                    i += t.size();
                    break;
                }
            }
            continue;
        }
        const size_t start = i;
        while (i < s.size() && !isWhitespace(s[i]) && !isSpecial(s[i]))
            ++i;
        std::string word(s.substr(start, i - start));
        const Tok tok = word == "in" ? Tok::In : word == "notin" ? Tok::NotIn : Tok::Identifier;
        items.push_back({tok, std::move(word)});
    }
}

class Parser
{
public:
    explicit Parser(std::string_view text) : m_items(lex(text)) {}

    // Returns "" on success.
    std::string parse(std::vector<Requirement>* out)
    {
        while (true) {
            const Item& t = lookahead(true);
            if (t.tok == Tok::Identifier || t.tok == Tok::DoesNotExist) {
                Requirement r;
                std::string err = parseRequirement(&r);
                if (!err.empty())
                    return "unable to parse requirement: " + err;
                out->push_back(std::move(r));
                const Item c = consume(true);
                if (c.tok == Tok::End)
                    return {};
                if (c.tok == Tok::Comma) {
                    const Item& n = lookahead(true);
                    if (n.tok != Tok::Identifier && n.tok != Tok::DoesNotExist)
                        return "found '" + n.lit + "', expected: identifier after ','";
                    continue;
                }
                return "found '" + c.lit + "', expected: ',' or 'end of string'";
            }
            if (t.tok == Tok::End)
                return {};
            return "found '" + t.lit + "', expected: !, identifier, or 'end of string'";
        }
    }

private:
    std::vector<Item> m_items;
    size_t m_pos = 0;

    // In "values" context the keywords in/notin are plain identifiers.
    Item lookahead(bool values) const
    {
        Item it = m_items[m_pos];
        if (values && (it.tok == Tok::In || it.tok == Tok::NotIn))
            it.tok = Tok::Identifier;
        return it;
    }
    Item consume(bool values)
    {
        Item it = lookahead(values);
        if (m_pos + 1 < m_items.size())
            ++m_pos;
        return it;
    }

    std::string parseRequirement(Requirement* r)
    {
        bool doesNotExist = false;
        Item t = consume(true);
        if (t.tok == Tok::DoesNotExist) {
            doesNotExist = true;
            t = consume(true);
        }
        if (t.tok != Tok::Identifier)
            return "found '" + t.lit + "', expected: identifier";
        const auto keyErrs = qualifiedNameErrors(t.lit);
        if (!keyErrs.empty())
            return "<nil>: Invalid value: " + goQuote(t.lit) + ": " + join(keyErrs, "; ");
        const std::string key = t.lit;
        const Tok next = lookahead(true).tok;
        if (doesNotExist || next == Tok::End || next == Tok::Comma)
            return newRequirement(key, doesNotExist ? Op::DoesNotExist : Op::Exists, {}, r);

        const Item opItem = consume(false);
        Op op;
        switch (opItem.tok) {
        case Tok::In: op = Op::In; break;
        case Tok::NotIn: op = Op::NotIn; break;
        case Tok::Equals:
        case Tok::DoubleEquals: op = Op::Equals; break;
        case Tok::NotEquals: op = Op::NotEquals; break;
        case Tok::Gt: op = Op::Gt; break;
        case Tok::Lt: op = Op::Lt; break;
        default: return "found '" + opItem.lit + "', expected: in, notin, =, ==, !=, gt, lt";
        }
        std::vector<std::string> values;
        std::string err =
            (op == Op::In || op == Op::NotIn) ? parseValues(&values) : parseExactValue(&values);
        if (!err.empty())
            return err;
        return newRequirement(key, op, values, r);
    }

    std::string parseValues(std::vector<std::string>* values)
    {
        Item t = consume(true);
        if (t.tok != Tok::OpenPar)
            return "found '" + t.lit + "' expected: '('";
        t = lookahead(true);
        if (t.tok == Tok::ClosedPar) {
            consume(true);
            values->push_back("");
            return {};
        }
        if (t.tok != Tok::Identifier && t.tok != Tok::Comma)
            return "found '" + t.lit + "', expected: ',', ')' or identifier";
        std::set<std::string> set;
        while (true) {
            const Item c = consume(true);
            if (c.tok == Tok::Identifier) {
                set.insert(c.lit);
                const Item n = lookahead(true);
                if (n.tok == Tok::Comma)
                    continue;
                if (n.tok == Tok::ClosedPar)
                    break;
                return "found '" + n.lit + "', expected: ',' or ')'";
            }
            if (c.tok == Tok::Comma) {
                if (set.empty())
                    set.insert(""); // "(,"
                const Item n = lookahead(true);
                if (n.tok == Tok::ClosedPar) {
                    set.insert(""); // ",)"
                    break;
                }
                if (n.tok == Tok::Comma) {
                    consume(true);
                    set.insert(""); // ",,"
                }
                continue;
            }
            return "found '" + c.lit + "', expected: ',', or identifier";
        }
        if (consume(true).tok != Tok::ClosedPar)
            return "found '" + t.lit + "', expected: ')'";
        values->assign(set.begin(), set.end());
        return {};
    }

    std::string parseExactValue(std::vector<std::string>* values)
    {
        const Item& n = lookahead(true);
        if (n.tok == Tok::End || n.tok == Tok::Comma) {
            values->push_back("");
            return {};
        }
        const Item t = consume(true);
        if (t.tok == Tok::Identifier) {
            values->push_back(t.lit);
            return {};
        }
        return "found '" + t.lit + "', expected: identifier";
    }
};

} // namespace

bool Requirement::matches(const std::map<std::string, std::string>& labels) const
{
    const auto it = labels.find(key);
    const bool has = it != labels.end();
    auto inValues = [&] {
        return has && std::binary_search(values.begin(), values.end(), it->second);
    };
    switch (op) {
    case Op::Equals:
    case Op::In: return inValues();
    case Op::NotEquals:
    case Op::NotIn: return !inValues();
    case Op::Exists: return has;
    case Op::DoesNotExist: return !has;
    case Op::Gt:
    case Op::Lt: {
        std::int64_t label = 0, bound = 0;
        if (!has || values.size() != 1 || !parseInt64(it->second, &label) ||
            !parseInt64(values[0], &bound))
            return false;
        return op == Op::Gt ? label > bound : label < bound;
    }
    }
    return false;
}

std::optional<LabelSelector> LabelSelector::parse(std::string_view text, std::string* error)
{
    LabelSelector sel;
    Parser p(text);
    const std::string err = p.parse(&sel.m_requirements);
    if (!err.empty()) {
        if (error)
            *error = err;
        return std::nullopt;
    }
    std::stable_sort(sel.m_requirements.begin(), sel.m_requirements.end(),
                     [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
    return sel;
}

std::optional<LabelSelector> LabelSelector::fromJson(const nlohmann::json& selector,
                                                     std::string* error)
{
    auto fail = [&](const std::string& msg) -> std::optional<LabelSelector> {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    LabelSelector sel;
    if (selector.is_null()) {
        sel.m_nothing = true;
        return sel;
    }
    if (!selector.is_object())
        return fail("label selector must be an object");
    if (auto it = selector.find("matchLabels"); it != selector.end() && !it->is_null()) {
        if (!it->is_object())
            return fail("matchLabels must be an object");
        for (auto kv = it->begin(); kv != it->end(); ++kv) {
            if (!kv.value().is_string())
                return fail("matchLabels[" + kv.key() + "] must be a string");
            Requirement r;
            const std::string err =
                newRequirement(kv.key(), Op::Equals, {kv.value().get<std::string>()}, &r);
            if (!err.empty())
                return fail(err);
            sel.m_requirements.push_back(std::move(r));
        }
    }
    if (auto it = selector.find("matchExpressions"); it != selector.end() && !it->is_null()) {
        if (!it->is_array())
            return fail("matchExpressions must be a list");
        for (const auto& expr : *it) {
            if (!expr.is_object())
                return fail("matchExpressions entries must be objects");
            const std::string key = expr.value("key", "");
            const std::string opText = expr.value("operator", "");
            Op op;
            if (opText == "In")
                op = Op::In;
            else if (opText == "NotIn")
                op = Op::NotIn;
            else if (opText == "Exists")
                op = Op::Exists;
            else if (opText == "DoesNotExist")
                op = Op::DoesNotExist;
            else
                return fail(goQuote(opText) + " is not a valid label selector operator");
            std::vector<std::string> values;
            const auto v = expr.find("values");
            const bool nilValues = v == expr.end() || v->is_null() || v->empty();
            if (v != expr.end() && v->is_array())
                for (const auto& s : *v)
                    values.push_back(s.is_string() ? s.get<std::string>() : s.dump());
            Requirement r;
            const std::string err = newRequirement(key, op, values, &r, nilValues);
            if (!err.empty())
                return fail(err);
            sel.m_requirements.push_back(std::move(r));
        }
    }
    std::stable_sort(sel.m_requirements.begin(), sel.m_requirements.end(),
                     [](const Requirement& a, const Requirement& b) { return a.key < b.key; });
    return sel;
}

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const
{
    if (m_nothing)
        return false;
    return std::all_of(m_requirements.begin(), m_requirements.end(),
                       [&](const Requirement& r) { return r.matches(labels); });
}

bool LabelSelector::matches(const nlohmann::json& labelsObject) const
{
    std::map<std::string, std::string> labels;
    if (labelsObject.is_object())
        for (auto it = labelsObject.begin(); it != labelsObject.end(); ++it)
            if (it.value().is_string())
                labels.emplace(it.key(), it.value().get<std::string>());
    return matches(labels);
}

std::string LabelSelector::toString() const
{
    std::vector<std::string> parts;
    for (const Requirement& r : m_requirements) {
        std::string s = r.op == Op::DoesNotExist ? "!" + r.key : r.key;
        switch (r.op) {
        case Op::Exists:
        case Op::DoesNotExist: parts.push_back(s); continue;
        case Op::Equals: s += "="; break;
        case Op::NotEquals: s += "!="; break;
        case Op::In: s += " in ("; break;
        case Op::NotIn: s += " notin ("; break;
        case Op::Gt: s += ">"; break;
        case Op::Lt: s += "<"; break;
        }
        s += join(r.values, ",");
        if (r.op == Op::In || r.op == Op::NotIn)
            s += ")";
        parts.push_back(s);
    }
    return join(parts, ",");
}

} // namespace kubelab::model
