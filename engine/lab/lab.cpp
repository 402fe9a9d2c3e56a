#include "engine/lab/lab.h"

#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/model/decode.h"
#include "engine/model/yaml_tree.h"

namespace kubelab::lab {

namespace {

// Walks a lab's YAML with yaml-cpp, whose marks give every error its line and column.
class Decoder
{
public:
    Decoder(const std::string& text, const std::string& source) : m_text(text), m_source(source) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const
    {
        const YAML::Mark mark = node.Mark();
        throw model::DecodeError(m_source, mark.line + 1, mark.column + 1, message);
    }

    // Refuses keys outside `allowed` and reports the first missing one of `required`.
    void keys(const YAML::Node& map, const std::string& path,
              const std::vector<std::string>& required, const std::vector<std::string>& optional)
    {
        if (!map.IsMap())
            fail(map, path + ": expected a mapping with " + join(required));
        std::set<std::string> allowed(required.begin(), required.end());
        allowed.insert(optional.begin(), optional.end());
        for (const auto& kv : map) {
            const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
            if (!allowed.count(key)) {
                std::vector<std::string> all(required);
                all.insert(all.end(), optional.begin(), optional.end());
                fail(kv.first,
                     prefix(path) + "unknown field \"" + key + "\" (expected " + join(all) + ")");
            }
        }
        for (const std::string& key : required)
            if (!map[key])
                fail(map, prefix(path) + "missing required field \"" + key + "\"");
    }

    std::string string(const YAML::Node& node, const std::string& path, bool allowEmpty = false)
    {
        if (!node.IsScalar())
            fail(node, path + ": expected a string");
        if (!allowEmpty && node.Scalar().find_first_not_of(" \t\n") == std::string::npos)
            fail(node, path + ": must not be empty");
        return node.Scalar();
    }

    int integer(const YAML::Node& node, const std::string& path, long lo, long hi)
    {
        const std::string text = node.IsScalar() ? node.Scalar() : "";
        char* end = nullptr;
        const long v = std::strtol(text.c_str(), &end, 10);
        if (!node.IsScalar() || text.empty() || *end || v < lo || v > hi || node.Tag() == "!")
            fail(node, path + ": expected a whole number between " + std::to_string(lo) + " and " +
                           std::to_string(hi));
        return int(v);
    }

    std::vector<std::string> strings(const YAML::Node& node, const std::string& path)
    {
        if (!node.IsSequence())
            fail(node, path + ": expected a list of strings");
        std::vector<std::string> out;
        for (size_t i = 0; i < node.size(); ++i)
            out.push_back(string(node[i], path + "[" + std::to_string(i) + "]"));
        return out;
    }

    // Where each line of a scalar's value starts in the file: for a block scalar (| or >)
    // the lines below its indicator, for a quoted one just after the quote.
    TextPlace place(const YAML::Node& node) const
    {
        TextPlace p;
        p.file = m_source;
        const YAML::Mark mark = node.Mark();
        const size_t pos = size_t(mark.pos);
        const char first = pos < m_text.size() ? m_text[pos] : ' ';
        if (first == '|' || first == '>') {
            p.lineStarts.clear();
            size_t lineBegin = m_text.find('\n', pos);
            int line = mark.line + 2;
            int indent = -1;
            while (lineBegin != std::string::npos && lineBegin + 1 < m_text.size()) {
                ++lineBegin;
                const size_t lineEnd = m_text.find('\n', lineBegin);
                const std::string l = m_text.substr(lineBegin, lineEnd - lineBegin);
                const size_t nonSpace = l.find_first_not_of(' ');
                if (indent < 0 && nonSpace != std::string::npos)
                    indent = int(nonSpace);
                p.lineStarts.push_back({line++, (indent < 0 ? 0 : indent) + 1});
                if (lineEnd == std::string::npos || p.lineStarts.size() > 10000)
                    break;
                lineBegin = lineEnd;
            }
            if (p.lineStarts.empty())
                p.lineStarts.push_back({mark.line + 1, mark.column + 1});
        } else {
            const int quote = first == '"' || first == '\'' ? 1 : 0;
            p.lineStarts = {{mark.line + 1, mark.column + 1 + quote}};
        }
        return p;
    }

