// `kubectl run`, following kubectl release 1.32 (pkg/cmd/run): one Pod, sent as
// `kubectl create` sends its objects.
#include "engine/kubectl/commands.h"
#include "engine/kubectl/create_cmd.h"
#include "engine/kubectl/generators.h"
#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdRunFlags()
{
    return {
        {"image", 0, FlagType::String, ""},
        {"labels", 'l', FlagType::String, ""},
        {"port", 0, FlagType::Int, "-1"},
        {"restart", 0, FlagType::String, "Always"},
        {"env", 0, FlagType::StringArray, ""},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
        {"field-manager", 0, FlagType::String, "kubectl-run"},
        {"command", 0, FlagType::Bool, "false"},
    };
}

void cmdRun(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty())
        throw CommandError("error: NAME is required for run\nSee 'kubectl run -h' for help "
                           "and examples");
    const std::string name = args.positional[0];
    const std::string image = args.get("image");
    if (image.empty())
        throw clientError("required flag(s) \"image\" not set");
    Json labels = {{"run", name}};
    if (!args.get("labels").empty()) {
        labels = Json::object();
        for (const std::string& kv : split(args.get("labels"), ',')) {
            auto eq = kv.find('=');
            if (eq == std::string::npos)
                throw clientError("invalid label spec: " + kv);
            labels[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
    }
    const std::string restart = args.get("restart");
    if (restart != "Always" && restart != "OnFailure" && restart != "Never")
        throw clientError("invalid restart policy: " + restart);
    Json pod = makePod(name, image, labels, args.integer("port"), args.all("env"), restart);
    // `kubectl run NAME --image=I -- ARG...`: the container's args, or with --command its
    // command (labs run `sh -c "..."` in busybox this way).
    if (args.positional.size() > 1)
        pod["spec"]["containers"][0][args.boolean("command") ? "command" : "args"] =
            std::vector<std::string>(args.positional.begin() + 1, args.positional.end());
    createObject(ctx, args, pod, "");
}

} // namespace kubelab::kubectl
