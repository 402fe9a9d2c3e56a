#include "engine/kubectl/errors.h"

#include "engine/model/json_view.h"

#include <set>
#include <vector>

namespace kubelab::kubectl {

using Json = nlohmann::json;

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
    const std::string reason(model::stringAt(status, "reason"));
    const std::string message(model::stringAt(status, "message"));
    if (reason == "Invalid") {
        const Json& details = model::memberAt(status, "details");
        if (!details.is_object())
            return "The request is invalid";
        const std::string kind(model::stringAt(details, "kind"));
        const std::string group(model::stringAt(details, "group"));
        const std::string name(model::stringAt(details, "name"));
        std::string s = "The request is invalid";
        if (!kind.empty() || !name.empty())
            s = "The " + kind + " " + quote(name) + " is invalid";
        else if (!group.empty())
            s = "The " + group + " " + quote(name) + " is invalid";
        const Json& causes = model::memberAt(details, "causes");
        if (!causes.is_array() || causes.empty())
            return s;
        std::vector<std::string> lines;
        std::set<std::string> seen; // statusCausesToAggrError drops duplicates
        for (const Json& c : causes) {
            const std::string_view field = model::stringAt(c, "field");
            std::string line(model::stringAt(c, "message"));
            if (!field.empty())
                line = std::string(field) + ": " + line;
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

std::string statusErrorText(const Json& status, const std::string& verb, const std::string& source)
{
    if (source.empty())
        return statusErrorText(status);
    Json copy = status;
    if (copy.is_object())
        copy["message"] = "error when " + verb + " " + quote(source) + ": " +
                          std::string(model::stringAt(status, "message"));
    return statusErrorText(copy);
}

} // namespace kubelab::kubectl
