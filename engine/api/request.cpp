#include "engine/api/request.h"

#include "engine/model/json_view.h"

namespace kubelab::api {

using nlohmann::json;

std::string Request::path() const
{
    std::string p = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
    if (!ns.empty() && !(resource == "namespaces"))
        p += "/namespaces/" + ns;
    p += "/" + resource;
    if (resource == "namespaces" && !ns.empty() && name.empty())
        p += "/" + ns;
    if (!name.empty())
        p += "/" + name;
    if (!subresource.empty())
        p += "/" + subresource;
    std::string query;
    auto add = [&query](const std::string& k, const std::string& v) {
        query += (query.empty() ? "?" : "&") + k + "=" + v;
    };
    if (verb == "watch")
        add("watch", "true");
    if (!labelSelector.empty())
        add("labelSelector", labelSelector);
    if (!fieldSelector.empty())
        add("fieldSelector", fieldSelector);
    if (limit > 0)
        add("limit", std::to_string(limit));
    if (!continueToken.empty())
        add("continue", continueToken);
    if (!resourceVersion.empty() && (verb == "list" || verb == "watch" || verb == "get"))
        add("resourceVersion", resourceVersion);
    if (dryRun)
        add("dryRun", "All");
    if (!includeObject.empty())
        add("includeObject", includeObject);
    return p + query;
}

std::string Request::method() const
{
    if (verb == "create")
        return "POST";
    if (verb == "update")
        return "PUT";
    if (verb == "patch")
        return "PATCH";
    if (verb == "delete" || verb == "deletecollection")
        return "DELETE";
    return "GET";
}

json Request::toJson() const
{
    json j = {{"verb", verb}, {"group", group}, {"version", version}, {"resource", resource},
              {"ns", ns},     {"name", name},   {"user", user},       {"userAgent", userAgent}};
    if (!subresource.empty())
        j["subresource"] = subresource;
    if (!body.is_null())
        j["body"] = body;
    if (!patchType.empty())
        j["patchType"] = patchType;
    if (!labelSelector.empty())
        j["labelSelector"] = labelSelector;
    if (!fieldSelector.empty())
        j["fieldSelector"] = fieldSelector;
    if (limit)
        j["limit"] = limit;
    if (!continueToken.empty())
        j["continue"] = continueToken;
    if (!resourceVersion.empty())
        j["resourceVersion"] = resourceVersion;
    if (!propagationPolicy.empty())
        j["propagationPolicy"] = propagationPolicy;
    if (gracePeriodSeconds)
        j["gracePeriodSeconds"] = *gracePeriodSeconds;
    if (dryRun)
        j["dryRun"] = true;
    if (!fieldManager.empty())
        j["fieldManager"] = fieldManager;
    if (!accept.empty())
        j["accept"] = accept;
    if (!includeObject.empty())
        j["includeObject"] = includeObject;
    return j;
}

Request Request::fromJson(const json& j)
{
    Request r;
    r.verb = j.value("verb", "");
    r.group = j.value("group", "");
    r.version = j.value("version", "v1");
    r.resource = j.value("resource", "");
    r.subresource = j.value("subresource", "");
    r.ns = j.value("ns", "");
    r.name = j.value("name", "");
    r.body = model::memberAt(j, "body");
    r.patchType = j.value("patchType", "");
    r.labelSelector = j.value("labelSelector", "");
    r.fieldSelector = j.value("fieldSelector", "");
    r.limit = j.value("limit", std::int64_t(0));
    r.continueToken = j.value("continue", "");
    r.resourceVersion = j.value("resourceVersion", "");
    r.propagationPolicy = j.value("propagationPolicy", "");
    if (j.contains("gracePeriodSeconds"))
        r.gracePeriodSeconds = j["gracePeriodSeconds"].get<std::int64_t>();
    r.dryRun = j.value("dryRun", false);
    r.fieldManager = j.value("fieldManager", "");
    r.accept = j.value("accept", "");
    r.includeObject = j.value("includeObject", "");
    r.user = j.value("user", "kubernetes-admin");
    r.userAgent = j.value("userAgent", "kubectl");
    return r;
}

std::size_t encodedSizeAtLeast(const json& body)
{
    switch (body.type()) {
    case json::value_t::object: {
        std::size_t n = 2 + (body.empty() ? 0 : body.size() - 1);
        for (const auto& [k, v] : body.items())
            n += k.size() + 3 + encodedSizeAtLeast(v);
        return n;
    }
    case json::value_t::array: {
        std::size_t n = 2 + (body.empty() ? 0 : body.size() - 1);
        for (const json& v : body)
            n += encodedSizeAtLeast(v);
        return n;
    }
    case json::value_t::string: return body.get_ref<const std::string&>().size() + 2;
    case json::value_t::boolean: return body.get<bool>() ? 4 : 5;
    case json::value_t::null: return 4;
    default: return 1; // a number: at least one digit
    }
}

} // namespace kubelab::api
