// Kubelet: prober workers. Each probe of each running container ticks every periodSeconds
// (a periodic timer, so `settle` ignores it); results act only when they cross
// successThreshold or failureThreshold.
#include "engine/node/kubelet.h"

#include "engine/model/json_view.h"
#include "engine/node/container_behavior.h"
#include "engine/node/cri.h"
#include "engine/node/pod_status.h"
#include "engine/node/sh_runner.h"

namespace kubelab::node {

using nlohmann::json;

namespace {
ProbeState& stateOf(ContainerRecord& c, ProbeType type)
{
    switch (type) {
    case ProbeType::Liveness: return c.liveness;
    case ProbeType::Readiness: return c.readiness;
    case ProbeType::Startup: break;
    }
    return c.startup;
}
} // namespace

void Kubelet::scheduleProbe(sim::Context& ctx, const PodWorker& w, const ContainerRecord& c,
                            ProbeType type, sim::Duration after)
{
    ctx.timer(std::max<sim::Duration>(after, 0), "timer.probe",
              {{"uid", w.uid},
               {"generation", w.generation},
               {"containerId", c.containerId},
               {"type", static_cast<int>(type)}},
              true);
}

void Kubelet::startProbes(sim::Context& ctx, PodWorker& w, ContainerRecord& c)
{
    const json* pod = podOf(w);
    const json spec = pod ? containerSpec(*pod, c) : json::object();
    c.liveness = c.readiness = c.startup = ProbeState{};
    const ProbeSpec startup = ProbeSpec::fromContainer(spec, ProbeType::Startup);
    const ProbeSpec readiness = ProbeSpec::fromContainer(spec, ProbeType::Readiness);
    c.started = !startup.defined;
    // Without a readiness probe a running, started container is ready.
    c.ready = c.started && !readiness.defined && !c.init;
    if (startup.defined) {
        c.startup = Prober::initial(ProbeType::Startup);
        scheduleProbe(ctx, w, c, ProbeType::Startup, startup.initialDelay);
        return; // liveness and readiness wait for the startup probe to pass
    }
    for (ProbeType type : {ProbeType::Liveness, ProbeType::Readiness}) {
        const ProbeSpec s = ProbeSpec::fromContainer(spec, type);
        if (!s.defined)
            continue;
        stateOf(c, type) = Prober::initial(type);
        scheduleProbe(ctx, w, c, type, s.initialDelay);
    }
}

void Kubelet::runProbe(sim::Context& ctx, const sim::Message& m)
{
    auto wit = m_workers.find(m.body.value("uid", ""));
    if (wit == m_workers.end() || wit->second.generation != m.body.value("generation", 0ULL))
        return;
    PodWorker& w = wit->second;
    ContainerRecord* c = w.byId(m.body.value("containerId", ""));
    const json* pod = podOf(w);
    if (!c || !pod || c->state != "running")
        return;
    const auto type = static_cast<ProbeType>(m.body.value("type", 0));
    ProbeState& state = stateOf(*c, type);
    if (!state.active)
        return;
    const json spec = containerSpec(*pod, *c);
    const ProbeSpec probe = ProbeSpec::fromContainer(spec, type);
    auto image = ImageCatalog::find(c->image);
    if (!probe.defined || !image)
        return;
    BehaviorInput in = BehaviorInput::fromSpec(*image, spec, *pod, c->init);
    // An exec probe runs its command in the container (CRI ExecSync), unless the pod's
    // kubelab.io/ annotations script what its probes find.
    const bool scriptedProbe = [&] {
        for (const char* key : {"liveness", "readiness", "ready-after", "startup-after"})
            if (behaviorAnnotation(in, key))
                return true;
        return false;
    }();
    if (probe.handler == "exec" && !scriptedProbe) {
        json cmd = model::objectAt(probe.probe, "exec").value("command", json::array());
        const std::uint64_t call = m_nextCall++;
        m_criCalls[call] = {{"method", "probe"},
                            {"uid", w.uid},
                            {"generation", w.generation},
                            {"containerId", c->containerId},
                            {"type", static_cast<int>(type)}};
        ctx.send(runtime(), cri::requestKind("ExecSync"),
                 {{"id", call},
                  {"containerId", c->containerId},
                  {"cmd", cmd},
                  {"timeout", probe.probe.value("timeoutSeconds", 1)}});
        return;
    }
    const ContainerBehavior behavior = ContainerBehavior::decide(in);
    const bool success = Prober::passes(type, behavior, ctx.now() - c->startedAt);
    probeResult(ctx, w, *c, type, success,
                success ? std::string()
                        : Prober::failureOutput(type, probe, behavior, spec, w.podIp));
}

void Kubelet::probeResult(sim::Context& ctx, PodWorker& w, ContainerRecord& cr, ProbeType type,
                          bool success, const std::string& output)
{
    ContainerRecord* c = &cr;
    const json* pod = podOf(w);
    if (!pod)
        return;
    ProbeState& state = stateOf(*c, type);
    const json spec = containerSpec(*pod, *c);
    const ProbeSpec probe = ProbeSpec::fromContainer(spec, type);
    const bool flipped = Prober::record(state, probe, success);
    const std::string typeName = Prober::typeName(type);
    std::string lower = typeName;
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    ctx.describe("kubelet.probe", w.key + "/" + c->name,
                 "kubelet " + m_config.name + " probes " + c->name + " of " + w.key + " (" + lower +
                     "): " + (success ? "success" : "failure"));
    if (!success)
        event(ctx, w, c, "Warning", "Unhealthy", typeName + " probe failed: " + output);
    if (flipped) {
        ctx.activity(); // what follows is something a learner waits for
        if (type == ProbeType::Readiness) {
            c->ready = state.passing;
            updatePodStatus(ctx, w);
        } else if (!state.passing) {
            killContainer(ctx, w, *c,
                          "Container " + c->name + " failed " + lower +
                              " probe, will be restarted");
            return;
        } else if (type == ProbeType::Startup) {
            c->started = true;
            state.active = false;
            const ProbeSpec readiness = ProbeSpec::fromContainer(spec, ProbeType::Readiness);
            c->ready = !readiness.defined && !c->init;
            for (ProbeType t : {ProbeType::Liveness, ProbeType::Readiness}) {
                const ProbeSpec s = ProbeSpec::fromContainer(spec, t);
                if (!s.defined)
                    continue;
                stateOf(*c, t) = Prober::initial(t);
                scheduleProbe(ctx, w, *c, t, c->startedAt + s.initialDelay - ctx.now());
            }
            updatePodStatus(ctx, w);
            return;
        }
    }
    scheduleProbe(ctx, w, *c, type, probe.period);
}

void Kubelet::execResult(sim::Context& ctx, const json& tag, const json& result)
{
    const bool ok = result.value("ok", false);
    if (tag.value("method", "") == "exec") {
        // kubectl exec, through the API server.
        json body = {{"id", tag["apiId"]}};
        if (ok) {
            body["code"] = 200;
            body["result"] = {{"exitCode", result.value("exitCode", 0)},
                              {"stdout", result.value("stdout", "")},
                              {"stderr", result.value("stderr", "")}};
        } else {
            body["code"] = 500;
            body["message"] = result.value("error", "");
        }
        ctx.send(tag.value("apiServer", ""), "kubelet.exec.result", body);
        ctx.describe("kubelet.exec", tag.value("apiServer", ""),
                     "kubelet " + m_config.name + " returns the output of exec in " +
                         tag.value("container", ""));
        return;
    }
    auto wit = m_workers.find(tag.value("uid", ""));
    if (wit == m_workers.end() || wit->second.generation != tag.value("generation", 0ULL))
        return;
    PodWorker& w = wit->second;
    ContainerRecord* c = w.byId(tag.value("containerId", ""));
    if (!c || c->state != "running")
        return;
    const auto type = static_cast<ProbeType>(tag.value("type", 0));
    if (!stateOf(*c, type).active)
        return;
    // The probe's output is what the command printed, as the kubelet's exec prober reports.
    std::string output = result.value("stdout", "") + result.value("stderr", "");
    while (!output.empty() && output.back() == '\n')
        output.pop_back();
    if (!ok)
        output = result.value("error", "");
    probeResult(ctx, w, *c, type, ok && result.value("exitCode", 1) == 0, output);
}

void Kubelet::handleExec(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    const json& id = model::memberAt(b, "id");
    const std::string podName = b.value("name", "");
    const json* pod = informer("pods")->get(b.value("namespace", ""), podName);
    ctx.describe("kubelet.exec", "pods/" + podName,
                 "kubelet " + m_config.name + " runs a command in pod " + podName);
    auto fail = [&](int code, const std::string& message) {
        ctx.send(m.from, "kubelet.exec.result", {{"id", id}, {"code", code}, {"message", message}});
    };
    if (!pod)
        return fail(404, "pods \"" + podName + "\" not found");
    auto w = m_workers.find((*pod)["metadata"].value("uid", ""));
    const std::string container = b.value("container", "");
    ContainerRecord* rec = w == m_workers.end() ? nullptr : w->second.byName(container, false);
    if (!rec && w != m_workers.end())
        rec = w->second.byName(container, true);
    if (!rec || rec->state != "running" || rec->containerId.empty())
        return fail(400, "container not found (\"" + container + "\")");
    const std::uint64_t call = m_nextCall++;
    m_criCalls[call] = {{"method", "exec"}, {"apiId", id}, {"apiServer", m.from}, {"container", container}};
    ctx.send(runtime(), cri::requestKind("ExecSync"),
             {{"id", call}, {"containerId", rec->containerId}, {"cmd", model::memberAt(b, "command")}});
}

void Kubelet::handlePortForward(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    const json& id = model::memberAt(b, "id");
    const std::string podName = b.value("name", "");
    const int port = b.value("port", 0);
    const json* pod = informer("pods")->get(b.value("namespace", ""), podName);
    auto send = [&](int code, const json& result, const std::string& message) {
        json body = {{"id", id}, {"code", code}};
        if (code == 200)
            body["result"] = result;
        else
            body["message"] = message;
        ctx.send(m.from, "kubelet.portforward.result", body);
    };
    if (!pod || model::textAtPath(*pod, "status.phase") != "Running") {
        ctx.describe("kubelet.portforward", "pods/" + podName,
                     "kubelet " + m_config.name + ": no running pod " + podName + " to forward to");
        return send(404, {}, "pod " + podName + " not found");
    }
    const std::string uid = model::textAtPath(*pod, "metadata.uid");
    const auto reply = sh::serverReply(*pod, port, b.value("path", "/"));
    ctx.describe("kubelet.portforward", "pods/" + podName,
                 "kubelet " + m_config.name + " forwards a connection to pod " + podName +
                     " port " + std::to_string(port) + " (CRI PortForward dials localhost:" +
                     std::to_string(port) + " in its network namespace): " +
                     (reply ? "HTTP " + std::to_string(reply->first) : "connection refused"),
                 {{"port", port}, {"connected", bool(reply)}});
    if (!reply)
        return send(200,
                    {{"connected", false},
                     {"error", "error forwarding port " + std::to_string(port) + " to pod " + uid +
                                   ", uid : failed to execute portforward in network namespace: "
                                   "failed to connect to localhost:" +
                                   std::to_string(port) +
                                   " inside namespace, IPv4: dial tcp4 127.0.0.1:" +
                                   std::to_string(port) + ": connect: connection refused"}},
                    "");
    send(200, {{"connected", true}, {"status", reply->first}, {"body", reply->second}}, "");
}

void Kubelet::killContainer(sim::Context& ctx, PodWorker& w, ContainerRecord& c,
                            const std::string& why)
{
    const json* pod = podOf(w);
    const std::int64_t grace =
        pod ? (*pod)["spec"].value("terminationGracePeriodSeconds", std::int64_t(30)) : 30;
    c.liveness.active = c.readiness.active = c.startup.active = false;
    event(ctx, w, &c, "Normal", "Killing", why);
    ++w.inFlight;
    callCri(ctx, "StopContainer", {{"containerId", c.containerId}, {"timeout", grace}},
            {{"uid", w.uid}, {"container", c.name}, {"init", c.init}, {"what", c.name}});
}

} // namespace kubelab::node
