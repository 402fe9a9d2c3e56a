#pragma once
// "Step to the next event of ...": turns what a learner names — a component
// ("scheduler", "kubelet/worker-1", "etcd") or an object ("pod/web", "deploy/nginx -n
// default") — into a test on trace records. Components match the acting actor or its
// peer; objects match the names the trace uses for them (API paths, informer keys, the
// scheduler's "namespace/name").
#include <functional>
#include <optional>
#include <string>

#include "engine/sim/trace.h"

namespace kubelab::cluster {

class Cluster;

using EventMatcher = std::function<bool(const sim::TraceRecord&)>;

// nullopt with *error set when `who` names neither a component of `cluster` nor a kind.
std::optional<EventMatcher> eventMatcher(const Cluster& cluster, const std::string& who,
                                         const std::string& ns, std::string* error);

} // namespace kubelab::cluster
