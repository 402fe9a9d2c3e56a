#pragma once
// kube-controller-manager as an actor hosting the controllers (ReplicaSet, Deployment,
// StatefulSet, DaemonSet, Job, GarbageCollector, Namespace, NodeLifecycle), each with a
// work queue keyed by object, all reading through shared informers.
#include <string>

#include "engine/client/component.h"

namespace kubelab::controllers {

class ControllerManager : public sim::ActorBase<ControllerManager, client::Component>
{
public:
    ControllerManager(std::string name, std::string apiServer);
};

} // namespace kubelab::controllers
