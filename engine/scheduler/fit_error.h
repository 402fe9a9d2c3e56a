#pragma once
// The FailedScheduling message, as FitError.Error() in kube-scheduler v1.31
// (pkg/scheduler/framework/types.go): "0/N nodes are available: " then the PreFilter
// message, or a histogram "COUNT REASON" of every rejected node's reasons sorted as
// strings (Go's sort.Strings), each part closed by ".", then the PostFilter message.
#include <string>

#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

std::string fitErrorMessage(int numAllNodes, const std::string& preFilterMsg,
                            const NodeStatusMap& nodeStatuses, const std::string& postFilterMsg);

} // namespace kubelab::scheduler
