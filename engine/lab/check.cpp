#include "engine/lab/check.h"

#include "engine/lab/check_node.h"

namespace kubelab::lab {

using json = nlohmann::json;

TextPlace::Start TextPlace::locate(const std::string& text, size_t offset) const
{
    size_t lineIndex = 0, lineBegin = 0;
    for (size_t k = 0; k < offset && k < text.size(); ++k)
        if (text[k] == '\n') {
            ++lineIndex;
            lineBegin = k + 1;
        }
    const Start start = lineIndex < lineStarts.size() ? lineStarts[lineIndex] : lineStarts.back();
    return {start.line, start.column + int(offset - lineBegin)};
}

std::string TextPlace::at(const std::string& text, size_t offset) const
{
    const Start s = locate(text, offset);
    return file + ":" + std::to_string(s.line) + ":" + std::to_string(s.column);
}

using namespace detail;

std::shared_ptr<const json> EventSelector::find(const StateReader& reader) const
{
    const model::KindInfo* kind = model::resolveResource("events");
    std::shared_ptr<const json> best;
    std::string bestKey;
    for (auto& e : reader.list(*kind, ns)) {
        if (!reason.empty() && e->value("reason", "") != reason)
            continue;
        if (!type.empty() && e->value("type", "") != type)
            continue;
        const json io = e->value("involvedObject", json::object());
        if (!objectKind.empty() && io.value("kind", "") != objectKind)
            continue;
        const std::string name = io.value("name", "");
        if (!objectName.empty() &&
            !(namePrefix ? name.compare(0, objectName.size(), objectName) == 0
                         : name == objectName))
            continue;
        const std::string key =
            eventTime(*e) + "/" + e->value("metadata", json::object()).value("name", "");
        if (!best || (last ? key > bestKey : key < bestKey)) {
            best = e;
            bestKey = key;
        }
    }
    return best;
}

json Verdict::toJson() const
{
    json j = {{"holds", holds}, {"observed", observed}};
    if (!error.empty())
        j["error"] = error;
    return j;
}

namespace {

struct Evaluator
{
    const StateReader& reader;
    const std::string& text;
    const TextPlace& place;
    std::vector<std::string> notes;

    struct Error
    {
        std::string message;
    };
    [[noreturn]] void fail(const Check::Node& n, const std::string& message) const
    {
        throw Error{place.at(text, n.begin) + ": " + message};
    }

    std::string textOf(const Check::Node& n) const
    {
        std::string t = text.substr(n.begin, n.end - n.begin);
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
            t.pop_back();
        return t;
    }

    bool truth(const Check::Node& n)
    {
        const Value v = eval(n);
        if (v.type != Value::Bool)
            fail(n, std::string("expected true or false, found ") + typeName(v.type) + " (" +
                        v.show() + "): compare it with ==");
        return v.b;
    }

    std::vector<std::shared_ptr<const json>> all(const Check::Node& n) const
    {
        if (n.records)
            return reader.records(n.records->name, n.recordArg);
        return reader.list(*n.kindInfo, n.ns);
    }

    std::vector<std::shared_ptr<const json>> selected(const Check::Node& n) const
    {
        std::vector<std::shared_ptr<const json>> out;
        for (auto& obj : all(n))
            if (std::all_of(n.selectors.begin(), n.selectors.end(),
                            [&](const Selector& s) { return s.matches(*obj); }))
                out.push_back(obj);
        return out;
    }

    std::shared_ptr<const json> object(const Check::Node& n) const
    {
        if (n.records) {
            for (auto& obj : all(n))
                if (fieldText(walk(obj.get(), {fieldSeg(n.records->key)})) == n.name)
                    return obj;
            return nullptr;
        }
        for (auto& obj : reader.list(*n.kindInfo, n.ns))
            if (obj->value("metadata", json::object()).value("name", "") == n.name)
                return obj;
        return nullptr;
    }

