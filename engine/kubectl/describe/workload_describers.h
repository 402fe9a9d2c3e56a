#pragma once
// `kubectl describe` for Jobs, DaemonSets and StatefulSets (kubectl 1.32 layouts), and the
// "Pod Template:" block they share with Deployments and ReplicaSets.
#include "engine/kubectl/describe/describer.h"
#include "engine/kubectl/describe/prefix_writer.h"

namespace kubelab::kubectl {

void describePodTemplate(PrefixWriter& w, const nlohmann::json& podTemplate);
// `in.related` holds the pods the workload owns.
void describeWorkload(PrefixWriter& w, const model::KindInfo& kind, const DescribeInput& in,
                      sim::Time now);

} // namespace kubelab::kubectl
