#pragma once
// Shared by node_cmds.cpp (cordon, uncordon, taint) and drain.cpp.
#include <string>
#include <vector>

#include "engine/kubectl/commands.h"

namespace kubelab::kubectl {

// The nodes named as "worker-1" or "node/worker-1", or selected with -l; fetched, since
// every node command reads the node first. Throws kubectl's errors (NotFound, USAGE).
std::vector<Json> selectNodes(Context& ctx, const ParsedArgs& args,
                              const std::vector<std::string>& names, const std::string& usage);

// RunCordonOrUncordon: marks each node (un)schedulable, printing "node/x cordoned" or
// "node/x already cordoned"; failures print "error: unable to cordon node ..." and go on.
void cordonNodes(Context& ctx, const std::vector<Json>& nodes, bool unschedulable,
                 const std::string& dryRun);

// " (dry run)" / " (server dry run)" / "" for a --dry-run value.
std::string dryRunSuffix(const std::string& dryRun);

} // namespace kubelab::kubectl
