// `kubectl explain` text, following the layout of kubectl's plaintext template
// (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl, kubectl 1.30):
// fields sorted by name, descriptions wrapped by word at 76 (minus indentation) columns.
#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

#include "engine/model/schema.h"

namespace kubelab::model {

namespace {

// Descriptions of the value types that have no TypeSchema of their own; kubectl prints
// them after the field's description, as it does for referenced schemas.
std::string valueTypeDescription(const FieldSchema& f)
{
    if (f.type == "Quantity" || f.type == "map[string]Quantity")
        return "A fixed-point number with an optional suffix, such as 500m, 1.5, 128Mi or 2G. "
               "JSON accepts it as a string or a number.";
    if (f.type == "IntOrString")
        return "Either a whole number or a string, such as a port name or a percentage like "
               "25%.";
    if (f.type == "Time")
        return "A point in time, written as an RFC 3339 string in UTC.";
    return {};
}

std::string displayType(const FieldSchema& f)
{
    if (f.type == "Time")
        return "string";
    if (f.type == "Object")
        return f.refType.empty() ? "Object" : f.refType;
    if (f.type == "[]Object")
        return "[]" + (f.refType.empty() ? std::string("Object") : f.refType);
    return f.type;
}

// Greedy word wrap of every line to at most `limit` columns where spaces allow; a word
// longer than the limit stays whole on its own line (as go-wordwrap does).
std::string wrap(const std::string& text, size_t limit)
{
    std::string out;
    std::string line;
    bool first = true;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!first)
            out += '\n';
        first = false;
        std::string current;
        std::istringstream words(line);
        std::string word;
        while (words >> word) {
            if (current.empty())
                current = word;
            else if (current.size() + 1 + word.size() <= limit)
                current += " " + word;
            else {
                out += current + "\n";
                current = word;
            }
        }
        out += current;
        if (nl == std::string::npos)
            break;
        start = nl + 1;
    }
    return out;
}

std::string indent(const std::string& text, size_t amount)
{
    const std::string pad(amount, ' ');
    std::string out = pad;
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += pad;
    }
    return out;
}

std::vector<const FieldSchema*> sortedFields(const TypeSchema& type)
{
    std::vector<const FieldSchema*> out;
    for (const FieldSchema& f : type.fields)
        out.push_back(&f);
    std::sort(out.begin(), out.end(),
              [](const FieldSchema* a, const FieldSchema* b) { return a->name < b->name; });
    return out;
}

const TypeSchema* fieldType(const FieldSchema& f)
{
    if ((f.type == "Object" || f.type == "[]Object") && !f.refType.empty())
        return typeSchema(f.refType);
    return nullptr;
}

void fieldList(const TypeSchema& type, int level, bool recursive, std::set<std::string>& seen,
               std::string& out)
{
    const size_t ind = static_cast<size_t>(level) * 2;
    for (const FieldSchema* f : sortedFields(type)) {
        out += std::string(ind, ' ') + f->name + "\t<" + displayType(*f) + ">";
        if (f->required)
            out += " -required-";
        if (!f->enumValues.empty()) {
            out += "\n" + std::string(ind, ' ') + "enum: ";
            for (size_t i = 0; i < f->enumValues.size(); ++i) {
                if (i >= 4) {
                    out += ", ....";
                    break;
                }
                out += (i ? ", " : "") + f->enumValues[i];
            }
        }
        out += "\n";
        if (!recursive) {
            const std::string d = f->description.empty() ? "<no description>" : f->description;
            out += indent(wrap(d, 78 - ind), ind + 2) + "\n\n";
            continue;
        }
        const TypeSchema* sub = fieldType(*f);
        if (sub && !seen.count(sub->name)) {
            seen.insert(sub->name); // a type already on the path would recurse forever
            fieldList(*sub, level + 1, recursive, seen, out);
            seen.erase(sub->name);
        }
    }
}

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size() && !path.empty()) {
        size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

} // namespace

bool explain(const std::string& group, const std::string& kind, const std::string& path,
             bool recursive, std::string* out, std::string* error)
{
    const TypeSchema* root = kindSchema(group, kind);
    if (!root) {
        if (error)
            *error = "the server doesn't have a resource type \"" + kind + "\"";
        return false;
    }
    const std::vector<std::string> parts = splitPath(path);
    const TypeSchema* current = root;
    const FieldSchema* last = nullptr;
    for (const std::string& part : parts) {
        const FieldSchema* f = current ? findField(*current, part) : nullptr;
        if (!f) {
            // kubectl names the last element of the path, whichever step failed.
            if (error)
                *error = "field \"" + parts.back() + "\" does not exist";
            return false;
        }
        last = f;
        current = fieldType(*f);
    }

    std::string text;
    if (!group.empty())
        text += "GROUP:      " + group + "\n";
    text += "KIND:       " + kind + "\n";
    text += "VERSION:    v1\n\n";
    std::string description;
    if (last) {
        text += "FIELD: " + last->name + " <" + displayType(*last) + ">\n";
        if (!last->enumValues.empty()) {
            text += "ENUM:";
            for (const std::string& v : last->enumValues)
                text += "\n    " + v;
        }
        text += "\n\n";
        if (!last->description.empty())
            description += last->description + "\n";
        const std::string vt = valueTypeDescription(*last);
        if (!vt.empty())
            description += vt + "\n";
    }
    if (current && !current->description.empty())
        description += current->description + "\n";
    text += "DESCRIPTION:\n";
    text += indent(wrap(description.empty() ? "<empty>" : description, 76), 4) + "\n";
    if (current && !current->fields.empty()) {
        text += "FIELDS:\n";
        std::set<std::string> seen{current->name};
        fieldList(*current, 1, recursive, seen, text);
    }
    text += "\n";
    if (out)
        *out = text;
    return true;
}

} // namespace kubelab::model
