#pragma once
// Placeholder while the controller is written.
#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class DeploymentController : public Controller
{
public:
    static constexpr const char* kName = "deployment-controller";
    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost&, const std::string&, const std::string&,
                      const nlohmann::json&, const nlohmann::json&) override
    {}
    void onSynced(const ControllerHost&) override {}
    void reconcile(ControllerHost&, sim::Context&, const std::string&) override {}
};

} // namespace kubelab::controllers
