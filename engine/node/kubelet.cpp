#include "engine/node/kubelet.h"

#include "engine/api/status.h"
#include "engine/model/json_view.h"
#include "engine/model/version.h"
#include "engine/node/cri.h"
#include "engine/sim/time.h"

namespace kubelab::node {

using nlohmann::json;

Kubelet::Kubelet(std::string name, std::string apiServer, NodeConfig config)
    : ActorBase(std::move(name), std::move(apiServer), "kubelet"), m_config(std::move(config))
{
    setEventHost(m_config.name);
    // Only the pods bound to this node, and this node itself.
    addInformer("pods", {"", "v1", "pods", "", "", "spec.nodeName=" + m_config.name});
    addInformer("node", {"", "v1", "nodes", "", "", "metadata.name=" + m_config.name});
    addInformer("claims", {"", "v1", "persistentvolumeclaims", "", "", ""});
}

void Kubelet::onStart(sim::Context& ctx)
{
    const bool restart = m_timerEpoch > 0;
    ++m_timerEpoch;
    m_leaseBusy = false;
    m_nodeUpdateBusy = false;
    // Register this node, as kubelet's registerWithAPIServer does (409 when it exists).
    json node = m_config.nodeObject(model::kKubernetesVersion);
    const std::string now = sim::formatTimestamp(ctx.now());
    for (auto& c : node["status"]["conditions"]) {
        c["lastHeartbeatTime"] = now;
        c["lastTransitionTime"] = now;
    }
    api::Request r;
    r.verb = "create";
    r.resource = "nodes";
    r.user = "system:node:" + m_config.name;
    r.body = node;
    request(ctx, r, {{"what", "register node " + m_config.name}, {"op", "register"}});
    callCri(ctx, "UpdateRuntimeConfig", {{"podCIDR", m_config.podCidr()}},
            {{"what", "runtime config"}});
    if (restart) {
        // CRI replies sent while we were stopped are lost: ask the runtime what is real.
        m_criCalls.clear();
        // The status manager starts with an empty cache, as a restarted kubelet's does:
        // each pod's first status is compared with what the API server holds, so what
        // others wrote meanwhile (the node controller's Ready=False) gets corrected.
        for (auto& [uid, w] : m_workers) {
            w.inFlight = 0;
            w.lastStatus.reset();
            w.lastStatusShared = false;
        }
        callCri(ctx, "ListContainers", json::object(), {{"what", "relist"}});
    }
    const json epoch = {{"epoch", m_timerEpoch}};
    ctx.timer(NodeStatus::kLeaseRenewInterval, "timer.lease", epoch, true);
    ctx.timer(NodeStatus::kUpdateFrequency, "timer.nodestatus", epoch, true);
}

void Kubelet::onSynced(sim::Context& ctx)
{
    // Pods that went away while we were not watching.
    std::vector<std::string> gone;
    const client::Informer& pods = *informer("pods");
    for (const auto& [uid, w] : m_workers)
        if (!pods.get(w.key) || (*pods.get(w.key))["metadata"].value("uid", "") != uid)
            gone.push_back(uid);
    for (const auto& uid : gone)
        forgetPod(ctx, uid);
    // Back from a stop: report the node at once, as kubelet's syncNodeStatus loop runs
    // first thing on start-up (wait.JitterUntil), instead of a status period later;
    // the node controller may have marked it Unknown meanwhile.
    if (m_timerEpoch > 1)
        updateNodeStatus(ctx);
}

namespace {
// Whether objects a and b have the same members, `skip` aside.
bool equalExcept(const json& a, const json& b, std::initializer_list<std::string_view> skip)
{
    if (!a.is_object() || !b.is_object())
        return a == b;
    auto skipped = [&](const std::string& key) {
        for (std::string_view s : skip)
            if (key == s)
                return true;
        return false;
    };
    std::size_t kept = 0;
    for (auto it = a.begin(); it != a.end(); ++it) {
        if (skipped(it.key()))
            continue;
        ++kept;
        auto other = b.find(it.key());
        if (other == b.end() || *other != *it)
            return false;
    }
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!skipped(it.key()))
            --kept;
    return kept == 0;
}

// A pod update that changed nothing but status (and the bookkeeping that comes with
// every write): what a kubelet's own status patches look like when they come back.
bool sameBesidesStatus(const json& a, const json& b)
{
    return equalExcept(a, b, {"status", "metadata"}) &&
           equalExcept(model::objectAt(a, "metadata"), model::objectAt(b, "metadata"),
                       {"resourceVersion", "managedFields"});
}
} // namespace

