#pragma once
// The one way the app writes virtual time (event log, timeline, status bar, state badge,
// inspector, console messages): seconds with millisecond precision, minutes and hours in
// front once there are any, so times line up and compare at a glance:
// "0.003s", "12.004s", "6m23.864s", "1h02m03.000s".
#include <QString>

#include "engine/sim/time.h"

namespace kubelab::app {

QString formatVirtualTime(sim::Time t);

// An RFC 3339 stamp the engine wrote (creationTimestamp, a scheduling attempt's time)
// as virtual time; the text as it is when it is not such a stamp.
QString virtualTimeOfStamp(const QString& stamp);

} // namespace kubelab::app
