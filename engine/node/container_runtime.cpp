#include "engine/node/container_runtime.h"

#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/node/cri.h"
#include "engine/node/timestamps.h"

namespace kubelab::node {

using nlohmann::json;

namespace {
// How long the runtime takes for the slow calls (CNI setup, snapshot preparation).
constexpr sim::Duration kSandboxSetup = 300 * sim::kMillisecond;
constexpr sim::Duration kCreateContainer = 50 * sim::kMillisecond;
// A daemon's shutdown after SIGTERM (nginx's fast shutdown).
constexpr sim::Duration kSigtermExit = 100 * sim::kMillisecond;
// A process whose whole life is "echo hi" still takes a moment.
constexpr sim::Duration kMinimumRun = 10 * sim::kMillisecond;

const char* kPauseImage = "registry.k8s.io/pause:3.10";
// A container log keeps its latest lines (the kubelet rotates logs at 10 MiB).
constexpr size_t kMaxLogLines = 10000;
// Sleeps after this many wake-ups are a loop's: housekeeping that `settle` does not wait for.
constexpr int kWakesThatCount = 3;

Userland userlandOf(const ImageInfo& image)
{
    const std::string& r = image.repository;
    if (r.find("pause") != std::string::npos || r.find("distroless") != std::string::npos)
        return Userland::None;
    if (r.find("busybox") != std::string::npos || r.find("alpine") != std::string::npos)
        return Userland::Busybox;
    for (const auto& t : image.tags)
        if (t.find("alpine") != std::string::npos)
            return Userland::Busybox;
    return Userland::Gnu;
}
} // namespace

ContainerRuntime::ContainerRuntime(std::string name, std::string nodeName, RegistryPolicy registry,
                                   std::shared_ptr<const net::PodNetwork> network)
    : ActorBase(std::move(name)), m_node(std::move(nodeName)), m_registry(registry),
      m_network(std::move(network))
{
    // Nodes come with the sandbox image, as kubeadm and kind pre-pull it.
    m_images.insert(ImageCatalog::normalize(kPauseImage).name());
}

json ContainerRuntime::Container::toJson(const std::string& id) const
{
    return {{"id", id},
            {"podSandboxId", sandboxId},
            {"name", name},
            {"attempt", attempt},
            {"image", image},
            {"imageRef", imageRef},
            {"state", state},
            {"createdAt", createdAt},
            {"startedAt", startedAt},
            {"finishedAt", finishedAt},
            {"exitCode", exitCode},
            {"reason", reason}};
}

std::shared_ptr<const ContainerBehavior> ContainerRuntime::behaviorFor(const BehaviorInput& in)
{
    auto& known = m_behaviors[in.key()];
    if (!known)
        known = std::make_shared<const ContainerBehavior>(ContainerBehavior::decide(in));
    return known;
}

std::string ContainerRuntime::newId(sim::Context& ctx)
{
    static const char* hex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 4; ++i) {
        std::uint64_t v = ctx.rng().next();
        for (int j = 0; j < 16; ++j, v >>= 4)
            id += hex[v & 15];
    }
    return id;
}

std::string ContainerRuntime::allocateIp()
{
    if (m_podCidr.empty())
        return {};
    for (int step = 0; step < 253; ++step) {
        const int candidate = (m_lastIp - 2 + 1 + step) % 253 + 2; // .2 .. .254
        if (!m_usedIps.count(candidate)) {
            m_usedIps.insert(candidate);
            m_lastIp = candidate;
            const std::string prefix = m_podCidr.substr(0, m_podCidr.rfind(".0/"));
            return prefix + "." + std::to_string(candidate);
        }
    }
    return {};
}

void ContainerRuntime::reply(sim::Context& ctx, const sim::Message& m, const std::string& method,
                             json body, sim::Duration after)
{
    body["id"] = model::memberAt(m.body, "id");
    if (!body.contains("ok"))
        body["ok"] = !body.contains("error");
    if (after <= 0)
        ctx.send(m.from, cri::resultKind(method), std::move(body));
    else
        ctx.timer(after, "timer.reply",
                  {{"to", m.from}, {"kind", cri::resultKind(method)}, {"body", body}});
}

