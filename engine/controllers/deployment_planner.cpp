#include "engine/controllers/deployment_planner.h"

#include <algorithm>
#include <cmath>

#include "engine/controllers/controller_util.h"
#include "engine/controllers/deployment_util.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

using namespace deployutil;

namespace {

bool hasProgressDeadline(const Json& d)
{
    const std::int64_t v = model::intAtPath(d, "spec.progressDeadlineSeconds", -1);
    return v >= 0 && v != 2147483647;
}

Json statusOf(const Json& obj)
{
    return obj.contains("status") && obj["status"].is_object() ? obj["status"] : Json::object();
}

} // namespace

DeploymentPlanner::DeploymentPlanner(Json deployment, std::vector<Json> replicaSets,
                                     std::vector<const Json*> pods, sim::Time now)
    : m_d(std::move(deployment)), m_rss(std::move(replicaSets)), m_pods(std::move(pods)),
      m_now(now), m_stamp(sim::formatTimestamp(now))
{
    m_originalStatus = statusOf(m_d);
    m_d["status"] = m_originalStatus;
    sortByCreation();
}

void DeploymentPlanner::sortByCreation()
{
    std::stable_sort(m_rss.begin(), m_rss.end(), [](const Json& a, const Json& b) {
        return std::make_pair(creationStamp(a), nameOf(a)) <
               std::make_pair(creationStamp(b), nameOf(b));
    });
}

std::string DeploymentPlanner::newReplicaSetName() const
{
    return m_new >= 0 ? nameOf(m_rss[m_new]) : std::string();
}

void DeploymentPlanner::note(const std::string& text)
{
    m_summary += (m_summary.empty() ? "" : "; ") + text;
}

std::vector<int> DeploymentPlanner::allIndexes() const
{
    std::vector<int> out;
    for (int i = 0; i < static_cast<int>(m_rss.size()); ++i)
        out.push_back(i);
    return out;
}

std::vector<int> DeploymentPlanner::oldIndexes(bool activeOnly) const
{
    std::vector<int> out;
    for (int i = 0; i < static_cast<int>(m_rss.size()); ++i)
        if (i != m_new && (!activeOnly || replicas(m_rss[i]) > 0))
            out.push_back(i);
    return out;
}

std::vector<const Json*> DeploymentPlanner::pointers(const std::vector<int>& idx) const
{
    std::vector<const Json*> out;
    for (int i : idx)
        out.push_back(&m_rss[i]);
    return out;
}

