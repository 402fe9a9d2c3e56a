#include "engine/kubectl/rollout/status_viewer.h"

#include "engine/kubectl/errors.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/rollout/history_viewer.h"

namespace kubelab::kubectl {

namespace {

std::string n(std::int64_t v)
{
    return std::to_string(v);
}

RolloutStatus deploymentStatus(const Json& d, std::int64_t revision)
{
    const std::string name = str(d, "metadata.name");
    if (revision > 0) {
        const std::int64_t current = revisionOf(d);
        if (current != revision)
            throw clientError("desired revision (" + n(revision) +
                              ") is different from the running revision (" + n(current) + ")");
    }
    if (num(d, "metadata.generation") > num(d, "status.observedGeneration"))
        return {"Waiting for deployment spec update to be observed...\n", false};
    const Json& conds = at(d, "status.conditions");
    if (conds.is_array())
        for (const Json& c : conds)
            if (str(c, "type") == "Progressing" && str(c, "reason") == "ProgressDeadlineExceeded")
                throw clientError("deployment " + quote(name) + " exceeded its progress deadline");
    const std::string prefix = "Waiting for deployment " + quote(name) + " rollout to finish: ";
    const std::int64_t updated = num(d, "status.updatedReplicas");
    const std::int64_t replicas = num(d, "status.replicas");
    const std::int64_t available = num(d, "status.availableReplicas");
    if (at(d, "spec.replicas").is_number() && updated < num(d, "spec.replicas"))
        return {prefix + n(updated) + " out of " + n(num(d, "spec.replicas")) +
                    " new replicas have been updated...\n",
                false};
    if (replicas > updated)
        return {prefix + n(replicas - updated) + " old replicas are pending termination...\n",
                false};
    if (available < updated)
        return {prefix + n(available) + " of " + n(updated) +
                    " updated replicas are available...\n",
                false};
    return {"deployment " + quote(name) + " successfully rolled out\n", true};
}

RolloutStatus daemonSetStatus(const Json& ds)
{
    const std::string name = str(ds, "metadata.name");
    const std::string strategy = str(ds, "spec.updateStrategy.type");
    if (!strategy.empty() && strategy != "RollingUpdate")
        throw clientError("rollout status is only available for RollingUpdate strategy type");
    if (num(ds, "metadata.generation") > num(ds, "status.observedGeneration"))
        return {"Waiting for daemon set spec update to be observed...\n", false};
    const std::int64_t desired = num(ds, "status.desiredNumberScheduled");
    const std::int64_t updated = num(ds, "status.updatedNumberScheduled");
    const std::int64_t available = num(ds, "status.numberAvailable");
    const std::string prefix = "Waiting for daemon set " + quote(name) + " rollout to finish: ";
    if (updated < desired)
        return {prefix + n(updated) + " out of " + n(desired) + " new pods have been updated...\n",
                false};
    if (available < desired)
        return {prefix + n(available) + " of " + n(desired) + " updated pods are available...\n",
                false};
    return {"daemon set " + quote(name) + " successfully rolled out\n", true};
}

RolloutStatus statefulSetStatus(const Json& sts)
{
    const std::string strategy = str(sts, "spec.updateStrategy.type");
    if (!strategy.empty() && strategy != "RollingUpdate")
        throw clientError("rollout status is only available for RollingUpdate strategy type");
    const std::int64_t observed = num(sts, "status.observedGeneration");
    if (observed == 0 || num(sts, "metadata.generation") > observed)
        return {"Waiting for statefulset spec update to be observed...\n", false};
    const std::int64_t ready = num(sts, "status.readyReplicas");
    if (at(sts, "spec.replicas").is_number() && ready < num(sts, "spec.replicas"))
        return {"Waiting for " + n(num(sts, "spec.replicas") - ready) + " pods to be ready...\n",
                false};
    const std::int64_t updated = num(sts, "status.updatedReplicas");
    if (at(sts, "spec.updateStrategy.rollingUpdate").is_object()) {
        const Json& partition = at(sts, "spec.updateStrategy.rollingUpdate.partition");
        if (at(sts, "spec.replicas").is_number() && partition.is_number()) {
            const std::int64_t want = num(sts, "spec.replicas") - partition.get<std::int64_t>();
            if (updated < want)
                return {"Waiting for partitioned roll out to finish: " + n(updated) + " out of " +
                            n(want) + " new pods have been updated...\n",
                        false};
        }
        return {"partitioned roll out complete: " + n(updated) +
                    " new pods have been "
                    "updated...\n",
                true};
    }
    const std::string updateRevision = str(sts, "status.updateRevision");
    const std::string currentRevision = str(sts, "status.currentRevision");
    if (updateRevision != currentRevision)
        return {"waiting for statefulset rolling update to complete " + n(updated) +
                    " pods at revision " + updateRevision + "...\n",
                false};
    return {"statefulset rolling update complete " + n(num(sts, "status.currentReplicas")) +
                " pods at revision " + currentRevision + "...\n",
            true};
}

} // namespace

RolloutStatus rolloutStatus(const model::KindInfo& kind, const Json& object, std::int64_t revision)
{
    const std::string gr = kind.groupResource();
    if (gr == "deployments.apps")
        return deploymentStatus(object, revision);
    if (gr == "daemonsets.apps")
        return daemonSetStatus(object);
    if (gr == "statefulsets.apps")
        return statefulSetStatus(object);
    throw clientError("no status viewer has been implemented for " + kind.groupKind());
}

} // namespace kubelab::kubectl
