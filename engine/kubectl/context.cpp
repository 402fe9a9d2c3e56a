#include "engine/kubectl/context.h"

#include "engine/model/decode.h"
#include "engine/model/json_view.h"

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
        {"namespace", 'n', FlagType::String, ""},
        {"context", 0, FlagType::String, ""},
        {"kubeconfig", 0, FlagType::String, ""},
        {"request-timeout", 0, FlagType::String, "0"},
        {"v", 'v', FlagType::Int, "0"},
        {"help", 'h', FlagType::Bool, "false"},
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

std::vector<Manifest> readManifests(Context& ctx, const std::vector<std::string>& files)
{
    std::vector<Manifest> out;
    for (const std::string& file : files) {
        std::string text;
        std::string source = file;
        if (file == "-") {
            text = ctx.env.stdinText;
            source = "STDIN";
        } else {
            auto content = ctx.env.readFile ? ctx.env.readFile(file) : std::nullopt;
            if (!content)
                throw clientError("the path " + quote(file) + " does not exist");
            text = *content;
        }
        std::vector<model::Document> docs;
        try {
            docs = model::decodeDocuments(text, source);
        } catch (const model::DecodeError& e) {
            throw clientError(e.what());
        }
        for (const model::Document& doc : docs) {
            try {
                model::requireTypeMeta(doc, source);
            } catch (const model::DecodeError& e) {
                throw clientError(e.what());
            }
            const std::string apiVersion = doc.object.value("apiVersion", "");
            const std::string kindName = doc.object.value("kind", "");
            const model::KindInfo* kind = model::kindByApiVersionKind(apiVersion, kindName);
            if (!kind) {
                const Json& meta = model::objectAt(doc.object, "metadata");
                std::string name = meta.is_object() ? meta.value("name", "") : "";
                std::string ns = meta.is_object() ? meta.value("namespace", "") : "";
                throw CommandError("error: resource mapping not found for name: " + quote(name)
                                   + " namespace: " + quote(ns) + " from " + quote(source)
                                   + ": no matches for kind " + quote(kindName)
                                   + " in version " + quote(apiVersion)
                                   + "\nensure CRDs are installed first");
            }
            out.push_back({doc.object, source, kind});
        }
    }
    return out;
}

} // namespace kubelab::kubectl
