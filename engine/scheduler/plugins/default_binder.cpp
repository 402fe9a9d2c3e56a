#include "engine/scheduler/plugins/default_binder.h"

namespace kubelab::scheduler {

api::Request DefaultBinder::bindingRequest(const PodInfo& pod, const std::string& node)
{
    api::Request r;
    r.verb = "create";
    r.resource = "pods";
    r.subresource = "binding";
    r.ns = pod.ns;
    r.name = pod.name;
    nlohmann::json meta = {{"name", pod.name}, {"namespace", pod.ns}};
    if (!pod.uid.empty())
        meta["uid"] = pod.uid;
    r.body = {{"apiVersion", "v1"},
              {"kind", "Binding"},
              {"metadata", meta},
              {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}}};
    return r;
}

} // namespace kubelab::scheduler