void DeploymentPlanner::syncRevision(bool createIfNotExisted)
{
    const Json& tmpl = model::objectAt(m_d["spec"], "template");
    m_new = -1;
    for (int i = 0; i < static_cast<int>(m_rss.size()); ++i)
        if (equalIgnoreHash(model::objectAt(m_rss[i]["spec"], "template"), tmpl)) {
            m_new = i; // the oldest matching one, as FindNewReplicaSet
            break;
        }
    std::int64_t maxOld = 0;
    for (int i : oldIndexes(false))
        maxOld = std::max(maxOld, revisionOf(m_rss[i]));
    const std::string newRevision = std::to_string(maxOld + 1);
    const std::int64_t minReady = model::intAtPath(m_d, "spec.minReadySeconds");

    auto copyAnnotations = [&](Json& rs) {
        bool changed = false;
        Json& ann = rs["metadata"]["annotations"];
        if (!ann.is_object())
            ann = Json::object();
        const Json& dAnn = model::objectAt(m_d["metadata"], "annotations");
        for (auto it = dAnn.begin(); it != dAnn.end(); ++it) {
            const std::string k = it.key();
            if (k == "kubectl.kubernetes.io/last-applied-configuration" || k == kRevision ||
                k == kRevisionHistory || k == kDesiredReplicas || k == kMaxReplicas ||
                k == "deprecated.deployment.rollback.to")
                continue;
            if (!ann.contains(k) || ann[k] != it.value()) {
                ann[k] = it.value();
                changed = true;
            }
        }
        const std::int64_t old = revisionOf(rs);
        if (old < maxOld + 1) {
            if (ann.contains(kRevision)) {
                // Rolling back to this ReplicaSet: keep its old revision in the history.
                const std::string hist = ann.value(kRevisionHistory, "");
                ann[kRevisionHistory] =
                    hist.empty() ? std::to_string(old) : hist + "," + std::to_string(old);
            }
            ann[kRevision] = newRevision;
            changed = true;
        }
        return changed;
    };
    auto syncDeploymentRevision = [&](const std::string& revision) {
        Json& ann = m_d["metadata"]["annotations"];
        if (!ann.is_object())
            ann = Json::object();
        if (ann.value(kRevision, "") == revision)
            return;
        ann[kRevision] = revision;
        const Json body = {{"metadata", {{"annotations", {{kRevision, revision}}}}}};
        for (auto& a : m_actions)
            if (a.op == "annotate") {
                a.body = body;
                return;
            }
        m_actions.push_back({"annotate", nameOf(m_d), body, ""});
    };

    if (m_new >= 0) {
        Json& rs = m_rss[m_new];
        const Json before = rs;
        const bool annotationsChanged = copyAnnotations(rs);
        const bool minReadyChanged = model::intAtPath(rs, "spec.minReadySeconds") != minReady;
        if (minReadyChanged)
            rs["spec"]["minReadySeconds"] = minReady;
        if (annotationsChanged || minReadyChanged) {
            Json patch = {{"metadata", {{"annotations", rs["metadata"]["annotations"]}}}};
            if (minReadyChanged)
                patch["spec"] = {{"minReadySeconds", minReady}};
            m_actions.push_back({"update", nameOf(rs), patch, ""});
        }
        syncDeploymentRevision(rs["metadata"]["annotations"].value(kRevision, "1"));
        if (hasProgressDeadline(m_d) && !getCondition(m_d["status"], "Progressing"))
            setCondition(m_d["status"],
                         newCondition("Progressing", "True", "FoundNewReplicaSet",
                                      "Found new replica set \"" + nameOf(rs) + "\"", m_stamp));
        return;
    }
    if (!createIfNotExisted)
        return;

    // A new ReplicaSet named after the template hash.
    std::optional<std::int64_t> collisions;
    if (m_d["status"].contains("collisionCount"))
        collisions = m_d["status"]["collisionCount"].get<std::int64_t>();
    const std::string hash = computeHash(templateWithoutHash(tmpl), collisions);
    Json newTmpl = tmpl;
    newTmpl["metadata"]["labels"][kHashLabel] = hash;
    Json selector = model::objectAt(m_d["spec"], "selector");
    selector["matchLabels"][kHashLabel] = hash;
    Json labels = newTmpl["metadata"]["labels"];
    const std::string name = nameOf(m_d) + "-" + hash;
    Json rs = {{"apiVersion", "apps/v1"},
               {"kind", "ReplicaSet"},
               {"metadata",
                {{"name", name},
                 {"namespace", namespaceOf(m_d)},
                 {"labels", labels},
                 {"ownerReferences", Json::array({controllerOwnerRef(m_d)})}}},
               {"spec",
                {{"replicas", 0},
                 {"minReadySeconds", minReady},
                 {"selector", selector},
                 {"template", newTmpl}}},
               {"status", {{"replicas", 0}}}};
    copyAnnotations(rs);
    const std::int64_t count = newRSNewReplicas(0);
    rs["spec"]["replicas"] = count;
    setReplicasAnnotations(rs, replicas(m_d), replicas(m_d) + maxSurge(m_d));
    m_rss.push_back(rs);
    m_new = static_cast<int>(m_rss.size()) - 1;
    Json body = rs;
    body.erase("status");
    m_actions.push_back(
        {"create", name, body,
         count > 0 ? "Scaled up replica set " + name + " from 0 to " + std::to_string(count) : ""});
    note("creating replica set " + name + " with " + std::to_string(count) + " replicas");
    syncDeploymentRevision(newRevision);
    if (hasProgressDeadline(m_d))
        setCondition(m_d["status"],
                     newCondition("Progressing", "True", "NewReplicaSetCreated",
                                  "Created new replica set \"" + name + "\"", m_stamp));
}

