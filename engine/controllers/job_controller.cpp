#include "engine/controllers/job_controller.h"

#include <algorithm>

#include "engine/controllers/controller_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

bool ownedByJob(const Json& pod)
{
    const Json* ref = controllerRef(pod);
    return ref && ref->value("kind", "") == "Job";
}

bool hasCondition(const Json& job, const std::string& type)
{
    for (const Json& c : model::objectAt(job, "status").value("conditions", Json::array()))
        if (c.value("type", "") == type && c.value("status", "") == "True")
            return true;
    return false;
}

Json condition(const std::string& type, const std::string& reason, const std::string& message,
               const std::string& now)
{
    return {{"type", type},
            {"status", "True"},
            {"reason", reason},
            {"message", message},
            {"lastProbeTime", now}};
}

} // namespace

sim::Duration JobController::backOff(std::int64_t failures)
{
    if (failures <= 0)
        return 0;
    sim::Duration d = kBackOff;
    for (std::int64_t i = 1; i < failures && d < kMaxBackOff; ++i)
        d *= 2;
    return std::min(d, kMaxBackOff);
}

Json JobController::newPod(const Json& job)
{
    const Json& tmpl = model::objectAt(model::objectAt(job, "spec"), "template");
    Json pod = podFromTemplate(tmpl, job, nameOf(job) + "-");
    Json& labels = pod["metadata"]["labels"];
    if (!labels.is_object())
        labels = Json::object();
    labels["batch.kubernetes.io/job-name"] = nameOf(job);
    labels["job-name"] = nameOf(job);
    labels["batch.kubernetes.io/controller-uid"] = uidOf(job);
    labels["controller-uid"] = uidOf(job);
    return pod;
}

void JobController::enqueueOwner(const ControllerHost& host, const Json& pod)
{
    const Json* ref = controllerRef(pod);
    if (!ref || ref->value("kind", "") != "Job")
        return;
    const std::string key = namespaceOf(pod) + "/" + ref->value("name", "");
    const Json* job = host.cache("jobs").get(key);
    if (job && uidOf(*job) == ref->value("uid", ""))
        m_queue.add(key);
}

void JobController::onWatchEvent(const ControllerHost& host, const std::string& informer,
                                 const std::string& type, const Json& object, const Json&)
{
    if (informer == "jobs") {
        if (type == "DELETED")
            m_state.erase(keyOf(object));
        m_queue.add(keyOf(object));
        return;
    }
    if (informer != "pods" || !ownedByJob(object))
        return;
    if (type == "ADDED") {
        auto it =
            m_state.find(namespaceOf(object) + "/" + controllerRef(object)->value("name", ""));
        if (it != m_state.end() && it->second.creating > 0)
            --it->second.creating;
    }
    enqueueOwner(host, object);
}

void JobController::onSynced(const ControllerHost& host)
{
    for (const auto& [key, job] : host.cache("jobs").objects())
        m_queue.add(key);
}

