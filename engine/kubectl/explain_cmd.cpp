// `kubectl explain`, from the schemas the API server validates with (kubectl release 1.32,
// pkg/cmd/explain).
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/model/schema.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdExplainFlags()
{
    return {
        {"recursive", 0, FlagType::Bool, "false"},
        {"api-version", 0, FlagType::String, ""},
        {"output", 'o', FlagType::String, "plaintext"},
    };
}

void cmdExplain(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty())
        throw CommandError(
            "You must specify the type of resource to explain. Use \"kubectl api-resources\" "
            "for a complete list of supported resources.\n\nerror: Required resource not "
            "specified.\nSee 'kubectl explain -h' for help and examples");
    if (args.positional.size() > 1)
        throw clientError("We accept only this format: explain RESOURCE");
    const std::string text = args.positional[0];
    // "deployment.spec.strategy": the resource is the longest dotted prefix that resolves,
    // so group-qualified names ("deployments.apps.spec") work too.
    const model::KindInfo* kind = nullptr;
    std::string path;
    const std::vector<std::string> parts = split(text, '.');
    for (size_t n = parts.size(); n >= 1 && !kind; --n) {
        std::vector<std::string> head(parts.begin(), parts.begin() + long(n));
        kind = model::resolveResource(join(head, "."));
        if (kind)
            path = join(std::vector<std::string>(parts.begin() + long(n), parts.end()), ".");
    }
    if (!kind)
        throw clientError("the server doesn't have a resource type " + quote(parts[0]));
    std::string out, error;
    if (!model::explain(kind->group, kind->kind, path, args.boolean("recursive"), &out, &error))
        throw clientError(error);
    ctx.out(out);
}

} // namespace kubelab::kubectl
