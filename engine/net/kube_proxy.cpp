#include "engine/net/kube_proxy.h"

namespace kubelab::net {

using nlohmann::json;

KubeProxy::KubeProxy(std::string name, std::string apiServer, ProxyConfig config)
    : ActorBase(std::move(name), std::move(apiServer), "kube-proxy"), m_config(std::move(config))
{
    setEventHost(m_config.nodeName);
    addInformer("services", {"", "v1", "services", "", "", ""});
    addInformer("endpointslices", {"discovery.k8s.io", "v1", "endpointslices", "", "", ""});
}

void KubeProxy::onStart(sim::Context& ctx)
{
    ++m_timerEpoch;
    ctx.timer(kSyncPeriod, "timer.resync", {{"epoch", m_timerEpoch}}, true);
}

void KubeProxy::onSynced(sim::Context& ctx)
{
    // OnServiceSynced / OnEndpointSlicesSynced: sync unconditionally, once per start.
    sync(ctx, false);
}

void KubeProxy::onWatchEvent(sim::Context& ctx, const std::string&, const std::string&, const json&,
                             const json&)
{
    if (allSynced())
        requestSync(ctx);
}

void KubeProxy::requestSync(sim::Context& ctx)
{
    // BoundedFrequencyRunner: at once if the last sync is minSyncPeriod old, else then.
    const sim::Time earliest = m_syncs == 0 ? ctx.now() : m_lastSync + kMinSyncPeriod;
    scheduleWork(ctx, std::max<sim::Duration>(0, earliest - ctx.now()));
}

void KubeProxy::onWork(sim::Context& ctx)
{
    sync(ctx, false);
}

void KubeProxy::onTimer(sim::Context& ctx, const sim::Message& message)
{
    if (message.kind != "timer.resync" ||
        message.body.value("epoch", std::uint64_t(0)) != m_timerEpoch)
        return;
    ctx.timer(kSyncPeriod, "timer.resync", {{"epoch", m_timerEpoch}}, true);
    sync(ctx, true);
}

void KubeProxy::sync(sim::Context& ctx, bool periodic)
{
    std::vector<const json*> services, slices;
    for (const auto& [key, obj] : informer("services")->objects())
        services.push_back(&obj);
    for (const auto& [key, obj] : informer("endpointslices")->objects())
        slices.push_back(&obj);
    NatTable table = buildNatTable(services, slices, m_config);
    const bool changed = m_syncs == 0 || !(table == m_table);
    const int chainsBefore = int(m_table.chains.size());
    const int rulesBefore = m_table.ruleCount();
    m_table = std::move(table);
    ++m_syncs;
    m_lastSync = ctx.now();
    std::string summary = name() + " syncs iptables: " + std::to_string(m_table.servicePorts) +
                          " service ports, " + std::to_string(m_table.endpoints) + " endpoints, " +
                          std::to_string(m_table.chains.size()) + " chains, " +
                          std::to_string(m_table.ruleCount()) + " rules";
    if (!changed)
        summary += " (unchanged)";
    else if (m_syncs > 1)
        summary += " (was " + std::to_string(chainsBefore) + " chains, " +
                   std::to_string(rulesBefore) + " rules)";
    ctx.describe(periodic ? "kube-proxy.resync" : "kube-proxy.sync", "node/" + m_config.nodeName,
                 summary,
                 {{"servicePorts", m_table.servicePorts},
                  {"endpoints", m_table.endpoints},
                  {"chains", m_table.chains.size()},
                  {"rules", m_table.ruleCount()},
                  {"changed", changed}});
}

} // namespace kubelab::net
