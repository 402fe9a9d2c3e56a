#include "engine/kubectl/rollout/history_viewer.h"

#include "engine/kubectl/describe/workload_describers.h"
#include "engine/kubectl/errors.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/model/json_view.h"

namespace kubelab::kubectl {

std::string annotation(const Json& object, const std::string& key)
{
    return std::string(model::stringAt(model::objectAtPath(object, "metadata.annotations"), key));
}

std::int64_t revisionOf(const Json& object)
{
    return std::strtoll(annotation(object, kRevisionAnnotation).c_str(), nullptr, 10);
}

std::map<std::int64_t, Json> deploymentRevisions(const Json& deployment,
                                                 const std::vector<Json>& replicaSets)
{
    std::map<std::int64_t, Json> out;
    const std::string uid = str(deployment, "metadata.uid");
    for (const Json& rs : replicaSets) {
        bool owned = false;
        const Json& refs = at(rs, "metadata.ownerReferences");
        if (refs.is_array())
            for (const Json& ref : refs)
                owned = owned || (flag(ref, "controller") && str(ref, "uid") == uid);
        const std::string text = annotation(rs, kRevisionAnnotation);
        if (!owned || text.empty())
            continue;
        char* end = nullptr;
        const std::int64_t v = std::strtoll(text.c_str(), &end, 10);
        if (*end == '\0')
            out[v] = rs;
    }
    return out;
}

std::string deploymentHistory(const std::map<std::int64_t, Json>& revisions, std::int64_t revision)
{
    if (revisions.empty())
        return "No rollout history found.";
    if (revision > 0) {
        auto it = revisions.find(revision);
        if (it == revisions.end())
            throw clientError("unable to find the specified revision");
        Json podTemplate = at(it->second, "spec.template");
        const std::string cause = annotation(it->second, kChangeCauseAnnotation);
        if (!cause.empty())
            podTemplate["metadata"]["annotations"][kChangeCauseAnnotation] = cause;
        PrefixWriter w;
        describePodTemplate(w, podTemplate);
        return w.raw();
    }
    std::string table = "REVISION\tCHANGE-CAUSE\n";
    for (const auto& [r, rs] : revisions) {
        const std::string cause = annotation(rs, kChangeCauseAnnotation);
        table += std::to_string(r) + "\t" + (cause.empty() ? "<none>" : cause) + "\n";
    }
    return TabWriter(0, 2).format(table);
}

} // namespace kubelab::kubectl
