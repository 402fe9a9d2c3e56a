#pragma once
// `kubectl describe node`: conditions, addresses, capacity, the pods on the node with their
// share of its allocatable resources, and the totals (kubectl 1.32 layout).
#include "engine/kubectl/describe/describer.h"
#include "engine/kubectl/describe/prefix_writer.h"

namespace kubelab::kubectl {

void describeNode(PrefixWriter& w, const DescribeInput& in, sim::Time now);

} // namespace kubelab::kubectl
