#include "engine/model/kinds.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace kubelab::model {

namespace {

// Discovery verb lists as a current kube-apiserver reports them. Namespaces lack
// deletecollection (deleting every namespace at once is refused by design).
const std::vector<std::string> kAllVerbs = {"create", "delete", "deletecollection", "get",
                                            "list",   "patch",  "update",           "watch"};
const std::vector<std::string> kNamespaceVerbs = {"create", "delete", "get",  "list",
                                                  "patch",  "update", "watch"};

KindInfo make(std::string group, std::string kind, std::string resource,
              std::vector<std::string> shortNames, bool namespaced,
              const std::vector<std::string>& verbs = kAllVerbs)
{
    KindInfo k;
    k.group = std::move(group);
    k.version = "v1";
    k.kind = std::move(kind);
    k.resource = std::move(resource);
    k.singular = k.kind;
    std::transform(k.singular.begin(), k.singular.end(), k.singular.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    k.shortNames = std::move(shortNames);
    k.namespaced = namespaced;
    k.verbs = verbs;
    return k;
}

std::vector<KindInfo> buildKinds()
{
    std::vector<KindInfo> kinds = {
        make("", "ConfigMap", "configmaps", {"cm"}, true),
        make("", "Event", "events", {"ev"}, true),
        make("", "Namespace", "namespaces", {"ns"}, false, kNamespaceVerbs),
        make("", "Node", "nodes", {"no"}, false),
        make("", "PersistentVolumeClaim", "persistentvolumeclaims", {"pvc"}, true),
        make("", "PersistentVolume", "persistentvolumes", {"pv"}, false),
        make("", "Pod", "pods", {"po"}, true),
        make("", "Secret", "secrets", {}, true),
        make("", "ServiceAccount", "serviceaccounts", {"sa"}, true),
        make("", "Service", "services", {"svc"}, true),
        make("apps", "DaemonSet", "daemonsets", {"ds"}, true),
        make("apps", "Deployment", "deployments", {"deploy"}, true),
        make("apps", "ReplicaSet", "replicasets", {"rs"}, true),
        make("apps", "StatefulSet", "statefulsets", {"sts"}, true),
        make("batch", "Job", "jobs", {}, true),
        make("coordination.k8s.io", "Lease", "leases", {}, true),
        make("discovery.k8s.io", "EndpointSlice", "endpointslices", {}, true),
        make("scheduling.k8s.io", "PriorityClass", "priorityclasses", {"pc"}, false),
        make("storage.k8s.io", "StorageClass", "storageclasses", {"sc"}, false),
    };
    std::sort(kinds.begin(), kinds.end(), [](const KindInfo& a, const KindInfo& b) {
        return std::tie(a.group, a.resource) < std::tie(b.group, b.resource);
    });
    return kinds;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

// Matches one kind by any of the names kubectl accepts for a bare resource.
bool nameMatches(const KindInfo& k, std::string_view name)
{
    if (iequals(k.resource, name) || iequals(k.singular, name) || iequals(k.kind, name))
        return true;
    return std::any_of(k.shortNames.begin(), k.shortNames.end(),
                       [&](const std::string& s) { return iequals(s, name); });
}

} // namespace

std::string KindInfo::registryPrefix() const
{
    // kube-apiserver keeps the legacy names for these two: nodes were "minions", and
    // services share /registry/services with the endpoints allocator's subtree.
    if (group.empty() && resource == "nodes")
        return "/registry/minions";
    if (group.empty() && resource == "services")
        return "/registry/services/specs";
    return "/registry/" + resource;
}

const std::vector<KindInfo>& allKinds()
{
    static const std::vector<KindInfo> kinds = buildKinds();
    return kinds;
}

const KindInfo* kindByResource(std::string_view group, std::string_view resource)
{
    for (const KindInfo& k : allKinds())
        if (k.group == group && k.resource == resource)
            return &k;
    return nullptr;
}

const KindInfo* kindByApiVersionKind(std::string_view apiVersion, std::string_view kind)
{
    for (const KindInfo& k : allKinds())
        if (k.apiVersion() == apiVersion && k.kind == kind)
            return &k;
    return nullptr;
}

const KindInfo* resolveResource(std::string_view text)
{
    if (text.empty())
        return nullptr;
    // Unqualified names first: as kubectl, the core group wins over others for a bare
    // name (there is no clash among the kinds served here, but keep the order stable).
    for (const KindInfo& k : allKinds())
        if (k.group.empty() && nameMatches(k, text))
            return &k;
    for (const KindInfo& k : allKinds())
        if (nameMatches(k, text))
            return &k;

    // As kubectl's ParseResourceArg: with two or more dots the text may be
    // "resource.version.group" ("pods.v1." is core); any dotted text may also be
    // "resource.group", split at the first dot.
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos)
        return nullptr;
    const std::string_view name = text.substr(0, dot);
    const std::string_view rest = text.substr(dot + 1);
    const size_t dot2 = rest.find('.');
    for (const KindInfo& k : allKinds()) {
        if (!nameMatches(k, name))
            continue;
        if (dot2 != std::string_view::npos && iequals(rest.substr(0, dot2), k.version) &&
            iequals(rest.substr(dot2 + 1), k.group))
            return &k;
        if (!k.group.empty() && iequals(rest, k.group))
            return &k;
    }
    return nullptr;
}

std::vector<std::string> kindCategories(const KindInfo& kind)
{
    // The "all" category is what `kubectl get all` expands to.
    static const std::vector<std::string> all = {"all"};
    static const std::vector<std::string> none;
    const bool inAll =
        (kind.group.empty() && (kind.resource == "pods" || kind.resource == "services")) ||
        kind.group == "apps" || (kind.group == "batch" && kind.resource == "jobs");
    return inAll ? all : none;
}

} // namespace kubelab::model
