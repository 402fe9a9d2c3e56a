#pragma once
// Decoding manifests: multi-document YAML (and JSON, which is YAML) into JSON objects,
// with file:line:column in every error, and limits that stop alias bombs and huge or
// deeply nested input without a crash or a hang.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::model {

struct Document
{
    nlohmann::json object; // the decoded document (an object for manifests)
    int line = 1;          // 1-based line where the document starts
    int column = 1;
};

class DecodeError : public std::runtime_error
{
public:
    DecodeError(std::string source, int line, int column, const std::string& message);
    const std::string& source() const { return m_source; }
    int line() const { return m_line; }
    int column() const { return m_column; }
    const std::string& message() const { return m_message; }

private:
    std::string m_source;
    int m_line, m_column;
    std::string m_message;
};

struct DecodeLimits
{
    size_t maxBytes = 3 * 1024 * 1024 * 4; // 12 MiB of text per call
    size_t maxNodes = 2'000'000;           // after alias expansion
    int maxDepth = 200;
};

// Parses every document in `text`; empty documents (only comments or `---`) are skipped.
// Plain scalars are typed as go-yaml v2 (what kubectl's sigs.k8s.io/yaml uses) types
// them: ints, floats, null, and booleans including yes/no/on/off, so a learner gets the
// same type errors as on a real cluster; quoted strings stay strings.
// Throws DecodeError "source:line:column: message".
std::vector<Document> decodeDocuments(std::string_view text, const std::string& source,
                                      const DecodeLimits& limits = {});

// Checks a decoded manifest has apiVersion and kind strings (kubectl's wording:
// `error validating data: [apiVersion not set, kind not set]`); throws DecodeError.
void requireTypeMeta(const Document& doc, const std::string& source);

// YAML text of a JSON value as kubectl -o yaml prints it (keys in order, block style,
// strings quoted only when needed).
std::string toYaml(const nlohmann::json& value);

} // namespace kubelab::model
