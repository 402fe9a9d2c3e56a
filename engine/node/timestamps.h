#pragma once
// Finer timestamps than metav1.Time's seconds: MicroTime (Lease renewTime) and the
// RFC 3339 nanosecond stamps of container log lines (`kubectl logs --timestamps`).
#include <string>

#include "engine/sim/time.h"

namespace kubelab::node {

// "2026-01-05T09:00:10.000000Z"
std::string formatMicroTime(sim::Time t);
// "2026-01-05T09:00:10.123456789Z"
std::string formatNanoTime(sim::Time t);

} // namespace kubelab::node
