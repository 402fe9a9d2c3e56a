// Pod and pod template defaulting, as kube-apiserver 1.30 applies it: the generated
// defaulters of pkg/apis/core/v1/defaults.go plus the pod admission plugins that always run
// (ServiceAccount, DefaultTolerationSeconds, Priority).
#include "engine/model/defaults_util.h"

namespace kubelab::model::defaults {

namespace {

// Always for ":latest" or no tag (and no digest), IfNotPresent otherwise.
std::string pullPolicyFor(const std::string& image)
{
    if (image.find('@') != std::string::npos)
        return "IfNotPresent";
    const auto slash = image.rfind('/');
    const auto colon = image.rfind(':');
    const bool hasTag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    if (!hasTag || image.substr(colon + 1) == "latest")
        return "Always";
    return "IfNotPresent";
}

void probe(json& p)
{
    if (!p.is_object())
        return;
    setInt(p, "timeoutSeconds", 1);
    setInt(p, "periodSeconds", 10);
    setInt(p, "successThreshold", 1);
    setInt(p, "failureThreshold", 3);
    if (p.contains("httpGet") && p["httpGet"].is_object()) {
        setString(p["httpGet"], "path", "/");
        setString(p["httpGet"], "scheme", "HTTP");
    }
}

void lifecycleHandler(json& h)
{
    if (h.is_object() && h.contains("httpGet") && h["httpGet"].is_object()) {
        setString(h["httpGet"], "path", "/");
        setString(h["httpGet"], "scheme", "HTTP");
    }
}

void container(json& c, bool hostNetwork)
{
    if (!c.is_object())
        return;
    if (!hasValue(c, "imagePullPolicy") || c["imagePullPolicy"] == "")
        c["imagePullPolicy"] = pullPolicyFor(c.value("image", std::string()));
    setString(c, "terminationMessagePath", "/dev/termination-log");
    setString(c, "terminationMessagePolicy", "File");
    if (!hasValue(c, "resources"))
        c["resources"] = json::object(); // a struct, so it always shows
    if (hasValue(c, "ports") && c["ports"].is_array()) {
        for (json& p : c["ports"]) {
            if (!p.is_object())
                continue;
            setString(p, "protocol", "TCP");
            // With the node's network the host port is the container port.
            if (hostNetwork && (!hasValue(p, "hostPort") || p["hostPort"] == 0) &&
                hasValue(p, "containerPort"))
                p["hostPort"] = p["containerPort"];
        }
    }
    for (const char* name : {"livenessProbe", "readinessProbe", "startupProbe"})
        if (hasValue(c, name))
            probe(c[name]);
    if (hasValue(c, "lifecycle") && c["lifecycle"].is_object())
        for (const char* name : {"postStart", "preStop"})
            if (hasValue(c["lifecycle"], name))
                lifecycleHandler(c["lifecycle"][name]);
    if (hasValue(c, "env") && c["env"].is_array())
        for (json& e : c["env"])
            if (e.is_object() && hasValue(e, "valueFrom") && e["valueFrom"].is_object() &&
                hasValue(e["valueFrom"], "fieldRef") && e["valueFrom"]["fieldRef"].is_object())
                setString(e["valueFrom"]["fieldRef"], "apiVersion", "v1");
}

void volume(json& v)
{
    if (!v.is_object())
        return;
    static const char* const kSources[] = {
        "emptyDir",  "configMap",   "secret", "hostPath", "persistentVolumeClaim",
        "projected", "downwardAPI", "nfs",    "csi",      "ephemeral"};
    bool any = false;
    for (const char* s : kSources)
        any = any || hasValue(v, s);
    if (!any)
        v["emptyDir"] = json::object();
    for (const char* s : {"configMap", "secret", "projected", "downwardAPI"})
        if (hasValue(v, s) && v[s].is_object())
            setInt(v[s], "defaultMode", 420); // 0644
    if (hasValue(v, "hostPath") && v["hostPath"].is_object() && !hasValue(v["hostPath"], "type"))
        v["hostPath"]["type"] = "";
    if (hasValue(v, "projected") && v["projected"].is_object() &&
        hasValue(v["projected"], "sources") && v["projected"]["sources"].is_array())
        for (json& src : v["projected"]["sources"])
            if (src.is_object() && hasValue(src, "serviceAccountToken") &&
                src["serviceAccountToken"].is_object())
                setInt(src["serviceAccountToken"], "expirationSeconds", 3600);
}

// Limits without requests make the requests equal to the limits (pods only).
void requestsFromLimits(json& c)
{
    if (!c.is_object() || !hasValue(c, "resources") || !c["resources"].is_object())
        return;
    json& r = c["resources"];
    if (!hasValue(r, "limits") || !r["limits"].is_object())
        return;
    if (!hasValue(r, "requests"))
        r["requests"] = json::object();
    for (const auto& [name, q] : r["limits"].items())
        if (!r["requests"].contains(name))
            r["requests"][name] = q;
}

bool hasToleration(const json& list, const std::string& key)
{
    for (const json& t : list) {
        if (!t.is_object())
            continue;
        const std::string effect = t.value("effect", std::string());
        const std::string k = t.value("key", std::string());
        // Any toleration for the taint, or one that tolerates everything, is enough.
        if ((k == key || k.empty()) && (effect.empty() || effect == "NoExecute"))
            return true;
    }
    return false;
}

} // namespace

void podSpec(json& spec)
{
    if (!spec.is_object())
        return;
    setString(spec, "dnsPolicy", "ClusterFirst");
    setString(spec, "restartPolicy", "Always");
    if (!hasValue(spec, "securityContext"))
        spec["securityContext"] = json::object();
    setInt(spec, "terminationGracePeriodSeconds", 30);
    setString(spec, "schedulerName", "default-scheduler");
    // The deprecated alias is kept in step with serviceAccountName.
    if (hasValue(spec, "serviceAccount") && spec["serviceAccount"] != "" &&
        (!hasValue(spec, "serviceAccountName") || spec["serviceAccountName"] == ""))
        spec["serviceAccountName"] = spec["serviceAccount"];
    if (hasValue(spec, "serviceAccountName") && spec["serviceAccountName"] != "")
        spec["serviceAccount"] = spec["serviceAccountName"];
    const bool hostNetwork = spec.value("hostNetwork", false) == true;
    for (const char* list : {"containers", "initContainers"})
        if (hasValue(spec, list) && spec[list].is_array())
            for (json& c : spec[list])
                container(c, hostNetwork);
    if (hasValue(spec, "volumes") && spec["volumes"].is_array())
        for (json& v : spec["volumes"])
            volume(v);
}

void podTemplate(json& tmpl)
{
    if (!tmpl.is_object())
        return;
    // ObjectMeta.creationTimestamp is not omitempty in 1.30, so templates show it as null.
    if (!hasValue(tmpl, "metadata"))
        tmpl["metadata"] = json::object();
    if (tmpl["metadata"].is_object() && !tmpl["metadata"].contains("creationTimestamp"))
        tmpl["metadata"]["creationTimestamp"] = nullptr;
    if (!hasValue(tmpl, "spec"))
        tmpl["spec"] = json::object();
    podSpec(tmpl["spec"]);
}

void pod(json& obj)
{
    if (!hasValue(obj, "spec"))
        obj["spec"] = json::object();
    json& spec = obj["spec"];
    if (!spec.is_object())
        return;
    podSpec(spec);
    for (const char* list : {"containers", "initContainers"})
        if (hasValue(spec, list) && spec[list].is_array())
            for (json& c : spec[list])
                requestsFromLimits(c);
    if (!hasValue(spec, "enableServiceLinks"))
        spec["enableServiceLinks"] = true;
    // Admission: ServiceAccount.
    if (!hasValue(spec, "serviceAccountName") || spec["serviceAccountName"] == "")
        spec["serviceAccountName"] = "default";
    spec["serviceAccount"] = spec["serviceAccountName"];
    // Admission: Priority (no PriorityClass named and no global default here).
    if (!hasValue(spec, "priority"))
        spec["priority"] = 0;
    setString(spec, "preemptionPolicy", "PreemptLowerPriority");
    // Admission: DefaultTolerationSeconds.
    if (!hasValue(spec, "tolerations") || !spec["tolerations"].is_array())
        spec["tolerations"] = json::array();
    for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"})
        if (!hasToleration(spec["tolerations"], key))
            spec["tolerations"].push_back({{"effect", "NoExecute"},
                                           {"key", key},
                                           {"operator", "Exists"},
                                           {"tolerationSeconds", 300}});
}

} // namespace kubelab::model::defaults
