// `kubectl rollout history|pause|resume|restart|status|undo`, following kubectl release
// 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/rollout and pkg/polymorphichelpers). History
// and undo read a Deployment's ReplicaSets; StatefulSet and DaemonSet history lives in
// ControllerRevisions, which KubeLab does not model, so those two say so.
#include <algorithm>
#include <set>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/describe/workload_describers.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/polling.h"
#include "engine/kubectl/rollout/history_viewer.h"
#include "engine/kubectl/rollout/status_viewer.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

namespace {

const char* const kHashLabel = "pod-template-hash";
const char* const kRestartedAt = "kubectl.kubernetes.io/restartedAt";

// Flags each subcommand declares; pflag rejects the others.
const std::map<std::string, std::set<std::string>>& subcommandFlags()
{
    static const std::map<std::string, std::set<std::string>> table = {
        {"history", {"revision", "output", "selector", "filename"}},
        {"pause", {"output", "selector", "filename", "field-manager"}},
        {"restart", {"output", "selector", "filename", "field-manager"}},
        {"resume", {"output", "selector", "filename", "field-manager"}},
        {"status", {"watch", "timeout", "revision", "selector", "filename"}},
        {"undo", {"to-revision", "output", "selector", "filename", "dry-run"}},
    };
    return table;
}

bool isDeployment(const model::KindInfo& k)
{
    return k.groupResource() == "deployments.apps";
}

// The objects a rollout subcommand acts on: named ones, or every object of a named kind
// (narrowed by -l), as ResourceTypeOrNameArgs(true, ...) selects them.
std::vector<Target> rolloutTargets(Context& ctx, const ParsedArgs& args,
                                   const std::vector<std::string>& resourceArgs)
{
    if (resourceArgs.empty() && args.all("filename").empty())
        throw clientError("required resource not specified");
    if (!args.all("filename").empty())
        return collectTargets(ctx, args, resourceArgs, false);
    bool multiple = false;
    std::vector<Target> out;
    for (const Target& t : resolveTargets(resourceArgs, &multiple)) {
        if (!t.name.empty()) {
            out.push_back(t);
            continue;
        }
        for (Target& named : listTargets(ctx, t, args.get("selector")))
            out.push_back(std::move(named));
    }
    return out;
}

std::vector<Json> ownedReplicaSets(Context& ctx, const Json& deployment)
{
    api::Request req = makeRequest("list", *model::kindByResource("apps", "replicasets"),
                                   str(deployment, "metadata.namespace"));
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw clientError("failed to retrieve replica sets from deployment " +
                          str(deployment, "metadata.name") + ": " + statusErrorText(r.body));
    std::vector<Json> out;
    for (const Json& rs : r.body.value("items", Json::array()))
        out.push_back(rs);
    return out;
}

Json withoutHash(Json podTemplate)
{
    if (at(podTemplate, "metadata.labels").is_object())
        podTemplate["metadata"]["labels"].erase(kHashLabel);
    return podTemplate;
}

void history(Context& ctx, const ParsedArgs& args, const Target& t)
{
    if (!isDeployment(*t.kind)) {
        const std::string gr = t.kind->groupResource();
        if (gr == "statefulsets.apps" || gr == "daemonsets.apps")
            throw clientError("rollout history for " + t.kind->resource +
                              " reads "
                              "ControllerRevisions, which KubeLab does not model yet");
        throw clientError("no history viewer has been implemented for " +
                          quote(t.kind->groupKind()));
    }
    const std::int64_t revision = args.integer("revision");
    if (revision < 0)
        throw clientError("revision must be a positive integer: " + args.get("revision"));
    api::Response d = ctx.call(makeRequest("get", *t.kind, targetNamespace(ctx, t), t.name));
    if (!d.ok())
        throw clientError("failed to retrieve deployment " + t.name + ": " +
                          statusErrorText(d.body));
    const std::string text =
        deploymentHistory(deploymentRevisions(d.body, ownedReplicaSets(ctx, d.body)), revision);
    const std::string with = revision > 0 ? "with revision #" + std::to_string(revision) : "";
    // NamePrinter with the operation "<with>\n<history>": hence the space before the break.
    ctx.out(resourceName(*t.kind, t.name) + " " + with + "\n" + text + "\n");
}

void undo(Context& ctx, const ParsedArgs& args, const Target& t)
{
    if (!isDeployment(*t.kind)) {
        const std::string gr = t.kind->groupResource();
        if (gr == "statefulsets.apps" || gr == "daemonsets.apps")
            throw clientError("rollout undo for " + t.kind->resource +
                              " reads "
                              "ControllerRevisions, which KubeLab does not model yet");
        throw clientError("no rollbacker has been implemented for " + quote(t.kind->groupKind()));
    }
    const std::int64_t toRevision = args.integer("to-revision");
    if (toRevision < 0)
        throw clientError("unable to find specified revision " + std::to_string(toRevision) +
                          " in history");
    const std::string ns = targetNamespace(ctx, t);
    api::Response d = ctx.call(makeRequest("get", *t.kind, ns, t.name));
    if (!d.ok())
        throw clientError("failed to retrieve Deployment " + t.name + ": " +
                          statusErrorText(d.body));
    const Json& deployment = d.body;
    auto revisions = deploymentRevisions(deployment, ownedReplicaSets(ctx, deployment));
    const Json* target = nullptr;
    if (toRevision > 0) {
        auto it = revisions.find(toRevision);
        if (it == revisions.end())
            throw clientError("unable to find specified revision " + std::to_string(toRevision) +
                              " in history");
        target = &it->second;
    } else if (revisions.size() >= 2) {
        target = &std::prev(revisions.end(), 2)->second; // the second newest
    } else {
        throw clientError("no rollout history found for deployment " + quote(t.name));
    }
    const std::string dryRun = args.get("dry-run");
    Json podTemplate = at(*target, "spec.template");
    if (dryRun == "client") {
        PrefixWriter w;
        describePodTemplate(w, podTemplate);
        ctx.out(resourceName(*t.kind, t.name) + " " + w.raw() + "\n");
        return;
    }
    if (flag(deployment, "spec.paused"))
        throw clientError("you cannot rollback a paused deployment; resume it first with "
                          "'kubectl rollout resume deployment/" +
                          t.name + "' and try again");
    if (withoutHash(podTemplate) == withoutHash(at(deployment, "spec.template"))) {
        ctx.out(resourceName(*t.kind, t.name) +
                " skipped rollback (current template already "
                "matches revision " +
                std::to_string(toRevision) + ")\n");
        return;
    }
    podTemplate = withoutHash(podTemplate);
    // The Deployment keeps its own bookkeeping annotations and takes the others (the
    // change-cause above all) from the ReplicaSet it rolls back to.
    static const std::set<std::string> skip = {"kubectl.kubernetes.io/last-applied-configuration",
                                               kRevisionAnnotation,
                                               "deployment.kubernetes.io/revision-history",
                                               "deployment.kubernetes.io/desired-replicas",
                                               "deployment.kubernetes.io/max-replicas",
                                               "deprecated.deployment.rollback.to"};
    Json annotations = Json::object();
    const Json& own = at(deployment, "metadata.annotations");
    if (own.is_object())
        for (auto it = own.begin(); it != own.end(); ++it)
            if (skip.count(it.key()))
                annotations[it.key()] = *it;
    const Json& theirs = at(*target, "metadata.annotations");
    if (theirs.is_object())
        for (auto it = theirs.begin(); it != theirs.end(); ++it)
            if (!skip.count(it.key()))
                annotations[it.key()] = *it;
    api::Request req = makeRequest("patch", *t.kind, ns, t.name);
    req.patchType = "application/json-patch+json";
    const std::string op = own.is_object() ? "replace" : "add";
    req.body =
        Json::array({{{"op", "replace"}, {"path", "/spec/template"}, {"value", podTemplate}},
                     {{"op", op}, {"path", "/metadata/annotations"}, {"value", annotations}}});
    req.dryRun = dryRun == "server";
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw clientError("failed restoring revision " + std::to_string(toRevision) + ": " +
                          statusErrorText(r.body));
    ctx.out(resourceName(*t.kind, t.name) + " rolled back" +
            (dryRun == "server" ? " (server dry run)" : "") + "\n");
}

// pause, resume and restart: compute the change locally, then patch, as kubectl's
// set.CalculatePatches does; errors name the resource as "deployments.apps \"web\"".
void pauseResumeRestart(Context& ctx, const std::string& sub, const Target& t)
{
    const std::string ns = targetNamespace(ctx, t);
    api::Response cur = ctx.call(makeRequest("get", *t.kind, ns, t.name));
    if (!cur.ok()) {
        ctx.fail(statusErrorText(cur.body));
        return;
    }
    const std::string who = t.kind->groupResource() + " " + quote(t.name) + " ";
    const bool paused = flag(cur.body, "spec.paused");
    const std::string gr = t.kind->groupResource();
    Json patch;
    std::string done;
    if (sub == "pause" || sub == "resume") {
        if (!isDeployment(*t.kind)) {
            ctx.fail("error: " + who + (sub == "pause" ? "pausing" : "resuming") +
                     " is not supported");
            return;
        }
        if (sub == "pause" && paused) {
            ctx.fail("error: " + who + "is already paused");
            return;
        }
        if (sub == "resume" && !paused) {
            ctx.fail("error: " + who + "is not paused");
            return;
        }
        // false is the zero value kubectl omits, so resuming removes the field.
        patch = {{"spec", {{"paused", sub == "pause" ? Json(true) : Json(nullptr)}}}};
        done = sub == "pause" ? "paused" : "resumed";
    } else {
        if (gr != "deployments.apps" && gr != "daemonsets.apps" && gr != "statefulsets.apps") {
            ctx.fail("error: " + who + "restarting is not supported");
            return;
        }
        if (isDeployment(*t.kind) && paused) {
            ctx.fail("error: " + who +
                     "can't restart paused deployment (run rollout resume "
                     "first)");
            return;
        }
        // kubectl stamps time.Now() in RFC 3339; KubeLab's clock is the virtual one.
        const std::string stamp = sim::formatTimestamp(ctx.now());
        const Json& existing = at(cur.body, "spec.template.metadata.annotations");
        if (existing.is_object() && existing.value(kRestartedAt, "") == stamp) {
            ctx.fail("error: failed to create patch for " + t.name +
                     ": if restart has already "
                     "been triggered within the past second, please wait before attempting to "
                     "trigger another");
            return;
        }
        patch = {
            {"spec", {{"template", {{"metadata", {{"annotations", {{kRestartedAt, stamp}}}}}}}}}};
        done = "restarted";
    }
    api::Request req = makeRequest("patch", *t.kind, ns, t.name);
    req.patchType = "application/strategic-merge-patch+json";
    req.body = patch;
    api::Response r = ctx.call(req);
    if (!r.ok()) {
        ctx.fail("error: failed to patch: " + statusErrorText(r.body));
        return;
    }
    ctx.out(resourceName(*t.kind, t.name) + " " + done + "\n");
}

// `rollout status` (pkg/cmd/rollout/rollout_status.go): kubectl watches the object and
// prints the status line on every change; we poll once a virtual second and print when
// the object's resourceVersion moved, which is what a watch event means.
void status(Context& ctx, const ParsedArgs& args, const Target& target)
{
    const sim::Duration timeout = durationFlag(args, "timeout", "rollout status");
    const bool watch = args.get("watch") != "false";
    const std::int64_t revision = args.integer("revision");
    if (revision < 0)
        throw clientError("revision must be a positive integer: " + args.get("revision"));
    const std::string ns = targetNamespace(ctx, target);
    // Rejects kinds without a viewer before talking to the server, as kubectl does.
    if (target.kind->groupResource() != "deployments.apps" &&
        target.kind->groupResource() != "daemonsets.apps" &&
        target.kind->groupResource() != "statefulsets.apps")
        throw clientError("no status viewer has been implemented for " + target.kind->groupKind());
    const sim::Time deadline = ctx.now() + (timeout > 0 ? timeout : kMaxWait);
    std::string lastVersion;
    bool first = true;
    while (true) {
        api::Response r = ctx.call(makeRequest("get", *target.kind, ns, target.name));
        if (!r.ok()) {
            if (!first && r.code == 404)
                throw clientError("object has been deleted");
            throw CommandError(statusErrorText(r.body));
        }
        first = false;
        const std::string version = str(r.body, "metadata.resourceVersion");
        if (version != lastVersion) {
            lastVersion = version;
            RolloutStatus s = rolloutStatus(*target.kind, r.body, revision);
            ctx.out(s.message);
            if (s.done || !watch)
                return;
        }
        if (ctx.now() >= deadline)
            throw clientError("timed out waiting for the condition");
        sleepFor(ctx, std::min(kPollInterval, deadline - ctx.now()));
    }
}

const char* const kRolloutHelp =
    "Manage the rollout of one or many resources.\n\n"
    " Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\n"
    "Available Commands:\n"
    "  history       View rollout history\n"
    "  pause         Mark the provided resource as paused\n"
    "  restart       Restart a resource\n"
    "  resume        Resume a paused resource\n"
    "  status        Show the status of the rollout\n"
    "  undo          Undo a previous rollout\n\n"
    "Usage:\n  kubectl rollout SUBCOMMAND [options]\n";

} // namespace