std::int64_t DeploymentPlanner::newRSNewReplicas(std::int64_t newReplicas) const
{
    if (!isRollingUpdate(m_d))
        return replicas(m_d);
    const std::int64_t maxTotal = replicas(m_d) + maxSurge(m_d);
    const std::int64_t current = sumSpecReplicas(pointers(allIndexes()));
    if (current >= maxTotal)
        return newReplicas;
    const std::int64_t up = std::min(maxTotal - current, replicas(m_d) - newReplicas);
    return newReplicas + std::max<std::int64_t>(up, 0);
}

bool DeploymentPlanner::scaleTo(int idx, std::int64_t newScale, std::string operation)
{
    Json& rs = m_rss[idx];
    const std::int64_t from = replicas(rs);
    const bool sizeChanged = from != newScale;
    if (operation.empty())
        operation = from < newScale ? "up" : "down";
    const bool annotationsChanged =
        setReplicasAnnotations(rs, replicas(m_d), replicas(m_d) + maxSurge(m_d));
    if (!sizeChanged && !annotationsChanged)
        return false;
    rs["spec"]["replicas"] = newScale;
    Json patch = {{"metadata",
                   {{"annotations",
                     {{kDesiredReplicas, rs["metadata"]["annotations"][kDesiredReplicas]},
                      {kMaxReplicas, rs["metadata"]["annotations"][kMaxReplicas]}}}}},
                  {"spec", {{"replicas", newScale}}}};
    std::string message;
    if (sizeChanged) {
        message = "Scaled " + operation + " replica set " + nameOf(rs) + " from " +
                  std::to_string(from) + " to " + std::to_string(newScale);
        note("scaling " + operation + " " + nameOf(rs) + " from " + std::to_string(from) + " to " +
             std::to_string(newScale));
    }
    m_actions.push_back({"scale", nameOf(rs), patch, message});
    return sizeChanged;
}

void DeploymentPlanner::checkPausedConditions()
{
    if (!hasProgressDeadline(m_d))
        return;
    const Json* cond = getCondition(m_d["status"], "Progressing");
    if (cond && cond->value("reason", "") == "ProgressDeadlineExceeded")
        return;
    const bool pausedCond = cond && cond->value("reason", "") == "DeploymentPaused";
    const bool paused = m_d["spec"].value("paused", false);
    if (paused && !pausedCond)
        setCondition(m_d["status"], newCondition("Progressing", "Unknown", "DeploymentPaused",
                                                 "Deployment is paused", m_stamp));
    else if (!paused && pausedCond)
        setCondition(m_d["status"], newCondition("Progressing", "Unknown", "DeploymentResumed",
                                                 "Deployment is resumed", m_stamp));
}

bool DeploymentPlanner::isScalingEvent()
{
    syncRevision(false);
    for (int i : allIndexes()) {
        if (replicas(m_rss[i]) == 0)
            continue;
        const std::int64_t desired = annotationInt(m_rss[i], kDesiredReplicas, -1);
        if (desired >= 0 && desired != replicas(m_d))
            return true;
    }
    return false;
}

void DeploymentPlanner::run()
{
    if (isDeleting(m_d)) {
        syncRevision(false);
        note("being deleted: status only");
        syncDeploymentStatus();
        return;
    }
    checkPausedConditions();
    if (m_d["spec"].value("paused", false)) {
        note("paused");
        sync();
        return;
    }
    if (isScalingEvent()) {
        sync();
        return;
    }
    if (isRollingUpdate(m_d))
        rolloutRolling();
    else
        rolloutRecreate();
}

void DeploymentPlanner::sync()
{
    syncRevision(false);
    scale();
    if (m_d["spec"].value("paused", false))
        cleanupDeployment();
    syncDeploymentStatus();
}

