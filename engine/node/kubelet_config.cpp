// Kubelet: what a container is created with beyond its spec — the environment
// (env, envFrom, valueFrom, the kubernetes Service's variables, $(VAR) references) and
// its volume mounts with the files of configMap, secret, downward API and projected
// volumes. The ConfigMaps and Secrets are read from the API server when a container is
// created (kubelet's Get strategy), so a pod that references none costs no request.
#include <algorithm>
#include <set>

#include "engine/api/base64.h"
#include "engine/model/json_view.h"
#include "engine/model/quantity.h"
#include "engine/net/dns.h"
#include "engine/node/kubelet.h"

namespace kubelab::node {

using nlohmann::json;

namespace {

std::string refKey(const char* resource, const std::string& name)
{
    return std::string(resource) + "/" + name;
}

// The data of a ConfigMap or Secret as text (a Secret's values decoded).
std::map<std::string, std::string> dataOf(const json& object, bool secret)
{
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : model::objectAt(object, "data").items()) {
        if (!v.is_string())
            continue;
        if (secret) {
            if (auto d = api::base64Decode(v.get<std::string>()))
                out[k] = *d;
        } else {
            out[k] = v.get<std::string>();
        }
    }
    if (secret)
        for (const auto& [k, v] : model::objectAt(object, "stringData").items())
            if (v.is_string())
                out[k] = v.get<std::string>();
    return out;
}

// Kubernetes' $(VAR) expansion in env values, command and args: $$ escapes, unknown
// references stay as written.
std::string expandRefs(const std::string& text, const std::map<std::string, std::string>& vars)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
            out += '$';
            ++i;
        } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '(') {
            const auto end = text.find(')', i + 2);
            if (end == std::string::npos) {
                out += text.substr(i);
                break;
            }
            const std::string name = text.substr(i + 2, end - i - 2);
            auto it = vars.find(name);
            out += it != vars.end() ? it->second : text.substr(i, end - i + 1);
            i = end;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::vector<std::string> Kubelet::configReferences(const json& pod, const json& spec) const
{
    std::vector<std::string> refs;
    auto add = [&](const char* resource, const json& ref) {
        const std::string name = ref.value("name", "");
        if (!name.empty() &&
            std::find(refs.begin(), refs.end(), refKey(resource, name)) == refs.end())
            refs.push_back(refKey(resource, name));
    };
    for (const auto& e : model::memberAt(spec, "env")) {
        const json& from = model::objectAt(e, "valueFrom");
        if (from.contains("configMapKeyRef"))
            add("configmaps", from["configMapKeyRef"]);
        if (from.contains("secretKeyRef"))
            add("secrets", from["secretKeyRef"]);
    }
    for (const auto& e : model::memberAt(spec, "envFrom")) {
        if (e.contains("configMapRef"))
            add("configmaps", e["configMapRef"]);
        if (e.contains("secretRef"))
            add("secrets", e["secretRef"]);
    }
    std::set<std::string> mounted;
    for (const auto& m : model::memberAt(spec, "volumeMounts"))
        mounted.insert(m.value("name", ""));
    for (const auto& v : model::memberAt(model::objectAt(pod, "spec"), "volumes")) {
        if (!mounted.count(v.value("name", "")))
            continue;
        if (v.contains("configMap"))
            add("configmaps", v["configMap"]);
        if (v.contains("secret"))
            add("secrets", json{{"name", v["secret"].value("secretName", "")}});
        for (const auto& src : model::memberAt(model::objectAt(v, "projected"), "sources")) {
            if (src.contains("configMap"))
                add("configmaps", src["configMap"]);
            if (src.contains("secret"))
                add("secrets", src["secret"]);
        }
    }
    return refs;
}

std::string Kubelet::fieldValue(const PodWorker& w, const json& pod, const std::string& path) const
{
    const json& meta = model::objectAt(pod, "metadata");
    auto bracket = [&](const char* prefix, const char* field) -> std::optional<std::string> {
        const std::string p = prefix;
        if (path.rfind(p, 0) != 0 || path.size() < p.size() + 4)
            return std::nullopt;
        const std::string key = path.substr(p.size() + 2, path.size() - p.size() - 4);
        return model::objectAt(meta, field).value(key, "");
    };
    if (path == "metadata.name")
        return meta.value("name", "");
    if (path == "metadata.namespace")
        return meta.value("namespace", "");
    if (path == "metadata.uid")
        return meta.value("uid", "");
    if (auto v = bracket("metadata.labels", "labels"))
        return *v;
    if (auto v = bracket("metadata.annotations", "annotations"))
        return *v;
    const json& spec = model::objectAt(pod, "spec");
    if (path == "spec.nodeName")
        return m_config.name;
    if (path == "spec.serviceAccountName")
        return spec.value("serviceAccountName", "default");
    if (path == "status.podIP" || path == "status.podIPs")
        return w.podIp;
    if (path == "status.hostIP" || path == "status.hostIPs")
        return m_config.internalIp();
    return {};
}

std::string Kubelet::resourceValue(const json& spec, const json& ref) const
{
    const std::string resource = ref.value("resource", "");
    const auto dot = resource.find('.');
    if (dot == std::string::npos)
        return {};
    const std::string section = resource.substr(0, dot), name = resource.substr(dot + 1);
    const json& res = model::objectAt(spec, "resources");
    std::string text = model::objectAt(res, section).value(name, "");
    // Without a limit, the node's allocatable is the ceiling.
    if (text.empty())
        text = section == "limits" ? (name == "cpu" ? m_config.cpu : m_config.memory) : "0";
    auto q = model::Quantity::parse(text);
    auto divisor = model::Quantity::parse(
        ref.contains("divisor") && ref["divisor"].is_string() ? ref["divisor"].get<std::string>()
                                                              : "1");
    if (!q || !divisor)
        return {};
    if (name == "cpu") {
        // Rounded up to whole divisors, as the kubelet does (1 core for 250m).
        const std::int64_t milli = q->milliValue(), d = std::max<std::int64_t>(1, divisor->milliValue());
        return std::to_string((milli + d - 1) / d);
    }
    const std::int64_t d = std::max<std::int64_t>(1, divisor->value());
    return std::to_string((q->value() + d - 1) / d);
}

bool Kubelet::containerConfig(const PodWorker& w, const json& pod, json& spec, json& cfg,
                              std::string& reason, std::string& message,
                              const std::map<std::string, json>& refs) const
{
    std::vector<std::pair<std::string, std::string>> env;
    std::map<std::string, std::string> vars;
    auto set = [&](const std::string& k, const std::string& v) {
        auto it = std::find_if(env.begin(), env.end(), [&](const auto& e) { return e.first == k; });
        if (it != env.end())
            it->second = v;
        else
            env.emplace_back(k, v);
        vars[k] = v;
    };
    auto object = [&](const char* resource, const std::string& name) -> const json* {
        auto it = refs.find(refKey(resource, name));
        return it == refs.end() || it->second.is_null() ? nullptr : &it->second;
    };
    auto notFound = [&](const char* resource, const std::string& name) {
        return std::string(std::string(resource) == "secrets" ? "secret" : "configmap") + " \"" +
               name + "\" not found";
    };
    set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    set("HOSTNAME", model::objectAt(pod, "spec").value("hostname", w.name));
    for (const auto& e : model::memberAt(spec, "envFrom")) {
        const bool secret = e.contains("secretRef");
        const json& ref = secret ? e["secretRef"] : model::objectAt(e, "configMapRef");
        const char* resource = secret ? "secrets" : "configmaps";
        const json* obj = object(resource, ref.value("name", ""));
        if (!obj) {
            if (ref.value("optional", false))
                continue;
            reason = "CreateContainerConfigError";
            message = notFound(resource, ref.value("name", ""));
            return false;
        }
        for (const auto& [k, v] : dataOf(*obj, secret))
            set(e.value("prefix", "") + k, v);
    }
    for (const auto& e : model::memberAt(spec, "env")) {
        const std::string name = e.value("name", "");
        if (e.contains("value") && e["value"].is_string()) {
            set(name, expandRefs(e["value"].get<std::string>(), vars));
            continue;
        }
        const json& from = model::objectAt(e, "valueFrom");
        if (from.contains("fieldRef")) {
            set(name, fieldValue(w, pod, from["fieldRef"].value("fieldPath", "")));
        } else if (from.contains("resourceFieldRef")) {
            set(name, resourceValue(spec, from["resourceFieldRef"]));
        } else if (from.contains("configMapKeyRef") || from.contains("secretKeyRef")) {
            const bool secret = from.contains("secretKeyRef");
            const json& ref = secret ? from["secretKeyRef"] : from["configMapKeyRef"];
            const char* resource = secret ? "secrets" : "configmaps";
            const std::string objName = ref.value("name", ""), key = ref.value("key", "");
            const json* obj = object(resource, objName);
            const bool optional = ref.value("optional", false);
            if (!obj) {
                if (optional)
                    continue;
                reason = "CreateContainerConfigError";
                message = notFound(resource, objName);
                return false;
            }
            auto data = dataOf(*obj, secret);
            auto it = data.find(key);
            if (it == data.end()) {
                if (optional)
                    continue;
                reason = "CreateContainerConfigError";
                message = std::string("couldn't find key ") + key + " in " +
                          (secret ? "Secret " : "ConfigMap ") + w.ns + "/" + objName;
                return false;
            }
            set(name, it->second);
        } else {
            set(name, "");
        }
    }
    // The kubernetes Service's variables (enableServiceLinks covers the others).
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"KUBERNETES_SERVICE_HOST", "10.96.0.1"},
             {"KUBERNETES_SERVICE_PORT", "443"},
             {"KUBERNETES_SERVICE_PORT_HTTPS", "443"},
             {"KUBERNETES_PORT", "tcp://10.96.0.1:443"},
             {"KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"},
             {"KUBERNETES_PORT_443_TCP_PROTO", "tcp"},
             {"KUBERNETES_PORT_443_TCP_PORT", "443"},
             {"KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"}})
        if (!vars.count(k))
            set(k, v);
    if (!vars.count("HOME"))
        set("HOME", "/root");
    json envs = json::array();
    for (const auto& [k, v] : env)
        envs.push_back({{"name", k}, {"value", v}});
    cfg["envs"] = envs;
    // $(VAR) in command and args.
    for (const char* field : {"command", "args"})
        if (spec.contains(field) && spec[field].is_array())
            for (auto& word : spec[field])
                if (word.is_string())
                    word = expandRefs(word.get<std::string>(), vars);

    // Volumes.
    const json& podSpec = model::objectAt(pod, "spec");
    json mounts = json::array();
    const std::string podDir = "/var/lib/kubelet/pods/" + w.uid + "/volumes/";
    for (const auto& vm : model::memberAt(spec, "volumeMounts")) {
        const std::string volName = vm.value("name", "");
        const json* vol = nullptr;
        for (const auto& v : model::memberAt(podSpec, "volumes"))
            if (v.value("name", "") == volName)
                vol = &v;
        if (!vol)
            continue;
        json mount = {{"containerPath", vm.value("mountPath", "")},
                      {"readOnly", vm.value("readOnly", false)}};
        std::string host;
        json files;
        auto keyFiles = [&](const json& source, const std::map<std::string, std::string>& data,
                            json& into) {
            const json& items = model::memberAt(source, "items");
            if (items.is_array() && !items.empty()) {
                for (const auto& item : items) {
                    auto it = data.find(item.value("key", ""));
                    if (it != data.end())
                        into[item.value("path", item.value("key", ""))] = it->second;
                }
            } else {
                for (const auto& [k, v] : data)
                    into[k] = v;
            }
        };
        auto missing = [&](const char* resource, const std::string& name) {
            reason = "FailedMount";
            message = "MountVolume.SetUp failed for volume \"" + volName + "\" : " +
                      notFound(resource, name);
            return false;
        };
        if (vol->contains("emptyDir")) {
            host = podDir + "kubernetes.io~empty-dir/" + volName;
        } else if (vol->contains("hostPath")) {
            host = (*vol)["hostPath"].value("path", "/");
        } else if (vol->contains("configMap") || vol->contains("secret")) {
            const bool secret = vol->contains("secret");
            const json& src = secret ? (*vol)["secret"] : (*vol)["configMap"];
            const std::string name = secret ? src.value("secretName", "") : src.value("name", "");
            const json* obj = object(secret ? "secrets" : "configmaps", name);
            files = json::object();
            if (obj)
                keyFiles(src, dataOf(*obj, secret), files);
            else if (!src.value("optional", false))
                return missing(secret ? "secrets" : "configmaps", name);
            host = podDir + (secret ? "kubernetes.io~secret/" : "kubernetes.io~configmap/") + volName;
            mount["readOnly"] = true;
        } else if (vol->contains("downwardAPI") || vol->contains("projected")) {
            files = json::object();
            auto downward = [&](const json& source) {
                for (const auto& item : model::memberAt(source, "items")) {
                    if (item.contains("fieldRef"))
                        files[item.value("path", "")] =
                            fieldValue(w, pod, item["fieldRef"].value("fieldPath", ""));
                    else if (item.contains("resourceFieldRef"))
                        files[item.value("path", "")] = resourceValue(spec, item["resourceFieldRef"]);
                }
            };
            if (vol->contains("downwardAPI"))
                downward((*vol)["downwardAPI"]);
            for (const auto& src : model::memberAt(model::objectAt(*vol, "projected"), "sources")) {
                if (src.contains("downwardAPI"))
                    downward(src["downwardAPI"]);
                for (const char* kind : {"configMap", "secret"}) {
                    if (!src.contains(kind))
                        continue;
                    const bool secret = std::string(kind) == "secret";
                    const std::string name = src[kind].value("name", "");
                    const json* obj = object(secret ? "secrets" : "configmaps", name);
                    if (obj)
                        keyFiles(src[kind], dataOf(*obj, secret), files);
                    else if (!src[kind].value("optional", false))
                        return missing(secret ? "secrets" : "configmaps", name);
                }
                if (src.contains("serviceAccountToken"))
                    files[src["serviceAccountToken"].value("path", "token")] =
                        "(a bound service account token)";
            }
            host = podDir + (vol->contains("projected") ? "kubernetes.io~projected/"
                                                         : "kubernetes.io~downward-api/") +
                   volName;
            mount["readOnly"] = true;
        } else if (vol->contains("persistentVolumeClaim")) {
            // The bound volume's directory in local-path's layout
            // (pvc-<uid>_<namespace>_<claim>), as the provisioner made it.
            const std::string claim = (*vol)["persistentVolumeClaim"].value("claimName", "");
            const client::Informer* claims = informer("claims");
            const json* bound = claims ? claims->get(w.ns + "/" + claim) : nullptr;
            const std::string volume =
                bound ? model::textAtPath(*bound, "spec.volumeName") : std::string();
            host = "/var/local-path-provisioner/" + (volume.empty() ? claim : volume) + "_" +
                   w.ns + "_" + claim;
        } else {
            host = podDir + "kubernetes.io~other/" + volName;
        }
        const std::string subPath = vm.value("subPath", "");
        mount["hostPath"] = subPath.empty() ? host : host + "/" + subPath;
        if (!files.is_null()) {
            mount["files"] = files; // written whole into the volume's directory
            mount["filesDir"] = host;
        }
        mounts.push_back(std::move(mount));
    }
    cfg["mounts"] = mounts;
    const bool automount = podSpec.value("automountServiceAccountToken", true);
    cfg["pod"] = {{"hostname", podSpec.value("hostname", w.name)},
                  {"serviceAccount",
                   automount ? podSpec.value("serviceAccountName", "default") : std::string()},
                  {"resolvConf", net::podResolvConf(pod).text()}};
    return true;
}

