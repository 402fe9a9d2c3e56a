#pragma once
// Events in a learner's words, for the status bar's "next" and the like: who acts ("the
// controller manager", "the kubelet on worker-1") and what it does ("checks node health").
#include <QString>
#include <string>

namespace kubelab::app {

// "the controller manager", "the kubelet on worker-1", "etcd on control-plane"; the
// engine's actor name as it is when it is none of the cluster's components.
QString componentWords(const std::string& actor);

// "the controller manager checks node health", "the API server receives a request from
// the scheduler": the message `kind` that `from` sent `to`, as a sentence.
QString eventWords(const std::string& from, const std::string& to, const std::string& kind);

} // namespace kubelab::app