    Value eval(const Check::Node& n)
    {
        using N = Check::Node;
        switch (n.kind) {
        case N::Or: return Value::boolean(truth(*n.kids[0]) || truth(*n.kids[1]));
        case N::And: return Value::boolean(truth(*n.kids[0]) && truth(*n.kids[1]));
        case N::Not: return Value::boolean(!truth(*n.kids[0]));
        case N::Literal: return n.literal;
        case N::Now: {
            Value v;
            v.type = Value::Time;
            v.d = reader.now();
            return v;
        }
        case N::Count: {
            Value v;
            v.type = Value::Number;
            v.n = double(selected(n).size());
            return v;
        }
        case N::Exists:
            if (!n.kids.empty())
                return Value::boolean(eval(*n.kids[0]).type != Value::Null);
            return Value::boolean(!selected(n).empty());
        case N::One: {
            const auto objects = selected(n);
            if (n.path.empty())
                return Value::boolean(objects.size() == 1);
            return Value::fromJson(objects.size() == 1 ? walk(objects[0].get(), n.path) : nullptr);
        }
        case N::Ref: {
            auto obj = object(n);
            if (n.path.empty())
                return Value::boolean(obj != nullptr);
            return Value::fromJson(obj ? walk(obj.get(), n.path) : nullptr);
        }
        case N::Event: {
            auto e = n.event.find(reader);
            if (n.path.empty())
                return Value::boolean(e != nullptr);
            return Value::fromJson(e ? walk(e.get(), n.path) : nullptr);
        }
        case N::Add:
        case N::Sub: return arithmetic(n);
        case N::Cmp: return compare(n);
        }
        return {};
    }

    Value arithmetic(const Check::Node& n)
    {
        const Value a = eval(*n.kids[0]), b = eval(*n.kids[1]);
        const bool plus = n.kind == Check::Node::Add;
        Value r;
        if (a.type == Value::Null || b.type == Value::Null)
            return r; // a missing field: the comparison it feeds is false
        if (a.type == Value::Number && b.type == Value::Number) {
            r.type = Value::Number;
            r.n = plus ? a.n + b.n : a.n - b.n;
            return r;
        }
        if (a.type == Value::Duration && b.type == Value::Duration) {
            r.type = Value::Duration;
            r.d = plus ? a.d + b.d : a.d - b.d;
            return r;
        }
        const auto ta = asTime(a);
        const auto tb = asTime(b);
        if (ta && b.type == Value::Duration) {
            r.type = Value::Time;
            r.d = plus ? *ta + b.d : *ta - b.d;
            return r;
        }
        if (!plus && ta && tb) {
            r.type = Value::Duration;
            r.d = *ta - *tb;
            return r;
        }
        fail(n, std::string("cannot ") + (plus ? "add " : "subtract ") + b.show() +
                    (plus ? " to " : " from ") + a.show());
    }

    Value compare(const Check::Node& n)
    {
        const Check::Node& l = *n.kids[0];
        const Check::Node& r = *n.kids[1];
        const Value a = eval(l), b = eval(r);
        if (l.kind != Check::Node::Literal)
            notes.push_back(textOf(l) + " is " + a.show());
        if (r.kind != Check::Node::Literal)
            notes.push_back(textOf(r) + " is " + b.show());
        const std::string& op = n.op;
        int cmp = 0;
        if (a.type == Value::Null || b.type == Value::Null) {
            const bool same = a.type == b.type;
            return Value::boolean(op == "==" ? same : op == "!=" ? !same : false);
        }
        const auto ta = asTime(a), tb = asTime(b);
        if ((a.type == Value::Time || b.type == Value::Time) && ta && tb) {
            cmp = *ta < *tb ? -1 : *ta > *tb ? 1 : 0;
        } else if (a.type != b.type) {
            fail(n, std::string("cannot compare ") + typeName(a.type) + " (" + a.show() +
                        ") with " + typeName(b.type) + " (" + b.show() + ")");
        } else if (a.type == Value::Number) {
            cmp = a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
        } else if (a.type == Value::Duration) {
            cmp = a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
        } else if (a.type == Value::Bool) {
            cmp = a.b == b.b ? 0 : a.b ? 1 : -1;
        } else {
            cmp = a.s.compare(b.s);
            cmp = cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
        }
        if (a.type == Value::Bool && op != "==" && op != "!=")
            fail(n, "true/false values compare only with == and !=");
        bool holds = false;
        if (op == "==")
            holds = cmp == 0;
        else if (op == "!=")
            holds = cmp != 0;
        else if (op == "<")
            holds = cmp < 0;
        else if (op == "<=")
            holds = cmp <= 0;
        else if (op == ">")
            holds = cmp > 0;
        else
            holds = cmp >= 0;
        return Value::boolean(holds);
    }
};

} // namespace

Verdict Check::evaluate(const StateReader& reader) const
{
    Verdict v;
    Evaluator e{reader, m_text, m_place, {}};
    try {
        v.holds = e.truth(*m_root);
    } catch (const Evaluator::Error& error) {
        v.error = error.message;
    }
    for (const std::string& note : e.notes) {
        if (!v.observed.empty())
            v.observed += "; ";
        v.observed += note;
    }
    return v;
}

} // namespace kubelab::lab
