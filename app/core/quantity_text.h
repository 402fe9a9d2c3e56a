#pragma once
// Resource amounts as a learner writes them: CPU in millicores as "700m" or "2", memory in
// bytes as "384Mi" or "4Gi" (rounded up to whole MiB so odd byte counts stay short). The
// map's node bars and the Scheduling tab's numbers use them.
#include <QString>
#include <algorithm>
#include <cstdint>

#include "engine/model/quantity.h"

namespace kubelab::app {

inline QString cpuText(std::int64_t milli)
{
    return QString::fromStdString(
        model::Quantity::fromMilli(std::max<std::int64_t>(0, milli)).toString());
}

inline QString memoryText(std::int64_t bytes)
{
    const std::int64_t mi = (std::max<std::int64_t>(0, bytes) + (1 << 20) - 1) >> 20;
    return QString::fromStdString(
        model::Quantity::fromValue(mi << 20, model::Quantity::Format::BinarySI).toString());
}

} // namespace kubelab::app
