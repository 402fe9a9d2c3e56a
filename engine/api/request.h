#pragma once
// An API request and response as data: what kubectl (and later the HTTPS front) sends to
// the API server actor, carried inside simulation messages.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/message.h"

namespace kubelab::api {

struct Request
{
    // "get", "list", "create", "update", "patch", "delete", "deletecollection", "watch"
    std::string verb;
    std::string group; // "" for core
    std::string version = "v1";
    std::string resource;    // plural: "pods"
    std::string subresource; // "status", "scale", ...
    std::string ns;          // namespace, empty for cluster-scoped or all namespaces
    std::string name;
    nlohmann::json body; // object for create/update, patch document for patch
    // "application/merge-patch+json", "application/json-patch+json",
    // "application/strategic-merge-patch+json"
    std::string patchType;
    std::string labelSelector;
    std::string fieldSelector;
    std::int64_t limit = 0;
    std::string continueToken;
    std::string resourceVersion;
    std::string propagationPolicy; // "Background", "Foreground", "Orphan"
    std::optional<std::int64_t> gracePeriodSeconds;
    bool dryRun = false;
    std::string fieldManager;
    // The Accept header: empty or "application/json" for objects; kubectl's human-readable
    // output asks for "application/json;as=Table;v=v1;g=meta.k8s.io,..." (server-side
    // printing) and the includeObject parameter says what each row carries.
    std::string accept;
    std::string includeObject; // "", "None", "Metadata", "Object"
    std::string user = "kubernetes-admin";
    std::string userAgent = "kubectl";

    // REST path as kube-apiserver serves it: "/apis/apps/v1/namespaces/default/deployments/web"
    std::string path() const;
    // HTTP method: GET, POST, PUT, PATCH, DELETE.
    std::string method() const;
    nlohmann::json toJson() const;
    static Request fromJson(const nlohmann::json& j);
};

// An api.request message's request, typed (sim::Payload): the sender builds it once and
// the API server reads it without a JSON round trip. Its JSON form is the body's "request"
// member, which a request from outside (kubectl's, in a saved cluster) carries instead.
struct RequestPayload : sim::Payload
{
    explicit RequestPayload(Request r) : request(std::move(r)) {}
    Request request;
    nlohmann::json toJson() const override { return request.toJson(); }
};

// kube-apiserver's MaxRequestBodyBytes (3 MiB): a larger create, update or patch body is
// refused with 413 before it is decoded.
inline constexpr std::size_t kMaxRequestBodyBytes = 3 * 1024 * 1024;
// The length of `body` as compact JSON, not counting string escapes: a lower bound of
// what a client sends, measured without building the text. The API server compares it
// with kMaxRequestBodyBytes on every write, so it must stay cheap.
std::size_t encodedSizeAtLeast(const nlohmann::json& body);

struct Response
{
    int code = 200;
    nlohmann::json body; // the object, a List, or a metav1.Status on failure
    bool ok() const { return code >= 200 && code < 300; }
    nlohmann::json toJson() const { return {{"code", code}, {"body", body}}; }
    static Response fromJson(const nlohmann::json& j)
    {
        return Response{j.value("code", 500), j.value("body", nlohmann::json())};
    }
    // From an "api.response" message: {id, code} in its body, the response body as its
    // shared object (the API server builds a List once; no copy travels per hop).
    static Response fromMessage(const sim::Message& m)
    {
        return Response{m.body.value("code", 500), m.object ? *m.object : nlohmann::json()};
    }
};

// Synchronous client used by kubectl: sends a request and returns its response. The
// shell's implementation runs the simulation until the response arrives, so every hop is
// in the trace.
class Client
{
public:
    virtual ~Client() = default;
    virtual Response call(const Request& request) = 0;
};

} // namespace kubelab::api
