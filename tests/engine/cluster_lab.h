#pragma once
// A whole simulated cluster driven the way a learner drives it: shell lines (kubectl,
// `fault`, here-documents), virtual time advanced explicitly, and state read through the
// API server's watch cache (Cluster::object/objects, which never advance the simulation).
// Shared by the cluster-level tests under tests/engine/controllers and tests/engine/node.
#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/cluster/cluster.h"
#include "engine/controllers/controller_util.h"
#include "engine/shell/shell.h"

namespace kubelab::testing {

using nlohmann::json;

class ClusterLab
{
public:
    explicit ClusterLab(std::uint64_t seed = 7,
                        cluster::Topology topology = cluster::Topology::defaults())
        : m_cluster(seed, std::move(topology)), m_shell(m_cluster, m_out, m_err)
    {}

    cluster::Cluster& cluster() { return m_cluster; }
    sim::Time now() const { return m_cluster.sim().now(); }

    // Runs one shell line (with an optional here-document body); returns what it printed
    // to standard output. `lastError()` holds its standard error, `ok()` whether it passed.
    std::string sh(const std::string& line, const std::string& stdinText = {})
    {
        m_out.str({});
        m_err.str({});
        m_ok = m_shell.execute(line, stdinText);
        return m_out.str();
    }
    bool ok() const { return m_ok; }
    std::string lastError() const { return m_err.str(); }

    // Sends a request as kubectl without waiting for the reply, so a test can step
    // through everything that follows it (Cluster::call runs until the reply arrives).
    void send(const api::Request& request)
    {
        sim::Simulation& s = m_cluster.sim();
        const sim::Duration latency = s.network().latency(
            s.network().hostOf("kubectl"), s.network().hostOf(m_cluster.apiServer()));
        s.post({"kubectl",
                m_cluster.apiServer(),
                "api.request",
                {{"id", m_nextAsync++}, {"request", request.toJson()}}},
               latency);
    }

    void runFor(sim::Duration d) { m_cluster.sim().runUntil(now() + d); }
    void runUntil(sim::Time t)
    {
        if (t > now())
            m_cluster.sim().runUntil(t);
    }
    sim::Time settle(sim::Duration max = 10 * sim::kMinute) { return m_cluster.settle(max); }

    // Steps event by event until `done()` holds or `limit` virtual time has passed; returns
    // whether it held. `done` is checked before the first step too.
    bool stepUntil(const std::function<bool()>& done, sim::Duration limit)
    {
        const sim::Time end = now() + limit;
        while (!done()) {
            const sim::QueuedEvent* next = m_cluster.sim().peek();
            if (!next || next->time > end) {
                m_cluster.sim().runUntil(end);
                return done();
            }
            m_cluster.sim().step();
        }
        return true;
    }

    // A copy of the object from the watch cache, or null when it does not exist.
    json get(const std::string& resource, const std::string& ns, const std::string& name) const
    {
        const json* o = m_cluster.object(resource, ns, name);
        return o ? *o : json();
    }
    bool exists(const std::string& resource, const std::string& ns, const std::string& name) const
    {
        return m_cluster.object(resource, ns, name) != nullptr;
    }
    std::vector<json> list(const std::string& resource, const std::string& ns = "default") const
    {
        std::vector<json> out;
        for (const json* o : m_cluster.objects(resource, ns))
            out.push_back(*o);
        return out;
    }
    std::vector<std::string> names(const std::string& resource,
                                   const std::string& ns = "default") const
    {
        std::vector<std::string> out;
        for (const json* o : m_cluster.objects(resource, ns))
            out.push_back(controllers::nameOf(*o));
        return out;
    }

    // Events with `reason` about the object named `involved` (any kind when empty), in
    // namespace `ns` ("" for all), in creation order.
    std::vector<json> events(const std::string& reason, const std::string& involved = {},
                             const std::string& ns = {}) const
    {
        std::vector<json> out;
        for (const auto& e : m_cluster.events(ns))
            if (e->value("reason", "") == reason &&
                (involved.empty() ||
                 e->value("involvedObject", json::object()).value("name", "") == involved))
                out.push_back(*e);
        std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
            return stamp(a, "/firstTimestamp") < stamp(b, "/firstTimestamp");
        });
        return out;
    }
    std::vector<std::string> eventMessages(const std::string& reason,
                                           const std::string& involved = {},
                                           const std::string& ns = {}) const
    {
        std::vector<std::string> out;
        for (const json& e : events(reason, involved, ns))
            out.push_back(e.value("message", ""));
        return out;
    }

    static sim::Time stamp(const json& obj, const std::string& pointer)
    {
        const json::json_pointer p(pointer);
        if (!obj.contains(p) || !obj.at(p).is_string())
            return -1;
        return controllers::parseTimestamp(obj.at(p).get<std::string>()).value_or(-1);
    }

    // An RFC 3339 time with an optional fraction ("...:20.000123Z", as Lease renewTime
    // is written) to virtual time; -1 when unparsable.
    static sim::Time microStamp(const std::string& text)
    {
        const auto secs = controllers::parseTimestamp(text);
        if (!secs)
            return -1;
        sim::Time t = *secs;
        const std::size_t dot = text.find('.');
        if (dot != std::string::npos) {
            sim::Duration unit = sim::kSecond / 10;
            for (std::size_t i = dot + 1; i < text.size() && std::isdigit(text[i]); ++i) {
                t += (text[i] - '0') * unit;
                unit /= 10;
            }
        }
        return t;
    }

    // The condition of `type` in status.conditions (pods and nodes), or null.
    static json condition(const json& obj, const std::string& type)
    {
        for (const json& c : obj.value("status", json::object()).value("conditions", json::array()))
            if (c.value("type", "") == type)
                return c;
        return json();
    }
    static std::string conditionStatus(const json& obj, const std::string& type)
    {
        const json c = condition(obj, type);
        return c.is_null() ? std::string() : c.value("status", "");
    }

    static std::vector<std::string> finalizers(const json& obj)
    {
        std::vector<std::string> out;
        for (const json& f :
             obj.value("metadata", json::object()).value("finalizers", json::array()))
            out.push_back(f.get<std::string>());
        return out;
    }

    // Pods whose controller reference names `owner`.
    std::vector<json> podsOf(const std::string& owner, const std::string& ns = "default") const
    {
        std::vector<json> out;
        for (const json* p : m_cluster.objects("pods", ns))
            if (const json* ref = controllers::controllerRef(*p);
                ref && ref->value("name", "") == owner)
                out.push_back(*p);
        return out;
    }

    static std::string nodeOf(const json& pod)
    {
        return pod.value(json::json_pointer("/spec/nodeName"), std::string());
    }
    static std::string phaseOf(const json& pod)
    {
        return pod.value(json::json_pointer("/status/phase"), std::string());
    }

private:
    cluster::Cluster m_cluster;
    std::ostringstream m_out;
    std::ostringstream m_err;
    shell::Shell m_shell;
    bool m_ok = true;
    std::uint64_t m_nextAsync = std::uint64_t(1) << 40; // clear of Cluster's request ids
};

} // namespace kubelab::testing
