#include "engine/kubectl/object_printer.h"

#include "engine/kubectl/jsonpath.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/model/decode.h"

namespace kubelab::kubectl {

std::string checkOutputFormat(const std::string& format, const std::vector<std::string>& allowed)
{
    if (format.empty() || format.rfind("jsonpath", 0) == 0)
        return {};
    for (const std::string& a : allowed)
        if (a == format)
            return {};
    // kubectl lists every printer it knows, sorted, whichever subset we implement.
    return "unable to match a printer suitable for the output format " + Json(format).dump() +
           ", allowed formats are: "
           "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
           "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";
}

std::string objectName(const Json& object)
{
    const std::string apiVersion = str(object, "apiVersion");
    const std::string kind = str(object, "kind");
    std::string group;
    if (auto slash = apiVersion.find('/'); slash != std::string::npos)
        group = apiVersion.substr(0, slash);
    std::string out = toLower(kind);
    if (!group.empty())
        out += "." + group;
    return out + "/" + str(object, "metadata.name");
}

std::string dryRunSuffix(const std::string& dryRun)
{
    return dryRun == "client" ? " (dry run)" : dryRun == "server" ? " (server dry run)" : "";
}

bool printObjects(const std::string& format, const std::vector<Json>& objects, bool asList,
                  std::string* out, std::string* error)
{
    if (format == "name") {
        for (const Json& o : objects)
            *out += objectName(o) + "\n";
        return true;
    }
    Json value;
    if (asList) {
        value = Json{{"apiVersion", "v1"},
                     {"items", Json::array()},
                     {"kind", "List"},
                     {"metadata", {{"resourceVersion", ""}}}};
        for (const Json& o : objects)
            value["items"].push_back(o);
    } else if (!objects.empty()) {
        value = objects.front();
    }
    if (format == "yaml") {
        *out += model::toYaml(value);
        return true;
    }
    if (format == "json") {
        *out += value.dump(4) + "\n";
        return true;
    }
    if (format.rfind("jsonpath", 0) == 0) {
        std::string templ;
        if (auto eq = format.find('='); eq != std::string::npos)
            templ = format.substr(eq + 1);
        return printJsonPath(templ, value, out, error);
    }
    *error = "unknown output format " + format;
    return false;
}

} // namespace kubelab::kubectl
