#pragma once
// kubectl against a real simulated cluster, wired as the shell wires it (engine/shell/
// shell.cpp): its api::Client is the cluster, its clock the simulation's, and its sleep
// runs the simulation. The control loops are off (no controller manager, no scheduler) so
// nothing but the test writes objects; the kubelets run, register their nodes and run the
// pods bound to them. A test writes the state it needs through the API server, as the
// missing components would (a Deployment's status, a pod's conditions), either at once or
// at a virtual time while kubectl waits. Shared by the tests in tests/engine/kubectl.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/cluster/client_actor.h"
#include "engine/cluster/cluster.h"
#include "engine/kubectl/kubectl.h"
#include "engine/model/kinds.h"

namespace kubelab::testing {

class KubectlFixture
{
public:
    using Json = nlohmann::json;

    static cluster::ClusterOptions withoutControlLoops()
    {
        cluster::ClusterOptions options;
        options.controllerManager = false;
        options.scheduler = false;
        options.checkpointInterval = 0; // no test here rewinds
        return options;
    }

    explicit KubectlFixture(cluster::ClusterOptions options = withoutControlLoops(),
                            std::uint64_t seed = 7)
        : m_cluster(seed, cluster::Topology::defaults(), options), m_recorder(*this)
    {}

    cluster::Cluster& cluster() { return m_cluster; }
    sim::Time now() const { return m_cluster.sim().now(); }
    // Lets virtual time pass (nothing happens if `t` is not ahead).
    void runUntil(sim::Time t)
    {
        if (t > now())
            m_cluster.runUntil(t);
    }
    void runFor(sim::Duration d) { runUntil(now() + d); }

    // --- kubectl ------------------------------------------------------------------------

    // Files -f reads, by name; standard input for -f -.
    std::map<std::string, std::string> files;
    std::string stdinText;
    // Every request kubectl sent (not the test's own writes), and every wait it asked for.
    std::vector<api::Request> requests;
    std::vector<sim::Duration> sleeps;
    // Answers a request of kubectl's before the cluster sees it (nullopt: passes it on),
    // for the failures the simulated API server cannot produce: it has no
    // PodDisruptionBudgets, so no eviction is ever refused with 429.
    std::function<std::optional<api::Response>(const api::Request&)> intercept;

