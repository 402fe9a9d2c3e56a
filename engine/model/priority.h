#pragma once
// Pod priority's reserved numbers and the two system PriorityClasses, named once, as
// kube-apiserver v1.31 names them in pkg/apis/scheduling/types.go (the constants) and
// pkg/apis/scheduling/helpers.go (systemPriorityClasses). The API server creates the
// classes at start, validation keeps user classes below the system range, and the
// scheduler resolves the classes by name before the API server has answered.
#include <array>
#include <cstdint>

namespace kubelab::model {

// HighestUserDefinablePriority: values above it are reserved for Kubernetes itself.
inline constexpr std::int32_t kHighestUserDefinablePriority = 1000000000;
// SystemCriticalPriority: where the range of critical system components begins.
inline constexpr std::int32_t kSystemCriticalPriority = 2 * kHighestUserDefinablePriority;

// SystemClusterCritical and SystemNodeCritical, the only names allowed the "system-"
// prefix (SystemPriorityClassPrefix), and their values.
inline constexpr char kSystemClusterCritical[] = "system-cluster-critical";
inline constexpr std::int32_t kSystemClusterCriticalPriority = kSystemCriticalPriority;
inline constexpr char kSystemNodeCritical[] = "system-node-critical";
inline constexpr std::int32_t kSystemNodeCriticalPriority = kSystemCriticalPriority + 1000;

struct SystemPriorityClass
{
    const char* name;
    std::int32_t value;
    const char* description;
};

// systemPriorityClasses, in the order our API server creates them (upstream lists
// node-critical first; the order shows in the trace and in resourceVersions).
inline constexpr std::array<SystemPriorityClass, 2> kSystemPriorityClasses = {{
    {kSystemClusterCritical, kSystemClusterCriticalPriority,
     "Used for system critical pods that must run in the cluster, but can be moved to "
     "another node if necessary."},
    {kSystemNodeCritical, kSystemNodeCriticalPriority,
     "Used for system critical pods that must not be moved from their current node."},
}};

} // namespace kubelab::model
