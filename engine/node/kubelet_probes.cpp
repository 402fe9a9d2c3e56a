// Kubelet: prober workers. Each probe of each running container ticks every periodSeconds
// (a periodic timer, so `settle` ignores it); results act only when they cross
// successThreshold or failureThreshold.
#include "engine/node/kubelet.h"

#include "engine/node/container_behavior.h"
#include "engine/node/cri.h"
#include "engine/node/pod_status.h"

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
    const ContainerBehavior behavior =
        ContainerBehavior::decide(BehaviorInput::fromSpec(*image, spec, *pod, c->init));
    const bool success = Prober::passes(type, behavior, ctx.now() - c->startedAt);
    const bool flipped = Prober::record(state, probe, success);
    const std::string typeName = Prober::typeName(type);
    std::string lower = typeName;
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    ctx.describe("kubelet.probe", w.key + "/" + c->name,
                 "kubelet " + m_config.name + " probes " + c->name + " of " + w.key + " (" + lower +
                     "): " + (success ? "success" : "failure"));
    if (!success)
        event(ctx, w, c, "Warning", "Unhealthy",
              typeName +
                  " probe failed: " + Prober::failureOutput(type, probe, behavior, spec, w.podIp));
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
