#include "engine/model/decode.h"

#include <cmath>
#include <map>
#include <memory>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "engine/model/yaml_scalar.h"

// Scalar typing follows go-yaml v2, which kubectl uses through sigs.k8s.io/yaml, not the
// YAML 1.2 core schema: y/n/yes/no/on/off are booleans, 0644 is octal, 1_000 is 1000,
// timestamps stay strings. A learner who writes `value: yes` in an env var therefore
// meets the same "cannot unmarshal bool" failure a real cluster gives. Floats with an
// integral value become integers, as they do after kubectl's YAML -> JSON round trip.

namespace kubelab::model {

DecodeError::DecodeError(std::string source, int line, int column, const std::string& message)
    : std::runtime_error(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                         message),
      m_source(std::move(source)), m_line(line), m_column(column), m_message(message)
{}

namespace {

using nlohmann::json;

constexpr const char* kTagPrefix = "tag:yaml.org,2002:";

// A position the scanners below found, 1-based.
struct Pos
{
    int line = 1;
    int column = 1;
};

// Finds the first byte that is not UTF-8, since yaml-cpp passes such bytes through and
// Kubernetes (encoding/json) would reject the object later with no position.
bool findInvalidUtf8(std::string_view s, Pos* pos, unsigned char* bad)
{
    Pos p;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = 1;
        bool ok = true;
        if (c >= 0x80) {
            std::uint32_t min = 0, cp = 0;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
                min = 0x10000;
            } else
                ok = false;
            for (size_t k = 1; ok && k < len; ++k) {
                if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                    ok = false;
                else
                    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
            }
            if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
                ok = false;
        }
        if (!ok) {
            *pos = p;
            *bad = c;
            return true;
        }
        if (c == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
        i += len;
    }
    return false;
}

size_t indentOf(std::string_view line)
{
    size_t n = 0;
    while (n < line.size() && line[n] == ' ')
        ++n;
    return n;
}

// True when a line opens a block scalar ("key: |", "- >-", "key: |2 # note").
bool opensBlockScalar(std::string_view line)
{
    size_t end = line.find(" #");
    std::string_view body = line.substr(0, end);
    while (!body.empty() && (body.back() == ' ' || body.back() == '\r' || body.back() == '\t'))
        body.remove_suffix(1);
    size_t i = body.size();
    while (i > 0 &&
           (body[i - 1] == '+' || body[i - 1] == '-' || (body[i - 1] >= '1' && body[i - 1] <= '9')))
        --i;
    if (i == 0 || (body[i - 1] != '|' && body[i - 1] != '>'))
        return false;
    return i == 1 || body[i - 2] == ' ';
}

// YAML forbids tabs in indentation; yaml-cpp's message for them is cryptic, so find the
// first one ourselves. Lines inside block scalars ("|", ">") may hold tabs as content.
bool findIndentTab(std::string_view text, Pos* pos)
{
    int lineNo = 0;
    long blockParent = -1; // indentation of the line that opened a block scalar
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos)
            nl = text.size();
        const std::string_view line = text.substr(start, nl - start);
        ++lineNo;
        const size_t indent = indentOf(line);
        const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        if (blockParent >= 0 && (blank || long(indent) > blockParent)) {
            // block scalar content
        } else {
            blockParent = -1;
            if (indent < line.size() && line[indent] == '\t' && !blank) {
                size_t j = indent;
                while (j < line.size() && (line[j] == ' ' || line[j] == '\t'))
                    ++j;
                if (j < line.size() && line[j] != '#') {
                    pos->line = lineNo;
                    pos->column = int(indent) + 1;
                    return true;
                }
            }
            if (opensBlockScalar(line))
                blockParent = long(indent);
        }
        if (nl == text.size())
            break;
        start = nl + 1;
    }
    return false;
}

size_t countNodes(const json& v)
{
    size_t n = 1;
    if (v.is_structured())
        for (const auto& child : v)
            n += countNodes(child);
    return n;
}

std::string describe(const json& v)
{
    switch (v.type()) {
    case json::value_t::object: return "a mapping";
    case json::value_t::array: return "a sequence";
    case json::value_t::null: return "null";
    default: return v.dump();
    }
}

// Builds JSON from yaml-cpp's parse events. Events (rather than YAML::Load) let us see
// each alias where it is used, so alias expansion is counted and an alias bomb stops
// at the alias that would exceed the limit.
class Builder : public YAML::EventHandler
{
public:
    Builder(const std::string& source, const DecodeLimits& limits)
        : m_source(source), m_limits(limits)
    {}

