#include "engine/model/manifest_check.h"

#include <algorithm>
#include <regex>

#include <yaml-cpp/yaml.h>

#include "engine/model/decode.h"
#include "engine/model/kinds.h"
#include "engine/model/validation.h"

namespace kubelab::model {

namespace {

using nlohmann::json;

struct Location
{
    int line = 1, column = 1;
    bool exact = false;
};

Location at(const YAML::Mark& m, bool exact)
{
    return {m.line + 1, m.column + 1, exact};
}

// Splits "spec.containers[0].image" into "spec", "containers", "[0]", "image". Field paths
// as Kubernetes prints them; `metadata.labels[app]`-style map keys come out as "[app]".
std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> out;
    std::string cur;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.' || c == '[') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
            if (c == '[') {
                const std::size_t end = path.find(']', i);
                if (end == std::string::npos)
                    break;
                out.push_back(path.substr(i, end - i + 1));
                i = end;
            }
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

// The key `name` of a mapping: its value in *value and where the key is written in *mark.
// (yaml-cpp's Node::operator= would write through to the tree; reset() only rebinds.)
bool findKey(const YAML::Node& map, const std::string& name, YAML::Node* value, YAML::Mark* mark)
{
    for (const auto& kv : map)
        if (kv.first.IsScalar() && kv.first.Scalar() == name) {
            value->reset(kv.second);
            *mark = kv.first.Mark();
            return true;
        }
    return false;
}

// One step down a field path: "[2]" into a list, "[key]" or "name" into a mapping. A
// name met at a list (Go's decoding errors drop indices) goes into the first item that
// has it.
bool step(const YAML::Node& node, const std::string& part, YAML::Node* next, YAML::Mark* mark)
{
    const bool bracket = part.front() == '[';
    const std::string key = bracket ? part.substr(1, part.size() - 2) : part;
    if (node.IsMap())
        return findKey(node, key, next, mark);
    if (!node.IsSequence())
        return false;
    if (bracket) {
        if (key.empty() || key.find_first_not_of("0123456789") != std::string::npos)
            return false;
        const std::size_t i = std::stoul(key);
        if (i >= node.size())
            return false;
        next->reset(node[i]);
        *mark = next->Mark();
        return true;
    }
    for (const auto& item : node)
        if (item.IsMap() && findKey(item, key, next, mark))
            return true;
    return false;
}

// Walks a field path down the YAML tree and returns where its last part is written: the
// key of a field, the item of a list. When a part is missing, where the deepest part that
// exists is written (exact = false).
Location locate(const YAML::Node& root, const std::string& path)
{
    Location loc = at(root.Mark(), false);
    YAML::Node node;
    node.reset(root);
    for (const std::string& part : splitPath(path)) {
        YAML::Node next;
        YAML::Mark mark;
        if (!step(node, part, &next, &mark)) {
            loc.exact = false;
            return loc;
        }
        node.reset(next);
        loc = at(mark, true);
    }
    return loc;
}

ManifestProblem problem(const Location& loc, std::string field, std::string message)
{
    return {loc.line, loc.column, std::move(field), std::move(message), loc.exact};
}

// Where a strict-decoding error is. Some name no field (a custom decoder's own words:
//   quantities must match the regular expression '^([+-]?[0-9.]+)...'
// ), Go's type errors name it without list indices or map keys. Finds the field by taking
// parts of the object away: the part whose removal makes the error go away holds it;
// descend into it until no smaller part does. Removing a field can only take
// strict-decoding errors away, never add one; apiVersion and kind stay, as they choose
// the schema.
std::string fieldOfError(const json& object, const std::string& message)
{
    auto stillFails = [&](const json& trial) {
        const auto msgs = checkSchema(trial);
        return std::find(msgs.begin(), msgs.end(), message) != msgs.end();
    };
    json::json_pointer at;
    std::string path;
    for (bool deeper = true; deeper;) {
        deeper = false;
        const json& node = object.at(at);
        const std::size_t n = node.is_structured() ? node.size() : 0;
        for (std::size_t i = 0; i < n && !deeper; ++i) {
            json trial = object;
            json& parent = trial.at(at);
            std::string key, step;
            if (parent.is_array()) {
                key = std::to_string(i);
                step = "[" + key + "]";
                parent.erase(i);
            } else {
                key = std::next(node.begin(), std::ptrdiff_t(i)).key();
                if (at.empty() && (key == "apiVersion" || key == "kind"))
                    continue;
                // Keys with dots ("app.kubernetes.io/name") go in brackets.
                step = key.find_first_of(".[]") == std::string::npos
                           ? (path.empty() ? "" : ".") + key
                           : "[" + key + "]";
                parent.erase(key);
            }
            if (!stillFails(trial)) {
                at.push_back(key);
                path += step;
                deeper = true;
            }
        }
    }
    return path;
}

// One problem per strict-decoding error, at its field; unknown fields are listed in one
// message by the server, but each gets its own problem here so each gets its own line:
//   strict decoding error: unknown field "spec.replica", unknown field "spec.x"
void schemaProblems(const YAML::Node& root, const json& object, const std::string& message,
                    std::vector<ManifestProblem>& out)
{
    static const std::regex unknown(R"re(unknown field "([^"]+)")re");
    bool any = false;
    for (auto it = std::sregex_iterator(message.begin(), message.end(), unknown);
         it != std::sregex_iterator(); ++it) {
        const std::string field = (*it)[1];
        out.push_back(problem(locate(root, field), field,
                              "strict decoding error: unknown field \"" + field + "\""));
        any = true;
    }
    if (any)
        return;
    // json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of ...
    static const std::regex goField(R"re(Go struct field [A-Za-z0-9_]+\.(\S+) of type)re");
    std::string field = fieldOfError(object, message);
    std::smatch m;
    if (field.empty() && std::regex_search(message, m, goField))
        field = m[1];
    out.push_back(problem(locate(root, field), field, message));
}

void checkDocument(const Document& doc, const YAML::Node& root, std::vector<ManifestProblem>& out)
{
    const Location start{doc.line, doc.column, true};
    try {
        requireTypeMeta(doc, "editor");
    } catch (const DecodeError& e) {
        out.push_back(problem(start, "", e.message()));
        return;
    }
    const std::string apiVersion = doc.object["apiVersion"];
    const std::string kindName = doc.object["kind"];
    const KindInfo* kind = kindByApiVersionKind(apiVersion, kindName);
    if (!kind) {
        out.push_back(
            problem(locate(root, "kind"), "kind",
                    "no matches for kind \"" + kindName + "\" in version \"" + apiVersion + "\""));
        return;
    }
    json object = doc.object;
    bool hadProblem = false;
    for (const std::string& message : checkSchema(object)) {
        schemaProblems(root, object, message, out);
        hadProblem = true;
    }
    if (hadProblem)
        return;
    // What the API server fills in before it validates a create.
    json& meta = object["metadata"];
    if (kind->namespaced && meta.value("namespace", "").empty())
        meta["namespace"] = "default";
    if (meta.value("name", "").empty() && !meta.value("generateName", "").empty())
        meta["name"] = meta["generateName"].get<std::string>() + "xxxxx";
    applyDefaults(object);
    for (const FieldError& e : validate(object))
        out.push_back(problem(locate(root, e.field), e.field, e.toString()));
}

} // namespace

std::vector<ManifestProblem> checkManifest(std::string_view text)
{
    std::vector<ManifestProblem> out;
    std::vector<Document> docs;
    try {
        docs = decodeDocuments(text, "editor");
    } catch (const DecodeError& e) {
        out.push_back({e.line(), e.column(), "", e.message(), true});
        return out;
    }
    // The decoder has accepted the text, so yaml-cpp reads it too; its nodes carry the
    // marks that map field paths to lines. Empty documents are skipped in both.
    std::vector<YAML::Node> roots;
    for (const YAML::Node& n : YAML::LoadAll(std::string(text)))
        if (!n.IsNull())
            roots.push_back(n);
    for (std::size_t i = 0; i < docs.size() && i < roots.size(); ++i) {
        try {
            checkDocument(docs[i], roots[i], out);
        } catch (const std::exception& e) {
            // The server's checks run on every keystroke here; a half-typed document must
            // never take the editor down.
            out.push_back({docs[i].line, docs[i].column, "", e.what(), false});
        }
    }
    return out;
}

} // namespace kubelab::model
