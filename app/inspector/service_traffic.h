#pragma once
// The inspector's Traffic tab for a Service: its endpoints as kube-proxy reads them from
// the EndpointSlices, and, node by node, the part of the nat table kube-proxy programmed
// there for it (iptables-save's lines), with whether that kube-proxy is running and when
// it last synced, so a stopped one's stale rules show as stale.
#include <QString>
#include <string>

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

// The lines of an iptables-save nat table that belong to Service ns/name: the rules
// whose comment names it ("ns/name", "ns/name:port", "... for ns/name ..."), then every
// rule of the KUBE-SVC-, KUBE-EXT- and KUBE-SEP- chains those rules jump to or sit in, in
// the table's order. "" when the table has none.
QString serviceRuleLines(const std::string& natTable, const QString& ns, const QString& name);

// The rules on every node, each node's section headed with its kube-proxy's state:
// "# worker-1: kube-proxy running, last sync at 12.300s". Plain text.
QString serviceRulesByNode(const cluster::Cluster& cluster, const QString& ns, const QString& name);

} // namespace kubelab::app