    std::vector<Document> documents;

    void OnDocumentStart(const YAML::Mark&) override
    {
        m_anchors.clear();
        m_anchorNames.clear();
        m_nodes = 0;
        m_haveRoot = false;
    }

    void OnDocumentEnd() override
    {
        // Empty documents (only comments, or a bare "---") are skipped, as kubectl does.
        if (m_haveRoot && !m_root.is_null())
            documents.push_back(Document{std::move(m_root), m_rootPos.line, m_rootPos.column});
        m_root = nullptr;
        m_haveRoot = false;
    }

    void OnAnchor(const YAML::Mark&, const std::string& name) override
    {
        m_pendingAnchorName = name;
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        noteAnchorName(anchor);
        if (expectingKey())
            fail(mark, "unsupported map key: null (mapping keys must be strings)");
        countNode(mark);
        saveAnchor(anchor, json(nullptr), mark);
        deliver(json(nullptr), mark);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            fail(mark, "alias *" + anchorName(anchor) +
                           " refers to a node that contains it; recursive data is not "
                           "allowed");
        const size_t size = it->second.second;
        if (m_nodes + size > m_limits.maxNodes)
            fail(mark, "expanding alias *" + anchorName(anchor) + " would make more than " +
                           std::to_string(m_limits.maxNodes) +
                           " nodes; too many aliases (is this an alias bomb?)");
        m_nodes += size;
        if (expectingKey()) {
            onKey(it->second.first, mark, false);
            return;
        }
        deliver(it->second.first, mark);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override
    {
        noteAnchorName(anchor);
        countNode(mark);
        json v = typed(mark, tag, value);
        saveAnchor(anchor, v, mark);
        if (expectingKey()) {
            onKey(v, mark, tag == "?" && value == "<<");
            return;
        }
        deliver(std::move(v), mark);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(mark, anchor, json::array());
    }

    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(mark, anchor, json::object());
    }

    void OnMapEnd() override { close(); }

private:
    struct Frame
    {
        json value;
        YAML::anchor_t anchor = 0;
        YAML::Mark mark;
        bool haveKey = false; // a key was read, its value is next
        bool keyIsMerge = false;
        std::string key;
        std::map<std::string, int> keyLines; // for duplicate-key errors
        std::vector<json> merges;            // "<<" sources, applied at the end
        YAML::Mark mergeMark;
    };

    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const
    {
        throw DecodeError(m_source, mark.line >= 0 ? mark.line + 1 : 1,
                          mark.column >= 0 ? mark.column + 1 : 1, message);
    }

    bool expectingKey() const
    {
        return !m_stack.empty() && m_stack.back().value.is_object() && !m_stack.back().haveKey;
    }

    void countNode(const YAML::Mark& mark)
    {
        if (++m_nodes > m_limits.maxNodes)
            fail(mark, "document has more than " + std::to_string(m_limits.maxNodes) +
                           " nodes; split it into smaller documents");
    }

    void noteAnchorName(YAML::anchor_t anchor)
    {
        if (anchor != 0 && !m_pendingAnchorName.empty())
            m_anchorNames[anchor] = m_pendingAnchorName;
        m_pendingAnchorName.clear();
    }

    std::string anchorName(YAML::anchor_t anchor) const
    {
        auto it = m_anchorNames.find(anchor);
        return it == m_anchorNames.end() ? std::to_string(anchor) : it->second;
    }

    void saveAnchor(YAML::anchor_t anchor, const json& v, const YAML::Mark& mark)
    {
        if (anchor == 0)
            return;
        // The stored copy costs memory like an expansion does, so it counts the same.
        const size_t size = countNodes(v);
        if (v.is_structured()) {
            if (m_nodes + size > m_limits.maxNodes)
                fail(mark, "anchored node makes the document larger than " +
                               std::to_string(m_limits.maxNodes) + " nodes");
            m_nodes += size;
        }
        m_anchors[anchor] = {v, size};
    }