void ContainerRuntime::exitContainer(sim::Context& ctx, const std::string& id, Container& c,
                                     int exitCode, std::string reason)
{
    c.state = cri::kExited;
    c.finishedAt = ctx.now();
    c.exitCode = exitCode;
    c.reason = std::move(reason);
    ctx.send(kubeletName(), cri::kContainerEvent,
             {{"type", "CONTAINER_STOPPED_EVENT"},
              {"containerId", id},
              {"podSandboxId", c.sandboxId},
              {"status", c.toJson(id)}});
    if (!c.stopCaller.empty()) {
        ctx.send(c.stopCaller, cri::resultKind("StopContainer"),
                 {{"id", c.stopId}, {"ok", true}, {"exitCode", exitCode}});
        c.stopCaller.clear();
    }
}

void ContainerRuntime::receive(sim::Context& ctx, const sim::Message& m)
{
    if (m.kind.rfind("cri.", 0) == 0) {
        handleCri(ctx, m, m.kind.substr(4));
        return;
    }
    if (m.kind == cri::kReadLog) {
        auto it = m_containers.find(m.body.value("containerId", ""));
        json lines = json::array();
        if (it != m_containers.end()) {
            const Container& c = it->second;
            static const std::vector<LogText> kNone;
            const auto& logs = c.started() ? c.behavior->logs : kNone;
            const size_t total = logs.size() + c.output.size();
            const long tail = m.body.value("tailLines", -1L);
            size_t from = tail >= 0 && size_t(tail) < total ? total - tail : 0;
            const bool stamps = m.body.value("timestamps", false);
            for (size_t i = from; i < total; ++i) {
                const bool printed = i >= logs.size();
                const sim::Time at = printed ? c.output[i - logs.size()].first : c.startedAt;
                const std::string& text =
                    printed ? c.output[i - logs.size()].second : *logs[i];
                lines.push_back(stamps ? formatNanoTime(at) + " " + text : text);
            }
        }
        ctx.send(m.from, cri::kReadLogResult,
                 {{"id", model::memberAt(m.body, "id")},
                  {"ok", it != m_containers.end()},
                  {"lines", lines}});
        ctx.describe("node.logs", m.from,
                     m_node + ": kubelet reads the log of container " +
                         (it == m_containers.end() ? "(gone)" : it->second.name));
        return;
    }
    if (m.kind == "node.WriteVolumes") {
        // The kubelet's refreshed configMap and secret volumes: rewrite what changed.
        json changed = json::array();
        for (const auto& mt : model::memberAt(m.body, "mounts")) {
            const std::string dir = normalizePath(mt.value("filesDir", "/"));
            bool same = true;
            size_t count = 0;
            for (const auto& [name, content] : mt["files"].items()) {
                const FileNode* f = m_disk.find(normalizePath(dir + "/" + name));
                same = same && f && content.is_string() && f->data == content.get<std::string>();
                ++count;
            }
            size_t present = 0;
            for (const auto& [path, node] : m_disk.nodes())
                if (path.size() > dir.size() && path.compare(0, dir.size() + 1, dir + "/") == 0 &&
                    !node.dir)
                    ++present;
            if (!same || present != count)
                changed.push_back(mt);
        }
        if (!changed.empty()) {
            ctx.activity();
            prepareMounts(changed, ctx.now());
        }
        ctx.describe("node.volumes", m.from,
                     m_node + ": " + std::to_string(changed.size()) +
                         " volume(s) of " + m.body.value("pod", "") + " updated");
        return;
    }
    if (m.kind == "timer.reply") {
        ctx.send(m.body.value("to", ""), m.body.value("kind", ""), model::memberAt(m.body, "body"));
        ctx.describe(m.body.value("kind", ""), m.body.value("to", ""),
                     name() + " finishes " + m.body.value("kind", "").substr(4) + " for " +
                         m.body.value("to", ""));
        return;
    }
    if (m.kind == "timer.pull.done") {
        const std::string image = m.body.value("image", "");
        m_images.insert(ImageCatalog::normalize(image).name());
        ctx.send(m.body.value("to", ""), cri::resultKind("PullImage"),
                 model::memberAt(m.body, "body"));
        ctx.describe("cri.PullImage", m.body.value("to", ""),
                     name() + " finished pulling " + image);
        return;
    }
    if (m.kind == "timer.pull.failed") {
        ctx.send(m.body.value("to", ""), cri::resultKind("PullImage"),
                 model::memberAt(m.body, "body"));
        ctx.describe("cri.PullImage", m.body.value("to", ""),
                     name() + " failed to pull " + m.body.value("image", "") + ": " +
                         m.body["body"].value("error", ""));
        return;
    }
    const std::string id = m.body.value("containerId", "");
    auto it = m_containers.find(id);
    if (it == m_containers.end() || it->second.state != cri::kRunning ||
        it->second.startedAt != m.body.value("startedAt", sim::Time(-1))) {
        ctx.describe(m.kind, "",
                     name() + ": " + m.kind.substr(6) +
                         " for a container that "
                         "is no longer running");
        return;
    }
    Container& c = it->second;
    if (m.kind == "timer.container.wake") {
        ctx.describe("container.wake", c.name,
                     m_node + ": container " + c.name + " runs on after its sleep");
        runProcess(ctx, id, c);
        return;
    }
    if (m.kind == "timer.container.exit") {
        const bool oom = m.body.value("oom", false) ||
                         (!c.process && c.behavior->reason == "OOMKilled");
        const int code = oom ? cri::kSigkillExitCode
                         : c.process ? c.process->exitCode()
                                     : c.behavior->exitCode;
        exitContainer(ctx, id, c, code,
                      oom ? "OOMKilled" : c.process ? (code == 0 ? "Completed" : "Error")
                                                    : c.behavior->reason);
        ctx.describe("container.exit", c.name,
                     oom ? m_node + ": container " + c.name +
                               " is OOM-killed by the kernel (exit code 137)"
                         : m_node + ": container " + c.name + " exits with code " +
                               std::to_string(c.exitCode));
    } else if (m.kind == "timer.container.sigterm") {
        exitContainer(ctx, id, c, 0, "Completed");
        ctx.describe("container.exit", c.name,
                     m_node + ": container " + c.name + " shuts down on SIGTERM (exit code 0)");
    } else if (m.kind == "timer.container.sigkill") {
        exitContainer(ctx, id, c, cri::kSigkillExitCode, "Error");
        ctx.describe("container.exit", c.name,
                     m_node + ": grace period over, SIGKILL to container " + c.name +
                         " (exit code 137)");
    }
}

