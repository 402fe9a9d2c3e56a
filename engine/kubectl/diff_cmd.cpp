// `kubectl diff -f`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/
// diff): each manifest's live object against what applying it would store, found with the
// same patch apply sends (apply_cmd.h) as a server-side dry run. kubectl writes both as
// YAML into /tmp/LIVE-<n>/ and /tmp/MERGED-<n>/ and runs `diff -u -N` on the directories;
// we print what that prints. Exit code 1 when something differs, 0 when nothing does.
#include <cstdio>

#include "engine/kubectl/apply_cmd.h"
#include "engine/kubectl/apply_patch.h"
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/targets.h"
#include "engine/kubectl/unified_diff.h"
#include "engine/model/decode.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdDiffFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"recursive", 'R', FlagType::Bool, "false"},
        {"server-side", 0, FlagType::Bool, "false"},
        {"field-manager", 0, FlagType::String, "kubectl-client-side-apply"},
        {"show-managed-fields", 0, FlagType::Bool, "false"},
    };
}

namespace {

// What kubectl writes to each file: the object as YAML, managedFields dropped.
std::string diffText(Json object, bool managedFields)
{
    if (object.is_null())
        return "";
    if (!managedFields && object.contains("metadata"))
        object["metadata"].erase("managedFields");
    return model::toYaml(object);
}

// The stamp diff -u puts on a file line, from the virtual clock.
std::string fileStamp(sim::Time now)
{
    std::string t = sim::formatTimestamp(now); // 2024-05-13T10:31:16Z
    char nanos[16];
    std::snprintf(nanos, sizeof nanos, "%09lld", static_cast<long long>(now % sim::kSecond));
    return t.substr(0, 10) + " " + t.substr(11, 8) + "." + nanos + " +0000";
}

} // namespace

void cmdDiff(Context& ctx, const ParsedArgs& args)
{
    if (args.boolean("server-side"))
        throw clientError("server-side apply is not available in KubeLab's kubectl; "
                          "drop --server-side to diff against client-side apply");
    const std::vector<std::string> files = args.all("filename");
    if (files.empty())
        throw clientError("must specify one of -f and -k");
    std::vector<Manifest> manifests = readManifests(ctx, files);
    // os.MkdirTemp's random suffixes, made from the clock so runs repeat.
    const sim::Time now = ctx.now();
    const std::string liveDir = "/tmp/LIVE-" + std::to_string(1000000000 + now % 999999937);
    const std::string mergedDir =
        "/tmp/MERGED-" + std::to_string(1000000000 + (now * 7 + 13) % 999999929);
    bool differs = false;
    for (Manifest& m : manifests) {
        setManifestNamespace(ctx, m);
        const model::KindInfo& kind = *m.kind;
        const std::string name = str(m.object, "metadata.name");
        const std::string ns = str(m.object, "metadata.namespace");
        const Json modified = appliedConfiguration(m.object);
        api::Response live = ctx.call(makeRequest("get", kind, ns, name));
        if (!live.ok() && live.code != 404)
            throw CommandError(statusErrorText(live.body));
        api::Request req = makeRequest(live.code == 404 ? "create" : "patch", kind, ns,
                                       live.code == 404 ? "" : name);
        req.dryRun = true;
        req.fieldManager = args.get("field-manager");
        if (live.code == 404) {
            req.body = modified;
        } else {
            req.body = threeWayMergePatch(originalConfiguration(live.body), modified, live.body);
            req.patchType = "application/merge-patch+json";
        }
        api::Response merged = ctx.call(req);
        if (!merged.ok())
            throw CommandError(statusErrorText(merged.body));
        const bool managed = args.boolean("show-managed-fields");
        const std::string from = live.code == 404 ? "" : diffText(live.body, managed);
        const std::string to = diffText(merged.body, managed);
        const std::string hunks = unifiedDiff(from, to);
        if (hunks.empty())
            continue;
        differs = true;
        const std::string file = (kind.group.empty() ? "" : kind.group + ".") + kind.version + "." +
                                 kind.kind + "." + ns + "." + name;
        const std::string stamp = fileStamp(now);
        ctx.out("diff -u -N " + liveDir + "/" + file + " " + mergedDir + "/" + file + "\n" +
                "--- " + liveDir + "/" + file + "\t" + stamp + "\n" + "+++ " + mergedDir + "/" +
                file + "\t" + stamp + "\n" + hunks);
    }
    if (differs)
        ctx.result.exitCode = 1;
}

} // namespace kubelab::kubectl