void Kubelet::onWatchEvent(sim::Context& ctx, const std::string& informerId,
                           const std::string& type, const json& object, const json& previous)
{
    if (informerId == "node") {
        if (m_nodeUid.empty())
            m_nodeUid = object["metadata"].value("uid", "");
        return;
    }
    if (informerId == "claims") {
        onClaimEvent(ctx, object);
        return;
    }
    const std::string uid = object["metadata"].value("uid", "");
    if (type == "DELETED") {
        forgetPod(ctx, uid);
        return;
    }
    const auto known = m_workers.find(uid);
    if (known != m_workers.end())
        shareStatus(known->second);
    // Our own status writes come back as MODIFIED: only spec and metadata changes (such
    // as a deletionTimestamp) need a sync. Compared in place, without copies.
    if (known != m_workers.end() && sameBesidesStatus(object, previous))
        return;
    PodWorker& w = ensureWorker(object);
    syncPod(ctx, w);
}

void Kubelet::callCri(sim::Context& ctx, const std::string& method, json body, json tag)
{
    // A CRI call changes the node (even from a probe tick): real activity for `settle`.
    ctx.activity();
    const std::uint64_t id = m_nextCall++;
    tag["method"] = method;
    m_criCalls[id] = std::move(tag);
    body["id"] = id;
    ctx.send(runtime(), cri::requestKind(method), std::move(body));
}

void Kubelet::onMessage(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == cri::kContainerEvent) {
        handleContainerExit(ctx, model::objectAt(m.body, "status"));
        return;
    }
    if (m.kind == "kubelet.logs") {
        handleLogs(ctx, m);
        return;
    }
    if (m.kind == "kubelet.exec") {
        handleExec(ctx, m);
        return;
    }
    if (m.kind == "kubelet.portforward") {
        handlePortForward(ctx, m);
        return;
    }
    const bool logResult = m.kind == cri::kReadLogResult;
    const std::string suffix = ".result";
    if (!logResult && (m.kind.rfind("cri.", 0) != 0 || m.kind.size() <= suffix.size() ||
                       m.kind.compare(m.kind.size() - suffix.size(), suffix.size(), suffix))) {
        ctx.describe("unknown", m.from, name() + " ignores " + m.kind);
        return;
    }
    auto it = m_criCalls.find(m.body.value("id", std::uint64_t(0)));
    if (it == m_criCalls.end()) {
        ctx.describe(m.kind, m.from, name() + ": stale " + m.kind + " ignored");
        return;
    }
    json tag = std::move(it->second);
    m_criCalls.erase(it);
    if (logResult) {
        finishLogs(ctx, {m.from, m.to, m.kind, {{"tag", tag}, {"result", m.body}}});
        return;
    }
    const std::string method = tag.value("method", "");
    ctx.describe(m.kind, m.from,
                 "kubelet " + m_config.name + " gets CRI " + method + " " +
                     (m.body.value("ok", false) ? "OK" : "error") +
                     (tag.contains("what") ? " (" + tag.value("what", "") + ")" : ""),
                 {{"result", m.body}});
    if (method == "ListContainers") {
        reconcile(ctx, m.body.value("containers", json::array()));
        return;
    }
    handleCriResult(ctx, method, tag, m.body);
}

