#pragma once
// The check language's insides, shared by its parser (check_parser.cpp) and its evaluator
// (check.cpp): values, field paths, selectors and the syntax tree. Not for other layers.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/lab/check.h"
#include "engine/printers/object_util.h"

namespace kubelab::lab::detail {

using json = nlohmann::json;

// A value during evaluation. Times and durations are virtual nanoseconds.
struct Value
{
    enum Type { Null, Bool, Number, String, Duration, Time, Other } type = Null;
    bool b = false;
    double n = 0;
    std::string s;
    std::int64_t d = 0;

    static Value boolean(bool v)
    {
        Value r;
        r.type = Bool;
        r.b = v;
        return r;
    }
    static Value fromJson(const json* j)
    {
        Value r;
        if (!j || j->is_null())
            return r;
        if (j->is_boolean())
            return boolean(j->get<bool>());
        if (j->is_number()) {
            r.type = Number;
            r.n = j->get<double>();
        } else if (j->is_string()) {
            r.type = String;
            r.s = j->get<std::string>();
        } else {
            r.type = Other;
            r.s = j->dump();
        }
        return r;
    }
    std::string show() const
    {
        switch (type) {
        case Null: return "nothing";
        case Bool: return b ? "true" : "false";
        case Number: {
            if (std::floor(n) == n && std::fabs(n) < 1e15)
                return std::to_string(std::int64_t(n));
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", n);
            return buf;
        }
        case String: return json(s).dump();
        case Duration: return sim::formatDuration(d);
        case Time: return "@" + sim::formatDuration(d);
        case Other: return s.size() > 60 ? s.substr(0, 57) + "..." : s;
        }
        return {};
    }
};

inline const char* typeName(Value::Type t)
{
    switch (t) {
    case Value::Null: return "nothing";
    case Value::Bool: return "a true/false value";
    case Value::Number: return "a number";
    case Value::String: return "a string";
    case Value::Duration: return "a duration";
    case Value::Time: return "a time";
    case Value::Other: return "an object or list";
    }
    return "?";
}

// A time from a Time value or an RFC 3339 string (a timestamp field).
inline std::optional<sim::Time> asTime(const Value& v)
{
    if (v.type == Value::Time)
        return v.d;
    if (v.type == Value::String)
        return printers::parseTimestamp(v.s);
    return std::nullopt;
}

struct PathSeg
{
    enum Type { Field, Index, Match } type = Field;
    std::string name;          // Field: the key; Match: the element's key
    std::string value;         // Match: the element's value
    std::string name2, value2; // Match: a second key and value, when not empty
    size_t index = 0;
    bool statusAtEnd = false; // condition(T): the condition's status when the path ends here
};

inline PathSeg fieldSeg(std::string name)
{
    PathSeg s;
    s.name = std::move(name);
    return s;
}
inline PathSeg match(std::string key, std::string value, bool statusAtEnd = false)
{
    PathSeg s;
    s.type = PathSeg::Match;
    s.name = std::move(key);
    s.value = std::move(value);
    s.statusAtEnd = statusAtEnd;
    return s;
}

inline const json* walk(const json* j, const std::vector<PathSeg>& path)
{
    for (size_t k = 0; j && k < path.size(); ++k) {
        const PathSeg& seg = path[k];
        if (seg.type == PathSeg::Field) {
            if (!j->is_object())
                return nullptr;
            auto it = j->find(seg.name);
            j = it == j->end() ? nullptr : &*it;
        } else if (seg.type == PathSeg::Index) {
            j = j->is_array() && seg.index < j->size() ? &(*j)[seg.index] : nullptr;
        } else {
            const json* found = nullptr;
            if (j->is_array())
                for (const json& e : *j)
                    if (e.is_object() && e.value(seg.name, json()) == seg.value &&
                        (seg.name2.empty() || e.value(seg.name2, json()) == seg.value2)) {
                        found = &e;
                        break;
                    }
            j = found;
            if (j && seg.statusAtEnd && k + 1 == path.size()) {
                auto it = j->find("status");
                j = it == j->end() ? nullptr : &*it;
            }
        }
    }
    return j;
}

// The text a selector compares a field with: strings as they are, numbers and booleans
// as JSON writes them; nullopt when missing.
inline std::optional<std::string> fieldText(const json* j)
{
    if (!j || j->is_null())
        return std::nullopt;
    if (j->is_string())
        return j->get<std::string>();
    return j->dump();
}

struct Selector
{
    enum Op { Eq, Ne, Contains, Exists, Absent } op = Eq;
    bool field = false;
    std::vector<PathSeg> path; // field selectors
    std::string key;           // label selectors
    std::string value;
    bool prefix = false;

