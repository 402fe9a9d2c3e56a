#pragma once
// `kubectl get` tables: the server's Table (engine/printers/table.h) decorated with the
// NAMESPACE, -L and --show-labels columns and aligned as kubectl's tabwriter aligns them.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::kubectl {

struct TableOptions
{
    bool wide = false;
    bool withNamespace = false; // -A: NAMESPACE first
    bool withKind = false;      // several kinds: NAME becomes "deployment.apps/web"
    bool showLabels = false;    // --show-labels: LABELS last
    bool noHeaders = false;
    std::vector<std::string> labelColumns; // -L app,tier
};

// One kind's Table (as the API server printed it) as kubectl prints it: the columns of
// priority 0 (all with -o wide), tab-aligned, ending in '\n'.
std::string printTable(const model::KindInfo& kind, const nlohmann::json& table,
                       const TableOptions& options);

// The same for objects at hand: the server's printers build the Table first (tests).
std::string printTable(const model::KindInfo& kind, const std::vector<nlohmann::json>& items,
                       sim::Time now, const TableOptions& options);

// "deployment.apps/web", "pod/web": kubectl's -o name and multi-kind NAME form.
std::string resourceName(const model::KindInfo& kind, const std::string& name);

} // namespace kubelab::kubectl
