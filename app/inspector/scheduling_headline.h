#pragma once
// The numbers that head the Scheduling tab for a pod the scheduler could not place, one line
// per reason nodes were ruled out: "3 workers: the pod needs 700m CPU; at most 600m free
// (worker-2)", "1 node: untolerated taint {node-role.kubernetes.io/control-plane: }". The
// free amounts are what the nodes' allocatable leaves after the requests of the pods on
// them now. Read-only; the inspector calls it on each refresh of the tab.
#include <QStringList>

#include <nlohmann/json.hpp>

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

QStringList schedulingHeadline(const nlohmann::json& explanation, const nlohmann::json& pod,
                               const cluster::Cluster& cluster);

} // namespace kubelab::app
