#include "engine/kubectl/targets.h"

#include <algorithm>

#include "engine/kubectl/object_util.h"
#include "engine/model/decode.h"
#include "engine/model/json_view.h"

namespace kubelab::kubectl {

namespace {

const model::KindInfo& nodeKind()
{
    return *model::kindByResource("", "nodes");
}

} // namespace

std::vector<Target> resolveTargets(const std::vector<std::string>& args, bool* multipleKinds)
{
    std::vector<Target> targets;
    *multipleKinds = false;
    if (args.empty())
        return targets;
    const bool slashForm = args[0].find('/') != std::string::npos;
    if (slashForm) {
        const model::KindInfo* first = nullptr;
        for (const std::string& a : args) {
            auto slash = a.find('/');
            if (slash == std::string::npos)
                throw clientError(
                    "there is no need to specify a resource type as a separate argument when "
                    "passing arguments in resource/name form (e.g. 'kubectl get "
                    "resource/<resource_name>' instead of 'kubectl get resource "
                    "resource/<resource_name>'");
            const model::KindInfo& k = resolveKind(a.substr(0, slash));
            if (first && first != &k)
                *multipleKinds = true;
            first = &k;
            targets.push_back({&k, a.substr(slash + 1)});
        }
        return targets;
    }
    for (size_t i = 1; i < args.size(); ++i)
        if (args[i].find('/') != std::string::npos)
            throw clientError(
                "there is no need to specify a resource type as a separate argument when "
                "passing arguments in resource/name form (e.g. 'kubectl get "
                "resource/<resource_name>' instead of 'kubectl get resource "
                "resource/<resource_name>'");
    std::vector<const model::KindInfo*> kinds;
    for (const std::string& t : split(args[0], ',')) {
        if (t == "all") {
            // The "all" category, in kubectl's discovery order.
            static const char* const order[] = {"pods",
                                                "services",
                                                "daemonsets.apps",
                                                "deployments.apps",
                                                "replicasets.apps",
                                                "statefulsets.apps",
                                                "jobs.batch"};
            for (const char* gr : order)
                for (const model::KindInfo& k : model::allKinds())
                    if (k.groupResource() == gr) {
                        auto cats = model::kindCategories(k);
                        if (std::find(cats.begin(), cats.end(), "all") != cats.end())
                            kinds.push_back(&k);
                    }
            *multipleKinds = true;
            continue;
        }
        kinds.push_back(&resolveKind(t));
    }
    if (split(args[0], ',').size() > 1)
        *multipleKinds = true;
    for (const model::KindInfo* k : kinds) {
        if (args.size() == 1)
            targets.push_back({k, ""});
        for (size_t i = 1; i < args.size(); ++i)
            targets.push_back({k, args[i]});
    }
    return targets;
}

std::string targetNamespace(const Context& ctx, const Target& target)
{
    if (!target.kind->namespaced)
        return {};
    return target.ns.empty() ? ctx.ns : target.ns;
}

std::vector<Target> listTargets(Context& ctx, const Target& kind, const std::string& selector,
                                const std::string& fieldSelector)
{
    api::Request req = makeRequest("list", *kind.kind, targetNamespace(ctx, kind));
    req.labelSelector = selector;
    req.fieldSelector = fieldSelector;
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw CommandError(statusErrorText(r.body));
    std::vector<Target> out;
    for (const Json& item : r.body.value("items", Json::array()))
        out.push_back({kind.kind, str(item, "metadata.name")});
    return out;
}

std::vector<Target> collectTargets(Context& ctx, const ParsedArgs& args,
                                   const std::vector<std::string>& resourceArgs, bool allowAll)
{
    std::vector<Target> targets;
    const std::vector<std::string> files = args.all("filename");
    if (!files.empty()) {
        for (const Manifest& m : readManifests(ctx, files))
            targets.push_back(
                {m.kind, str(m.object, "metadata.name"), str(m.object, "metadata.namespace")});
        return targets;
    }
    if (resourceArgs.empty())
        throw CommandError("error: You must provide one or more resources by argument or "
                           "filename.\nExample resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n   '<resource>'");
    bool multiple = false;
    std::vector<Target> named = resolveTargets(resourceArgs, &multiple);
    const std::string fields = args.has("field-selector") ? args.get("field-selector") : "";
    const bool selecting =
        allowAll && (args.boolean("all") || !args.get("selector").empty() || !fields.empty());
    for (const Target& t : named) {
        if (!t.name.empty()) {
            targets.push_back(t);
            continue;
        }
        if (!selecting)
            throw clientError("resource(s) were provided, but no name was specified");
        for (Target& named : listTargets(ctx, t, args.get("selector"), fields))
            targets.push_back(std::move(named));
    }
    return targets;
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
                throw CommandError("error: resource mapping not found for name: " + quote(name) +
                                   " namespace: " + quote(ns) + " from " + quote(source) +
                                   ": no matches for kind " + quote(kindName) + " in version " +
                                   quote(apiVersion) + "\nensure CRDs are installed first");
            }
            out.push_back({doc.object, source, kind});
        }
    }
    return out;
}

std::vector<Json> selectNodes(Context& ctx, const ParsedArgs& args,
                              const std::vector<std::string>& names, const std::string& usage)
{
    const std::string selector = args.get("selector");
    if (names.empty() && selector.empty())
        throw CommandError("error: USAGE: " + usage + " [flags]\nSee 'kubectl " +
                           split(usage, ' ')[0] + " -h' for help and examples");
    if (!names.empty() && !selector.empty())
        throw clientError("cannot specify both a node name and a --selector option");
    std::vector<Json> nodes;
    if (names.empty()) {
        api::Request req = makeRequest("list", nodeKind(), "");
        req.labelSelector = selector;
        api::Response r = ctx.call(req);
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        for (const Json& n : r.body.value("items", Json::array()))
            nodes.push_back(n);
        return nodes;
    }
    for (std::string name : names) {
        const auto slash = name.find('/');
        if (slash != std::string::npos) {
            const model::KindInfo& k = resolveKind(name.substr(0, slash));
            if (&k != &nodeKind())
                throw clientError("error: expected resource of type node, got " +
                                  quote(k.resource));
            name = name.substr(slash + 1);
        }
        api::Response r = ctx.call(makeRequest("get", nodeKind(), "", name));
        if (!r.ok())
            throw CommandError(statusErrorText(r.body));
        nodes.push_back(r.body);
    }
    return nodes;
}

} // namespace kubelab::kubectl