void ContainerRuntime::runProcess(sim::Context& ctx, const std::string& id, Container& c)
{
    const bool starting = c.state == cri::kRunning && ctx.now() == c.startedAt && c.wakes == 0;
    std::vector<std::string> netLog;
    sh::System sys{m_disk, c.fs, ctx.now(), m_network.get(), &ctx.rng(), m_node, c.image, &netLog};
    c.process->run(sys);
    if (!netLog.empty())
        ctx.describe("container.network", c.name,
                     m_node + ": container " + c.name + ": " + netLog.back() +
                         (netLog.size() > 1
                              ? " (" + std::to_string(netLog.size()) + " network events)"
                              : std::string()),
                     {{"network", netLog}});
    for (auto& line : c.process->takeOutput())
        c.output.emplace_back(ctx.now(), std::move(line));
    if (c.output.size() > kMaxLogLines)
        c.output.erase(c.output.begin(),
                       c.output.begin() + static_cast<long>(c.output.size() - kMaxLogLines));
    const json key = {{"containerId", id}, {"startedAt", c.startedAt}};
    if (c.memoryLimit > 0 && c.process->memoryBytes() > c.memoryLimit) {
        // The kernel's OOM killer: over the cgroup's limit, the process dies with SIGKILL.
        json body = key;
        body["oom"] = true;
        ctx.timer(starting ? kMinimumRun : 0, "timer.container.exit", body);
        return;
    }
    switch (c.process->state()) {
    case sh::Process::State::Exited:
        if (starting) {
            ctx.timer(kMinimumRun, "timer.container.exit", key);
        } else {
            ctx.activity();
            exitContainer(ctx, id, c, c.process->exitCode(),
                          c.process->exitCode() == 0 ? "Completed" : "Error");
        }
        break;
    case sh::Process::State::Sleeping:
        ++c.wakes;
        ctx.timer(c.process->wakeAt() - ctx.now(), "timer.container.wake", key,
                  c.wakes > kWakesThatCount);
        break;
    default: break; // waits until it is stopped
    }
}

