#pragma once
// The cluster's components as the app names and orders them: the event log's component
// filter and the sequence view's lanes list actors in the order a request travels
// (kubectl, API server, etcd, controller manager, scheduler, then each node's kubelet), and
// fold each node's container runtime into its kubelet.
#include <QString>
#include <string>
#include <vector>

namespace kubelab::app {

// The actor that stands for `actor` in the sequence view: "containerd-NODE" is drawn on
// "kubelet-NODE"'s lifeline; every other actor stands for itself.
std::string laneActor(const std::string& actor);

// What a learner calls the component ("API server", "kubelet") and where it runs
// ("control-plane", "worker-1"); the actor's own name when it is of no known kind.
QString componentTitle(const std::string& actor);
QString componentHost(const std::string& actor);

// Sorts actor names in the order above; nodes in natural order (worker-2 before worker-10),
// unknown actors last by name.
void sortComponents(std::vector<std::string>& actors);

} // namespace kubelab::app
