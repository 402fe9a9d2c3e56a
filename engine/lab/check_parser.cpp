// The check language's parser: recursive descent over the text, one node per construct,
// each remembering where it starts for errors and for what a verdict shows.
#include <map>

#include "engine/lab/check_node.h"

namespace kubelab::lab {

using namespace detail;

namespace {

using NodeP = std::shared_ptr<Check::Node>;

class Parser
{
public:
    Parser(const std::string& text, const TextPlace& place, size_t start = 0)
        : m_s(text), m_place(place), m_i(start)
    {}

    [[noreturn]] void fail(size_t at, const std::string& message) const
    {
        const TextPlace::Start s = m_place.locate(m_s, at);
        throw CheckError(m_place.file, s.line, s.column, message);
    }

    void ws()
    {
        while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i])))
            ++m_i;
    }
    bool atEnd()
    {
        ws();
        return m_i >= m_s.size();
    }
    size_t pos() const { return m_i; }
    char peek()
    {
        ws();
        return m_i < m_s.size() ? m_s[m_i] : '\0';
    }
    bool eat(std::string_view tok)
    {
        ws();
        if (m_s.compare(m_i, tok.size(), tok) != 0)
            return false;
        // A keyword must not run on into an identifier ("and" in "android").
        if (identChar(tok.back()) && m_i + tok.size() < m_s.size() &&
            identChar(m_s[m_i + tok.size()]))
            return false;
        m_i += tok.size();
        return true;
    }
    void expect(std::string_view tok, const char* what)
    {
        if (!eat(tok))
            fail(m_i, std::string("expected ") + what + found());
    }
    std::string found()
    {
        ws();
        if (m_i >= m_s.size())
            return " at the end of the check";
        auto opChar = [](char c) {
            return std::string_view("=!<>&|").find(c) != std::string_view::npos;
        };
        size_t e = m_i + 1;
        while (e < m_s.size() &&
               ((wordChar(m_s[e]) && wordChar(m_s[m_i])) || (opChar(m_s[e]) && opChar(m_s[m_i]))))
            ++e;
        return ", found \"" + m_s.substr(m_i, e - m_i) + "\"";
    }
    std::string ident()
    {
        ws();
        const size_t b = m_i;
        while (m_i < m_s.size() && identChar(m_s[m_i]))
            ++m_i;
        return m_s.substr(b, m_i - b);
    }
    std::string quoted()
    {
        const size_t b = m_i;
        const char q = m_s[m_i++];
        std::string out;
        while (m_i < m_s.size() && m_s[m_i] != q) {
            if (m_s[m_i] == '\\' && m_i + 1 < m_s.size())
                ++m_i;
            out += m_s[m_i++];
        }
        if (m_i >= m_s.size())
            fail(b, "unterminated string");
        ++m_i;
        return out;
    }
    // A bare word or a quoted string; *quotedOut says which.
    std::string word(const char* what, bool* wasQuoted = nullptr)
    {
        ws();
        if (m_i < m_s.size() && (m_s[m_i] == '"' || m_s[m_i] == '\'')) {
            if (wasQuoted)
                *wasQuoted = true;
            return quoted();
        }
        if (wasQuoted)
            *wasQuoted = false;
        const size_t b = m_i;
        while (m_i < m_s.size() && wordChar(m_s[m_i]))
            ++m_i;
        if (b == m_i)
            fail(b, std::string("expected ") + what + found());
        return m_s.substr(b, m_i - b);
    }

    NodeP make(Check::Node::Kind k, size_t begin)
    {
        auto n = std::make_shared<Check::Node>();
        n->kind = k;
        n->begin = begin;
        return n;
    }
    NodeP finish(NodeP n)
    {
        n->end = m_i;
        return n;
    }

    NodeP parseCheck()
    {
        NodeP n = parseOr();
        if (!atEnd())
            fail(m_i,
                 "unexpected text after the check" + found() + " (join conditions with and, or)");
        requireBool(*n, "a check must be true or false: compare a value, e.g. count(pods) == 3");
        return n;
    }

    void requireBool(const Check::Node& n, const std::string& message)
    {
        if (n.type != Value::Bool && n.type != Value::Null)
            fail(n.begin, message);
    }

    NodeP parseOr() { return parseJoined(Check::Node::Or, "or", "||"); }
    NodeP parseAnd() { return parseJoined(Check::Node::And, "and", "&&"); }
    // A chain of conditions joined by `word` (or `symbol`), left to right.
    NodeP parseJoined(Check::Node::Kind kind, const char* word, const char* symbol)
    {
        NodeP left = kind == Check::Node::Or ? parseAnd() : parseNot();
        while (true) {
            const size_t b = left->begin;
            if (!eat(word) && !eat(symbol))
                return left;
            NodeP right = kind == Check::Node::Or ? parseAnd() : parseNot();
            const std::string message =
                std::string("\"") + word + "\" joins conditions; this is not one";
            requireBool(*left, message);
            requireBool(*right, message);
            NodeP n = make(kind, b);
            n->kids = {left, right};
            n->type = Value::Bool;
            left = finish(n);
        }
    }
    NodeP parseNot()
    {
        ws();
        const size_t b = m_i;
        if (eat("not") || (peek() == '!' && m_s.compare(m_i, 2, "!=") != 0 && eat("!"))) {
            NodeP operand = parseNot();
            requireBool(*operand, "\"not\" negates a condition; this is not one");
            NodeP n = make(Check::Node::Not, b);
            n->kids = {operand};
            n->type = Value::Bool;
            return finish(n);
        }
        return parseCmp();
    }
    NodeP parseCmp()
    {
        NodeP left = parseSum();
        ws();
        for (const char* op : {"==", "!=", "<=", ">=", "<", ">"}) {
            if (!eat(op))
                continue;
            NodeP right = parseSum();
            const Value::Type a = left->type, c = right->type;
            const bool timeish = (a == Value::Time && c == Value::String) ||
                                 (a == Value::String && c == Value::Time);
            if (a != Value::Null && c != Value::Null && a != c && !timeish)
                fail(right->begin,
                     std::string("cannot compare ") + typeName(a) + " with " + typeName(c));
            NodeP n = make(Check::Node::Cmp, left->begin);
            n->op = op;
            n->kids = {left, right};
            n->type = Value::Bool;
            return finish(n);
        }
        if (m_i < m_s.size() && m_s[m_i] == '=')
            fail(m_i, "use == to compare");
        return left;
    }
    NodeP parseSum()
    {
        NodeP left = parsePrimary();
        while (true) {
            ws();
            const char c = m_i < m_s.size() ? m_s[m_i] : '\0';
            if (c != '+' && c != '-')
                return left;
            ++m_i;
            NodeP right = parsePrimary();
            NodeP n = make(c == '+' ? Check::Node::Add : Check::Node::Sub, left->begin);
            n->kids = {left, right};
            n->type = sumType(c, left->type, right->type, right->begin);
            left = finish(n);
        }
    }
    Value::Type sumType(char op, Value::Type a, Value::Type b, size_t at)
    {
        using V = Value;
        if (a == V::Null || b == V::Null) {
            // A field's type is known when evaluated; a time minus something read as a
            // timestamp is a duration.
            if (op == '-' && (a == V::Time || b == V::Time))
                return V::Null;
            return V::Null;
        }
        if (a == V::Number && b == V::Number)
            return V::Number;
        if (a == V::Duration && b == V::Duration)
            return V::Duration;
        if (a == V::Time && b == V::Duration)
            return V::Time;
        if (op == '+' && a == V::Duration && b == V::Time)
            return V::Time;
        if (op == '-' && a == V::Time && b == V::Time)
            return V::Duration;
        fail(at, std::string("cannot ") + (op == '+' ? "add " : "subtract ") + typeName(b) +
                     (op == '+' ? " to " : " from ") + typeName(a));
    }

    NodeP parsePrimary()
    {
        ws();
        const size_t b = m_i;
        if (m_i >= m_s.size())
            fail(m_i, "expected a value at the end of the check");
        const char c = m_s[m_i];
        if (c == '(') {
            ++m_i;
            NodeP inner = parseOr();
            expect(")", "\")\"");
            inner->begin = b;
            return finish(inner);
        }
        if (c == '"' || c == '\'') {
            NodeP n = make(Check::Node::Literal, b);
            n->literal.type = Value::String;
            n->literal.s = quoted();
            n->type = Value::String;
            return finish(n);
        }
        if (c == '@') {
            ++m_i;
            NodeP n = numberOrDuration(m_i);
            if (n->type != Value::Duration)
                fail(b, "@ takes a virtual time such as @90s or @5m");
            n->literal.type = Value::Time;
            n->type = Value::Time;
            n->begin = b;
            return n;
        }
        if (std::isdigit(static_cast<unsigned char>(c)))
            return numberOrDuration(b);
        const std::string id = ident();
        if (id.empty())
            fail(b, "expected a value" + found());
        if (id == "true" || id == "false") {
            NodeP n = make(Check::Node::Literal, b);
            n->literal = Value::boolean(id == "true");
            n->type = Value::Bool;
            return finish(n);
        }
        if (id == "null") {
            NodeP n = make(Check::Node::Literal, b);
            n->type = Value::Null;
            return finish(n);
        }
        if (id == "now") {
            NodeP n = make(Check::Node::Now, b);
            n->type = Value::Time;
            return finish(n);
        }
        if (id == "count" || id == "exists") {
            expect("(", ("\"(\" after " + id).c_str());
            NodeP n = make(id == "count" ? Check::Node::Count : Check::Node::Exists, b);
            ws();
            const size_t kindAt = m_i;
            const std::string kindWord = ident();
            const model::KindInfo* kind =
                kindWord.empty() ? nullptr : model::resolveResource(kindWord);
            if (const RecordSet* records = recordSet(kindWord, false)) {
                recordsOf(*n, records);
            } else if (kind && peek() != '(' && peek() != '.') {
                set(*n, kind);
            } else if (id == "count") {
                fail(kindAt, "count takes a kind and a selector, e.g. count(pods{app=web})");
            } else {
                m_i = kindAt;
                n->kids = {parseSum()};
            }
            expect(")", "\")\"");
            n->type = id == "count" ? Value::Number : Value::Bool;
            return finish(n);
        }
        if (id == "one") {
            // one(KIND{...}).path: the field of the only object the set selects; nothing
            // when it selects none or several (pods of a Deployment have generated names).
            expect("(", "\"(\" after one");
            NodeP n = make(Check::Node::One, b);
            ws();
            const size_t kindAt = m_i;
            const std::string kindWord = ident();
            const model::KindInfo* kind = model::resolveResource(kindWord);
            if (const RecordSet* records = recordSet(kindWord, false))
                recordsOf(*n, records);
            else if (!kind)
                fail(kindAt, "one takes a kind and a selector, e.g. one(pods{app=web})");
            else
                set(*n, kind);
            expect(")", "\")\"");
            n->path = path();
            n->type = n->path.empty() ? Value::Bool : Value::Null;
            return finish(n);
        }
        if (id == "event") {
            expect("(", "\"(\" after event");
            const size_t argsAt = m_i;
            int depth = 1;
            while (m_i < m_s.size() && depth) {
                if (m_s[m_i] == '(')
                    ++depth;
                else if (m_s[m_i] == ')')
                    --depth;
                ++m_i;
            }
            if (depth)
                fail(argsAt - 1, "event( is not closed");
            NodeP n = make(Check::Node::Event, b);
            n->event = parseEventSelector(m_s.substr(0, m_i - 1), m_place, argsAt);
            n->path = path();
            n->type = n->path.empty() ? Value::Bool : Value::Null;
            return finish(n);
        }
        if (const RecordSet* records = recordSet(id, true)) {
            // certificate(shop.example.com): the record whose key field is that.
            expect("(", ("\"(\" and a " + std::string(records->key) + " after " + id).c_str());
            NodeP n = make(Check::Node::Ref, b);
            n->records = records;
            n->name = word(records->key);
            expect(")", "\")\"");
            n->path = path();
            n->type = n->path.empty() ? Value::Bool : Value::Null;
            return finish(n);
        }
        if (const RecordSet* records = recordSet(id, false))
            fail(b, std::string("a set of records is counted: count(") + records->name +
                        (records->takesArg ? "(NODE)" : "") + "{...}) or exists(" +
                        records->name + (records->takesArg ? "(NODE)" : "") + "{...})");
        const model::KindInfo* kind = model::resolveResource(id);
        if (!kind)
            fail(b, "unknown name \"" + id +
                        "\": a check starts from count(...), exists(...), one(...), event(...), "
                        "now, or an object such as pod(NAME) or node(NAME)");
        if (peek() == '{')
            fail(m_i,
                 "a set of objects is counted: count(" + id + "{...}) or exists(" + id + "{...})");
        expect("(", ("\"(\" and a name after " + id).c_str());
        NodeP n = make(Check::Node::Ref, b);
        n->kindInfo = kind;
        const size_t nameAt = m_i;
        const std::string ref = word("an object name");
        const auto slash = ref.find('/');
        if (slash != std::string::npos) {
            if (!kind->namespaced)
                fail(nameAt, kind->resource + " have no namespace: write " + id + "(NAME)");
            n->ns = ref.substr(0, slash);
            n->name = ref.substr(slash + 1);
        } else {
            n->ns = kind->namespaced ? "default" : "";
            n->name = ref;
        }
        expect(")", "\")\"");
        n->path = path();
        n->type = n->path.empty() ? Value::Bool : Value::Null;
        return finish(n);
    }

    NodeP numberOrDuration(size_t b)
    {
        size_t e = m_i;
        while (e < m_s.size() &&
               (std::isalnum(static_cast<unsigned char>(m_s[e])) || m_s[e] == '.'))
            ++e;
        const std::string tok = m_s.substr(m_i, e - m_i);
        NodeP n = make(Check::Node::Literal, b);
        const bool hasUnit = std::any_of(tok.begin(), tok.end(),
                                         [](char ch) { return std::isalpha((unsigned char)ch); });
        if (hasUnit) {
            auto d = sim::parseDuration(tok);
            if (!d)
                fail(m_i, "invalid duration \"" + tok + "\" (e.g. 500ms, 50s, 5m, 1m30s)");
            n->literal.type = Value::Duration;
            n->literal.d = *d;
            n->type = Value::Duration;
        } else {
            char* end = nullptr;
            const double v = std::strtod(tok.c_str(), &end);
            if (tok.empty() || *end)
                fail(m_i, "invalid number \"" + tok + "\"");
            n->literal.type = Value::Number;
            n->literal.n = v;
            n->type = Value::Number;
        }
        m_i = e;
        return finish(n);
    }

    // SET[(ARG)]{sel, ...}: a record set (StateReader::records), its selectors on fields.
    void recordsOf(Check::Node& n, const RecordSet* records)
    {
        n.records = records;
        if (records->takesArg) {
            expect("(", ("\"(\" and a node name after " + std::string(records->name)).c_str());
            n.recordArg = word("a node name");
            expect(")", "\")\"");
        }
        set(n, nullptr);
    }

    // KIND{sel, sel, ...} (the braces optional) into a Count or Exists node; for a record
    // set (kind null) every key names a field of the record.
    void set(Check::Node& n, const model::KindInfo* kind)
    {
        n.kindInfo = kind;
        n.ns = kind && kind->namespaced ? "default" : "";
        if (!eat("{"))
            return;
        if (eat("}"))
            return;
        while (true) {
            ws();
            Selector s;
            const size_t at = m_i;
            if (eat("!")) {
                s.op = Selector::Absent;
                ws();
            }
            std::string key;
            if (peek() == '.') {
                s.field = true;
                s.path = path();
                if (s.path.empty())
                    fail(at, "expected a field path such as .spec.nodeName");
            } else {
                key = word(kind ? "a label or a field (.spec.nodeName)" : "a field name");
            }
            if (s.op != Selector::Absent) {
                if (eat("!="))
                    s.op = Selector::Ne;
                else if (eat("==") || eat("="))
                    s.op = Selector::Eq;
                else if (eat("~"))
                    s.op = Selector::Contains;
                else
                    s.op = Selector::Exists;
            }
            if (!s.field && !kind) { // a record's field
                s.field = true;
                s.path.push_back(fieldSeg(key));
            }
            if (s.op == Selector::Contains)
                s.value = word("a value");
            if (s.op == Selector::Eq || s.op == Selector::Ne) {
                bool wasQuoted = false;
                s.value = word("a value", &wasQuoted);
                if (!wasQuoted && !s.value.empty() && s.value.back() == '*') {
                    s.prefix = true;
                    s.value.pop_back();
                }
            }
            if (!s.field) {
                if (key == "namespace") {
                    if (s.op != Selector::Eq || (s.prefix && !s.value.empty()))
                        fail(at, "namespace takes one name (namespace=NAME, or * for all)");
                    if (!kind->namespaced)
                        fail(at, kind->resource + " have no namespace");
                    n.ns = s.prefix ? "" : s.value;
                    if (!eat(","))
                        break;
                    continue;
                }
                static const std::map<std::string, std::vector<std::string>> shorthands = {
                    {"name", {"metadata", "name"}},
                    {"phase", {"status", "phase"}},
                    {"node", {"spec", "nodeName"}}};
                auto sh = shorthands.find(key);
                if (sh != shorthands.end()) {
                    s.field = true;
                    for (const auto& f : sh->second)
                        s.path.push_back(fieldSeg(f));
                } else {
                    s.key = key;
                }
            }
            n.selectors.push_back(s);
            if (eat(","))
                continue;
            break;
        }
        expect("}", "\",\" or \"}\" in the selector");
    }

    // .field, [N], [key=value], .condition(T), .taint(K), .label(K), .annotation(K)
    std::vector<PathSeg> path()
    {
        std::vector<PathSeg> out;
        while (true) {
            if (m_i < m_s.size() && m_s[m_i] == '.') {
                ++m_i;
                const size_t at = m_i;
                const std::string f = ident();
                if (f.empty())
                    fail(at, "expected a field name after \".\"" + found());
                if (m_i < m_s.size() && m_s[m_i] == '(') {
                    ++m_i;
                    const std::string arg = word("a name");
                    expect(")", "\")\"");
                    if (f == "condition") {
                        out.push_back(fieldSeg("status"));
                        out.push_back(fieldSeg("conditions"));
                        out.push_back(match("type", arg, true));
                    } else if (f == "taint") {
                        out.push_back(fieldSeg("spec"));
                        out.push_back(fieldSeg("taints"));
                        // taint(KEY) or taint(KEY:EFFECT): a key may carry two effects.
                        const auto colon = arg.find(':');
                        out.push_back(match("key", arg.substr(0, colon)));
                        if (colon != std::string::npos) {
                            out.back().name2 = "effect";
                            out.back().value2 = arg.substr(colon + 1);
                        }
                    } else if (f == "label" || f == "annotation") {
                        out.push_back(fieldSeg("metadata"));
                        out.push_back(fieldSeg(f + "s"));
                        out.push_back(fieldSeg(arg));
                    } else {
                        fail(at, "unknown accessor \"" + f +
                                     "(...)\" (condition, taint, label, annotation)");
                    }
                } else {
                    out.push_back(fieldSeg(f));
                }
            } else if (m_i < m_s.size() && m_s[m_i] == '[') {
                ++m_i;
                ws();
                const size_t at = m_i;
                if (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) {
                    const std::string digits = word("an index");
                    char* end = nullptr;
                    const unsigned long v = std::strtoul(digits.c_str(), &end, 10);
                    if (*end)
                        fail(at, "invalid index \"" + digits + "\"");
                    out.push_back(PathSeg{});
                    out.back().type = PathSeg::Index;
                    out.back().index = v;
                } else {
                    const std::string key = word("an index or key=value");
                    expect("=", "\"=\" in [key=value]");
                    const std::string value = word("a value");
                    out.push_back(match(key, value));
                }
                expect("]", "\"]\"");
            } else {
                return out;
            }
        }
    }

