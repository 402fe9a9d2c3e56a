#pragma once
// The taint eviction controller (pkg/controller/tainteviction, "taint-eviction-
// controller" in Events): a pod on a node with NoExecute taints it does not tolerate is
// deleted at once; one that tolerates them for tolerationSeconds (300 s for
// not-ready/unreachable, added by the DefaultTolerationSeconds admission plugin) is
// deleted when that time has passed since the taint was noticed; the eviction is
// cancelled if the taint goes first.
#include <map>
#include <optional>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class TaintEvictionController : public Controller
{
public:
    static constexpr const char* kName = "taint-eviction-controller";

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;

    // v1.Toleration.ToleratesTaint.
    static bool tolerates(const nlohmann::json& toleration, const nlohmann::json& taint);
    // How long `pod` may stay with the node's NoExecute `taints`: nullopt = forever,
    // 0 = evict now (a taint it does not tolerate).
    static std::optional<sim::Duration> tolerationTime(const nlohmann::json& pod,
                                                       const nlohmann::json& taints);

private:
    struct Scheduled
    {
        sim::Time createdAt = 0;
        sim::Time at = 0;
    };
    void cancel(ControllerHost& host, sim::Context& ctx, const std::string& key,
                const nlohmann::json* pod);

    std::map<std::string, Scheduled> m_scheduled; // pod key -> eviction
};

} // namespace kubelab::controllers