std::vector<FlagSpec> cmdRolloutFlags()
{
    return {
        {"watch", 'w', FlagType::Bool, "true"},
        {"timeout", 0, FlagType::String, "0s"},
        {"revision", 0, FlagType::Int, "0"},
        {"to-revision", 0, FlagType::Int, "0"},
        {"selector", 'l', FlagType::String, ""},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"field-manager", 0, FlagType::String, "kubectl-rollout"},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

void cmdRollout(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty()) {
        ctx.out(kRolloutHelp);
        return;
    }
    const std::string sub = args.positional[0];
    auto allowed = subcommandFlags().find(sub);
    if (allowed == subcommandFlags().end())
        throw CommandError("error: unknown command " + quote(join(args.positional, " ")) +
                           "\nSee 'kubectl rollout -h' for help and examples");
    for (const FlagSpec& f : cmdRolloutFlags())
        if (args.has(f.name) && !allowed->second.count(f.name))
            throw CommandError("Error: unknown flag: --" + f.name + "\nSee 'kubectl rollout " +
                               sub + " --help' for usage.");
    const std::vector<std::string> rest(args.positional.begin() + 1, args.positional.end());
    const std::vector<Target> targets = rolloutTargets(ctx, args, rest);
    for (const Target& t : targets) {
        if (sub == "status")
            status(ctx, args, t);
        else if (sub == "history")
            history(ctx, args, t);
        else if (sub == "undo")
            undo(ctx, args, t);
        else
            pauseResumeRestart(ctx, sub, t);
    }
}

} // namespace kubelab::kubectl
