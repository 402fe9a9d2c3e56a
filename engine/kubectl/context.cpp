#include "engine/kubectl/context.h"

namespace kubelab::kubectl {

api::Response Context::call(const api::Request& request)
{
    if (!env.client)
        throw clientError("no API server to talk to");
    return env.client->call(request);
}

std::vector<FlagSpec> globalFlags()
{
    return {
        {"namespace", 'n', FlagType::String, ""}, {"context", 0, FlagType::String, ""},
        {"kubeconfig", 0, FlagType::String, ""},  {"request-timeout", 0, FlagType::String, "0"},
        {"v", 'v', FlagType::Int, "0"},           {"help", 'h', FlagType::Bool, "false"},
    };
}

const model::KindInfo& resolveKind(const std::string& text)
{
    const model::KindInfo* kind = model::resolveResource(text);
    if (!kind)
        throw clientError("the server doesn't have a resource type " + quote(text));
    return *kind;
}

api::Request makeRequest(const std::string& verb, const model::KindInfo& kind,
                         const std::string& ns, const std::string& name)
{
    api::Request r;
    r.verb = verb;
    r.group = kind.group;
    r.version = kind.version;
    r.resource = kind.resource;
    r.ns = kind.namespaced ? ns : "";
    r.name = name;
    return r;
}

std::string namespaceFor(const Context& ctx, const model::KindInfo& kind)
{
    return kind.namespaced ? ctx.ns : std::string();
}

Json withTypeMeta(Json object, const model::KindInfo& kind)
{
    if (object.is_object()) {
        if (!object.contains("apiVersion"))
            object["apiVersion"] = kind.apiVersion();
        if (!object.contains("kind"))
            object["kind"] = kind.kind;
    }
    return object;
}

} // namespace kubelab::kubectl
