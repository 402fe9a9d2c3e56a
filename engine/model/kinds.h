#pragma once
// The kinds registry: every kind the mini-cluster serves, with its group, version,
// plural resource, short names and scope, as `kubectl api-resources` lists them.
#include <string>
#include <string_view>
#include <vector>

namespace kubelab::model {

struct KindInfo
{
    std::string group;                   // "" for core, "apps", "batch", ...
    std::string version;                 // "v1"
    std::string kind;                    // "Deployment"
    std::string resource;                // plural, "deployments"
    std::string singular;                // "deployment"
    std::vector<std::string> shortNames; // {"deploy"}
    bool namespaced = true;
    std::vector<std::string> verbs; // as discovery lists them

    std::string apiVersion() const { return group.empty() ? version : group + "/" + version; }
    // "deployments.apps" or "pods": the group-qualified resource used in error messages.
    std::string groupResource() const { return group.empty() ? resource : resource + "." + group; }
    // "Deployment.apps" or "Pod": the group-qualified kind used in Invalid messages.
    std::string groupKind() const { return group.empty() ? kind : kind + "." + group; }
    // etcd key prefix, as kube-apiserver lays it out ("/registry/minions" for nodes).
    std::string registryPrefix() const;
};

// All kinds, sorted by (group, resource) so iteration is deterministic.
const std::vector<KindInfo>& allKinds();
const KindInfo* kindByResource(std::string_view group, std::string_view resource);
const KindInfo* kindByApiVersionKind(std::string_view apiVersion, std::string_view kind);
// Resolves what a kubectl user types: "po", "pods", "pod", "Pod", "deploy",
// "deployments.apps", "deployment.v1.apps". nullptr if unknown.
const KindInfo* resolveResource(std::string_view text);
// Discovery categories of a kind ({"all"} for what `kubectl get all` lists).
std::vector<std::string> kindCategories(const KindInfo& kind);

} // namespace kubelab::model