void ContainerRuntime::prepareMounts(const json& mounts, sim::Time now)
{
    auto mkdirs = [&](const std::string& dir) {
        std::string path;
        size_t i = 1;
        while (i <= dir.size()) {
            size_t j = dir.find('/', i);
            if (j == std::string::npos)
                j = dir.size();
            path += "/" + dir.substr(i, j - i);
            if (!m_disk.find(path))
                m_disk.put(path, FileNode{true, false, {}, now});
            i = j + 1;
        }
    };
    for (const auto& mt : mounts) {
        // configMap, secret, downward API and projected volumes: the kubelet's files,
        // written whole into the volume's directory.
        if (mt.contains("files") && mt["files"].is_object()) {
            const std::string dir = normalizePath(mt.value("filesDir", "/"));
            m_disk.erase(dir);
            mkdirs(dir);
            for (const auto& [name, content] : mt["files"].items()) {
                const std::string file = normalizePath(dir + "/" + name);
                if (file.size() <= dir.size())
                    continue;
                mkdirs(file.substr(0, file.rfind('/')));
                m_disk.put(file, FileNode{false, false,
                                          content.is_string() ? content.get<std::string>() : "",
                                          now});
            }
        }
        const std::string host = normalizePath(mt.value("hostPath", "/"));
        if (!m_disk.find(host))
            mkdirs(host); // emptyDir, hostPath (DirectoryOrCreate), a claim's directory
    }
}

void ContainerRuntime::execSync(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    auto it = m_containers.find(b.value("containerId", ""));
    std::vector<std::string> cmd;
    for (const auto& w : model::memberAt(b, "cmd"))
        if (w.is_string())
            cmd.push_back(w.get<std::string>());
    std::vector<std::string> netLog; // what the command sent over the pod network
    std::string what = (it == m_containers.end() ? std::string("(gone)") : it->second.name) + ":";
    for (const auto& w : cmd)
        what += " " + w;
    if (it == m_containers.end() || it->second.state != cri::kRunning) {
        reply(ctx, m, "ExecSync",
              {{"error", "rpc error: code = Unknown desc = container not running"}});
    } else {
        Container& c = it->second;
        sh::System sys{m_disk, c.fs, ctx.now(), m_network.get(), &ctx.rng(), m_node, c.image,
                       &netLog};
        sh::ExecResult r = sh::execSync(cmd, c.env, c.fs.userland(), sys);
        if (!r.startError.empty())
            reply(ctx, m, "ExecSync",
                  {{"error", "rpc error: code = Unknown desc = failed to exec in container: "
                             "failed to start exec: OCI runtime exec failed: exec failed: "
                             "unable to start container process: " +
                                 r.startError + ": unknown"}});
        else
            reply(ctx, m, "ExecSync",
                  {{"exitCode", r.exitCode}, {"stdout", r.stdoutText}, {"stderr", r.stderrText}});
    }
    std::string caller = m.from;
    if (caller.rfind("kubelet-", 0) == 0)
        caller = "kubelet " + caller.substr(8);
    json detail = {{"call", b}};
    if (!netLog.empty()) {
        int queries = 0, connections = 0;
        for (const auto& line : netLog)
            (line.rfind("DNS ", 0) == 0 ? queries : connections)++;
        what += " (" + std::to_string(queries) + (queries == 1 ? " DNS query" : " DNS queries");
        if (connections)
            what += ", " + std::to_string(connections) +
                    (connections == 1 ? " connection" : " connections");
        what += ")";
        detail["network"] = netLog;
    }
    ctx.describe("cri.ExecSync", m.from, caller + " calls CRI ExecSync " + what, detail);
}

