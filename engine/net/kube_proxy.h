#pragma once
// kube-proxy in iptables mode (the default on Linux), one per node: it watches Services
// and EndpointSlices through the API server and rewrites its node's nat table
// (buildNatTable) whenever they change, at most once per --iptables-min-sync-period (1 s)
// and every --iptables-sync-period (30 s) regardless, as its BoundedFrequencyRunner does.
// Stopped (fault stop kube-proxy/NODE), it stops watching but its rules stay in the
// kernel: the node keeps sending traffic to endpoints that may be gone. The cluster builder
// creates one per node (engine/cluster/cluster.cpp); the shell prints its table.
#include <string>
#include <vector>

#include "engine/client/component.h"
#include "engine/net/nat_table.h"

namespace kubelab::net {

class KubeProxy : public sim::ActorBase<KubeProxy, client::Component>
{
public:
    static constexpr sim::Duration kMinSyncPeriod = 1 * sim::kSecond;
    static constexpr sim::Duration kSyncPeriod = 30 * sim::kSecond;

    KubeProxy(std::string name, std::string apiServer, ProxyConfig config);

    const ProxyConfig& config() const { return m_config; }
    // The node's nat table as last programmed (empty before the first sync). Built on
    // demand from the Services and EndpointSlices the last sync saw: the objects are
    // shared with the informers, so a node keeps pointers rather than its rules.
    NatTable natTable() const;
    bool programmed() const { return m_syncs > 0; }
    sim::Time lastSync() const { return m_lastSync; }

protected:
    void onStart(sim::Context& ctx) override;
    void onSynced(sim::Context& ctx) override;
    void onWatchEvent(sim::Context& ctx, const std::string& informerId, const std::string& type,
                      const nlohmann::json& object, const nlohmann::json& previous) override;
    void onTimer(sim::Context& ctx, const sim::Message& message) override;
    void onWork(sim::Context& ctx) override;

private:
    void requestSync(sim::Context& ctx);
    void sync(sim::Context& ctx, bool periodic);

    ProxyConfig m_config;
    // What the last sync programmed from, and a fingerprint of the rules it wrote.
    std::vector<client::SharedObject> m_services, m_slices;
    std::uint64_t m_fingerprint = 0;
    int m_chains = 0, m_rules = 0;
    std::uint64_t m_syncs = 0;
    sim::Time m_lastSync = 0;
    std::uint64_t m_timerEpoch = 0; // the periodic resync of the current start
};

} // namespace kubelab::net
