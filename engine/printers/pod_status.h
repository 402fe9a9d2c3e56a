#pragma once
// The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed as printPod in
// kubernetes/pkg/printers/internalversion/printers.go (release 1.32) computes them.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::printers {

struct PodCells
{
    std::string ready;    // "1/2"
    std::string status;   // "Running", "CrashLoopBackOff", "Init:0/1", "Terminating", ...
    std::string restarts; // "3 (25s ago)"
};

PodCells podCells(const nlohmann::json& pod, sim::Time now);

} // namespace kubelab::printers