    bool matches(const json& obj) const
    {
        std::optional<std::string> have;
        if (field) {
            have = fieldText(walk(&obj, path));
        } else {
            const json* labels =
                walk(&obj, {fieldSeg("metadata"), fieldSeg("labels"), fieldSeg(key)});
            have = fieldText(labels);
        }
        const bool equal =
            have && (prefix ? have->compare(0, value.size(), value) == 0 : *have == value);
        switch (op) {
        case Eq: return equal;
        case Ne: return !equal;
        case Contains: return have && have->find(value) != std::string::npos;
        case Exists: return have.has_value();
        case Absent: return !have.has_value();
        }
        return false;
    }
};

inline std::string eventTime(const json& e)
{
    for (const char* f : {"firstTimestamp", "eventTime", "lastTimestamp"})
        if (e.contains(f) && e[f].is_string() && !e[f].get<std::string>().empty())
            return e[f].get<std::string>();
    return {};
}

// The sets a check reads besides the API's kinds (StateReader::records): count(SET{...}),
// exists(SET{...}), one(SET{...}), and SINGULAR(KEY) for the one whose `key` field is KEY.
struct RecordSet
{
    const char* name;     // "certificates"
    const char* singular; // "certificate", or null
    const char* key;      // the field SINGULAR(KEY) matches
    bool takesArg;        // nat(NODE)
};
inline const std::vector<RecordSet>& recordSets()
{
    static const std::vector<RecordSet> sets = {
        {"certificates", "certificate", "DomainName", false},
        {"subscriptions", "subscription", "Endpoint", false},
        {"inbox", nullptr, "", false},
        {"loadbalancers", "loadbalancer", "LoadBalancerName", false},
        {"listeners", nullptr, "", false},
        {"nat", nullptr, "", true},
    };
    return sets;
}
inline const RecordSet* recordSet(const std::string& word, bool singular)
{
    for (const RecordSet& r : recordSets())
        if (singular ? r.singular && word == r.singular : word == r.name)
            return &r;
    return nullptr;
}

// Letters allowed in a bare word: names, label keys and values, images, prefixes, e-mail
// addresses.
inline bool wordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '/' || c == '*' || c == ':' || c == '@';
}
inline bool identChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

} // namespace kubelab::lab::detail

namespace kubelab::lab {

struct Check::Node
{
    enum Kind { Or, And, Not, Cmp, Add, Sub, Literal, Count, Exists, One, Ref, Event, Now } kind;
    std::string op;
    std::vector<std::shared_ptr<const Node>> kids;
    detail::Value literal;
    // Count, Exists of a set, Ref
    const model::KindInfo* kindInfo = nullptr;
    const detail::RecordSet* records = nullptr; // instead of a kind: a record set
    std::string recordArg;                      // nat(NODE)'s node
    std::string ns;
    std::string name;
    std::vector<detail::Selector> selectors;
    EventSelector event;
    std::vector<detail::PathSeg> path;
    detail::Value::Type type =
        detail::Value::Null; // statically known type; Null: known only when evaluated
    size_t begin = 0, end = 0;
};

} // namespace kubelab::lab
