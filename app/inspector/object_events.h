#pragma once
// The Events about one object, as the inspector lists them: read from the API server's
// watch cache, oldest first by when each was last seen (as `kubectl events` orders them),
// with kubectl's LAST SEEN text ("12s", "5s (x3 over 2m)").
#include <QString>
#include <vector>

#include "app/core/selection.h"

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

struct ObjectEvent
{
    QString uid;      // the Event's own uid
    qint64 count = 1; // how many times it was seen
    QString lastSeen;
    QString type;   // Normal, Warning
    QString reason; // Scheduled, FailedScheduling, ...
    QString message;
    bool operator==(const ObjectEvent&) const = default;
};

// Events whose involvedObject is `ref` (and, while the object exists, has its uid, so an
// earlier object of the same name does not count). Events of cluster-scoped objects are
// looked for in every namespace. Only events named "<object name>.<suffix>", as
// Kubernetes' event recorder names them, are found: that keeps the lookup a binary search.
std::vector<ObjectEvent> eventsFor(const cluster::Cluster& cluster, const ObjectRef& ref);

} // namespace kubelab::app
