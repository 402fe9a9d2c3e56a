#pragma once
// DefaultBinder (kube-scheduler v1.31, Bind): binds through the pods/binding subresource,
// which sets spec.nodeName and PodScheduled=True in one write.
#include "engine/api/request.h"
#include "engine/scheduler/plugin.h"

namespace kubelab::scheduler {

class DefaultBinder : public Plugin
{
public:
    static constexpr const char* kName = "DefaultBinder";
    const char* name() const override { return kName; }
    unsigned points() const override { return kBind; }

    // The POST pods/NAME/binding request for `pod` onto `node`.
    static api::Request bindingRequest(const PodInfo& pod, const std::string& node);
};

} // namespace kubelab::scheduler