void ContainerRuntime::handleCri(sim::Context& ctx, const sim::Message& m,
                                 const std::string& method)
{
    const json& b = m.body;
    std::string what;
    if (method == "UpdateRuntimeConfig") {
        m_podCidr = b.value("podCIDR", "");
        what = "podCIDR " + m_podCidr;
        reply(ctx, m, method, json::object());
    } else if (method == "RunPodSandbox") {
        const json& cfg = model::objectAt(b, "config");
        const std::string sid = newId(ctx);
        Sandbox s{cfg.value("name", ""), cfg.value("namespace", ""), cfg.value("uid", ""),
                  allocateIp(), "SANDBOX_READY"};
        what = "for pod " + s.ns + "/" + s.name;
        if (s.ip.empty()) {
            reply(ctx, m, method,
                  {{"error", "rpc error: code = Unknown desc = failed to setup network for "
                             "sandbox: plugin type=\"host-local\" failed (add): no IP addresses "
                             "available in range set"}});
        } else {
            m_sandboxes[sid] = s;
            reply(ctx, m, method, {{"podSandboxId", sid}, {"ip", s.ip}}, kSandboxSetup);
            what += " (pause container, IP " + s.ip + ")";
        }
    } else if (method == "StopPodSandbox" || method == "RemovePodSandbox") {
        const std::string sid = b.value("podSandboxId", "");
        auto s = m_sandboxes.find(sid);
        what = s == m_sandboxes.end() ? sid.substr(0, 13)
                                      : "of pod " + s->second.ns + "/" + s->second.name;
        for (auto c = m_containers.begin(); c != m_containers.end();) {
            if (c->second.sandboxId != sid) {
                ++c;
                continue;
            }
            if (c->second.state == cri::kRunning) {
                c->second.state = cri::kExited;
                c->second.finishedAt = ctx.now();
                c->second.exitCode = cri::kSigkillExitCode;
                c->second.reason = "Error";
            }
            c = method == "RemovePodSandbox" ? m_containers.erase(c) : std::next(c);
        }
        if (s != m_sandboxes.end()) {
            if (s->second.state == "SANDBOX_READY" && !s->second.ip.empty()) {
                const std::string& ip = s->second.ip;
                m_usedIps.erase(std::stoi(ip.substr(ip.rfind('.') + 1)));
            }
            s->second.state = "SANDBOX_NOTREADY";
            if (method == "RemovePodSandbox")
                m_sandboxes.erase(s);
        }
        reply(ctx, m, method, json::object());
    } else if (method == "ImageStatus") {
        const std::string image = b.value("image", "");
        what = image;
        const bool present = m_images.count(ImageCatalog::normalize(image).name()) > 0;
        json r = {{"present", present}};
        if (auto info = ImageCatalog::find(image); info && present) {
            r["imageRef"] = ImageCatalog::imageId(*info);
            r["size"] = info->sizeBytes;
        }
        reply(ctx, m, method, r);
    } else if (method == "PullImage") {
        const std::string image = b.value("image", "");
        what = image;
        json body = {{"id", model::memberAt(b, "id")}};
        if (auto info = ImageCatalog::find(image, m_registry)) {
            // A cached image costs only the manifest check (imagePullPolicy: Always).
            const bool cached = m_images.count(ImageCatalog::normalize(image).name()) > 0;
            const sim::Duration d = cached ? ImageCatalog::kResolveLatency
                                           : ImageCatalog::pullDuration(info->sizeBytes);
            body["ok"] = true;
            body["imageRef"] = ImageCatalog::imageId(*info);
            body["size"] = info->sizeBytes;
            body["pullNanos"] = d;
            ctx.timer(d, "timer.pull.done", {{"to", m.from}, {"image", image}, {"body", body}});
            what +=
                " (" + std::to_string(info->sizeBytes) + " bytes, " + sim::formatDuration(d) + ")";
        } else {
            body["ok"] = false;
            body["error"] = ImageCatalog::pullError(image);
            ctx.timer(ImageCatalog::kResolveLatency, "timer.pull.failed",
                      {{"to", m.from}, {"image", image}, {"body", body}});
        }
    } else if (method == "CreateContainer") {
        const json& cfg = model::objectAt(b, "config");
        Container c;
        const std::string cid = newId(ctx);
        c.sandboxId = b.value("podSandboxId", "");
        c.name = cfg.value("name", "");
        c.attempt = cfg.value("attempt", 0);
        const std::string image = cfg.value("image", "");
        c.image = ImageCatalog::normalize(image).name();
        c.state = cri::kCreated;
        c.createdAt = ctx.now();
        what = c.name;
        auto info = ImageCatalog::find(image);
        if (!info || !m_images.count(c.image)) {
            reply(ctx, m, method,
                  {{"error", "rpc error: code = NotFound desc = failed to create containerd "
                             "container: image \"" +
                                 c.image + "\": not found"}});
        } else if (!m_sandboxes.count(c.sandboxId)) {
            reply(ctx, m, method,
                  {{"error", "rpc error: code = NotFound desc = sandbox not "
                             "found"}});
        } else {
            c.imageRef = ImageCatalog::imageId(*info);
            json pod = {{"metadata", {{"annotations", model::objectAt(cfg, "annotations")}}}};
            BehaviorInput in = BehaviorInput::fromSpec(*info, model::objectAt(cfg, "container"),
                                                       pod, cfg.value("init", false));
            // The kubelet resolves the environment (valueFrom, envFrom, service links).
            if (cfg.contains("envs") && cfg["envs"].is_array()) {
                in.env.clear();
                for (const auto& e : cfg["envs"]) {
                    c.env.emplace_back(e.value("name", ""), e.value("value", ""));
                    // The pod's own name does not change what the image does: alike
                    // containers keep sharing one behaviour.
                    if (e.value("name", "") != "HOSTNAME")
                        in.env[e.value("name", "")] = e.value("value", "");
                }
            } else {
                for (const auto& [k, v] : in.env)
                    c.env.emplace_back(k, v);
            }
            c.memoryLimit = in.memoryLimitBytes;
            c.behavior = behaviorFor(in);
            const Sandbox& sandbox = m_sandboxes[c.sandboxId];
            const json& podInfo = model::objectAt(cfg, "pod");
            PodIdentity identity;
            identity.name = sandbox.name;
            identity.ns = sandbox.ns;
            identity.ip = sandbox.ip;
            identity.hostname = podInfo.value("hostname", sandbox.name);
            identity.serviceAccount = podInfo.value("serviceAccount", "default");
            identity.resolvConf = podInfo.value("resolvConf", "");
            std::vector<Mount> mounts;
            const json& mountList = model::memberAt(cfg, "mounts");
            prepareMounts(mountList, ctx.now());
            for (const auto& mt : mountList)
                mounts.push_back({mt.value("containerPath", ""), mt.value("hostPath", ""),
                                  mt.value("readOnly", false)});
            c.fs = ContainerFs(userlandOf(*info), info->repository, identity, std::move(mounts));
            m_containers[cid] = std::move(c);
            reply(ctx, m, method, {{"containerId", cid}}, kCreateContainer);
        }
    } else if (method == "StartContainer") {
        auto it = m_containers.find(b.value("containerId", ""));
        if (it == m_containers.end()) {
            reply(ctx, m, method,
                  {{"error", "rpc error: code = NotFound desc = container not "
                             "found"}});
        } else {
            Container& c = it->second;
            what = c.name;
            c.startedAt = ctx.now();
            std::string startError = c.behavior->startError;
            if (c.behavior->scripted) {
                c.process.emplace(c.behavior->argv, c.env, c.fs.userland());
                startError = c.process->startError();
                const auto& argv = c.behavior->argv;
                if (startError.empty() && !argv.empty() &&
                    !sh::imageHas(argv[0], c.image, c.fs.userland())) {
                    startError = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
                    c.process.reset();
                }
            }
            if (!startError.empty()) {
                c.state = cri::kExited;
                c.finishedAt = ctx.now();
                c.exitCode = cri::kStartErrorExitCode;
                c.reason = "StartError";
                reply(ctx, m, method,
                      {{"error", "failed to create containerd task: failed to create shim task: "
                                 "OCI runtime create failed: runc create failed: unable to start "
                                 "container process: " +
                                     startError + ": unknown"}});
            } else {
                c.state = cri::kRunning;
                if (c.process)
                    runProcess(ctx, it->first, c);
                else if (c.behavior->exits)
                    ctx.timer(std::max(c.behavior->runFor, kMinimumRun), "timer.container.exit",
                              {{"containerId", it->first}, {"startedAt", c.startedAt}});
                reply(ctx, m, method, {{"startedAt", c.startedAt}});
            }
        }
    } else if (method == "StopContainer") {
        auto it = m_containers.find(b.value("containerId", ""));
        const std::int64_t timeout = b.value("timeout", std::int64_t(0));
        if (it == m_containers.end() || it->second.state != cri::kRunning) {
            what = it == m_containers.end() ? "(gone)" : it->second.name + " (not running)";
            reply(ctx, m, method,
                  {{"exitCode", it == m_containers.end() ? 0 : it->second.exitCode}});
        } else {
            Container& c = it->second;
            what = c.name + " (SIGTERM, " + std::to_string(timeout) + "s grace)";
            c.stopping = true;
            c.stopCaller = m.from;
            c.stopId = model::memberAt(b, "id");
            const json key = {{"containerId", it->first}, {"startedAt", c.startedAt}};
            if (timeout <= 0)
                ctx.timer(0, "timer.container.sigkill", key);
            else if (c.process ? c.process->ignoresSigterm() : c.behavior->ignoresSigterm)
                ctx.timer(timeout * sim::kSecond, "timer.container.sigkill", key);
            else
                ctx.timer(std::min(kSigtermExit, timeout * sim::kSecond), "timer.container.sigterm",
                          key);
        }
    } else if (method == "ExecSync") {
        execSync(ctx, m);
        return;
    } else if (method == "RemoveContainer") {
        auto it = m_containers.find(b.value("containerId", ""));
        what = it == m_containers.end() ? "(gone)" : it->second.name;
        if (it != m_containers.end() && it->second.state == cri::kRunning)
            reply(ctx, m, method,
                  {{"error", "rpc error: code = Unknown desc = container is "
                             "running"}});
        else {
            if (it != m_containers.end())
                m_containers.erase(it);
            reply(ctx, m, method, json::object());
        }
    } else if (method == "ContainerStatus") {
        auto it = m_containers.find(b.value("containerId", ""));
        what = it == m_containers.end() ? "(gone)" : it->second.name;
        if (it == m_containers.end())
            reply(ctx, m, method,
                  {{"error", "rpc error: code = NotFound desc = an error "
                             "occurred when try to find container"}});
        else
            reply(ctx, m, method, {{"status", it->second.toJson(it->first)}});
    } else if (method == "ListContainers") {
        json list = json::array();
        for (const auto& [cid, c] : m_containers)
            list.push_back(c.toJson(cid));
        what = "(" + std::to_string(list.size()) + ")";
        reply(ctx, m, method, {{"containers", list}});
    } else if (method == "ListPodSandbox") {
        json list = json::array();
        for (const auto& [sid, s] : m_sandboxes)
            list.push_back({{"id", sid},
                            {"name", s.name},
                            {"namespace", s.ns},
                            {"uid", s.uid},
                            {"state", s.state},
                            {"ip", s.ip}});
        what = "(" + std::to_string(list.size()) + ")";
        reply(ctx, m, method, {{"items", list}});
    } else {
        reply(ctx, m, method,
              {{"error", "rpc error: code = Unimplemented desc = unknown "
                         "method " +
                             method}});
    }
    std::string caller = m.from;
    if (caller.rfind("kubelet-", 0) == 0)
        caller = "kubelet " + caller.substr(8);
    ctx.describe("cri." + method, m.from,
                 caller + " calls CRI " + method + (what.empty() ? "" : " " + what), {{"call", b}});
}

} // namespace kubelab::node
