// `kubectl describe KIND [NAME_PREFIX]`: fetches the objects, their events and related
// objects, then prints describeObject() for each, separated as kubectl separates them.
#include <algorithm>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/describe/describer.h"
#include "engine/kubectl/describe/storage_describers.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdDescribeFlags()
{
    return {
        {"selector", 'l', FlagType::String, ""},
        {"all-namespaces", 'A', FlagType::Bool, "false"},
        {"filename", 'f', FlagType::StringSlice, ""},
        {"show-events", 0, FlagType::Bool, "true"},
        {"chunk-size", 0, FlagType::Int, "500"},
    };
}

namespace {

std::vector<Json> listItems(Context& ctx, const model::KindInfo& kind, const std::string& ns,
                            const std::string& labelSelector, const std::string& fieldSelector)
{
    api::Request req = makeRequest("list", kind, ns);
    req.labelSelector = labelSelector;
    req.fieldSelector = fieldSelector;
    api::Response r = ctx.call(req);
    std::vector<Json> out;
    if (r.ok() && r.body.contains("items"))
        for (const Json& i : r.body["items"])
            out.push_back(withTypeMeta(i, kind));
    return out;
}

bool ownedBy(const Json& o, const std::string& uid)
{
    const Json& owners = at(o, "metadata.ownerReferences");
    if (owners.is_array())
        for (const Json& r : owners)
            if (str(r, "uid") == uid)
                return true;
    return false;
}

DescribeInput gather(Context& ctx, const model::KindInfo& kind, const Json& o, bool events)
{
    DescribeInput in;
    in.object = o;
    const std::string ns = str(o, "metadata.namespace");
    const std::string uid = str(o, "metadata.uid");
    if (events) {
        std::string fs = "involvedObject.name=" + str(o, "metadata.name");
        if (!ns.empty())
            fs += ",involvedObject.namespace=" + ns;
        if (!uid.empty() && kind.resource != "nodes")
            fs += ",involvedObject.uid=" + uid;
        in.events = listItems(ctx, *model::kindByResource("", "events"), ns, "", fs);
    }
    const std::string gr = kind.groupResource();
    if (gr == "deployments.apps" || gr == "replicasets.apps" || gr == "jobs.batch" ||
        gr == "daemonsets.apps" || gr == "statefulsets.apps") {
        const model::KindInfo* child = gr == "deployments.apps"
                                           ? model::kindByResource("apps", "replicasets")
                                           : model::kindByResource("", "pods");
        for (const Json& c : listItems(ctx, *child, ns, "", ""))
            if (ownedBy(c, uid))
                in.related.push_back(c);
    } else if (gr == "persistentvolumeclaims") {
        for (const Json& p : listItems(ctx, *model::kindByResource("", "pods"), ns, "", ""))
            if (podUsesClaim(p, str(o, "metadata.name")))
                in.related.push_back(p);
    } else if (gr == "services") {
        in.related = listItems(ctx, *model::kindByResource("discovery.k8s.io", "endpointslices"),
                               ns, "kubernetes.io/service-name=" + str(o, "metadata.name"), "");
    } else if (gr == "nodes") {
        api::Request leaseReq =
            makeRequest("get", *model::kindByResource("coordination.k8s.io", "leases"),
                        "kube-node-lease", str(o, "metadata.name"));
        api::Response lease = ctx.call(leaseReq);
        if (lease.ok())
            in.lease = lease.body;
        for (const Json& p : listItems(ctx, *model::kindByResource("", "pods"), "", "",
                                       "spec.nodeName=" + str(o, "metadata.name"))) {
            const std::string phase = str(p, "status.phase");
            if (phase != "Succeeded" && phase != "Failed")
                in.related.push_back(p);
        }
    }
    return in;
}

} // namespace

void cmdDescribe(Context& ctx, const ParsedArgs& args)
{
    if (args.positional.empty() && args.all("filename").empty())
        throw CommandError(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" "
            "for a complete list of supported resources.\n\nerror: Required resource not "
            "specified.\nSee 'kubectl describe -h' for help and examples");
    std::vector<Target> targets;
    bool multiple = false;
    if (!args.all("filename").empty()) {
        for (const Manifest& m : readManifests(ctx, args.all("filename")))
            targets.push_back(
                {m.kind, str(m.object, "metadata.name"), str(m.object, "metadata.namespace")});
    } else {
        targets = resolveTargets(args.positional, &multiple);
    }
    const bool allNs = args.boolean("all-namespaces");
    std::vector<std::pair<const model::KindInfo*, Json>> objects;
    bool allNamespaced = !allNs;
    for (const Target& t : targets) {
        allNamespaced = allNamespaced && t.kind->namespaced;
        const std::string ns = allNs ? "" : targetNamespace(ctx, t);
        if (!t.name.empty()) {
            api::Response r = ctx.call(makeRequest("get", *t.kind, ns, t.name));
            if (r.ok()) {
                objects.push_back({t.kind, withTypeMeta(r.body, *t.kind)});
                continue;
            }
            // kubectl describe falls back to a name prefix match.
            bool found = false;
            if (r.code == 404)
                for (const Json& o : listItems(ctx, *t.kind, ns, "", ""))
                    if (str(o, "metadata.name").rfind(t.name, 0) == 0) {
                        objects.push_back({t.kind, o});
                        found = true;
                    }
            if (!found)
                ctx.fail(statusErrorText(r.body));
            continue;
        }
        for (const Json& o : listItems(ctx, *t.kind, ns, args.get("selector"), ""))
            objects.push_back({t.kind, o});
    }
    if (objects.empty() && ctx.result.exitCode == 0) {
        ctx.result.err += allNamespaced ? "No resources found in " + ctx.ns + " namespace.\n"
                                        : std::string("No resources found\n");
        return;
    }
    bool first = true;
    for (const auto& [kind, o] : objects) {
        std::string text =
            describeObject(*kind, gather(ctx, *kind, o, args.boolean("show-events")), ctx.now());
        ctx.out(first ? text : "\n\n" + text);
        first = false;
    }
}

} // namespace kubelab::kubectl