    kubectl::Environment environment()
    {
        kubectl::Environment env;
        env.client = &m_recorder;
        env.now = [this] { return now(); };
        env.sleep = [this](sim::Duration d) {
            sleeps.push_back(d);
            m_cluster.runUntil(now() + d);
        };
        env.stdinText = stdinText;
        env.readFile = [this](const std::string& path) -> std::optional<std::string> {
            auto it = files.find(path);
            return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        return env;
    }

    kubectl::Result run(const std::vector<std::string>& args)
    {
        kubectl::Environment env = environment();
        return kubectl::run(args, env);
    }

    // --- the test's own reads and writes, through the API server --------------------------

    // The object as the API server's watch cache holds it; null if there is none.
    // `resource` is what kubectl accepts ("pods", "deploy", "nodes").
    const Json* find(const std::string& resource, const std::string& ns,
                     const std::string& name) const
    {
        return m_cluster.object(resource, ns, name);
    }
    Json get(const std::string& resource, const std::string& ns, const std::string& name) const
    {
        const Json* o = find(resource, ns, name);
        if (!o)
            throw std::runtime_error("no " + resource + " " + ns + "/" + name);
        return *o;
    }

    // Creates `object` (namespace "default" unless it names one); its `status`, which a
    // create ignores, is then written through the status subresource, as the component
    // that owns it would. Returns the stored object. Throws on any failure.
    Json create(Json object)
    {
        const model::KindInfo& kind = kindOf(object);
        Json status = object.contains("status") ? object["status"] : Json();
        object.erase("status");
        const std::string ns =
            kind.namespaced ? object["metadata"].value("namespace", "default") : std::string();
        api::Request req = request("create", kind, ns, "");
        req.body = object;
        Json stored = check(m_cluster.call(req), "create " + kind.resource);
        const std::string name = stored["metadata"].value("name", "");
        if (status.is_object() && !status.empty())
            stored = patch(kind.resource, ns, name, {{"status", status}});
        return stored;
    }

    // Applies a JSON merge patch: its `status` through the status subresource, the rest
    // through the object itself (the API server keeps each from changing the other).
    Json patch(const std::string& resource, const std::string& ns, const std::string& name,
               const Json& mergePatch)
    {
        Json stored;
        for (api::Request& req : patchRequests(resource, ns, name, mergePatch))
            stored = check(m_cluster.call(req), "patch " + resource + " " + name);
        return stored;
    }

    // Deletes at once (grace period 0), as a kubelet's final delete does.
    void remove(const std::string& resource, const std::string& ns, const std::string& name)
    {
        check(m_cluster.call(deleteRequest(resource, ns, name)), "delete " + resource);
    }

    // The same writes sent so that they reach the API server at virtual time `at`, while
    // kubectl waits (as a controller's or kubelet's write would land between two polls).
    void patchAt(sim::Time at, const std::string& resource, const std::string& ns,
                 const std::string& name, const Json& mergePatch)
    {
        for (const api::Request& req : patchRequests(resource, ns, name, mergePatch))
            sendAt(at, req);
    }
    void removeAt(sim::Time at, const std::string& resource, const std::string& ns,
                  const std::string& name)
    {
        sendAt(at, deleteRequest(resource, ns, name));
    }
    // Whether every write sent with patchAt / removeAt has been answered with success;
    // *error names the first that was not.
    bool scheduledWritesSucceeded(std::string* error)
    {
        auto* client = m_cluster.sim().mutableActorAs<cluster::ClientActor>("kubectl");
        for (const auto& [id, what] : m_scheduled) {
            std::optional<api::Response> r = client->takeResponse(id);
            if (!r) {
                *error = what + ": no answer yet";
                return false;
            }
            if (!r->ok()) {
                *error = what + ": " + r->body.dump();
                return false;
            }
        }
        m_scheduled.clear();
        return true;
    }

    // Stops a node's kubelet, as `fault stop kubelet/NODE` does: its Node stops reporting.
    void stopKubelet(const std::string& node)
    {
        m_cluster.post({"fault-injector", "kubelet-" + node, "fault.stop", Json::object()}, 0);
        m_cluster.runUntil(now());
    }

private:
    class Recorder : public api::Client
    {
    public:
        explicit Recorder(KubectlFixture& f) : m_f(f) {}
        api::Response call(const api::Request& request) override
        {
            m_f.requests.push_back(request);
            if (m_f.intercept)
                if (std::optional<api::Response> answer = m_f.intercept(request))
                    return *answer;
            return m_f.m_cluster.call(request);
        }

    private:
        KubectlFixture& m_f;
    };

    static const model::KindInfo& kindOf(const Json& object)
    {
        const model::KindInfo* kind =
            model::kindByApiVersionKind(object.value("apiVersion", ""), object.value("kind", ""));
        if (!kind)
            throw std::runtime_error("unknown kind in " + object.dump());
        return *kind;
    }
    static const model::KindInfo& resolve(const std::string& resource)
    {
        const model::KindInfo* kind = model::resolveResource(resource);
        if (!kind)
            throw std::runtime_error("unknown resource " + resource);
        return *kind;
    }
    static api::Request request(const std::string& verb, const model::KindInfo& kind,
                                const std::string& ns, const std::string& name)
    {
        api::Request r;
        r.verb = verb;
        r.group = kind.group;
        r.version = kind.version;
        r.resource = kind.resource;
        r.ns = kind.namespaced ? ns : "";
        r.name = name;
        r.userAgent = "kubectl-test";
        return r;
    }
    static std::vector<api::Request> patchRequests(const std::string& resource,
                                                   const std::string& ns, const std::string& name,
                                                   Json mergePatch)
    {
        const model::KindInfo& kind = resolve(resource);
        std::vector<api::Request> out;
        if (mergePatch.contains("status")) {
            api::Request r = request("patch", kind, ns, name);
            r.subresource = "status";
            r.patchType = "application/merge-patch+json";
            r.body = {{"status", mergePatch["status"]}};
            out.push_back(r);
            mergePatch.erase("status");
        }
        if (!mergePatch.empty()) {
            api::Request r = request("patch", kind, ns, name);
            r.patchType = "application/merge-patch+json";
            r.body = mergePatch;
            out.insert(out.begin(), r);
        }
        return out;
    }
    static api::Request deleteRequest(const std::string& resource, const std::string& ns,
                                      const std::string& name)
    {
        api::Request r = request("delete", resolve(resource), ns, name);
        r.gracePeriodSeconds = 0;
        return r;
    }
    static Json check(const api::Response& r, const std::string& what)
    {
        if (!r.ok())
            throw std::runtime_error(what + " failed: " + r.body.dump());
        return r.body;
    }
    void sendAt(sim::Time at, const api::Request& req)
    {
        if (at < now())
            throw std::runtime_error("sendAt: virtual time " + std::to_string(at) + " has passed");
        // Ids of their own, far from the cluster's synchronous calls, so the answers can be
        // told apart and checked afterwards.
        const std::uint64_t id = m_nextScheduled++;
        m_scheduled[id] = req.verb + " " + req.resource + "/" + req.name +
                          (req.subresource.empty() ? "" : "/" + req.subresource);
        m_cluster.post({"kubectl",
                        m_cluster.apiServer(),
                        "api.request",
                        {{"id", id}, {"request", req.toJson()}}},
                       at - now());
    }

    cluster::Cluster m_cluster;
    Recorder m_recorder;
    std::map<std::uint64_t, std::string> m_scheduled;
    std::uint64_t m_nextScheduled = std::uint64_t(1) << 40;
};

} // namespace kubelab::testing
