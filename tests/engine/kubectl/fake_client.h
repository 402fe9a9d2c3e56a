#pragma once
// An in-memory api::Client for kubectl tests: stores objects and answers get, list
// (as Tables when asked, through the server's printers; label selectors of the form k=v,k!=v,k; field selectors on dotted paths), create,
// update, patch (merge, strategic treated as merge, JSON patch) and delete with
// metav1.Status failures worded as kube-apiserver words them. It records every request.
// Subresources: pods/log answers from `logs`, pods/eviction deletes the pod (or, with
// evictImmediately false, only marks it terminating). Its environment's sleep hook
// advances the fake clock and calls onSleep, so a test can change objects between polls.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/kubectl/kubectl.h"
#include "engine/model/kinds.h"
#include "engine/printers/table.h"
#include "engine/sim/time.h"

namespace kubelab::kubectl::test {

using Json = nlohmann::json;

class FakeClient : public api::Client
{
public:
    sim::Time now = 3600 * sim::kSecond;
    bool checkNamespaces = false; // 404 on create into a namespace that is not stored
    std::vector<api::Request> requests;
    // Answers a request before the fake does (nullopt: fall through), to inject errors.
    std::function<std::optional<api::Response>(const api::Request&)> intercept;
    // pods/log text by "namespace/pod/container" ("/previous" appended for --previous).
    std::map<std::string, std::string> logs;
    bool evictImmediately = true;
    // Called after each sleep, with the clock already advanced.
    std::function<void(FakeClient&)> onSleep;
    std::vector<sim::Duration> sleeps;

    void add(Json object)
    {
        const model::KindInfo* kind = model::kindByApiVersionKind(
            object.value("apiVersion", ""), object.value("kind", ""));
        Json& meta = object["metadata"];
        if (kind && kind->namespaced && !meta.contains("namespace"))
            meta["namespace"] = "default";
        if (!meta.contains("uid"))
            meta["uid"] = "uid-" + meta.value("name", std::string());
        if (!meta.contains("creationTimestamp"))
            meta["creationTimestamp"] = sim::formatTimestamp(0);
        if (!meta.contains("resourceVersion"))
            meta["resourceVersion"] = std::to_string(++m_rv);
        m_objects[key(*kind, meta.value("namespace", ""), meta["name"])] = object;
    }

    const Json* find(const std::string& groupResource, const std::string& ns,
                     const std::string& name) const
    {
        auto it = m_objects.find({groupResource, ns, name});
        return it == m_objects.end() ? nullptr : &it->second;
    }

    Json* findMutable(const std::string& groupResource, const std::string& ns,
                      const std::string& name)
    {
        auto it = m_objects.find({groupResource, ns, name});
        return it == m_objects.end() ? nullptr : &it->second;
    }

    // Changes a stored object and bumps its resourceVersion, as a controller's write would.
    void mutate(const std::string& groupResource, const std::string& ns, const std::string& name,
                const std::function<void(Json&)>& change)
    {
        Json* o = findMutable(groupResource, ns, name);
        if (!o)
            return;
        change(*o);
        (*o)["metadata"]["resourceVersion"] = std::to_string(++m_rv);
    }

    void remove(const std::string& groupResource, const std::string& ns, const std::string& name)
    {
        m_objects.erase({groupResource, ns, name});
    }

