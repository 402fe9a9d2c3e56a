#include "engine/kubectl/errors.h"

#include "engine/model/json_view.h"

#include <set>
#include <vector>

namespace kubelab::kubectl {

using Json = nlohmann::json;

namespace {

std::string field(const Json& j, const char* key)
{
    if (!j.is_object())
        return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

CommandError clientError(const std::string& message)
{
    if (message.rfind("error: ", 0) == 0)
        return CommandError(message);
    return CommandError("error: " + message);
}

std::string quote(const std::string& s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string statusErrorText(const Json& status)
{
    const std::string reason = field(status, "reason");
    const std::string message = field(status, "message");
    if (reason == "Invalid") {
        const Json details = status.is_object() ? model::memberAt(status, "details") : Json();
        if (!details.is_object())
            return "The request is invalid";
        std::string s = "The request is invalid";
        if (!field(details, "kind").empty() || !field(details, "name").empty())
            s = "The " + field(details, "kind") + " " + quote(field(details, "name"))
                + " is invalid";
        else if (!field(details, "group").empty())
            s = "The " + field(details, "group") + " " + quote(field(details, "name"))
                + " is invalid";
        const Json causes = details.value("causes", Json::array());
        if (!causes.is_array() || causes.empty())
            return s;
        std::vector<std::string> lines;
        std::set<std::string> seen; // statusCausesToAggrError drops duplicates
        for (const Json& c : causes) {
            std::string line = field(c, "field").empty()
                ? field(c, "message")
                : field(c, "field") + ": " + field(c, "message");
            if (seen.insert(line).second)
                lines.push_back(line);
        }
        if (lines.size() == 1)
            return s + ": " + lines[0];
        // MultilineError: the prefix on its own line (trailing space kept), then "* " lines.
        std::string out = s + ": ";
        for (const std::string& l : lines)
            out += "\n* " + l;
        return out;
    }
    if (reason == "Unauthorized")
        return "error: You must be logged in to the server (" + message + ")";
    if (!reason.empty())
        return "Error from server (" + reason + "): " + message;
    return "Error from server: " + message;
}

std::string statusErrorText(const Json& status, const std::string& verb,
                            const std::string& source)
{
    if (source.empty())
        return statusErrorText(status);
    Json copy = status;
    if (copy.is_object())
        copy["message"] = "error when " + verb + " " + quote(source) + ": "
            + field(status, "message");
    return statusErrorText(copy);
}

} // namespace kubelab::kubectl
