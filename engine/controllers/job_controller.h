#pragma once
// The Job controller (pkg/controller/job), simplified to NonIndexed jobs: keeps up to
// spec.parallelism pods running until spec.completions pods have succeeded, counts
// each finished pod once, recreates failed pods after an exponential back-off, and
// fails the Job once more than spec.backoffLimit pods have failed. No suspend,
// activeDeadlineSeconds, pod failure policy or Indexed completion mode.
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "engine/controllers/controller.h"

namespace kubelab::controllers {

class JobController : public Controller
{
public:
    static constexpr const char* kName = "job-controller";
    // DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.
    static constexpr sim::Duration kBackOff = 10 * sim::kSecond;
    static constexpr sim::Duration kMaxBackOff = 6 * sim::kMinute;

    std::string name() const override { return kName; }
    void onWatchEvent(const ControllerHost& host, const std::string& informer,
                      const std::string& type, const nlohmann::json& object,
                      const nlohmann::json& previous) override;
    void onSynced(const ControllerHost& host) override;
    void reconcile(ControllerHost& host, sim::Context& ctx, const std::string& key) override;
    void onResponse(ControllerHost& host, sim::Context& ctx, const nlohmann::json& tag,
                    const api::Response& response) override;

    // The delay before replacing a pod after `failures` failures: 10s doubling, 6 min max.
    static sim::Duration backOff(std::int64_t failures);
    static nlohmann::json newPod(const nlohmann::json& job);

private:
    struct State
    {
        // Finished pods already counted: a pod counts once even after it is deleted.
        std::set<std::string> succeeded;
        std::set<std::string> failed;
        std::int64_t creating = 0; // creates the cache has not shown yet
        sim::Time lastFailure = 0; // when the newest failure was counted
        // Decided Complete or Failed: later syncs (before the status write shows up in
        // the cache) must not repeat the event or move completionTime.
        bool finished = false;
    };
    void enqueueOwner(const ControllerHost& host, const nlohmann::json& pod);

    std::map<std::string, State> m_state;
};

} // namespace kubelab::controllers