void DeploymentPlanner::scale()
{
    const std::int64_t want = replicas(m_d);
    // FindActiveOrLatest: one active ReplicaSet (or none) takes the whole size.
    std::vector<int> active;
    for (int i : allIndexes())
        if (replicas(m_rss[i]) > 0)
            active.push_back(i);
    if (active.size() <= 1 && !m_rss.empty()) {
        int target = active.empty() ? (m_new >= 0 ? m_new : -1) : active[0];
        if (target < 0) {
            std::vector<int> olds = oldIndexes(false);
            target = olds.back(); // the latest old one
        }
        if (replicas(m_rss[target]) != want)
            scaleTo(target, want);
        return;
    }
    if (m_rss.empty())
        return;
    // IsSaturated: the new ReplicaSet alone is enough; scale the old ones away.
    if (m_new >= 0 && annotationInt(m_rss[m_new], kDesiredReplicas) == want &&
        statusInt(m_rss[m_new], "availableReplicas") == want && replicas(m_rss[m_new]) == want) {
        for (int i : oldIndexes(true))
            scaleTo(i, 0);
        return;
    }
    if (!isRollingUpdate(m_d))
        return;
    // Proportional scaling: spread the difference by each ReplicaSet's share.
    const std::int64_t total = sumSpecReplicas(pointers(active));
    const std::int64_t allowed = want > 0 ? want + maxSurge(m_d) : 0;
    const std::int64_t toAdd = allowed - total;
    std::string operation;
    std::vector<int> order = active;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const std::int64_t ra = replicas(m_rss[a]), rb = replicas(m_rss[b]);
        if (ra != rb)
            return ra > rb;
        const bool newerFirst = toAdd > 0;
        return newerFirst ? creationStamp(m_rss[a]) > creationStamp(m_rss[b])
                          : creationStamp(m_rss[a]) < creationStamp(m_rss[b]);
    });
    if (toAdd > 0)
        operation = "up";
    else if (toAdd < 0)
        operation = "down";
    std::map<int, std::int64_t> size;
    std::int64_t added = 0;
    for (int i : order) {
        const std::int64_t r = replicas(m_rss[i]);
        std::int64_t proportion = 0;
        if (toAdd != 0 && r != 0 && toAdd != added) {
            std::int64_t annotated = annotationInt(m_rss[i], kMaxReplicas, -1);
            if (annotated <= 0)
                annotated = statusInt(m_d, "replicas");
            const std::int64_t fraction =
                want == 0 ? -r
                          : static_cast<std::int64_t>(std::llround(
                                static_cast<double>(r * (want + maxSurge(m_d))) /
                                static_cast<double>(std::max<std::int64_t>(annotated, 1)))) -
                                r;
            const std::int64_t left = toAdd - added;
            proportion = toAdd > 0 ? std::min(fraction, left) : std::max(fraction, left);
        }
        size[i] = r + proportion;
        added += proportion;
    }
    bool first = true;
    for (int i : order) {
        if (first && toAdd != 0)
            size[i] = std::max<std::int64_t>(0, size[i] + toAdd - added); // leftovers
        first = false;
        scaleTo(i, size[i], operation.empty() ? std::string() : operation);
    }
}

void DeploymentPlanner::rolloutRolling()
{
    syncRevision(true);
    if (reconcileNewReplicaSet() || reconcileOldReplicaSets()) {
        syncRolloutStatus();
        return;
    }
    if (deploymentComplete(m_d, statusOf(m_d)))
        cleanupDeployment();
    syncRolloutStatus();
}

bool DeploymentPlanner::reconcileNewReplicaSet()
{
    const std::int64_t want = replicas(m_d);
    const std::int64_t have = replicas(m_rss[m_new]);
    if (have == want)
        return false;
    if (have > want)
        return scaleTo(m_new, want);
    return scaleTo(m_new, newRSNewReplicas(have));
}