private:
    const std::string& m_s;
    const TextPlace& m_place;
    size_t m_i;
};

} // namespace

EventSelector parseEventSelector(const std::string& text, const TextPlace& place, size_t offset)
{
    Parser p(text, place, offset);
    EventSelector sel;
    bool any = false;
    while (!p.atEnd()) {
        const size_t at = p.pos();
        const std::string key = p.word("reason=, object=, namespace=, type= or which=");
        p.expect("=", ("\"=\" after " + key).c_str());
        const size_t valueAt = p.pos();
        const std::string value = p.word("a value");
        if (key == "reason") {
            sel.reason = value;
        } else if (key == "object") {
            const auto slash = value.find('/');
            const model::KindInfo* kind = slash == std::string::npos
                                              ? nullptr
                                              : model::resolveResource(value.substr(0, slash));
            if (!kind)
                p.fail(valueAt, "object= takes KIND/NAME, e.g. object=pod/web or object=pod/web-*");
            sel.objectKind = kind->kind;
            sel.objectName = value.substr(slash + 1);
            if (!sel.objectName.empty() && sel.objectName.back() == '*') {
                sel.objectName.pop_back();
                sel.namePrefix = true;
            }
        } else if (key == "namespace") {
            sel.ns = value;
        } else if (key == "which") {
            if (value != "first" && value != "last")
                p.fail(valueAt, "which is first or last");
            sel.last = value == "last";
        } else if (key == "type") {
            if (value != "Normal" && value != "Warning")
                p.fail(valueAt, "type is Normal or Warning");
            sel.type = value;
        } else {
            p.fail(at,
                   "unknown event field \"" + key + "\" (reason, object, namespace, type, which)");
        }
        any = true;
        if (!p.eat(","))
            break;
    }
    if (!p.atEnd())
        p.fail(p.pos(), "expected \",\" between event fields" + p.found());
    if (!any)
        p.fail(offset, "event(...) needs reason=REASON and/or object=KIND/NAME");
    return sel;
}

Check Check::parse(const std::string& text, const TextPlace& place)
{
    Check c;
    c.m_text = text;
    c.m_place = place;
    Parser p(c.m_text, c.m_place);
    if (p.atEnd())
        throw CheckError(place.file, place.lineStarts[0].line, place.lineStarts[0].column,
                         "the check is empty");
    c.m_root = p.parseCheck();
    return c;
}

} // namespace kubelab::lab