void Kubelet::refreshVolumes(sim::Context& ctx, PodWorker& w)
{
    const json* pod = podOf(w);
    if (!pod || w.terminating || w.terminal || w.volumeRefsPending > 0)
        return;
    // Every volume of the pod, as if one container mounted them all.
    json all = {{"volumeMounts", json::array()}};
    for (const auto& v : model::memberAt(model::objectAt(*pod, "spec"), "volumes"))
        all["volumeMounts"].push_back({{"name", v.value("name", "")}});
    const auto refs = configReferences(*pod, all);
    w.volumeRefs.clear();
    w.volumeRefsPending = static_cast<int>(refs.size());
    for (const auto& key : refs) {
        api::Request r;
        r.verb = "get";
        r.resource = key.substr(0, key.find('/'));
        r.ns = w.ns;
        r.name = key.substr(key.find('/') + 1);
        r.user = "system:node:" + m_config.name;
        request(ctx, r,
                {{"what", "read " + key + " for the volumes of " + w.key},
                 {"op", "vol.get"},
                 {"uid", w.uid},
                 {"key", key}},
                true);
    }
}

void Kubelet::volumesRead(sim::Context& ctx, const json& tag, const api::Response& response)
{
    auto it = m_workers.find(tag.value("uid", ""));
    if (it == m_workers.end())
        return;
    PodWorker& w = it->second;
    w.volumeRefs[tag.value("key", "")] = response.ok() ? response.body : json();
    if (--w.volumeRefsPending > 0)
        return;
    w.volumeRefsPending = 0;
    const json* pod = podOf(w);
    if (!pod)
        return;
    json mounts = json::array();
    std::set<std::string> dirs;
    for (const auto& c : w.containers) {
        json spec = containerSpec(*pod, c);
        spec.erase("env"); // only the volumes are refreshed
        spec.erase("envFrom");
        json cfg;
        std::string reason, message;
        if (!containerConfig(w, *pod, spec, cfg, reason, message, w.volumeRefs))
            continue; // a missing object: the files stay as they were
        for (const auto& m : model::memberAt(cfg, "mounts"))
            if (m.contains("files") && dirs.insert(m.value("filesDir", "")).second)
                mounts.push_back({{"filesDir", m["filesDir"]}, {"files", m["files"]}, {"hostPath", m["hostPath"]}});
    }
    w.volumeRefs.clear();
    if (!mounts.empty())
        ctx.send(runtime(), "node.WriteVolumes", {{"mounts", mounts}, {"pod", w.key}});
}

} // namespace kubelab::node
