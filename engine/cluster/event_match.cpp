#include "engine/cluster/event_match.h"

#include <vector>

#include "engine/cluster/cluster.h"
#include "engine/model/kinds.h"

namespace kubelab::cluster {

namespace {
bool startsWith(const std::string& s, const std::string& prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

// The actor-name prefix a learner's component name stands for, or "".
std::string componentPrefix(const std::string& who)
{
    if (startsWith(who, "kubelet/"))
        return "kubelet-" + who.substr(8);
    if (startsWith(who, "containerd/"))
        return "containerd-" + who.substr(11);
    if (who == "scheduler" || who == "kube-scheduler")
        return "kube-scheduler";
    if (who == "controller-manager" || who == "kube-controller-manager")
        return "kube-controller-manager";
    if (who == "apiserver" || who == "api-server" || who == "kube-apiserver")
        return "kube-apiserver";
    if (who == "etcd" || who == "kubectl" || who == "kubelet" || who == "containerd")
        return who;
    return {};
}
} // namespace

std::optional<EventMatcher> eventMatcher(const Cluster& cluster, const std::string& who,
                                         const std::string& ns, std::string* error)
{
    if (const std::string prefix = componentPrefix(who); !prefix.empty()) {
        bool exists = false;
        for (const std::string& name : cluster.sim().actorNames())
            exists = exists || name == prefix || startsWith(name, prefix + "-");
        if (!exists) {
            *error = "no component \"" + who + "\" in this cluster";
            return std::nullopt;
        }
        auto is = [prefix](const std::string& name) {
            return name == prefix || startsWith(name, prefix + "-");
        };
        return EventMatcher(
            [is](const sim::TraceRecord& r) { return is(r.actor) || is(r.target); });
    }
    const auto slash = who.find('/');
    const model::KindInfo* kind =
        slash == std::string::npos ? nullptr : model::resolveResource(who.substr(0, slash));
    if (!kind || slash + 1 >= who.size()) {
        *error = "\"" + who +
                 "\" is neither a component (scheduler, controller-manager, "
                 "apiserver, etcd, kubelet/NODE) nor an object (pod/NAME, deploy/NAME, ...)";
        return std::nullopt;
    }
    const std::string name = who.substr(slash + 1);
    const std::string space = kind->namespaced ? (ns.empty() ? "default" : ns) : "";
    // API requests say "pods/web" (and "pods/web/binding"); informers and controllers
    // "pods/default/web"; the scheduler "default/web".
    std::vector<std::string> exact = {kind->resource + "/" + name};
    if (!space.empty()) {
        exact.push_back(kind->resource + "/" + space + "/" + name);
        exact.push_back(space + "/" + name);
    }
    return EventMatcher([exact](const sim::TraceRecord& r) {
        for (const std::string& e : exact)
            if (r.target == e || startsWith(r.target, e + "/"))
                return true;
        return false;
    });
}

} // namespace kubelab::cluster
