#pragma once
// `kubectl describe` for EndpointSlices (kubectl 1.32's describeEndpointSliceV1,
// pkg/describe/describe.go). Called by describeObject.
#include "engine/kubectl/describe/prefix_writer.h"

namespace kubelab::kubectl {

void describeEndpointSlice(PrefixWriter& w, const nlohmann::json& slice);

} // namespace kubelab::kubectl
