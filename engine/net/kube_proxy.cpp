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

namespace {

std::vector<const json*> pointers(const std::vector<client::SharedObject>& objects)
{
    std::vector<const json*> out;
    out.reserve(objects.size());
    for (const auto& o : objects)
        out.push_back(o.get());
    return out;
}

// FNV-1a, 64 bits: whether a sync changed the rules, without keeping them.
std::uint64_t fingerprint(const std::string& text)
{
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

NatTable KubeProxy::natTable() const
{
    if (m_syncs == 0)
        return {};
    return buildNatTable(pointers(m_services), pointers(m_slices), m_config);
}

void KubeProxy::sync(sim::Context& ctx, bool periodic)
{
    std::vector<client::SharedObject> services, slices;
    for (const char* id : {"services", "endpointslices"}) {
        const client::Informer& inf = *informer(id);
        auto& into = std::string(id) == "services" ? services : slices;
        into.reserve(inf.objects().size());
        for (const auto& [key, obj] : inf.objects())
            into.push_back(inf.getShared(key));
    }
    const NatTable table = buildNatTable(pointers(services), pointers(slices), m_config);
    const std::uint64_t print = fingerprint(table.save(0));
    const bool changed = m_syncs == 0 || print != m_fingerprint;
    const int chainsBefore = m_chains, rulesBefore = m_rules;
    m_services = std::move(services);
    m_slices = std::move(slices);
    m_fingerprint = print;
    m_chains = int(table.chains.size());
    m_rules = table.ruleCount();
    ++m_syncs;
    m_lastSync = ctx.now();
    std::string summary = name() + " syncs iptables: " + std::to_string(table.servicePorts) +
                          " service ports, " + std::to_string(table.endpoints) + " endpoints, " +
                          std::to_string(m_chains) + " chains, " + std::to_string(m_rules) +
                          " rules";
    if (!changed)
        summary += " (unchanged)";
    else if (m_syncs > 1)
        summary += " (was " + std::to_string(chainsBefore) + " chains, " +
                   std::to_string(rulesBefore) + " rules)";
    ctx.describe(periodic ? "kube-proxy.resync" : "kube-proxy.sync", "node/" + m_config.nodeName,
                 summary,
                 {{"servicePorts", table.servicePorts},
                  {"endpoints", table.endpoints},
                  {"chains", m_chains},
                  {"rules", m_rules},
                  {"changed", changed}});
}

} // namespace kubelab::net