void JobController::reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key)
{
    const Json* jobPtr = host.cache("jobs").get(key);
    if (!jobPtr) {
        m_state.erase(key);
        ctx.describe("controller.reconcile", "jobs/" + key,
                     std::string(kName) + ": " + key + " is gone");
        return;
    }
    const Json& job = *jobPtr;
    const std::string ns = namespaceOf(job), name = nameOf(job), uid = uidOf(job);
    const std::string now = sim::formatTimestamp(ctx.now());
    State& st = m_state[key];
    const std::int64_t completions = model::intAtPath(job, "spec.completions", 1);
    const std::int64_t parallelism = model::intAtPath(job, "spec.parallelism", 1);
    const std::int64_t backoffLimit = model::intAtPath(job, "spec.backoffLimit", 6);
    const bool onFailure =
        model::stringAtPath(job, "spec.template.spec.restartPolicy") == "OnFailure";

    std::vector<const Json*> active;
    std::int64_t ready = 0, restarts = 0;
    for (const Json* pod : host.cache("pods").list(ns)) {
        const Json* ref = controllerRef(*pod);
        if (!ref || ref->value("uid", "") != uid)
            continue;
        const std::string phase = podPhase(*pod);
        if (phase == "Succeeded") {
            st.succeeded.insert(uidOf(*pod));
        } else if (phase == "Failed") {
            if (st.failed.insert(uidOf(*pod)).second)
                st.lastFailure = ctx.now();
        } else if (!isDeleting(*pod)) {
            active.push_back(pod);
            ready += isPodReady(*pod);
            restarts += onFailure ? maxRestarts(*pod) : 0;
        }
    }
    const auto succeeded = static_cast<std::int64_t>(st.succeeded.size());
    const auto failed = static_cast<std::int64_t>(st.failed.size());

    Json status = model::objectAt(job, "status");
    const Json current = status;
    Json conditions = status.value("conditions", Json::array());
    const bool wasFinished =
        st.finished || hasCondition(job, "Complete") || hasCondition(job, "Failed");
    std::string summary = std::string(kName) + ": " + name + " has " +
                          std::to_string(active.size()) + " active, " + std::to_string(succeeded) +
                          " succeeded, " + std::to_string(failed) + " failed";
    bool deleteActive = wasFinished;
    std::int64_t create = 0;
    std::string event, eventType, eventMessage;
    if (wasFinished) {
        summary += ": finished";
    } else if (failed + restarts > backoffLimit) {
        // pastBackoffLimitOnFailure / exceedsBackoffLimit: the Job fails for good.
        const std::string msg = "Job has reached the specified backoff limit";
        setCondition(conditions, condition("FailureTarget", "BackoffLimitExceeded", msg, now), now);
        setCondition(conditions, condition("Failed", "BackoffLimitExceeded", msg, now), now);
        deleteActive = true;
        event = "BackoffLimitExceeded";
        eventType = "Warning";
        eventMessage = msg;
        summary += ": backoff limit " + std::to_string(backoffLimit) + " exceeded";
    } else if (succeeded >= completions) {
        setCondition(conditions,
                     condition("SuccessCriteriaMet", "CompletionsReached",
                               "Reached expected number of succeeded pods", now),
                     now);
        setCondition(conditions,
                     condition("Complete", "CompletionsReached",
                               "Reached expected number of succeeded pods", now),
                     now);
        status["completionTime"] = now;
        deleteActive = true;
        event = "Completed";
        eventType = "Normal";
        eventMessage = "Job completed";
        summary += ": complete";
    } else {
        const std::int64_t want = std::min(parallelism, completions - succeeded);
        const std::int64_t diff = want - static_cast<std::int64_t>(active.size()) - st.creating;
        const sim::Duration delay = backOff(failed);
        const sim::Time due = st.lastFailure + delay;
        if (diff > 0 && failed > 0 && ctx.now() < due) {
            host.requeueAfter(ctx, kName, key, due - ctx.now());
            summary += ": backing off " + std::to_string((due - ctx.now()) / sim::kSecond) +
                       "s before replacing failed pods";
        } else if (diff > 0) {
            create = diff;
            summary += ": creating " + std::to_string(create);
        } else if (st.creating > 0) {
            summary += ": waiting for its creates to show up";
        }
    }

    if (!event.empty())
        st.finished = true;
    for (std::int64_t i = 0; i < create; ++i) {
        api::Request r;
        r.verb = "create";
        r.resource = "pods";
        r.ns = ns;
        r.body = newPod(job);
        ++st.creating;
        host.call(ctx, kName, r,
                  {{"op", "create"}, {"job", key}, {"what", "create pod for " + key}});
    }
    if (deleteActive)
        for (const Json* pod : active) {
            api::Request r;
            r.verb = "delete";
            r.resource = "pods";
            r.ns = ns;
            r.name = nameOf(*pod);
            host.call(ctx, kName, r,
                      {{"op", "delete"},
                       {"job", key},
                       {"pod", r.name},
                       {"what", "delete pod " + r.name}});
        }

    if (!status.contains("startTime"))
        status["startTime"] = now;
    status["active"] = deleteActive ? 0 : static_cast<std::int64_t>(active.size()) + create;
    status["ready"] = deleteActive ? 0 : ready;
    status["succeeded"] = succeeded;
    status["failed"] = failed;
    for (const char* zeroOmitted : {"active", "succeeded", "failed"})
        if (status[zeroOmitted] == 0)
            status.erase(zeroOmitted);
    if (!conditions.empty())
        status["conditions"] = conditions;
    if (status != current) {
        api::Request r;
        r.verb = "patch";
        r.group = "batch";
        r.resource = "jobs";
        r.subresource = "status";
        r.ns = ns;
        r.name = name;
        r.patchType = "application/merge-patch+json";
        r.body = {{"status", topLevelMergePatch(current, status)}};
        host.call(ctx, kName, r, {{"op", "status"}, {"job", key}, {"what", "status of " + key}});
    }
    if (!event.empty())
        host.event(ctx, kName, job, eventType, event, eventMessage);
    ctx.describe("controller.reconcile", "jobs/" + key, summary,
                 {{"active", active.size()},
                  {"succeeded", succeeded},
                  {"failed", failed},
                  {"create", create}});
}

void JobController::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                               const api::Response& response)
{
    const std::string op = tag.value("op", "");
    const std::string key = tag.value("job", "");
    const Json* job = host.cache("jobs").get(key);
    if (op == "create") {
        if (response.ok()) {
            if (job)
                host.event(ctx, kName, *job, "Normal", "SuccessfulCreate",
                           "Created pod: " + nameOf(response.body));
            return;
        }
        auto it = m_state.find(key);
        if (it != m_state.end() && it->second.creating > 0)
            --it->second.creating;
        if (job)
            host.event(ctx, kName, *job, "Warning", "FailedCreate",
                       "Error creating: " + response.body.value("message", ""));
        retry(host, ctx, key);
        return;
    }
    if (op == "delete") {
        if (response.ok() && job)
            host.event(ctx, kName, *job, "Normal", "SuccessfulDelete",
                       "Deleted pod: " + tag.value("pod", ""));
        return;
    }
    if (!response.ok())
        retry(host, ctx, key);
}

} // namespace kubelab::controllers
