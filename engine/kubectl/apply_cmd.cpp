// `kubectl apply -f` (client-side), following kubectl release 1.32
// (staging/src/k8s.io/kubectl/pkg/cmd/apply): created / configured / unchanged.
#include "engine/kubectl/apply_patch.h"

#include <functional>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/table_printer.h"

namespace kubelab::kubectl {

std::string lastAppliedValue(const Json& manifest)
{
    Json copy = manifest;
    if (copy.contains("metadata") && copy["metadata"].is_object()) {
        Json& meta = copy["metadata"];
        if (meta.contains("annotations") && meta["annotations"].is_object()) {
            meta["annotations"].erase(kLastAppliedAnnotation);
            if (meta["annotations"].empty())
                meta.erase("annotations");
        }
    }
    return copy.dump() + "\n";
}

namespace {

// Keys of `original` missing from `modified` become null (deletions), recursively.
void addDeletions(const Json& original, const Json& modified, Json* patch)
{
    if (!original.is_object() || !modified.is_object())
        return;
    for (auto it = original.begin(); it != original.end(); ++it) {
        auto m = modified.find(it.key());
        if (m == modified.end()) {
            (*patch)[it.key()] = nullptr;
        } else if (it->is_object() && m->is_object()) {
            Json sub = patch->contains(it.key()) ? (*patch)[it.key()] : Json::object();
            addDeletions(*it, *m, &sub);
            if (!sub.empty())
                (*patch)[it.key()] = sub;
        }
    }
}

void addChanges(const Json& current, const Json& modified, Json* patch);

// True when every element of `modified` is already in `current` at the same position,
// server-filled fields aside (containers gain imagePullPolicy, ports gain protocol...).
// Strategic merge compares such lists element by element; without this, every re-apply
// of a Deployment would report "configured" and bump its generation.
bool listsEquivalent(const Json& current, const Json& modified)
{
    if (current.size() != modified.size())
        return false;
    for (size_t i = 0; i < modified.size(); ++i) {
        if (current[i].is_object() && modified[i].is_object()) {
            Json sub = Json::object();
            addChanges(current[i], modified[i], &sub);
            if (!sub.empty())
                return false;
        } else if (current[i] != modified[i]) {
            return false;
        }
    }
    return true;
}

// Fields of `modified` that `current` lacks or holds differently. A changed list is sent
// whole: the patch is a JSON merge patch, which replaces lists.
void addChanges(const Json& current, const Json& modified, Json* patch)
{
    for (auto it = modified.begin(); it != modified.end(); ++it) {
        const Json* cur = current.is_object() && current.contains(it.key())
            ? &current[it.key()]
            : nullptr;
        if (cur && *cur == *it)
            continue;
        if (cur && cur->is_array() && it->is_array() && listsEquivalent(*cur, *it))
            continue;
        if (cur && cur->is_object() && it->is_object()) {
            Json sub = Json::object();
            addChanges(*cur, *it, &sub);
            if (!sub.empty())
                (*patch)[it.key()] = sub;
        } else {
            (*patch)[it.key()] = *it;
        }
    }
}

} // namespace

Json threeWayMergePatch(const Json& original, const Json& modified, const Json& current)
{
    Json patch = Json::object();
    addChanges(current, modified, &patch);
    Json deletions = Json::object();
    addDeletions(original, modified, &deletions);
    // Deletions win only where the change pass said nothing.
    std::function<void(const Json&, Json*)> merge = [&](const Json& del, Json* into) {
        for (auto it = del.begin(); it != del.end(); ++it) {
            if (!into->contains(it.key()))
                (*into)[it.key()] = *it;
            else if (it->is_object() && (*into)[it.key()].is_object())
                merge(*it, &(*into)[it.key()]);
        }
    };
    merge(deletions, &patch);
    return patch;
}

std::vector<FlagSpec> applyFlags()
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

std::string dryRunSuffix(const std::string& dryRun)
{
    if (dryRun == "client")
        return " (dry run)";
    if (dryRun == "server")
        return " (server dry run)";
    return "";
}

std::string checkDryRun(const std::string& v)
{
    if (v == "none" || v == "client" || v == "server")
        return v;
    if (v == "unchanged")
        throw clientError("--dry-run flag without a value was specified. A value must be set: "
                          "\"none\", \"server\", or \"client\".");
    throw clientError("Invalid dry-run value (" + v
                      + "). Must be \"none\", \"server\", or \"client\".");
}

// Sets metadata.namespace as kubectl's builder does, refusing a clash with -n.
void setNamespace(Context& ctx, Manifest& m)
{
    if (!m.kind->namespaced) {
        if (m.object.contains("metadata") && m.object["metadata"].is_object())
            m.object["metadata"].erase("namespace");
        return;
    }
    const std::string own = str(m.object, "metadata.namespace");
    if (!own.empty() && ctx.nsExplicit && own != ctx.ns)
        throw clientError("the namespace from the provided object " + quote(own)
                          + " does not match the namespace " + quote(ctx.ns)
                          + ". You must pass '--namespace=" + own
                          + "' to perform this operation.");
    if (own.empty())
        m.object["metadata"]["namespace"] = ctx.ns;
}

std::string patchContext(const Json& patch, const Manifest& m)
{
    const model::KindInfo& k = *m.kind;
    const std::string gv = k.apiVersion();
    return "applying patch:\n" + patch.dump() + "\nto:\nResource: \"" + gv + ", Resource="
        + k.resource + "\", GroupVersionKind: \"" + gv + ", Kind=" + k.kind + "\"\nName: "
        + quote(str(m.object, "metadata.name")) + ", Namespace: "
        + quote(str(m.object, "metadata.namespace")) + "\nfor:";
}

} // namespace

void runApply(Context& ctx, const ParsedArgs& args)
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
        setNamespace(ctx, m);
        const model::KindInfo& kind = *m.kind;
        const std::string name = str(m.object, "metadata.name");
        const std::string ns = str(m.object, "metadata.namespace");
        const std::string applied = lastAppliedValue(m.object);
        Json modified = m.object;
        modified["metadata"]["annotations"][kLastAppliedAnnotation] = applied;
        const std::string display = resourceName(kind, name);

        api::Response live = ctx.call(makeRequest("get", kind, ns, name));
        if (!live.ok() && live.code != 404) {
            ctx.fail(statusErrorText(live.body,
                "retrieving current configuration of:\n"
                "Resource: \""
                    + kind.apiVersion() + ", Resource=" + kind.resource
                    + "\", GroupVersionKind: \"" + kind.apiVersion() + ", Kind=" + kind.kind
                    + "\"\nName: " + quote(name) + ", Namespace: " + quote(ns)
                    + "\nfrom server for:",
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
            const Json& annotations = at(live.body, "metadata.annotations");
            Json original;
            if (annotations.is_object() && annotations.contains(kLastAppliedAnnotation)) {
                original = Json::parse(annotations[kLastAppliedAnnotation].get<std::string>(),
                                       nullptr, false);
                if (original.is_discarded())
                    original = Json();
            } else {
                ctx.result.err += "Warning: resource " + kind.resource + "/" + name
                    + " is missing the " + kLastAppliedAnnotation
                    + " annotation which is required by kubectl apply. kubectl apply should "
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
