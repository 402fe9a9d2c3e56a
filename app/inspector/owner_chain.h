#pragma once
// Who owns an object and what it owns, by metadata.ownerReferences: the chain up to the
// root (Deployment -> ReplicaSet -> Pod) and the direct children found by owner uid.
// Read from the API server's watch cache; used by the inspector's Owners tab.
#include <QString>
#include <vector>

#include "app/core/selection.h"

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

struct OwnedObject
{
    ObjectRef ref;
    QString kind;       // "ReplicaSet"
    bool exists = true; // false for an owner reference whose object is gone
    bool operator==(const OwnedObject&) const = default;
};

// From the root owner down to `ref` itself (the last entry). Follows the controller
// reference, else the first one. Stops at a missing owner (kept, exists=false), or at a
// loop. Empty when `ref` does not exist.
std::vector<OwnedObject> ownerChain(const cluster::Cluster& cluster, const ObjectRef& ref);

// Objects that list `ref` among their ownerReferences (by uid), sorted by kind then name.
// Events are left out: they point at objects but are never owned by them.
std::vector<OwnedObject> ownedBy(const cluster::Cluster& cluster, const ObjectRef& ref);

} // namespace kubelab::app
