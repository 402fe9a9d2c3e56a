#include "engine/scheduler/fit_error.h"

#include <algorithm>
#include <map>
#include <vector>

namespace kubelab::scheduler {

std::string Status::message() const
{
    std::string out;
    for (const auto& r : m_reasons)
        out += (out.empty() ? "" : ", ") + r;
    return out;
}

const char* Status::codeName(Code c)
{
    switch (c) {
    case Code::Success: return "Success";
    case Code::Error: return "Error";
    case Code::Unschedulable: return "Unschedulable";
    case Code::UnschedulableAndUnresolvable: return "UnschedulableAndUnresolvable";
    case Code::Skip: return "Skip";
    }
    return "?";
}

std::string fitErrorMessage(int numAllNodes, const std::string& preFilterMsg,
                            const NodeStatusMap& nodeStatuses, const std::string& postFilterMsg)
{
    std::string msg = "0/" + std::to_string(numAllNodes) + " nodes are available:";
    if (!preFilterMsg.empty()) {
        msg += " " + preFilterMsg + ".";
    } else {
        // A PreFilter rejection puts the same status on every node; repeating it per
        // node would duplicate the reason, so the histogram only follows Filter.
        std::map<std::string, int> reasons;
        for (const auto& [node, status] : nodeStatuses)
            for (const auto& r : status.reasons())
                ++reasons[r];
        std::vector<std::string> parts;
        for (const auto& [reason, count] : reasons)
            parts.push_back(std::to_string(count) + " " + reason);
        std::sort(parts.begin(), parts.end());
        std::string joined;
        for (const auto& p : parts)
            joined += (joined.empty() ? "" : ", ") + p;
        if (!joined.empty())
            msg += " " + joined + ".";
    }
    if (!postFilterMsg.empty())
        msg += " " + postFilterMsg + ".";
    return msg;
}

} // namespace kubelab::scheduler
