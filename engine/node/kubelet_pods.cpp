// Kubelet: the per-pod sync loop (kubelet's pod workers and SyncPod), driven by watch
// events, CRI results, container exits and back-off timers. One step at a time per pod:
// while a CRI call is in flight the pod waits for its result.
#include "engine/node/kubelet.h"

#include "engine/model/json_view.h"
#include "engine/node/container_behavior.h"
#include "engine/node/cri.h"
#include "engine/node/image_catalog.h"
#include "engine/node/pod_status.h"

namespace kubelab::node {

using nlohmann::json;

namespace {
// How soon a pod worker looks again after a failed image pull, as the PLEG relist and
// status updates wake it in kubelet: the pull is then in back-off (ImagePullBackOff).
constexpr sim::Duration kResyncAfterPullError = 1 * sim::kSecond;
constexpr sim::Duration kResyncAfterError = 10 * sim::kSecond;
// The kubelet's sync period, after which changed ConfigMaps and Secrets reach volumes.
constexpr sim::Duration kVolumeRefresh = 60 * sim::kSecond;

bool isTerminalPhase(const std::string& p)
{
    return p == "Succeeded" || p == "Failed";
}
} // namespace

const json* Kubelet::podOf(const PodWorker& w) const
{
    const json* pod = informer("pods")->get(w.key);
    if (!pod || (*pod)["metadata"].value("uid", "") != w.uid)
        return nullptr;
    return pod;
}

PodWorker& Kubelet::ensureWorker(const json& pod)
{
    const std::string uid = pod["metadata"].value("uid", "");
    auto it = m_workers.find(uid);
    if (it != m_workers.end())
        return it->second;
    PodWorker w;
    w.uid = uid;
    w.ns = pod["metadata"].value("namespace", "");
    w.name = pod["metadata"].value("name", "");
    w.key = w.ns + "/" + w.name;
    for (const char* field : {"initContainers", "containers"})
        for (const auto& c : pod["spec"].value(field, json::array())) {
            ContainerRecord r;
            r.name = c.value("name", "");
            r.image = c.value("image", "");
            r.init = std::string(field) == "initContainers";
            w.containers.push_back(r);
        }
    // A pod that finished before we saw it (a restarted kubelet) is not run again.
    w.terminal = isTerminalPhase(model::objectAt(pod, "status").value("phase", ""));
    return m_workers.emplace(uid, std::move(w)).first->second;
}

json Kubelet::containerSpec(const json& pod, const ContainerRecord& c) const
{
    for (const auto& spec :
         pod["spec"].value(c.init ? "initContainers" : "containers", json::array()))
        if (spec.value("name", "") == c.name)
            return spec;
    return json::object();
}

void Kubelet::event(sim::Context& ctx, const PodWorker& w, const ContainerRecord* c,
                    const std::string& type, const std::string& reason, const std::string& message)
{
    // The event's involvedObject needs the pod's identity and resourceVersion only.
    json involved = {{"apiVersion", "v1"},
                     {"kind", "Pod"},
                     {"metadata", {{"name", w.name}, {"namespace", w.ns}, {"uid", w.uid}}}};
    if (const json* pod = podOf(w)) {
        const std::string_view rv =
            model::stringAt(model::objectAt(*pod, "metadata"), "resourceVersion");
        if (!rv.empty())
            involved["metadata"]["resourceVersion"] = std::string(rv);
    }
    std::string fieldPath;
    if (c)
        fieldPath =
            std::string(c->init ? "spec.initContainers{" : "spec.containers{") + c->name + "}";
    recordEvent(ctx, involved, type, reason, message, fieldPath);
}

// The pod worker's back-off after a failed sync (pod_workers.go backOffPeriod), without
// its jitter: how often a pod waiting for its claims tries again.
constexpr sim::Duration kSyncBackOff = 10 * sim::kSecond;

bool Kubelet::volumesReady(sim::Context& ctx, PodWorker& w, const json& pod)
{
    // The desired-state populator cannot add a volume whose claim is not bound, and
    // WaitForAttachAndMount reports its error at once rather than after its 2m3s timeout.
    std::string names, errors;
    for (const json& v : model::memberAtPath(pod, "spec.volumes")) {
        const std::string claim = model::textAtPath(v, "persistentVolumeClaim.claimName");
        if (claim.empty())
            continue;
        const json* c = informerRef("claims").get(w.ns + "/" + claim);
        if (c && model::textAtPath(*c, "status.phase") == "Bound")
            continue;
        names += (names.empty() ? "" : " ") + model::textAt(v, "name");
        errors += (errors.empty() ? "" : "; ") +
                  (c ? "error processing PVC " + w.ns + "/" + claim + ": PVC is not bound"
                     : "error processing PVC " + w.ns + "/" + claim +
                           ": failed to fetch PVC from API server: persistentvolumeclaims \"" +
                           claim + "\" not found");
    }
    if (names.empty()) {
        w.mountWaitStart = -1;
        return true;
    }
    if (w.mountWaitStart < 0 || ctx.now() - w.mountWaitStart >= kSyncBackOff) {
        event(ctx, w, nullptr, "Warning", "FailedMount",
              "Unable to attach or mount volumes: unmounted volumes=[" + names +
                  "], unattached volumes=[], failed to process volumes=[" + names + "]: " +
                  errors);
        w.mountWaitStart = ctx.now();
    }
    resyncAfter(ctx, w, w.mountWaitStart + kSyncBackOff - ctx.now(), true);
    return false;
}

void Kubelet::onClaimEvent(sim::Context& ctx, const json& claim)
{
    const std::string ns = model::textAtPath(claim, "metadata.namespace");
    const std::string name = model::textAtPath(claim, "metadata.name");
    for (auto& [uid, w] : m_workers) {
        if (w.mountWaitStart < 0 || w.ns != ns)
            continue;
        const json* pod = podOf(w);
        if (!pod)
            continue;
        for (const json& v : model::memberAtPath(*pod, "spec.volumes"))
            if (model::textAtPath(v, "persistentVolumeClaim.claimName") == name) {
                syncPod(ctx, w);
                break;
            }
    }
}

void Kubelet::resyncAfter(sim::Context& ctx, PodWorker& w, sim::Duration delay, bool periodic)
{
    ctx.timer(std::max<sim::Duration>(delay, 0), "timer.resync",
              {{"uid", w.uid}, {"generation", w.generation}}, periodic);
}

void Kubelet::syncPod(sim::Context& ctx, PodWorker& w)
{
    if (w.inFlight > 0)
        return;
    const json* podPtr = podOf(w);
    if (!podPtr)
        return;
    const json& pod = *podPtr;
    if (pod["metadata"].contains("deletionTimestamp")) {
        terminatePod(ctx, w, pod);
        return;
    }
    if (w.terminal) {
        if (!w.sandboxId.empty() && !w.sandboxStopped) {
            ++w.inFlight;
            callCri(ctx, "StopPodSandbox", {{"podSandboxId", w.sandboxId}},
                    {{"uid", w.uid}, {"what", "pod " + w.key + " finished"}});
            return;
        }
        updatePodStatus(ctx, w);
        return;
    }
    if (w.startTime < 0) {
        w.startTime = ctx.now();
        updatePodStatus(ctx, w);
    }
    if (w.sandboxId.empty()) {
        if (!volumesReady(ctx, w, pod))
            return;
        ++w.inFlight;
        callCri(
            ctx, "RunPodSandbox",
            {{"config", {{"name", w.name}, {"namespace", w.ns}, {"uid", w.uid}, {"attempt", 0}}}},
            {{"uid", w.uid}, {"what", "sandbox of " + w.key}});
        return;
    }
    const std::string policy = pod["spec"].value("restartPolicy", "Always");
    // Init containers, one after another; each must succeed before the next.
    for (auto& c : w.containers) {
        if (!c.init)
            continue;
        if (c.state == "terminated" && c.exitCode == 0)
            continue;
        if (c.state == "running") {
            updatePodStatus(ctx, w);
            return;
        }
        if (!c.containerId.empty() && policy == "Never") {
            w.terminal = true; // a failed init container: the pod has failed
            syncPod(ctx, w);
            return;
        }
        if (!startContainer(ctx, w, pod, c))
            updatePodStatus(ctx, w);
        return;
    }
    for (auto& c : w.containers) {
        if (c.init || c.state == "running")
            continue;
        if (!c.containerId.empty()) {
            const bool restart = policy == "Always" || (policy == "OnFailure" && c.exitCode != 0);
            if (!restart)
                continue;
        }
        if (startContainer(ctx, w, pod, c))
            return; // one container at a time, as SyncPod starts them in order
    }
    if (isTerminalPhase(PodStatusBuilder::phase(pod, w))) {
        w.terminal = true;
        updatePodStatus(ctx, w);
        syncPod(ctx, w);
        return;
    }
    updatePodStatus(ctx, w);
}

bool Kubelet::startContainer(sim::Context& ctx, PodWorker& w, const json& pod, ContainerRecord& c)
{
    if (c.state == "waiting" && (c.reason == "ErrImageNeverPull" ||
                                 c.reason == "InvalidImageName" || c.retryAt > ctx.now()))
        return false; // nothing will change until the pod does, or until the retry
    if (!ImageCatalog::wellFormed(ImageCatalog::normalize(c.image))) {
        // EnsureImageExists: applyDefaultImageTag fails before any CRI call.
        const std::string msg = "Failed to apply default image tag \"" + c.image +
                                "\": couldn't parse image reference \"" + c.image +
                                "\": " + ImageCatalog::referenceError(c.image);
        c.state = "waiting";
        c.reason = "InvalidImageName";
        c.message = msg;
        event(ctx, w, &c, "Warning", "InspectFailed", msg);
        event(ctx, w, &c, "Warning", "Failed", "Error: InvalidImageName");
        return false;
    }
    if (!c.containerId.empty()) {
        // kubelet's doBackOff: restarts wait 10 s, 20 s, ... up to 5 min after the exit.
        const std::string key = w.uid + "/" + c.name;
        if (m_crashBackoff.inBackOffSince(key, c.finishedAt, ctx.now())) {
            if (c.state == "terminated")
                c.lastState = {{"terminated", PodStatusBuilder::terminatedState(c)}};
            const sim::Duration backoff = m_crashBackoff.get(key);
            c.state = "waiting";
            c.reason = "CrashLoopBackOff";
            c.message = "back-off " + goDuration(backoff) +
                        " restarting failed container=" + c.name +
                        " pod=" + PodStatusBuilder::podDescription(w);
            event(ctx, w, &c, "Warning", "BackOff",
                  "Back-off restarting failed container " + c.name + " in pod " +
                      PodStatusBuilder::podDescription(w));
            resyncAfter(ctx, w, c.finishedAt + backoff - ctx.now(), false);
            return false;
        }
        m_crashBackoff.next(key, c.finishedAt);
    }
    (void)pod;
    ++w.inFlight;
    callCri(ctx, "ImageStatus", {{"image", c.image}},
            {{"uid", w.uid}, {"container", c.name}, {"init", c.init}, {"what", c.image}});
    return true;
}

void Kubelet::afterImageStatus(sim::Context& ctx, PodWorker& w, ContainerRecord& c,
                               const json& result)
{
    const json* pod = podOf(w);
    if (!pod)
        return;
    const json spec = containerSpec(*pod, c);
    const std::string policy = spec.value("imagePullPolicy", "IfNotPresent");
    const bool present = result.value("present", false);
    const std::string quoted = "\"" + c.image + "\"";
    if (policy == "Never" && !present) {
        const std::string msg =
            "Container image " + quoted + " is not present with pull policy of Never";
        c.state = "waiting";
        c.reason = "ErrImageNeverPull";
        c.message = msg;
        event(ctx, w, &c, "Warning", "ErrImageNeverPull", msg);
        event(ctx, w, &c, "Warning", "Failed", "Error: ErrImageNeverPull");
        updatePodStatus(ctx, w);
        return;
    }
    if (present && policy != "Always") {
        c.imageRef = result.value("imageRef", "");
        event(ctx, w, &c, "Normal", "Pulled",
              "Container image " + quoted + " already present on machine");
        createContainer(ctx, w, c);
        return;
    }
    const std::string key = w.uid + "_" + c.image;
    if (m_imageBackoff.inBackOffSinceUpdate(key, ctx.now())) {
        const std::string msg = "Back-off pulling image " + quoted;
        c.state = "waiting";
        c.reason = "ImagePullBackOff";
        c.message = msg;
        event(ctx, w, &c, "Normal", "BackOff", msg);
        event(ctx, w, &c, "Warning", "Failed", "Error: ImagePullBackOff");
        c.retryAt = m_imageBackoff.expiresAt(key);
        resyncAfter(ctx, w, c.retryAt - ctx.now(), false);
        updatePodStatus(ctx, w);
        return;
    }
    event(ctx, w, &c, "Normal", "Pulling", "Pulling image " + quoted);
    c.pullStarted = ctx.now();
    ++w.inFlight;
    callCri(ctx, "PullImage", {{"image", c.image}},
            {{"uid", w.uid}, {"container", c.name}, {"init", c.init}, {"what", c.image}});
}

void Kubelet::createContainer(sim::Context& ctx, PodWorker& w, ContainerRecord& c)
{
    const json* pod = podOf(w);
    if (!pod)
        return;
    json spec = containerSpec(*pod, c);
    // First read the ConfigMaps and Secrets the container refers to.
    if (w.refsPending == 0) {
        std::vector<std::string> need;
        for (const auto& key : configReferences(*pod, spec))
            if (!w.refs.count(key))
                need.push_back(key);
        if (!need.empty()) {
            w.refsPending = static_cast<int>(need.size());
            for (const auto& key : need) {
                api::Request r;
                r.verb = "get";
                r.resource = key.substr(0, key.find('/'));
                r.ns = w.ns;
                r.name = key.substr(key.find('/') + 1);
                r.user = "system:node:" + m_config.name;
                ++w.inFlight;
                request(ctx, r,
                        {{"what", "read " + key + " for " + w.key},
                         {"op", "ref.get"},
                         {"uid", w.uid},
                         {"key", key},
                         {"container", c.name},
                         {"init", c.init}});
            }
            return;
        }
    }
    c.imageName = ImageCatalog::normalize(c.image).name();
    // The runtime gets the container spec and the pod's annotations, as CRI's
    // ContainerConfig and PodSandboxConfig carry them, with the environment and mounts
    // the kubelet resolved.
    json cfg = {{"name", c.name},
                {"attempt", c.containerId.empty() ? c.restartCount : c.restartCount + 1},
                {"image", c.image},
                {"init", c.init},
                {"annotations", model::objectAt((*pod)["metadata"], "annotations")}};
    std::string reason, message;
    const bool ok = containerConfig(w, *pod, spec, cfg, reason, message, w.refs);
    w.refs.clear();
    if (!ok) {
        c.state = "waiting";
        if (reason == "FailedMount") {
            c.reason = "ContainerCreating";
            c.message.clear();
            event(ctx, w, nullptr, "Warning", "FailedMount", message);
        } else {
            c.reason = reason;
            c.message = message;
            event(ctx, w, &c, "Warning", "Failed", "Error: " + message);
        }
        c.retryAt = ctx.now() + kResyncAfterError;
        resyncAfter(ctx, w, kResyncAfterError, false);
        updatePodStatus(ctx, w);
        return;
    }
    cfg["container"] = std::move(spec);
    bool files = false;
    for (const auto& m : cfg["mounts"])
        files = files || m.contains("files");
    if (files && !w.volumeRefresh) {
        w.volumeRefresh = true;
        ctx.timer(kVolumeRefresh, "timer.volumes", {{"uid", w.uid}, {"generation", w.generation}},
                  true);
    }
    ++w.inFlight;
    callCri(ctx, "CreateContainer", {{"podSandboxId", w.sandboxId}, {"config", cfg}},
            {{"uid", w.uid}, {"container", c.name}, {"init", c.init}, {"what", c.name}});
}

void Kubelet::configRead(sim::Context& ctx, const json& tag, const api::Response& response)
{
    auto it = m_workers.find(tag.value("uid", ""));
    if (it == m_workers.end())
        return;
    PodWorker& w = it->second;
    w.inFlight = std::max(0, w.inFlight - 1);
    w.refs[tag.value("key", "")] = response.ok() ? response.body : json();
    if (--w.refsPending > 0)
        return;
    w.refsPending = 0;
    if (ContainerRecord* c = w.byName(tag.value("container", ""), tag.value("init", false)))
        createContainer(ctx, w, *c);
}

void Kubelet::handleCriResult(sim::Context& ctx, const std::string& method, const json& tag,
                              const json& result)
{
    if (tag.value("detached", false))
        return;
    if (method == "probe" || method == "exec") { // ExecSync
        execResult(ctx, tag, result);
        return;
    }
    auto wit = m_workers.find(tag.value("uid", ""));
    if (wit == m_workers.end())
        return;
    PodWorker& w = wit->second;
    w.inFlight = std::max(0, w.inFlight - 1);
    ContainerRecord* c = tag.contains("container")
                             ? w.byName(tag.value("container", ""), tag.value("init", false))
                             : nullptr;
    const bool ok = result.value("ok", false);
    const std::string error = result.value("error", "");
    if (method == "RunPodSandbox") {
        if (ok) {
            w.sandboxId = result.value("podSandboxId", "");
            w.podIp = result.value("ip", "");
            w.sandboxStopped = false;
        } else {
            event(ctx, w, nullptr, "Warning", "FailedCreatePodSandBox",
                  "Failed to create pod sandbox: " + error);
            resyncAfter(ctx, w, kResyncAfterError, false);
            return;
        }
    } else if (method == "StopPodSandbox") {
        w.sandboxStopped = true;
    } else if (method == "ImageStatus" && c) {
        afterImageStatus(ctx, w, *c, result);
    } else if (method == "PullImage" && c) {
        const std::string quoted = "\"" + c->image + "\"";
        if (ok) {
            const sim::Duration pull = result.value("pullNanos", sim::Duration(0));
            const std::int64_t size = result.value("size", std::int64_t(0));
            event(ctx, w, c, "Normal", "Pulled",
                  "Successfully pulled image " + quoted + " in " + goDuration(pull) + " (" +
                      goDuration(ctx.now() - c->pullStarted) +
                      " including waiting). Image size: " + std::to_string(size) + " bytes.");
            const std::string name = ImageCatalog::normalize(c->image).name();
            m_images[name] = {name, result.value("imageRef", ""), size};
            m_imageBackoff.reset(w.uid + "_" + c->image);
            c->imageRef = result.value("imageRef", "");
            createContainer(ctx, w, *c);
        } else {
            event(ctx, w, c, "Warning", "Failed", "Failed to pull image " + quoted + ": " + error);
            m_imageBackoff.next(w.uid + "_" + c->image, ctx.now());
            event(ctx, w, c, "Warning", "Failed", "Error: ErrImagePull");
            c->state = "waiting";
            c->reason = "ErrImagePull";
            c->message = error;
            c->retryAt = ctx.now() + kResyncAfterPullError;
            updatePodStatus(ctx, w);
            resyncAfter(ctx, w, kResyncAfterPullError, false);
            return;
        }
    } else if (method == "CreateContainer" && c) {
        if (ok) {
            event(ctx, w, c, "Normal", "Created", "Created container " + c->name);
            ++w.inFlight;
            callCri(ctx, "StartContainer", {{"containerId", result.value("containerId", "")}},
                    {{"uid", w.uid},
                     {"container", c->name},
                     {"init", c->init},
                     {"newId", result.value("containerId", "")},
                     {"what", c->name}});
        } else {
            event(ctx, w, c, "Warning", "Failed", "Error: " + error);
            c->state = "waiting";
            c->reason = "CreateContainerError";
            c->message = error;
            c->retryAt = ctx.now() + kResyncAfterError;
            updatePodStatus(ctx, w);
            resyncAfter(ctx, w, kResyncAfterError, false);
        }
        return;
    } else if (method == "StartContainer" && c) {
        if (!c->containerId.empty()) {
            if (c->state == "terminated")
                c->lastState = {{"terminated", PodStatusBuilder::terminatedState(*c)}};
            // Keep one dead instance for `logs --previous`, as the container GC does.
            if (!c->previousId.empty())
                callCri(ctx, "RemoveContainer", {{"containerId", c->previousId}},
                        {{"detached", true}, {"what", c->name + " (old instance)"}});
            c->previousId = c->containerId;
            ++c->restartCount;
        }
        c->containerId = tag.value("newId", "");
        c->message.clear();
        c->ready = false;
        if (ok) {
            c->state = "running";
            c->reason.clear();
            c->startedAt = result.value("startedAt", ctx.now());
            event(ctx, w, c, "Normal", "Started", "Started container " + c->name);
            startProbes(ctx, w, *c);
        } else {
            c->state = "terminated";
            c->reason = "StartError";
            c->exitCode = cri::kStartErrorExitCode;
            c->startedAt = ctx.now();
            c->finishedAt = ctx.now();
            c->started = false;
            event(ctx, w, c, "Warning", "Failed", "Error: " + error);
        }
        updatePodStatus(ctx, w);
    }
    if (w.inFlight == 0)
        syncPod(ctx, w);
}

void Kubelet::handleContainerExit(sim::Context& ctx, const json& status)
{
    const std::string id = status.value("id", "");
    for (auto& [uid, w] : m_workers) {
        ContainerRecord* c = w.byId(id);
        if (!c)
            continue;
        if (c->state != "running")
            return;
        c->state = "terminated";
        c->exitCode = status.value("exitCode", 0);
        c->reason = status.value("reason", "Error");
        c->finishedAt = status.value("finishedAt", ctx.now());
        c->ready = false;
        c->started = false;
        c->liveness.active = c->readiness.active = c->startup.active = false;
        ctx.describe(cri::kContainerEvent, runtime(),
                     "kubelet " + m_config.name + " sees container " + c->name + " of pod " +
                         w.key + " exit with code " + std::to_string(c->exitCode) + " (" +
                         c->reason + ")");
        updatePodStatus(ctx, w);
        syncPod(ctx, w);
        return;
    }
    ctx.describe(cri::kContainerEvent, runtime(),
                 "kubelet " + m_config.name + " ignores the exit of an unknown container");
}

void Kubelet::reconcile(sim::Context& ctx, const json& containers)
{
    // What changed while we were stopped: containers that exited unseen.
    for (const auto& status : containers)
        if (status.value("state", "") == cri::kExited)
            for (auto& [uid, w] : m_workers)
                if (ContainerRecord* c = w.byId(status.value("id", "")); c && c->state == "running")
                    handleContainerExit(ctx, status);
    for (auto& [uid, w] : m_workers)
        syncPod(ctx, w);
}

void Kubelet::terminatePod(sim::Context& ctx, PodWorker& w, const json& pod)
{
    if (!w.terminating) {
        w.terminating = true;
        ++w.generation; // back-off and probe timers of this pod are void now
        const std::int64_t grace = pod["metadata"].value(
            "deletionGracePeriodSeconds", pod["spec"].value("terminationGracePeriodSeconds", 30));
        for (auto& c : w.containers) {
            if (c.state != "running")
                continue;
            c.liveness.active = c.readiness.active = c.startup.active = false;
            event(ctx, w, &c, "Normal", "Killing", "Stopping container " + c.name);
            ++w.inFlight;
            callCri(ctx, "StopContainer", {{"containerId", c.containerId}, {"timeout", grace}},
                    {{"uid", w.uid}, {"container", c.name}, {"init", c.init}, {"what", c.name}});
        }
        if (w.inFlight > 0)
            return;
    }
    if (w.inFlight > 0)
        return;
    if (!w.sandboxId.empty() && !w.sandboxStopped) {
        ++w.inFlight;
        callCri(ctx, "StopPodSandbox", {{"podSandboxId", w.sandboxId}},
                {{"uid", w.uid}, {"what", "pod " + w.key + " terminating"}});
        return;
    }
    if (w.deleteSent)
        return;
    // Every container is dead: report the final status, then let the API server remove
    // the pod (kubelet's status manager deletes it with grace period 0).
    w.deleteSent = true;
    w.terminal = true;
    if (!updatePodStatus(ctx, w, true))
        deletePod(ctx, w);
}

void Kubelet::deletePod(sim::Context& ctx, const PodWorker& w)
{
    api::Request r;
    r.verb = "delete";
    r.resource = "pods";
    r.ns = w.ns;
    r.name = w.name;
    r.gracePeriodSeconds = 0;
    r.user = "system:node:" + m_config.name;
    request(ctx, r, {{"what", "delete pod " + w.key}, {"op", "pod.delete"}});
}

void Kubelet::forgetPod(sim::Context& ctx, const std::string& uid)
{
    auto it = m_workers.find(uid);
    if (it == m_workers.end())
        return;
    PodWorker& w = it->second;
    if (!w.sandboxId.empty()) {
        // Anything still running goes with the sandbox (a force-deleted pod).
        if (!w.sandboxStopped)
            callCri(ctx, "StopPodSandbox", {{"podSandboxId", w.sandboxId}},
                    {{"detached", true}, {"what", "pod " + w.key + " deleted"}});
        callCri(ctx, "RemovePodSandbox", {{"podSandboxId", w.sandboxId}},
                {{"detached", true}, {"what", "pod " + w.key + " deleted"}});
    }
    for (const auto& c : w.containers) {
        m_crashBackoff.reset(uid + "/" + c.name);
        m_imageBackoff.reset(uid + "_" + c.image);
    }
    m_workers.erase(it);
}

void Kubelet::shareStatus(PodWorker& w)
{
    if (!w.lastStatus || w.lastStatusShared)
        return;
    const client::SharedObject pod = informer("pods")->getShared(w.key);
    if (!pod || (*pod)["metadata"].value("uid", "") != w.uid || !pod->contains("status"))
        return;
    const json& status = (*pod)["status"];
    if (status == *w.lastStatus) {
        w.lastStatus = std::shared_ptr<const json>(pod, &status);
        w.lastStatusShared = true;
    }
}

bool Kubelet::updatePodStatus(sim::Context& ctx, PodWorker& w, bool thenDelete)
{
    const json* pod = podOf(w);
    if (!pod)
        return false;
    const json& base = w.lastStatus ? *w.lastStatus : model::objectAt(*pod, "status");
    json status = PodStatusBuilder::build(*pod, base, w, m_config.internalIp(), ctx.now());
    if (status == base)
        return false;
    api::Request r;
    r.verb = "patch";
    r.resource = "pods";
    r.subresource = "status";
    r.ns = w.ns;
    r.name = w.name;
    r.patchType = "application/merge-patch+json";
    r.user = "system:node:" + m_config.name;
    r.body = {{"status", PodStatusBuilder::mergePatch(base, status)}};
    json tag = {{"what", "status of pod " + w.key + " (" + status.value("phase", "") + ")"},
                {"op", "pod.status"}};
    w.lastStatus = std::make_shared<const json>(std::move(status)); // base is not used after
    w.lastStatusShared = false;
    if (thenDelete)
        tag["thenDelete"] = w.uid;
    request(ctx, std::move(r), std::move(tag));
    return true;
}

} // namespace kubelab::node