void Kubelet::onTimer(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind == "timer.resync") {
        auto it = m_workers.find(m.body.value("uid", ""));
        if (it != m_workers.end() && it->second.generation == m.body.value("generation", 0ULL)) {
            ctx.describe("kubelet.sync", it->second.key,
                         "kubelet " + m_config.name + " syncs pod " + it->second.key);
            syncPod(ctx, it->second);
        }
        return;
    }
    if (m.kind == "timer.probe") {
        runProbe(ctx, m);
        return;
    }
    if (m.kind == "timer.volumes") {
        auto it = m_workers.find(m.body.value("uid", ""));
        if (it == m_workers.end() || it->second.terminating || it->second.terminal)
            return;
        ctx.describe("kubelet.volumes", it->second.key,
                     "kubelet " + m_config.name + " checks the configMap and secret volumes of " +
                         it->second.key);
        refreshVolumes(ctx, it->second);
        ctx.timer(60 * sim::kSecond, "timer.volumes", m.body, true);
        return;
    }
    if (m.body.value("epoch", std::uint64_t(0)) != m_timerEpoch)
        return;
    const json epoch = {{"epoch", m_timerEpoch}};
    if (m.kind == "timer.lease") {
        renewLease(ctx);
        ctx.timer(NodeStatus::kLeaseRenewInterval, "timer.lease", epoch, true);
    } else if (m.kind == "timer.nodestatus") {
        updateNodeStatus(ctx);
        ctx.timer(NodeStatus::kUpdateFrequency, "timer.nodestatus", epoch, true);
    }
}

void Kubelet::renewLease(sim::Context& ctx)
{
    if (m_leaseBusy)
        return;
    m_leaseBusy = true;
    api::Request r;
    r.group = "coordination.k8s.io";
    r.resource = "leases";
    r.ns = "kube-node-lease";
    r.user = "system:node:" + m_config.name;
    r.body = NodeStatus::lease(m_config.name, m_nodeUid, m_lease, ctx.now());
    if (m_lease.is_null()) {
        r.verb = "create";
        r.body["metadata"].erase("resourceVersion");
        request(ctx, r, {{"what", "create lease"}, {"op", "lease.create"}}, true);
    } else {
        r.verb = "update";
        r.name = m_config.name;
        request(ctx, r, {{"what", "renew lease"}, {"op", "lease.update"}}, true);
    }
    ctx.describe("kubelet.lease", "leases/" + m_config.name,
                 "kubelet " + m_config.name + " renews its Lease in kube-node-lease");
}

void Kubelet::updateNodeStatus(sim::Context& ctx)
{
    const json* node = informer("node")->get(m_config.name);
    if (!node || m_nodeUpdateBusy)
        return;
    auto patch = NodeStatus::update(*node, m_images, ctx.now(), m_lastNodeReport);
    if (!patch) {
        ctx.describe("kubelet.nodestatus", "nodes/" + m_config.name,
                     "kubelet " + m_config.name + " checks node status: nothing to report");
        return;
    }
    m_nodeUpdateBusy = true;
    api::Request r;
    r.verb = "patch";
    r.resource = "nodes";
    r.subresource = "status";
    r.name = m_config.name;
    r.patchType = "application/merge-patch+json";
    r.user = "system:node:" + m_config.name;
    r.body = *patch;
    request(ctx, r, {{"what", "node status"}, {"op", "node.status"}}, true);
    ctx.describe("kubelet.nodestatus", "nodes/" + m_config.name,
                 "kubelet " + m_config.name + " reports node status");
}

void Kubelet::onResponse(sim::Context& ctx, const json& tag, const api::Response& response)
{
    const std::string op = tag.value("op", "");
    if (op == "ref.get") {
        configRead(ctx, tag, response);
        return;
    }
    if (op == "vol.get") {
        volumesRead(ctx, tag, response);
        return;
    }
    if (op == "register") {
        if (response.code == 201)
            m_nodeUid = response.body["metadata"].value("uid", "");
        m_lastNodeReport = ctx.now();
        renewLease(ctx);
    } else if (op == "lease.create" || op == "lease.update" || op == "lease.get") {
        m_leaseBusy = false;
        if (response.ok()) {
            m_lease = response.body;
        } else if (response.code == 409 || (op == "lease.update" && response.code == 404)) {
            // Someone else's copy is newer (or ours is gone): read it back.
            if (response.code == 404) {
                m_lease = json();
                return;
            }
            m_leaseBusy = true;
            api::Request r;
            r.verb = "get";
            r.group = "coordination.k8s.io";
            r.resource = "leases";
            r.ns = "kube-node-lease";
            r.name = m_config.name;
            r.user = "system:node:" + m_config.name;
            request(ctx, r, {{"what", "read lease"}, {"op", "lease.get"}}, true);
        }
    } else if (op == "pod.status" && tag.contains("thenDelete")) {
        auto it = m_workers.find(tag.value("thenDelete", ""));
        if (it != m_workers.end())
            deletePod(ctx, it->second);
    } else if (op == "node.status") {
        m_nodeUpdateBusy = false;
        if (response.ok())
            m_lastNodeReport = ctx.now();
    }
}

