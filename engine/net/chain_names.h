#pragma once
// kube-proxy's names for its iptables chains and its probability strings, as
// pkg/proxy/iptables/proxier.go computes them (v1.32). Pure functions: the proxier and
// the tests call them.
#include <string>

namespace kubelab::net {

// The first 16 characters of base32(sha256(servicePortName + protocol)), protocol in
// lower case: portProtoHash("default/kubernetes:https", "tcp") == "NPX46M4PTMTKRN6Y".
std::string portProtoHash(const std::string& servicePortName, const std::string& protocol);
// "KUBE-SVC-" + portProtoHash: the chain that spreads a service port over its endpoints.
std::string serviceChainName(const std::string& servicePortName, const std::string& protocol);
// "KUBE-EXT-" + portProtoHash: where NodePort and load-balancer traffic enters.
std::string externalChainName(const std::string& servicePortName, const std::string& protocol);
// "KUBE-SEP-" + the first 16 of base32(sha256(servicePortName + protocol + "ip:port")).
std::string endpointChainName(const std::string& servicePortName, const std::string& protocol,
                              const std::string& endpoint);
// ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port.
std::string servicePortName(const std::string& ns, const std::string& name,
                            const std::string& portName);

// kube-proxy writes 1/n as "%0.10f" (0.3333333333); iptables keeps it as a fraction of
// 2^31 (lround) and iptables-save prints it back with "%.11f": "0.33333333349".
std::string savedProbability(int n);

} // namespace kubelab::net
