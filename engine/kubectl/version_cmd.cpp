// `kubectl version`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/
// version): the client's, Kustomize's and the server's versions, plain or -o json|yaml.
// The server's is the simulated cluster's (engine/model/version.h); KubeLab's API server
// has no /version path, so it is read here rather than fetched.
#include "engine/kubectl/commands.h"
#include "engine/model/decode.h"
#include "engine/model/version.h"

namespace kubelab::kubectl {

namespace {

constexpr const char* kClientVersion = "v1.32.0";
constexpr const char* kKustomizeVersion = "v5.5.0";

// apimachinery's version.Info, fields in its struct order (what -o json keeps).
nlohmann::ordered_json versionInfo(const std::string& gitVersion, const std::string& gitCommit,
                                   const std::string& buildDate, const std::string& goVersion)
{
    // "v1.32.0" -> major "1", minor "32".
    const size_t dot = gitVersion.find('.');
    const size_t dot2 = gitVersion.find('.', dot + 1);
    return {{"major", gitVersion.substr(1, dot - 1)},
            {"minor", gitVersion.substr(dot + 1, dot2 - dot - 1)},
            {"gitVersion", gitVersion},
            {"gitCommit", gitCommit},
            {"gitTreeState", "clean"},
            {"buildDate", buildDate},
            {"goVersion", goVersion},
            {"compiler", "gc"},
            {"platform", "linux/amd64"}};
}

} // namespace

std::vector<FlagSpec> cmdVersionFlags()
{
    return {
        {"client", 0, FlagType::Bool, "false"},
        {"output", 'o', FlagType::String, ""},
    };
}

void cmdVersion(Context& ctx, const ParsedArgs& args)
{
    const std::string format = args.get("output");
    if (format != "" && format != "yaml" && format != "json")
        throw clientError("--output must be 'yaml' or 'json'");
    const bool clientOnly = args.boolean("client");
    nlohmann::ordered_json v;
    v["clientVersion"] = versionInfo(kClientVersion, "70d3cc986aa8221cd1dfb1121852688902d3bf53",
                                     "2024-12-11T18:05:36Z", "go1.23.3");
    v["kustomizeVersion"] = kKustomizeVersion;
    if (!clientOnly)
        v["serverVersion"] =
            versionInfo(model::kKubernetesVersion, "", "1970-01-01T00:00:00Z", "go1.23.3");
    if (format == "json") {
        ctx.out(v.dump(2) + "\n");
    } else if (format == "yaml") {
        // sigs.k8s.io/yaml goes through a map: keys come out sorted.
        ctx.out(model::toYaml(nlohmann::json::parse(v.dump())));
    } else {
        ctx.out(std::string("Client Version: ") + kClientVersion + "\n" +
                "Kustomize Version: " + kKustomizeVersion + "\n");
        if (!clientOnly)
            ctx.out(std::string("Server Version: ") + model::kKubernetesVersion + "\n");
    }
}

} // namespace kubelab::kubectl