    api::Response call(const api::Request& r) override
    {
        requests.push_back(r);
        if (intercept)
            if (std::optional<api::Response> answer = intercept(r))
                return *answer;
        const model::KindInfo* kind = model::kindByResource(r.group, r.resource);
        if (!kind)
            return fail(404, "NotFound", "the server could not find the requested resource");
        const auto k = key(*kind, r.ns, r.name);
        const std::string gr = kind->groupResource();
        if (r.subresource == "log" && r.verb == "get") {
            if (!m_objects.count(k))
                return notFound(*kind, r.name);
            std::string logKey = r.ns + "/" + r.name + "/" + r.body.value("container", "");
            if (r.body.value("previous", false))
                logKey += "/previous";
            std::string text = logs.count(logKey) ? logs[logKey] : std::string();
            if (r.body.contains("tailLines")) {
                std::vector<std::string> lines;
                size_t start = 0;
                while (start < text.size()) {
                    size_t nl = text.find('\n', start);
                    nl = nl == std::string::npos ? text.size() : nl + 1;
                    lines.push_back(text.substr(start, nl - start));
                    start = nl;
                }
                const size_t keep = std::min(lines.size(), size_t(r.body["tailLines"].get<int>()));
                text.clear();
                for (size_t i = lines.size() - keep; i < lines.size(); ++i)
                    text += lines[i];
            }
            return {200, Json(text)};
        }
        if (r.subresource == "eviction" && r.verb == "create") {
            auto it = m_objects.find(k);
            if (it == m_objects.end())
                return notFound(*kind, r.name);
            if (evictImmediately)
                m_objects.erase(it);
            else
                it->second["metadata"]["deletionTimestamp"] = sim::formatTimestamp(now);
            return {201, Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Success"}}};
        }
        if (r.verb == "get") {
            auto it = m_objects.find(k);
            if (it == m_objects.end())
                return notFound(*kind, r.name);
            return {200, printed(*kind, r, it->second)};
        }
        if (r.verb == "list") {
            Json items = Json::array();
            for (const auto& [key, o] : m_objects)
                if (std::get<0>(key) == gr && (r.ns.empty() || std::get<1>(key) == r.ns)
                    && labelsMatch(o, r.labelSelector) && fieldsMatch(o, r.fieldSelector))
                    items.push_back(o);
            return {200, printed(*kind, r,
                                 Json{{"apiVersion", kind->apiVersion()},
                                      {"kind", kind->kind + "List"},
                                      {"metadata", {{"resourceVersion", std::to_string(m_rv)}}},
                                      {"items", items}})};
        }
        if (r.verb == "create") {
            Json o = r.body;
            const std::string name = o["metadata"].value("name", "");
            const auto ck = key(*kind, r.ns, name);
            if (checkNamespaces && kind->namespaced
                && !m_objects.count({"namespaces", "", r.ns}))
                return fail(404, "NotFound", "namespaces \"" + r.ns + "\" not found",
                            {{"name", r.ns}, {"kind", "namespaces"}});
            if (m_objects.count(ck))
                return fail(409, "AlreadyExists",
                            gr + " \"" + name + "\" already exists",
                            {{"name", name}, {"group", kind->group}, {"kind", kind->resource}});
            if (o.contains("spec") && o["spec"].contains("replicas")
                && o["spec"]["replicas"].is_number() && o["spec"]["replicas"].get<int>() < 0)
                return invalid(*kind, name, "spec.replicas", "Invalid value: "
                               + o["spec"]["replicas"].dump()
                               + ": must be greater than or equal to 0");
            if (kind->namespaced)
                o["metadata"]["namespace"] = r.ns;
            o["metadata"]["uid"] = "uid-" + name;
            o["metadata"]["creationTimestamp"] = sim::formatTimestamp(now);
            o["metadata"]["resourceVersion"] = std::to_string(++m_rv);
            if (!r.dryRun)
                m_objects[ck] = o;
            return {201, o};
        }
        if (r.verb == "patch" || r.verb == "update") {
            auto it = m_objects.find(k);
            if (it == m_objects.end())
                return notFound(*kind, r.name);
            Json o = it->second;
            if (r.verb == "update")
                o = r.body;
            else if (r.patchType == "application/json-patch+json")
                o = o.patch(r.body);
            else
                o.merge_patch(r.body);
            if (o.contains("spec") && o["spec"].contains("replicas")
                && o["spec"]["replicas"].is_number() && o["spec"]["replicas"].get<int>() < 0)
                return invalid(*kind, r.name, "spec.replicas", "Invalid value: "
                               + o["spec"]["replicas"].dump()
                               + ": must be greater than or equal to 0");
            Json before = it->second;
            before["metadata"].erase("resourceVersion");
            Json after = o;
            after["metadata"].erase("resourceVersion");
            if (before != after)
                o["metadata"]["resourceVersion"] = std::to_string(++m_rv);
            if (!r.dryRun)
                it->second = o;
            return {200, o};
        }
        if (r.verb == "delete") {
            auto it = m_objects.find(k);
            if (it == m_objects.end())
                return notFound(*kind, r.name);
            if (!r.dryRun)
                m_objects.erase(it);
            return {200, Json{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Success"}}};
        }
        return fail(405, "MethodNotAllowed", "verb not supported by the fake");
    }

    // An Environment wired to this client, with files served from `files`.
    Environment environment(std::map<std::string, std::string>* files = nullptr)
    {
        Environment env;
        env.client = this;
        env.now = [this] { return now; };
        env.sleep = [this](sim::Duration d) {
            now += d;
            sleeps.push_back(d);
            if (onSleep)
                onSleep(*this);
        };
        env.readFile = [files](const std::string& path) -> std::optional<std::string> {
            if (!files || !files->count(path))
                return std::nullopt;
            return files->at(path);
        };
        return env;
    }

private:
    using Key = std::tuple<std::string, std::string, std::string>;

    static Key key(const model::KindInfo& kind, const std::string& ns, const std::string& name)
    {
        return {kind.groupResource(), kind.namespaced ? ns : "", name};
    }

    // Server-side printing, as the real API server does it when asked for a Table.
    Json printed(const model::KindInfo& kind, const api::Request& r, const Json& body) const
    {
        if (!printers::acceptsTable(r.accept))
            return body;
        return printers::toTable(kind, body, now, printers::parseIncludeObject(r.includeObject));
    }

    static api::Response fail(int code, const std::string& reason, const std::string& message,
                              Json details = nullptr)
    {
        Json s = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()},
                  {"status", "Failure"}, {"message", message}, {"reason", reason},
                  {"code", code}};
        if (!details.is_null())
            s["details"] = details;
        return {code, s};
    }

    static api::Response notFound(const model::KindInfo& kind, const std::string& name)
    {
        return fail(404, "NotFound", kind.groupResource() + " \"" + name + "\" not found",
                    {{"name", name}, {"group", kind.group}, {"kind", kind.resource}});
    }

    static api::Response invalid(const model::KindInfo& kind, const std::string& name,
                                 const std::string& field, const std::string& message)
    {
        return fail(422, "Invalid",
                    kind.groupKind() + " \"" + name + "\" is invalid: " + field + ": " + message,
                    {{"name", name}, {"group", kind.group}, {"kind", kind.kind},
                     {"causes", Json::array({{{"reason", "FieldValueInvalid"},
                                              {"message", message}, {"field", field}}})}});
    }

    static const Json* path(const Json& o, const std::string& dotted)
    {
        const Json* cur = &o;
        size_t start = 0;
        while (start <= dotted.size()) {
            size_t dot = dotted.find('.', start);
            if (dot == std::string::npos)
                dot = dotted.size();
            if (!cur->is_object() || !cur->contains(dotted.substr(start, dot - start)))
                return nullptr;
            cur = &(*cur)[dotted.substr(start, dot - start)];
            start = dot + 1;
        }
        return cur;
    }

    static std::vector<std::string> terms(const std::string& s)
    {
        std::vector<std::string> out;
        size_t start = 0;
        while (start < s.size()) {
            size_t c = s.find(',', start);
            if (c == std::string::npos)
                c = s.size();
            out.push_back(s.substr(start, c - start));
            start = c + 1;
        }
        return out;
    }

    static bool labelsMatch(const Json& o, const std::string& selector)
    {
        const Json* labels = path(o, "metadata.labels");
        for (const std::string& t : terms(selector)) {
            auto ne = t.find("!=");
            auto eq = t.find('=');
            if (ne != std::string::npos) {
                std::string k = t.substr(0, ne), v = t.substr(ne + 2);
                if (labels && labels->contains(k) && (*labels)[k] == v)
                    return false;
            } else if (eq != std::string::npos) {
                std::string k = t.substr(0, eq), v = t.substr(t[eq + 1] == '=' ? eq + 2 : eq + 1);
                if (!labels || !labels->contains(k) || (*labels)[k] != v)
                    return false;
            } else if (!labels || !labels->contains(t)) {
                return false;
            }
        }
        return true;
    }

    static bool fieldsMatch(const Json& o, const std::string& selector)
    {
        for (const std::string& t : terms(selector)) {
            auto eq = t.find('=');
            const Json* v = path(o, t.substr(0, eq));
            const std::string want = t.substr(eq + 1);
            if (!v || !v->is_string() || v->get<std::string>() != want)
                return false;
        }
        return true;
    }

    std::map<Key, Json> m_objects;
    int m_rv = 100;
};

} // namespace kubelab::kubectl::test