bool DeploymentPlanner::reconcileOldReplicaSets()
{
    std::vector<int> olds = oldIndexes(true);
    if (sumSpecReplicas(pointers(olds)) == 0)
        return false;
    const std::int64_t allPods = sumSpecReplicas(pointers(allIndexes()));
    const std::int64_t minAvailable = replicas(m_d) - maxUnavailable(m_d);
    const Json& newRS = m_rss[m_new];
    const std::int64_t newUnavailable = replicas(newRS) - statusInt(newRS, "availableReplicas");
    const std::int64_t maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0)
        return false;
    // cleanupUnhealthyReplicas: old pods that are not available go first.
    std::int64_t cleaned = 0;
    for (int i : olds) {
        if (cleaned >= maxScaledDown)
            break;
        const std::int64_t r = replicas(m_rss[i]);
        const std::int64_t unhealthy = r - statusInt(m_rss[i], "availableReplicas");
        if (r == 0 || unhealthy <= 0)
            continue;
        const std::int64_t down = std::min(maxScaledDown - cleaned, unhealthy);
        scaleTo(i, r - down);
        cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable available pods. A
    // ReplicaSet just scaled down still reports its old availableReplicas until its
    // controller catches up; counting at most its spec.replicas keeps that stale status
    // from spending the same unavailability budget twice.
    std::int64_t available = 0;
    for (int i : allIndexes())
        available += std::min(replicas(m_rss[i]), statusInt(m_rss[i], "availableReplicas"));
    std::int64_t scaledDown = 0;
    if (available > minAvailable) {
        const std::int64_t budget = available - minAvailable;
        for (int i : oldIndexes(true)) {
            if (scaledDown >= budget)
                break;
            const std::int64_t r = replicas(m_rss[i]);
            const std::int64_t down = std::min(r, budget - scaledDown);
            scaleTo(i, r - down);
            scaledDown += down;
        }
    }
    return cleaned + scaledDown > 0;
}

void DeploymentPlanner::rolloutRecreate()
{
    syncRevision(false);
    bool scaledDown = false;
    for (int i : oldIndexes(true))
        scaledDown = scaleTo(i, 0) || scaledDown;
    if (scaledDown) {
        note("Recreate: scaling old replica sets to 0 first");
        syncRolloutStatus();
        return;
    }
    // oldPodsRunning: wait until no pod of an old ReplicaSet is still there.
    bool oldRunning = sumStatus(pointers(oldIndexes(false)), "replicas") > 0;
    const std::string newUid = m_new >= 0 ? uidOf(m_rss[m_new]) : "";
    for (const Json* pod : m_pods) {
        const Json* ref = controllerRef(*pod);
        if (!ref || (!newUid.empty() && ref->value("uid", "") == newUid))
            continue;
        const std::string phase = podPhase(*pod);
        if (phase != "Failed" && phase != "Succeeded")
            oldRunning = true;
    }
    if (oldRunning) {
        note("Recreate: waiting for old pods to terminate");
        syncRolloutStatus();
        return;
    }
    if (m_new < 0)
        syncRevision(true);
    scaleTo(m_new, replicas(m_d));
    if (deploymentComplete(m_d, statusOf(m_d)))
        cleanupDeployment();
    syncRolloutStatus();
}

void DeploymentPlanner::cleanupDeployment()
{
    const std::int64_t limit = model::intAtPath(m_d, "spec.revisionHistoryLimit", 10);
    std::vector<int> cleanable;
    for (int i : oldIndexes(false))
        if (!isDeleting(m_rss[i]))
            cleanable.push_back(i);
    const std::int64_t diff = static_cast<std::int64_t>(cleanable.size()) - limit;
    if (diff <= 0)
        return;
    std::stable_sort(cleanable.begin(), cleanable.end(),
                     [&](int a, int b) { return revisionOf(m_rss[a]) < revisionOf(m_rss[b]); });
    for (std::int64_t k = 0; k < diff; ++k) {
        const Json& rs = m_rss[cleanable[k]];
        if (statusInt(rs, "replicas") != 0 || replicas(rs) != 0 ||
            model::intAtPath(rs, "metadata.generation") > statusInt(rs, "observedGeneration"))
            continue;
        m_actions.push_back({"delete", nameOf(rs), Json::object(), ""});
        note("deleting old replica set " + nameOf(rs) + " (revisionHistoryLimit " +
             std::to_string(limit) + ")");
    }
}

