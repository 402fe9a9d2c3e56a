// `kubectl apply -f` (client-side), following kubectl release 1.32
// (staging/src/k8s.io/kubectl/pkg/cmd/apply): created / configured / unchanged.
#include "engine/kubectl/apply_cmd.h"

#include "engine/kubectl/apply_patch.h"

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdApplyFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"recursive", 'R', FlagType::Bool, "false"},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
        {"validate", 0, FlagType::String, "strict", "strict"},
        {"field-manager", 0, FlagType::String, "kubectl-client-side-apply"},
        {"server-side", 0, FlagType::Bool, "false"},
        {"force-conflicts", 0, FlagType::Bool, "false"},
    };
}

namespace {

std::string checkDryRun(const std::string& v)
{
    if (v == "none" || v == "client" || v == "server")
        return v;
    if (v == "unchanged")
        throw clientError("--dry-run flag without a value was specified. A value must be set: "
                          "\"none\", \"server\", or \"client\".");
    throw clientError("Invalid dry-run value (" + v +
                      "). Must be \"none\", \"server\", or \"client\".");
}

std::string patchContext(const Json& patch, const Manifest& m)
{
    const model::KindInfo& k = *m.kind;
    const std::string gv = k.apiVersion();
    return "applying patch:\n" + patch.dump() + "\nto:\nResource: \"" + gv +
           ", Resource=" + k.resource + "\", GroupVersionKind: \"" + gv + ", Kind=" + k.kind +
           "\"\nName: " + quote(str(m.object, "metadata.name")) +
           ", Namespace: " + quote(str(m.object, "metadata.namespace")) + "\nfor:";
}

} // namespace

void setManifestNamespace(Context& ctx, Manifest& m)
{
    if (!m.kind->namespaced) {
        if (m.object.contains("metadata") && m.object["metadata"].is_object())
            m.object["metadata"].erase("namespace");
        return;
    }
    const std::string own = str(m.object, "metadata.namespace");
    if (!own.empty() && ctx.nsExplicit && own != ctx.ns)
        throw clientError("the namespace from the provided object " + quote(own) +
                          " does not match the namespace " + quote(ctx.ns) +
                          ". You must pass '--namespace=" + own + "' to perform this operation.");
    if (own.empty())
        m.object["metadata"]["namespace"] = ctx.ns;
}

Json appliedConfiguration(const Json& manifest)
{
    Json modified = manifest;
    modified["metadata"]["annotations"][kLastAppliedAnnotation] = lastAppliedValue(manifest);
    return modified;
}

Json originalConfiguration(const Json& live)
{
    const Json& annotations = at(live, "metadata.annotations");
    if (!annotations.is_object() || !annotations.contains(kLastAppliedAnnotation) ||
        !annotations[kLastAppliedAnnotation].is_string())
        return Json();
    Json original =
        Json::parse(annotations[kLastAppliedAnnotation].get<std::string>(), nullptr, false);
    return original.is_discarded() ? Json() : original;
}

void cmdApply(Context& ctx, const ParsedArgs& args)
{
    if (args.boolean("server-side"))
        throw clientError("server-side apply is not available in KubeLab's kubectl; "
                          "drop --server-side to use client-side apply");
    const std::vector<std::string> files = args.all("filename");
    if (files.empty())
        throw clientError("must specify one of -f and -k");
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const std::string dryRun = checkDryRun(args.get("dry-run"));
    std::vector<Manifest> manifests = readManifests(ctx, files);
    for (Manifest& m : manifests) {
        setManifestNamespace(ctx, m);
        const model::KindInfo& kind = *m.kind;
        const std::string name = str(m.object, "metadata.name");
        const std::string ns = str(m.object, "metadata.namespace");
        const Json modified = appliedConfiguration(m.object);
        const std::string display = resourceName(kind, name);

        api::Response live = ctx.call(makeRequest("get", kind, ns, name));
        if (!live.ok() && live.code != 404) {
            ctx.fail(statusErrorText(live.body,
                                     "retrieving current configuration of:\n"
                                     "Resource: \"" +
                                         kind.apiVersion() + ", Resource=" + kind.resource +
                                         "\", GroupVersionKind: \"" + kind.apiVersion() +
                                         ", Kind=" + kind.kind + "\"\nName: " + quote(name) +
                                         ", Namespace: " + quote(ns) + "\nfrom server for:",
                                     m.source));
            continue;
        }
        Json result;
        std::string verbWord;
        if (live.code == 404) {
            if (dryRun != "client") {
                api::Request req = makeRequest("create", kind, ns);
                req.body = modified;
                req.dryRun = dryRun == "server";
                req.fieldManager = args.get("field-manager");
                api::Response r = ctx.call(req);
                if (!r.ok()) {
                    ctx.fail(statusErrorText(r.body, "creating", m.source));
                    continue;
                }
                result = r.body;
            } else {
                result = modified;
            }
            verbWord = "created";
        } else {
            const Json original = originalConfiguration(live.body);
            const Json& annotations = at(live.body, "metadata.annotations");
            if (!annotations.is_object() || !annotations.contains(kLastAppliedAnnotation)) {
                ctx.result.err +=
                    "Warning: resource " + kind.resource + "/" + name + " is missing the " +
                    kLastAppliedAnnotation +
                    " annotation which is required by kubectl apply. kubectl apply should "
                    "only be used on resources created declaratively by either kubectl "
                    "create --save-config or kubectl apply. The missing annotation will be "
                    "patched automatically.\n";
            }
            Json patch = threeWayMergePatch(original, modified, live.body);
            if (patch.empty()) {
                verbWord = "unchanged";
                result = live.body;
            } else if (dryRun == "client") {
                verbWord = "configured";
                result = live.body;
                result.merge_patch(patch);
            } else {
                api::Request req = makeRequest("patch", kind, ns, name);
                req.body = patch;
                req.patchType = "application/merge-patch+json";
                req.dryRun = dryRun == "server";
                req.fieldManager = args.get("field-manager");
                api::Response r = ctx.call(req);
                if (!r.ok()) {
                    ctx.fail(statusErrorText(r.body, patchContext(patch, m), m.source));
                    continue;
                }
                result = r.body;
                verbWord = "configured";
            }
        }
        if (format.empty()) {
            ctx.out(display + " " + verbWord + dryRunSuffix(dryRun) + "\n");
        } else {
            std::string out, error;
            if (!printObjects(format, {withTypeMeta(result, kind)}, false, &out, &error))
                throw clientError(error);
            ctx.out(out);
        }
    }
}

} // namespace kubelab::kubectl
