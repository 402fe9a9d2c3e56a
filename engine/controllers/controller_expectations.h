#pragma once
// Expectations, as k8s.io/kubernetes/pkg/controller/controller_utils.go keeps them
// (ControllerExpectations and UIDTrackingControllerExpectations): per controller key
// ("namespace/name"), the creations and deletions a controller has asked for whose effect
// its informer cache does not show yet. A controller that acted on the cache again before
// seeing its own writes would create or delete twice. The ReplicaSet, DaemonSet and
// StatefulSet controllers each hold one; it is plain data, copied with the controller for
// checkpoints.
//
// A creation is expected either by count (a pod made from generateName, whose name is not
// known until it exists) or by name (a StatefulSet's pod, a DaemonSet's pod for a node);
// a deletion by the pod's key, as UIDTrackingControllerExpectations tracks them.
// Where it differs from client-go: named creations exist at all; named expectations add
// to those still pending (client-go's ExpectDeletions replaces the set and resets the
// creation count); counts stop at zero. Those differences show only once expectations
// have expired, and keep each controller doing what it did before the tracker was shared.
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "engine/sim/time.h"

namespace kubelab::controllers {

class ControllerExpectations
{
public:
    // controller.ExpectationsTimeout: expectations older than this are not waited for,
    // so a watch event that never comes cannot stop a controller for good.
    static constexpr sim::Duration kExpectationsTimeout = 5 * sim::kMinute;

    // ExpectCreations: `adds` creations of pods not known by name. Sets the count (any
    // earlier count is forgotten) and restarts the timeout; named expectations stay.
    void expectCreations(const std::string& key, std::int64_t adds, sim::Time now);
    // A creation of the object called `name` (the controller's own naming: a pod key, a
    // node). Adds to what is pending and restarts the timeout.
    void expectCreation(const std::string& key, const std::string& name, sim::Time now);
    // UIDTrackingControllerExpectations.ExpectDeletions for one pod: adds the pod's key to
    // the deletions pending and restarts the timeout.
    void expectDeletion(const std::string& key, const std::string& podKey, sim::Time now);

    // CreationObserved: one counted creation seen (or given up: a failed create).
    void creationObserved(const std::string& key);
    // The named creation seen or given up; nothing when it was not pending.
    void creationObserved(const std::string& key, const std::string& name);
    // DeletionObserved: the pod's deletion seen (or given up); nothing when not pending.
    void deletionObserved(const std::string& key, const std::string& podKey);
    // LowerExpectations: `adds` counted creations that will never be observed (a batch
    // not sent after an earlier one failed).
    void lowerExpectations(const std::string& key, std::int64_t adds);

    // SatisfiedExpectations: nothing pending, none expected at all, or the last
    // expectation set more than kExpectationsTimeout before `now`.
    bool satisfiedExpectations(const std::string& key, sim::Time now) const;
    // ControlleeExpectations.Fulfilled: nothing pending, whatever the time.
    bool fulfilled(const std::string& key) const;
    // Whether this named creation or this pod's deletion is pending.
    bool expectsCreation(const std::string& key, const std::string& name) const;
    bool expectsDeletion(const std::string& key, const std::string& podKey) const;

    // DeleteExpectations: the controller's object is gone; forget what it waited for.
    void deleteExpectations(const std::string& key);

private:
    struct Expectations // ControlleeExpectations
    {
        std::int64_t adds = 0;           // counted creations pending
        std::set<std::string> creations; // named creations pending
        std::set<std::string> deletions; // pod keys whose deletion is pending
        sim::Time timestamp = 0;         // when an expectation was last set
    };

    std::map<std::string, Expectations> m_expectations;
};

} // namespace kubelab::controllers