Json DeploymentPlanner::calculateStatus() const
{
    const auto all = pointers(allIndexes());
    const std::int64_t available = sumStatus(all, "availableReplicas");
    const std::int64_t total = sumSpecReplicas(all);
    Json s = Json::object();
    auto put = [&](const char* field, std::int64_t v) {
        if (v != 0)
            s[field] = v;
    };
    put("observedGeneration", model::intAtPath(m_d, "metadata.generation"));
    put("replicas", sumStatus(all, "replicas"));
    put("updatedReplicas", m_new >= 0 ? statusInt(m_rss[m_new], "replicas") : 0);
    put("readyReplicas", sumStatus(all, "readyReplicas"));
    put("availableReplicas", available);
    put("unavailableReplicas", std::max<std::int64_t>(0, total - available));
    const Json& old = m_d["status"];
    if (old.contains("conditions"))
        s["conditions"] = old["conditions"];
    if (old.contains("collisionCount"))
        s["collisionCount"] = old["collisionCount"];
    if (available >= replicas(m_d) - maxUnavailable(m_d))
        setCondition(s, newCondition("Available", "True", "MinimumReplicasAvailable",
                                     "Deployment has minimum availability.", m_stamp));
    else
        setCondition(s, newCondition("Available", "False", "MinimumReplicasUnavailable",
                                     "Deployment does not have minimum availability.", m_stamp));
    return s;
}

void DeploymentPlanner::syncDeploymentStatus()
{
    finishStatus(calculateStatus());
}

void DeploymentPlanner::syncRolloutStatus()
{
    Json s = calculateStatus();
    if (!hasProgressDeadline(m_d))
        removeCondition(s, "Progressing");
    const Json* current = getCondition(m_d["status"], "Progressing");
    const bool complete = s.value("replicas", 0) == s.value("updatedReplicas", 0) && current &&
                          current->value("reason", "") == "NewReplicaSetAvailable";
    const std::string rsName = newReplicaSetName();
    if (hasProgressDeadline(m_d) && !complete) {
        if (deploymentComplete(m_d, s)) {
            setCondition(s,
                         newCondition("Progressing", "True", "NewReplicaSetAvailable",
                                      "ReplicaSet \"" + rsName + "\" has successfully progressed.",
                                      m_stamp));
        } else if (deploymentProgressing(m_d, s)) {
            Json c = newCondition("Progressing", "True", "ReplicaSetUpdated",
                                  "ReplicaSet \"" + rsName + "\" is progressing.", m_stamp);
            if (current) {
                if (current->value("status", "") == "True")
                    c["lastTransitionTime"] = current->value("lastTransitionTime", m_stamp);
                removeCondition(s, "Progressing");
            }
            setCondition(s, c);
        } else if (deploymentTimedOut(m_d, s, m_now)) {
            setCondition(s, newCondition("Progressing", "False", "ProgressDeadlineExceeded",
                                         "ReplicaSet \"" + rsName + "\" has timed out progressing.",
                                         m_stamp));
        }
    }
    if (s == m_d["status"]) {
        // requeueStuckDeployment: look again when the deadline would pass.
        const Json* c = getCondition(m_d["status"], "Progressing");
        if (hasProgressDeadline(m_d) && c && !deploymentComplete(m_d, s) &&
            c->value("reason", "") != "ProgressDeadlineExceeded") {
            const auto from = parseTimestamp(c->value("lastUpdateTime", ""));
            const sim::Time due =
                from.value_or(m_now) +
                model::intAtPath(m_d, "spec.progressDeadlineSeconds", 600) * sim::kSecond;
            m_requeue = std::max<sim::Duration>(due - m_now, 0) + sim::kSecond;
        }
    }
    finishStatus(s);
}

void DeploymentPlanner::finishStatus(const Json& status)
{
    m_d["status"] = status;
    if (status != m_originalStatus)
        m_actions.push_back({"status", nameOf(m_d), status, ""});
}

} // namespace kubelab::controllers