    json typed(const YAML::Mark& mark, const std::string& tag, const std::string& value)
    {
        if (tag == "!")
            return value; // quoted: always a string
        if (tag == "?") {
            const PlainScalar s = resolvePlainScalar(value);
            if (s.kind == PlainScalarKind::Float) {
                const double d = s.value.get<double>();
                if (!std::isfinite(d))
                    fail(mark, "unsupported value: " + value +
                                   " (JSON has no NaN or infinity; quote it for a string)");
                if (d == std::trunc(d) && std::fabs(d) < 9.2e18)
                    return json(std::int64_t(d));
            }
            return s.value;
        }
        if (tag.rfind(kTagPrefix, 0) == 0) {
            const std::string t = tag.substr(std::char_traits<char>::length(kTagPrefix));
            if (t == "str" || t == "binary" || t == "timestamp")
                return value;
            const PlainScalar s = resolvePlainScalar(value);
            const bool ok = (t == "null" && s.kind == PlainScalarKind::Null) ||
                            (t == "bool" && s.kind == PlainScalarKind::Bool) ||
                            (t == "int" && s.kind == PlainScalarKind::Int) ||
                            (t == "float" &&
                             (s.kind == PlainScalarKind::Float || s.kind == PlainScalarKind::Int));
            if (!ok)
                fail(mark, "cannot decode " + goQuoteLite(value) + " as !!" + t);
            if (t == "float" && s.kind == PlainScalarKind::Int)
                return s.value;
            return typed(mark, "?", value);
        }
        // Unknown tags (e.g. "!secret"): go-yaml keeps the text as a string.
        return value;
    }

    static std::string goQuoteLite(const std::string& s) { return "\"" + s + "\""; }

    void onKey(const json& key, const YAML::Mark& mark, bool isMerge)
    {
        Frame& f = m_stack.back();
        std::string k;
        switch (key.type()) {
        case json::value_t::string: k = key.get<std::string>(); break;
        case json::value_t::boolean: k = key.get<bool>() ? "true" : "false"; break;
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: k = key.dump(); break;
        default:
            fail(mark, "unsupported map key: " + describe(key) +
                           " (mapping keys must be "
                           "strings)");
        }
        f.haveKey = true;
        f.keyIsMerge = isMerge;
        if (isMerge) {
            f.mergeMark = mark;
            return;
        }
        auto [it, inserted] = f.keyLines.emplace(k, mark.line + 1);
        if (!inserted)
            fail(mark, "mapping key " + nlohmann::json(k).dump() + " already defined at line " +
                           std::to_string(it->second));
        f.key = std::move(k);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor, json empty)
    {
        noteAnchorName(anchor);
        if (expectingKey())
            fail(mark, std::string("unsupported map key: ") +
                           (empty.is_array() ? "a sequence" : "a mapping") +
                           " (mapping keys must be strings)");
        if (int(m_stack.size()) >= m_limits.maxDepth)
            fail(mark, "nesting is deeper than " + std::to_string(m_limits.maxDepth) + " levels");
        countNode(mark);
        Frame f;
        f.value = std::move(empty);
        f.anchor = anchor;
        f.mark = mark;
        m_stack.push_back(std::move(f));
    }

    void close()
    {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        // Merge keys ("<<: *defaults"): explicit keys win over merged ones, and earlier
        // merge sources over later ones, as the YAML merge-key spec says.
        for (const json& src : f.merges)
            for (auto it = src.begin(); it != src.end(); ++it)
                if (!f.value.contains(it.key()))
                    f.value[it.key()] = it.value();
        saveAnchor(f.anchor, f.value, f.mark);
        deliver(std::move(f.value), f.mark);
    }

    void deliver(json v, const YAML::Mark& mark)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            m_rootPos = Pos{mark.line + 1, mark.column + 1};
            m_haveRoot = true;
            return;
        }
        Frame& f = m_stack.back();
        if (f.value.is_array()) {
            f.value.push_back(std::move(v));
            return;
        }
        f.haveKey = false;
        if (f.keyIsMerge) {
            f.keyIsMerge = false;
            if (v.is_object()) {
                f.merges.push_back(std::move(v));
                return;
            }
            if (v.is_array() &&
                std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_object(); })) {
                for (auto& e : v)
                    f.merges.push_back(std::move(e));
                return;
            }
            fail(f.mergeMark, "map merge requires map or sequence of maps as the value");
        }
        f.value[f.key] = std::move(v);
    }

    const std::string& m_source;
    const DecodeLimits& m_limits;
    std::vector<Frame> m_stack;
    std::map<YAML::anchor_t, std::pair<json, size_t>> m_anchors;
    std::map<YAML::anchor_t, std::string> m_anchorNames;
    std::string m_pendingAnchorName;
    size_t m_nodes = 0;
    json m_root;
    Pos m_rootPos;
    bool m_haveRoot = false;
};

