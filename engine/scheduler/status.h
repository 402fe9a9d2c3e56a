#pragma once
// The outcome of one plugin at one extension point, as framework.Status in kube-scheduler
// (pkg/scheduler/framework/interface.go, release v1.31). The reasons are the strings a
// learner reads in FailedScheduling messages, so they carry kube-scheduler's exact words.
#include <string>
#include <utility>
#include <vector>

namespace kubelab::scheduler {

enum class Code {
    Success,
    Error,
    // Preemption might help (e.g. "Insufficient cpu").
    Unschedulable,
    // Preemption cannot help (taints, node affinity, node name).
    UnschedulableAndUnresolvable,
    // PreFilter/PreScore: the plugin has nothing to do for this pod; skip its
    // Filter/Score for the whole cycle (the fast path that keeps big clusters cheap).
    Skip,
};

class Status
{
public:
    Status() = default;
    explicit Status(Code code, std::vector<std::string> reasons = {})
        : m_code(code), m_reasons(std::move(reasons))
    {}
    static Status success() { return Status(); }
    static Status skip() { return Status(Code::Skip); }
    static Status unschedulable(std::string reason)
    {
        return Status(Code::Unschedulable, {std::move(reason)});
    }
    static Status unresolvable(std::string reason)
    {
        return Status(Code::UnschedulableAndUnresolvable, {std::move(reason)});
    }
    static Status error(std::string reason) { return Status(Code::Error, {std::move(reason)}); }

    Code code() const { return m_code; }
    bool ok() const { return m_code == Code::Success; }
    bool isSkip() const { return m_code == Code::Skip; }
    bool isRejected() const
    {
        return m_code == Code::Unschedulable || m_code == Code::UnschedulableAndUnresolvable;
    }
    const std::vector<std::string>& reasons() const { return m_reasons; }
    void addReason(std::string r) { m_reasons.push_back(std::move(r)); }
    // Reasons joined by ", ", as Status.Message().
    std::string message() const;
    // The plugin that produced the status (set by the framework).
    const std::string& plugin() const { return m_plugin; }
    Status& withPlugin(std::string plugin)
    {
        m_plugin = std::move(plugin);
        return *this;
    }

    static const char* codeName(Code c);

private:
    Code m_code = Code::Success;
    std::vector<std::string> m_reasons;
    std::string m_plugin;
};

} // namespace kubelab::scheduler