// `kubectl logs`: the API server asks us; we read the container's log from the runtime.
void Kubelet::handleLogs(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    const json& id = model::memberAt(b, "id");
    const std::string podName = b.value("name", "");
    const json* pod = informer("pods")->get(b.value("namespace", ""), podName);
    ctx.describe("kubelet.logs", "pods/" + podName,
                 "kubelet " + m_config.name + " serves logs of pod " + podName);
    auto fail = [&](int code, const std::string& message) {
        ctx.send(m.from, "kubelet.logs.result", {{"id", id}, {"code", code}, {"message", message}});
    };
    if (!pod)
        return fail(404, "pods \"" + podName + "\" not found");
    auto w = m_workers.find((*pod)["metadata"].value("uid", ""));
    std::string container = b.value("container", "");
    std::vector<std::string> names, initNames;
    for (const auto& c : (*pod)["spec"].value("containers", json::array()))
        names.push_back(c.value("name", ""));
    for (const auto& c : (*pod)["spec"].value("initContainers", json::array()))
        initNames.push_back(c.value("name", ""));
    auto list = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& n : v)
            s += (s.empty() ? "" : " ") + n;
        return "[" + s + "]";
    };
    if (container.empty()) {
        if (names.size() != 1)
            return fail(400, "a container name must be specified for pod " + podName +
                                 ", choose one of: " + list(names) +
                                 (initNames.empty()
                                      ? ""
                                      : " or one of the init containers: " + list(initNames)));
        container = names[0];
    }
    ContainerRecord* rec = nullptr;
    if (w != m_workers.end()) {
        rec = w->second.byName(container, false);
        if (!rec)
            rec = w->second.byName(container, true);
    }
    if (std::find(names.begin(), names.end(), container) == names.end() &&
        std::find(initNames.begin(), initNames.end(), container) == initNames.end())
        return fail(400, "container " + container + " is not valid for pod " + podName);
    const bool previous = b.value("previous", false);
    const std::string cid = !rec ? "" : previous ? rec->previousId : rec->containerId;
    if (cid.empty()) {
        if (previous)
            return fail(400, "previous terminated container \"" + container + "\" in pod \"" +
                                 podName + "\" not found");
        const std::string reason = rec ? rec->reason : "ContainerCreating";
        const bool pulling = reason == "ErrImagePull" || reason == "ImagePullBackOff";
        return fail(400, "container \"" + container + "\" in pod \"" + podName +
                             "\" is waiting to start: " +
                             (pulling ? "trying and failing to pull image" : reason));
    }
    const std::uint64_t call = m_nextCall++;
    m_criCalls[call] = {{"method", "logs"}, {"apiId", id}, {"apiServer", m.from}};
    json req = {{"id", call}, {"containerId", cid}, {"timestamps", b.value("timestamps", false)}};
    if (b.contains("tailLines") && b["tailLines"].is_number())
        req["tailLines"] = b["tailLines"];
    ctx.send(runtime(), cri::kReadLog, req);
}

void Kubelet::finishLogs(sim::Context& ctx, const sim::Message& m)
{
    const json& tag = m.body["tag"];
    const json& result = m.body["result"];
    std::string text;
    for (const auto& line : result.value("lines", json::array()))
        text += line.get<std::string>() + "\n";
    ctx.send(tag.value("apiServer", ""), "kubelet.logs.result",
             {{"id", tag["apiId"]}, {"code", 200}, {"text", text}});
    ctx.describe("kubelet.logs", tag.value("apiServer", ""),
                 "kubelet " + m_config.name + " returns " +
                     std::to_string(result.value("lines", json::array()).size()) + " log lines");
}

} // namespace kubelab::node