// yaml-cpp's terse messages, reworded as go-yaml (and so kubectl) words them.
std::string learnerMessage(const std::string& msg)
{
    static const std::pair<const char*, const char*> table[] = {
        {"illegal map value", "mapping values are not allowed in this context"},
        {"end of sequence flow not found", "did not find expected ',' or ']'"},
        {"end of map flow not found", "did not find expected ',' or '}'"},
        {"end of map not found", "did not find expected key"},
        {"end of sequence not found", "did not find expected '-' indicator"},
        {"the referenced anchor is not defined", "unknown anchor referenced"},
        {"illegal EOF in scalar", "found unexpected end of stream"},
        {"illegal block entry", "block sequence entries are not allowed in this context"},
    };
    for (const auto& [from, to] : table)
        if (msg == from)
            return to;
    return msg;
}

} // namespace

std::vector<Document> decodeDocuments(std::string_view text, const std::string& source,
                                      const DecodeLimits& limits)
{
    if (text.size() > limits.maxBytes)
        throw DecodeError(source, 1, 1,
                          "manifest is " + std::to_string(text.size()) +
                              " bytes, more than the limit of " + std::to_string(limits.maxBytes) +
                              " bytes");
    Pos pos;
    unsigned char bad = 0;
    if (findInvalidUtf8(text, &pos, &bad)) {
        static const char hex[] = "0123456789ABCDEF";
        throw DecodeError(source, pos.line, pos.column,
                          std::string("invalid UTF-8: byte 0x") + hex[bad >> 4] + hex[bad & 15] +
                              " (save the file as UTF-8)");
    }
    // YAML allows no C0 control characters but tab, LF and CR (go-yaml: "control characters
    // are not allowed"); yaml-cpp can loop for ever on a NUL, so they stop here.
    {
        int line = 1, column = 1;
        for (unsigned char c : text) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                static const char hex[] = "0123456789ABCDEF";
                throw DecodeError(source, line, column,
                                  std::string("control characters are not allowed (byte 0x") +
                                      hex[c >> 4] + hex[c & 15] + ")");
            }
            if (c == '\n') {
                ++line;
                column = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++column;
            }
        }
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3); // a UTF-8 byte order mark is allowed and ignored
    if (findIndentTab(text, &pos))
        throw DecodeError(source, pos.line, pos.column,
                          "found a tab character where indentation is expected; "
                          "indent YAML with spaces only");
    // Depth needs no pre-scan: the builder stops at maxDepth as the parser reports each
    // level, long before yaml-cpp's own recursion guard (2000 levels) would matter.
    std::istringstream in{std::string(text)};
    Builder builder(source, limits);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const YAML::DeepRecursion& e) {
        throw DecodeError(source, e.mark.line + 1, e.mark.column + 1,
                          "nesting is deeper than " + std::to_string(limits.maxDepth) + " levels");
    } catch (const YAML::ParserException& e) {
        throw DecodeError(source, e.mark.line >= 0 ? e.mark.line + 1 : 1,
                          e.mark.column >= 0 ? e.mark.column + 1 : 1, learnerMessage(e.msg));
    } catch (const YAML::Exception& e) {
        throw DecodeError(source, e.mark.line >= 0 ? e.mark.line + 1 : 1,
                          e.mark.column >= 0 ? e.mark.column + 1 : 1, e.msg);
    }
    return std::move(builder.documents);
}

void requireTypeMeta(const Document& doc, const std::string& source)
{
    std::vector<std::string> missing;
    const json& o = doc.object;
    if (!o.is_object())
        throw DecodeError(source, doc.line, doc.column,
                          "error validating data: the document is " + describe(o) +
                              ", not a mapping with apiVersion and kind");
    auto unset = [&](const char* key) {
        auto it = o.find(key);
        return it == o.end() || !it->is_string() || it->get<std::string>().empty();
    };
    if (unset("apiVersion"))
        missing.push_back("apiVersion not set");
    if (unset("kind"))
        missing.push_back("kind not set");
    if (missing.empty())
        return;
    std::string msg = "error validating data: [";
    for (size_t i = 0; i < missing.size(); ++i)
        msg += (i ? ", " : "") + missing[i];
    msg += "]";
    throw DecodeError(source, doc.line, doc.column, msg);
}

} // namespace kubelab::model
