// kubectl exec: runs a command in a container through the API server's pods/exec, which
// the pod's kubelet serves with CRI ExecSync (engine/node). The simulated exec is not a
// stream: the command runs to its end in one instant and its output comes back whole.
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdExecFlags()
{
    return {
        {"container", 'c', FlagType::String, ""},
        {"stdin", 'i', FlagType::Bool, "false"},
        {"tty", 't', FlagType::Bool, "false"},
        {"quiet", 'q', FlagType::Bool, "false"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"pod-running-timeout", 0, FlagType::String, "1m0s"},
    };
}

void cmdExec(Context& ctx, const ParsedArgs& args)
{
    const auto& pos = args.positional;
    const size_t dash = args.argsLenAtDash < 0 ? pos.size() : size_t(args.argsLenAtDash);
    if (pos.empty() || dash == 0)
        throw CommandError("error: pod, type/name or --filename must be specified\n"
                           "See 'kubectl exec -h' for help and examples");
    // After the pod: the command, given after `--` or (the old form) without it.
    const std::vector<std::string> command(pos.begin() + 1, pos.end());
    if (command.empty())
        throw CommandError("error: you must specify at least one command for the container");
    // `kubectl exec -it POD -- sh` opens a terminal session, which a simulated exec
    // cannot give: say what works instead of running a shell that reads no input.
    const std::string first = command[0].substr(command[0].rfind('/') + 1);
    if (command.size() == 1 && (first == "sh" || first == "bash" || first == "ash") &&
        (args.boolean("stdin") || args.boolean("tty")))
        throw clientError("KubeLab's exec runs one command and returns its output; there is "
                          "no interactive terminal. Run commands one at a time, for example: "
                          "kubectl exec " + pos[0] + " -- ls /  or  kubectl exec " + pos[0] +
                          " -- sh -c 'cat /etc/hostname; env'");
    std::string name = pos[0];
    std::string kindText = "pods";
    if (const auto slash = name.find('/'); slash != std::string::npos) {
        kindText = name.substr(0, slash);
        name = name.substr(slash + 1);
    }
    const model::KindInfo& kind = resolveKind(kindText);
    api::Response obj = ctx.call(makeRequest("get", kind, namespaceFor(ctx, kind), name));
    if (!obj.ok())
        throw CommandError(statusErrorText(obj.body));
    Json pod = obj.body;
    if (&kind != &resolveKind("pods")) {
        // The first pod of the workload, as kubectl's GetFirstPod chooses.
        api::Request req = makeRequest("list", resolveKind("pods"), ctx.ns);
        req.labelSelector = workloadSelector(obj.body);
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        const Json items = r.body.value("items", Json::array());
        if (items.empty())
            throw clientError("timed out waiting for the condition");
        pod = items[0];
        for (const Json& p : items)
            if (str(p, "status.phase") == "Running") {
                pod = p;
                break;
            }
    }
    const std::string podName = str(pod, "metadata.name");
    const std::string phase = str(pod, "status.phase");
    if (phase == "Succeeded" || phase == "Failed")
        throw clientError("cannot exec into a container in a completed pod; current phase is " +
                          phase);
    std::string container = args.get("container");
    const Json& specs = at(pod, "spec.containers");
    if (container.empty()) {
        const Json& annotations = at(pod, "metadata.annotations");
        container = annotations.is_object()
                        ? annotations.value("kubectl.kubernetes.io/default-container", "")
                        : "";
        if (container.empty() && specs.is_array() && !specs.empty()) {
            container = str(specs[0], "name");
            if (specs.size() > 1 && !args.boolean("quiet")) {
                std::string all;
                for (const Json& c : specs)
                    all += (all.empty() ? "" : ", ") + str(c, "name");
                ctx.result.err += "Defaulted container \"" + container + "\" out of: " + all + "\n";
            }
        }
    }
    // The API server's pods/exec checks the name against the pod's containers.
    bool known = false;
    for (const char* section : {"spec.containers", "spec.initContainers"})
        for (const Json& c : at(pod, section).is_array() ? at(pod, section) : Json::array())
            known = known || str(c, "name") == container;
    if (!known)
        throw CommandError("Error from server (BadRequest): container " + container +
                           " is not valid for pod " + podName);
    api::Request req = makeRequest("create", resolveKind("pods"), str(pod, "metadata.namespace"), podName);
    req.subresource = "exec";
    req.body = {{"container", container}, {"command", command}, {"stdin", args.boolean("stdin")},
                {"tty", args.boolean("tty")}};
    api::Response r = ctx.call(req);
    if (!r.ok()) {
        const std::string message = r.body.is_object() ? r.body.value("message", "") : "";
        throw clientError("unable to upgrade connection: " + message);
    }
    ctx.out(r.body.value("stdout", ""));
    ctx.result.err += r.body.value("stderr", "");
    const int code = r.body.value("exitCode", 0);
    if (code != 0) {
        ctx.result.err += "command terminated with exit code " + std::to_string(code) + "\n";
        ctx.result.exitCode = code;
    }
}

} // namespace kubelab::kubectl
