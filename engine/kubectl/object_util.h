#pragma once
// kubectl reads objects with the same small readers the server-side printers use.
#include "engine/printers/object_util.h"

namespace kubelab::kubectl {

using Json = nlohmann::json;
using printers::age;
using printers::at;
using printers::containerCells;
using printers::controllerOf;
using printers::flag;
using printers::formatLabels;
using printers::formatLabelSelector;
using printers::join;
using printers::num;
using printers::parseTimestamp;
using printers::since;
using printers::split;
using printers::str;
using printers::toLower;
using printers::toUpper;

} // namespace kubelab::kubectl
