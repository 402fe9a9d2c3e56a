#pragma once
// `kubectl get` tables: the columns and cells kubectl prints for each kind (following
// kubernetes/pkg/printers/internalversion/printers.go, release 1.32), decorated with the
// NAMESPACE, -L and --show-labels columns and aligned as kubectl's tabwriter aligns them.
// Pure functions of (objects, now) so the tests need no API server.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::kubectl {

struct Table
{
    std::vector<std::string> headers; // upper case, as printed
    std::vector<std::vector<std::string>> rows;
};

// Columns and cells for `items`, all of `kind`. Unknown kinds get NAME and AGE.
Table buildTable(const model::KindInfo& kind, const std::vector<nlohmann::json>& items,
                 sim::Time now, bool wide);

struct TableOptions
{
    bool wide = false;
    bool withNamespace = false; // -A: NAMESPACE first
    bool withKind = false;      // several kinds: NAME becomes "deployment.apps/web"
    bool showLabels = false;    // --show-labels: LABELS last
    bool noHeaders = false;
    std::vector<std::string> labelColumns; // -L app,tier
};

// One kind's table as kubectl prints it: tab-aligned text ending in '\n'.
std::string printTable(const model::KindInfo& kind, const std::vector<nlohmann::json>& items,
                       sim::Time now, const TableOptions& options);

// "deployment.apps/web", "pod/web": kubectl's -o name and multi-kind NAME form.
std::string resourceName(const model::KindInfo& kind, const std::string& name);

} // namespace kubelab::kubectl
