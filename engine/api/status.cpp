#include "engine/api/status.h"

namespace kubelab::api {

using nlohmann::json;

json statusFailure(int code, const std::string& reason, const std::string& message, json details)
{
    json s = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", json::object()},
              {"status", "Failure"}, {"message", message}, {"code", code}};
    if (!reason.empty())
        s["reason"] = reason;
    if (!details.is_null())
        s["details"] = details;
    return s;
}

json statusSuccess(const std::string& name, const std::string& groupResource,
                   const std::string& uid)
{
    auto dot = groupResource.find('.');
    json details = {{"name", name}, {"kind", groupResource.substr(0, dot)}};
    if (dot != std::string::npos)
        details["group"] = groupResource.substr(dot + 1);
    if (!uid.empty())
        details["uid"] = uid;
    return {{"kind", "Status"},
            {"apiVersion", "v1"},
            {"metadata", json::object()},
            {"status", "Success"},
            {"details", details}};
}

namespace {
json detailsFor(const model::KindInfo& kind, const std::string& name)
{
    json d = {{"name", name}, {"kind", kind.resource}};
    if (!kind.group.empty())
        d["group"] = kind.group;
    return d;
}
} // namespace

json notFound(const model::KindInfo& kind, const std::string& name)
{
    return statusFailure(404, "NotFound", kind.groupResource() + " \"" + name + "\" not found",
                         detailsFor(kind, name));
}

json notFound(const std::string& groupResource, const std::string& name,
              const std::string& kindName)
{
    return statusFailure(404, "NotFound", groupResource + " \"" + name + "\" not found",
                         json{{"name", name}, {"kind", kindName}});
}

json alreadyExists(const model::KindInfo& kind, const std::string& name)
{
    return statusFailure(409, "AlreadyExists",
                         kind.groupResource() + " \"" + name + "\" already exists",
                         detailsFor(kind, name));
}

json conflict(const model::KindInfo& kind, const std::string& name, const std::string& why)
{
    const std::string reason =
        why.empty() ? "the object has been modified; please apply your changes to the latest "
                      "version and try again"
                    : why;
    return statusFailure(409, "Conflict",
                         "Operation cannot be fulfilled on " + kind.groupResource() + " \"" + name +
                             "\": " + reason,
                         detailsFor(kind, name));
}

json invalid(const model::KindInfo& kind, const std::string& name,
             const std::vector<model::FieldError>& errors)
{
    // apierrors.NewInvalid: message aggregates the errors; one error alone is printed
    // bare, several as "[a, b]".
    std::string agg;
    if (errors.size() == 1) {
        agg = errors[0].toString();
    } else {
        agg = "[";
        for (size_t i = 0; i < errors.size(); ++i)
            agg += (i ? ", " : "") + errors[i].toString();
        agg += "]";
    }
    json causes = json::array();
    for (const auto& e : errors) {
        std::string msg = e.toString();
        // Status causes carry the message without the leading "field: ".
        if (!e.field.empty() && msg.rfind(e.field + ": ", 0) == 0)
            msg = msg.substr(e.field.size() + 2);
        causes.push_back({{"reason", e.type}, {"message", msg}, {"field", e.field}});
    }
    json details = {{"name", name}, {"kind", kind.kind}, {"causes", causes}};
    if (!kind.group.empty())
        details["group"] = kind.group;
    return statusFailure(422, "Invalid", kind.groupKind() + " \"" + name + "\" is invalid: " + agg,
                         details);
}

json badRequest(const std::string& message)
{
    return statusFailure(400, "BadRequest", message);
}

json methodNotAllowed(const std::string& message)
{
    return statusFailure(405, "MethodNotAllowed", message);
}

json gone(const std::string& message)
{
    return statusFailure(410, "Expired", message);
}

json internalError(const std::string& message)
{
    return statusFailure(500, "InternalError", "Internal error occurred: " + message);
}

json forbidden(const std::string& message)
{
    return statusFailure(403, "Forbidden", message);
}

} // namespace kubelab::api