    Check check(const YAML::Node& node, const std::string& path)
    {
        const std::string text = string(node, path);
        return Check::parse(text, place(node));
    }

    static std::string join(const std::vector<std::string>& v)
    {
        std::string out;
        for (const std::string& s : v)
            out += (out.empty() ? "" : ", ") + s;
        return out;
    }
    static std::string prefix(const std::string& path)
    {
        return path.empty() ? std::string() : path + ": ";
    }

    const std::string& m_text;
    const std::string& m_source;
};

bool validId(const std::string& id)
{
    if (id.empty() || id.size() > 63 || id.front() == '-' || id.back() == '-')
        return false;
    for (char c : id)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            return false;
    return true;
}

// Finds the {{event:...}} references in the debrief and parses each.
std::vector<EventReference> debriefReferences(Decoder& d, const YAML::Node& node,
                                              const std::string& text)
{
    std::vector<EventReference> out;
    const TextPlace place = d.place(node);
    size_t at = 0;
    while ((at = text.find("{{", at)) != std::string::npos) {
        const size_t close = text.find("}}", at);
        if (close == std::string::npos)
            throw model::DecodeError(place.file, place.locate(text, at).line,
                                     place.locate(text, at).column,
                                     "debrief: \"{{\" is not closed with \"}}\"");
        const std::string inner = text.substr(at + 2, close - at - 2);
        const size_t colon = inner.find(':');
        const std::string what = inner.substr(0, colon);
        if (colon == std::string::npos || what != "event") {
            const TextPlace::Start s = place.locate(text, at);
            throw model::DecodeError(place.file, s.line, s.column,
                                     "debrief: unknown reference \"{{" + inner +
                                         "}}\" (write {{event:reason=REASON,object=KIND/NAME}})");
        }
        EventReference ref;
        ref.offset = at;
        ref.length = close + 2 - at;
        ref.place = place.at(text, at);
        // Parsed in place, so an error points into the debrief.
        ref.selector = parseEventSelector(text.substr(0, close), place, at + 2 + colon + 1);
        out.push_back(std::move(ref));
        at = close + 2;
    }
    return out;
}

} // namespace

Lab decodeLab(const std::string& text, const std::string& source)
{
    const YAML::Node root = model::loadYamlTree(text, source);
    Decoder d(text, source);
    if (!root || root.IsNull())
        throw model::DecodeError(source, 1, 1, "the lab file is empty");
    d.keys(root, "", {"id", "title", "chapter", "minutes", "steps", "debrief"},
           {"cluster", "setup"});
    Lab lab;
    lab.file = source;
    lab.id = d.string(root["id"], "id");
    if (!validId(lab.id))
        d.fail(root["id"], "id: Invalid value: \"" + lab.id +
                               "\": lower-case letters, digits and '-', at most 63");
    lab.title = d.string(root["title"], "title");
    lab.chapter = d.string(root["chapter"], "chapter");
    {
        const auto slash = lab.chapter.find('/');
        if (slash == std::string::npos || !validId(lab.chapter.substr(0, slash)) ||
            !validId(lab.chapter.substr(slash + 1)))
            d.fail(root["chapter"], "chapter: Invalid value: \"" + lab.chapter +
                                        "\": a chapter ID such as scheduler/overview");
    }
    lab.minutes = d.integer(root["minutes"], "minutes", 1, 240);

    if (const YAML::Node c = root["cluster"]) {
        if (!c.IsMap())
            d.fail(c, "cluster: expected a mapping (the --cluster schema, plus seed)");
        if (c["seed"]) {
            const std::string s = c["seed"].IsScalar() ? c["seed"].Scalar() : "";
            char* end = nullptr;
            lab.seed = std::strtoull(s.c_str(), &end, 10);
            if (s.empty() || *end || s[0] == '-')
                d.fail(c["seed"], "cluster.seed: expected a whole number");
        }
        lab.topology = cluster::Topology::fromYamlNode(c, source, {"seed"});
    }

    if (const YAML::Node s = root["setup"]) {
        d.keys(s, "setup", {}, {"commands", "faults"});
        if (s["commands"])
            lab.setupCommands = d.string(s["commands"], "setup.commands", true);
        if (const YAML::Node faults = s["faults"]) {
            if (!faults.IsSequence())
                d.fail(faults, "setup.faults: expected a list");
            for (size_t i = 0; i < faults.size(); ++i) {
                const YAML::Node f = faults[i];
                const std::string path = "setup.faults[" + std::to_string(i) + "]";
                d.keys(f, path, {"after"}, {"stop", "start"});
                if (bool(f["stop"]) == bool(f["start"]))
                    d.fail(f, path + ": give exactly one of stop: or start: COMPONENT");
                ScheduledFault fault;
                const std::string after = d.string(f["after"], path + ".after");
                const auto dur = sim::parseDuration(after);
                if (!dur || *dur < 0)
                    d.fail(f["after"],
                           path + ".after: invalid duration \"" + after + "\" (e.g. 0s, 30s, 2m)");
                fault.after = *dur;
                fault.stop = bool(f["stop"]);
                const YAML::Node comp = f[fault.stop ? "stop" : "start"];
                fault.component = d.string(comp, path + (fault.stop ? ".stop" : ".start"));
                const std::string& c = fault.component;
                if (c != "scheduler" && c != "controller-manager" && c.rfind("kubelet/", 0) != 0)
                    d.fail(comp, path + ": unknown component \"" + c +
                                     "\" (kubelet/NODE, scheduler, controller-manager)");
                lab.faults.push_back(fault);
            }
        }
    }

    const YAML::Node steps = root["steps"];
    if (!steps.IsSequence() || steps.size() == 0)
        d.fail(steps, "steps: expected a list of at least one step");
    for (size_t i = 0; i < steps.size(); ++i) {
        const YAML::Node s = steps[i];
        const std::string path = "steps[" + std::to_string(i) + "]";
        d.keys(s, path, {"instruction", "check", "hints", "solution"}, {"prediction"});
        Step step;
        step.instruction = d.string(s["instruction"], path + ".instruction");
        step.check = d.check(s["check"], path + ".check");
        step.hints = d.strings(s["hints"], path + ".hints");
        if (step.hints.empty())
            d.fail(s["hints"], path + ".hints: give at least one hint");
        step.solution = d.string(s["solution"], path + ".solution");
        if (const YAML::Node p = s["prediction"]) {
            const std::string pp = path + ".prediction";
            d.keys(p, pp, {"question", "choices"}, {});
            Prediction prediction;
            prediction.question = d.string(p["question"], pp + ".question");
            const YAML::Node choices = p["choices"];
            if (!choices.IsSequence() || choices.size() < 2)
                d.fail(choices, pp + ".choices: expected a list of at least two choices");
            for (size_t k = 0; k < choices.size(); ++k) {
                const std::string cp = pp + ".choices[" + std::to_string(k) + "]";
                d.keys(choices[k], cp, {"text", "check"}, {});
                prediction.choices.push_back({d.string(choices[k]["text"], cp + ".text"),
                                              d.check(choices[k]["check"], cp + ".check")});
            }
            step.prediction = std::move(prediction);
        }
        lab.steps.push_back(std::move(step));
    }
    lab.debrief = d.string(root["debrief"], "debrief");
    lab.debriefReferences = debriefReferences(d, root["debrief"], lab.debrief);
    return lab;
}

std::vector<std::string> decodeLabIndex(const std::string& text, const std::string& source)
{
    const YAML::Node root = model::loadYamlTree(text, source);
    Decoder d(text, source);
    if (!root || root.IsNull())
        throw model::DecodeError(source, 1, 1, "the index is empty: expected labs: [IDs]");
    d.keys(root, "", {"labs"}, {});
    std::vector<std::string> ids = d.strings(root["labs"], "labs");
    std::set<std::string> seen;
    for (size_t i = 0; i < ids.size(); ++i) {
        if (!validId(ids[i]))
            d.fail(root["labs"][i],
                   "labs[" + std::to_string(i) + "]: Invalid value: \"" + ids[i] + "\": a lab ID");
        if (!seen.insert(ids[i]).second)
            d.fail(root["labs"][i],
                   "labs[" + std::to_string(i) + "]: Duplicate value: \"" + ids[i] + "\"");
    }
    return ids;
}

} // namespace kubelab::lab
