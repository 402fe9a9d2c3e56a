// PodSpec validation: containers, ports, env, resources, probes, volumes, scheduling
// fields, and the pod update rule. Messages follow pkg/apis/core/validation (1.30).
#include <algorithm>
#include <optional>
#include <set>

#include "engine/model/json_view.h"
#include "engine/model/quantity.h"
#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

const std::set<std::string> kStandardContainerResources = {"cpu", "memory", "ephemeral-storage"};

long long num(const json& v)
{
    return v.is_number() ? v.get<long long>() : 0;
}

void validatePorts(const json& ports, const std::string& path, Errors& errs)
{
    if (!ports.is_array())
        return;
    std::set<std::string> names;
    for (size_t i = 0; i < ports.size(); ++i) {
        const json& p = ports[i];
        const std::string ip = index(path, i);
        const std::string name(stringAt(p, "name"));
        if (!name.empty()) {
            const auto msgs = isValidPortName(name);
            if (!msgs.empty())
                addInvalid(errs, child(ip, "name"), name, msgs);
            else if (!names.insert(name).second)
                errs.push_back(duplicate(child(ip, "name"), name));
        }
        const json& cp = memberAt(p, "containerPort");
        if (num(cp) == 0)
            errs.push_back(required(child(ip, "containerPort")));
        else
            addInvalid(errs, child(ip, "containerPort"), cp, isValidPortNum(num(cp)));
        const json& hp = memberAt(p, "hostPort");
        if (num(hp) != 0)
            addInvalid(errs, child(ip, "hostPort"), hp, isValidPortNum(num(hp)));
        const std::string proto(stringAt(p, "protocol"));
        if (proto.empty())
            errs.push_back(required(child(ip, "protocol")));
        else if (proto != "TCP" && proto != "UDP" && proto != "SCTP")
            errs.push_back(notSupported(child(ip, "protocol"), proto, {"SCTP", "TCP", "UDP"}));
    }
}

void validateEnv(const json& env, const std::string& path, Errors& errs)
{
    if (!env.is_array())
        return;
    for (size_t i = 0; i < env.size(); ++i) {
        const json& e = env[i];
        const std::string ip = index(path, i);
        const std::string name(stringAt(e, "name"));
        if (name.empty())
            errs.push_back(required(child(ip, "name")));
        else
            addInvalid(errs, child(ip, "name"), name, isEnvVarName(name));
        const json& from = memberAt(e, "valueFrom");
        if (from.is_null())
            continue;
        int sources = 0;
        for (const char* s : {"fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"})
            sources += hasValue(from, s) ? 1 : 0;
        if (!stringAt(e, "value").empty())
            errs.push_back(invalid(child(ip, "valueFrom"), "",
                                   "may not be specified when `value` is not empty"));
        if (sources == 0)
            errs.push_back(invalid(child(ip, "valueFrom"), "",
                                   "must specify one of: `fieldRef`, `resourceFieldRef`, "
                                   "`configMapKeyRef` or `secretKeyRef`"));
        else if (sources > 1)
            errs.push_back(invalid(child(ip, "valueFrom"), "",
                                   "may not have more than one field specified at a time"));
    }
}

std::optional<Quantity> quantityOf(const json& v)
{
    if (v.is_string())
        return Quantity::parse(v.get<std::string>());
    if (v.is_number())
        return Quantity::parse(v.dump());
    return std::nullopt;
}

bool standardResource(const std::string& name)
{
    // Names with a domain prefix are extended resources; hugepages-<size> is standard too.
    return kStandardContainerResources.count(name) || name.rfind("hugepages-", 0) == 0 ||
           name.find('/') != std::string::npos;
}

void validateResources(const json& res, const std::string& path, Errors& errs)
{
    const json& limits = memberAt(res, "limits");
    const json& requests = memberAt(res, "requests");
    const std::string limPath = child(path, "limits");
    const std::string reqPath = child(path, "requests");
    for (const auto& [pathBase, list] :
         {std::pair<std::string, const json*>{limPath, &limits}, {reqPath, &requests}}) {
        if (!list->is_object())
            continue;
        for (const auto& [name, v] : list->items()) {
            const std::string p = key(pathBase, name);
            if (!standardResource(name))
                errs.push_back(invalid(p, name, "must be a standard resource for containers"));
            const auto q = quantityOf(v);
            if (q && q->compare(Quantity()) < 0)
                errs.push_back(invalid(p, q->toString(), "must be greater than or equal to 0"));
        }
    }
    if (!requests.is_object() || !limits.is_object())
        return;
    for (const auto& [name, v] : requests.items()) {
        if (!limits.contains(name))
            continue;
        const auto rq = quantityOf(v);
        const auto lq = quantityOf(limits[name]);
        if (rq && lq && rq->compare(*lq) > 0)
            errs.push_back(
                invalid(reqPath, rq->toString(),
                        "must be less than or equal to " + name + " limit of " + lq->toString()));
    }
}

void validatePortNumOrName(const json& port, const std::string& path, Errors& errs)
{
    if (port.is_number_integer())
        addInvalid(errs, path, port, isValidPortNum(num(port)));
    else if (port.is_string())
        addInvalid(errs, path, port, isValidPortName(port.get<std::string>()));
    else
        errs.push_back(required(path));
}

// At most one handler; `required` says whether one must be present (probes: yes).
void validateHandler(const json& h, const std::string& path, bool isProbe, Errors& errs)
{
    int count = 0;
    std::vector<const char*> kinds = {"exec", "httpGet", "tcpSocket"};
    kinds.push_back(isProbe ? "grpc" : "sleep");
    for (const char* k : kinds) {
        if (!hasValue(h, k))
            continue;
        if (++count > 1) {
            errs.push_back(forbidden(child(path, k), "may not specify more than 1 handler type"));
            continue;
        }
        const json& a = memberAt(h, k);
        if (std::string(k) == "httpGet" || std::string(k) == "tcpSocket")
            validatePortNumOrName(memberAt(a, "port"), child(child(path, k), "port"), errs);
        if (std::string(k) == "exec" && memberAt(a, "command").empty())
            errs.push_back(required(child(child(path, k), "command")));
        if (std::string(k) == "grpc")
            addInvalid(errs, child(child(path, k), "port"), memberAt(a, "port"),
                       isValidPortNum(intAt(a, "port")));
    }
    if (count == 0)
        errs.push_back(required(path, "must specify a handler type"));
}

void validateProbe(const json& p, const std::string& path, bool mustSucceedOnce, Errors& errs)
{
    if (!p.is_object())
        return;
    validateHandler(p, path, true, errs);
    for (const char* f : {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
                          "successThreshold", "failureThreshold"})
        nonNegative(p, f, path, errs);
    if (mustSucceedOnce && hasValue(p, "successThreshold") && intAt(p, "successThreshold") != 1)
        errs.push_back(
            invalid(child(path, "successThreshold"), memberAt(p, "successThreshold"), "must be 1"));
}

void validateContainer(const json& c, const std::string& path, bool init,
                       const std::set<std::string>& volumes, Errors& errs)
{
    const std::string name(stringAt(c, "name"));
    if (name.empty())
        errs.push_back(required(child(path, "name")));
    else
        addInvalid(errs, child(path, "name"), name, isDNS1123Label(name));
    const std::string image(stringAt(c, "image"));
    if (image.empty())
        errs.push_back(required(child(path, "image")));
    const std::string pull(stringAt(c, "imagePullPolicy"));
    if (pull.empty())
        errs.push_back(required(child(path, "imagePullPolicy")));
    else if (pull != "Always" && pull != "IfNotPresent" && pull != "Never")
        errs.push_back(notSupported(child(path, "imagePullPolicy"), pull,
                                    {"Always", "IfNotPresent", "Never"}));
    const std::string tmp(stringAt(c, "terminationMessagePolicy"));
    if (tmp.empty())
        errs.push_back(required(child(path, "terminationMessagePolicy")));
    else if (tmp != "File" && tmp != "FallbackToLogsOnError")
        errs.push_back(notSupported(child(path, "terminationMessagePolicy"), tmp,
                                    {"FallbackToLogsOnError", "File"}));
    validatePorts(memberAt(c, "ports"), child(path, "ports"), errs);
    validateEnv(memberAt(c, "env"), child(path, "env"), errs);
    validateResources(memberAt(c, "resources"), child(path, "resources"), errs);
    const json& mounts = memberAt(c, "volumeMounts");
    if (mounts.is_array()) {
        std::set<std::string> paths;
        for (size_t i = 0; i < mounts.size(); ++i) {
            const std::string mp = index(child(path, "volumeMounts"), i);
            const std::string vname(stringAt(mounts[i], "name"));
            if (vname.empty())
                errs.push_back(required(child(mp, "name")));
            else if (!volumes.count(vname))
                errs.push_back(notFound(child(mp, "name"), vname));
            const std::string mountPath(stringAt(mounts[i], "mountPath"));
            if (mountPath.empty())
                errs.push_back(required(child(mp, "mountPath")));
            else if (!paths.insert(mountPath).second)
                errs.push_back(invalid(child(mp, "mountPath"), mountPath, "must be unique"));
        }
    }
    const bool sidecar = init && stringAt(c, "restartPolicy") == "Always";
    if (init && !sidecar) {
        for (const char* p : {"livenessProbe", "readinessProbe", "startupProbe"})
            if (hasValue(c, p))
                errs.push_back(forbidden(child(path, p), "may not be set for init containers "
                                                         "without restartPolicy=Always"));
        return;
    }
    validateProbe(memberAt(c, "livenessProbe"), child(path, "livenessProbe"), true, errs);
    validateProbe(memberAt(c, "readinessProbe"), child(path, "readinessProbe"), false, errs);
    validateProbe(memberAt(c, "startupProbe"), child(path, "startupProbe"), true, errs);
    const json& lifecycle = memberAt(c, "lifecycle");
    for (const char* h : {"postStart", "preStop"})
        if (hasValue(lifecycle, h))
            validateHandler(memberAt(lifecycle, h), child(child(path, "lifecycle"), h), false,
                            errs);
}

std::set<std::string> validateVolumes(const json& volumes, const std::string& path, Errors& errs)
{
    std::set<std::string> names;
    if (!volumes.is_array())
        return names;
    static const char* const kSources[] = {
        "emptyDir",  "configMap",  "secret", "hostPath", "persistentVolumeClaim",
        "projected", "downwardAPI"};
    for (size_t i = 0; i < volumes.size(); ++i) {
        const json& v = volumes[i];
        const std::string vp = index(path, i);
        const std::string name(stringAt(v, "name"));
        if (name.empty())
            errs.push_back(required(child(vp, "name")));
        else if (const auto msgs = isDNS1123Label(name); !msgs.empty())
            addInvalid(errs, child(vp, "name"), name, msgs);
        else if (!names.insert(name).second)
            errs.push_back(duplicate(child(vp, "name"), name));
        int count = 0;
        for (const char* s : kSources) {
            if (!hasValue(v, s))
                continue;
            if (++count > 1)
                errs.push_back(forbidden(child(vp, s), "may not specify more than 1 volume type"));
        }
        if (count == 0)
            errs.push_back(required(vp, "must specify a volume type"));
        if (hasValue(v, "hostPath") && stringAtPath(v, "hostPath.path").empty())
            errs.push_back(required(child(child(vp, "hostPath"), "path")));
        if (hasValue(v, "persistentVolumeClaim") &&
            stringAtPath(v, "persistentVolumeClaim.claimName").empty())
            errs.push_back(required(child(child(vp, "persistentVolumeClaim"), "claimName")));
    }
    return names;
}

void validateTolerations(const json& list, const std::string& path, Errors& errs)
{
    if (!list.is_array())
        return;
    for (size_t i = 0; i < list.size(); ++i) {
        const json& t = list[i];
        const std::string tp = index(path, i);
        const std::string k(stringAt(t, "key"));
        if (!k.empty())
            addInvalid(errs, child(tp, "key"), k, isQualifiedName(k));
        const std::string op(stringAt(t, "operator"));
        const std::string value(stringAt(t, "value"));
        if (k.empty() && op != "Exists")
            errs.push_back(invalid(child(tp, "operator"), op,
                                   "operator must be Exists when `key` is empty, which means "
                                   "\"match all values and all keys\""));
        const std::string effect(stringAt(t, "effect"));
        if (hasValue(t, "tolerationSeconds") && effect != "NoExecute")
            errs.push_back(invalid(child(tp, "effect"), effect,
                                   "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        if (op.empty() || op == "Equal")
            addInvalid(errs, child(tp, "value"), value, isValidLabelValue(value));
        else if (op == "Exists") {
            if (!value.empty())
                errs.push_back(invalid(child(tp, "operator"), value,
                                       "value must be empty when `operator` is 'Exists'"));
        } else
            errs.push_back(notSupported(child(tp, "operator"), op, {"Equal", "Exists"}));
        if (!effect.empty() && effect != "NoSchedule" && effect != "PreferNoSchedule" &&
            effect != "NoExecute")
            errs.push_back(notSupported(child(tp, "effect"), effect,
                                        {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
    }
}

} // namespace

void validatePodSpec(const json& spec, const std::string& path, Errors& errs,
                     const std::set<std::string>& claimVolumes)
{
    std::set<std::string> volumes =
        validateVolumes(memberAt(spec, "volumes"), child(path, "volumes"), errs);
    volumes.insert(claimVolumes.begin(), claimVolumes.end());
    const json& containers = memberAt(spec, "containers");
    if (!containers.is_array() || containers.empty())
        errs.push_back(required(child(path, "containers")));
    std::set<std::string> names;
    for (const char* list : {"initContainers", "containers"}) {
        const json& cs = memberAt(spec, list);
        if (!cs.is_array())
            continue;
        const bool init = std::string(list) == "initContainers";
        for (size_t i = 0; i < cs.size(); ++i) {
            const std::string cp = index(child(path, list), i);
            validateContainer(cs[i], cp, init, volumes, errs);
            const std::string name(stringAt(cs[i], "name"));
            if (!name.empty() && !names.insert(name).second)
                errs.push_back(duplicate(child(cp, "name"), name));
        }
    }
    const std::string restart(stringAt(spec, "restartPolicy"));
    if (restart.empty())
        errs.push_back(required(child(path, "restartPolicy")));
    else if (restart != "Always" && restart != "OnFailure" && restart != "Never")
        errs.push_back(
            notSupported(child(path, "restartPolicy"), restart, {"Always", "OnFailure", "Never"}));
    const std::string dns(stringAt(spec, "dnsPolicy"));
    if (dns.empty())
        errs.push_back(required(child(path, "dnsPolicy")));
    else if (dns != "ClusterFirstWithHostNet" && dns != "ClusterFirst" && dns != "Default" &&
             dns != "None")
        errs.push_back(
            notSupported(child(path, "dnsPolicy"), dns,
                         {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
    validateLabels(memberAt(spec, "nodeSelector"), child(path, "nodeSelector"), errs);
    for (const char* f : {"serviceAccountName", "nodeName"}) {
        const std::string v(stringAt(spec, f));
        if (!v.empty())
            addInvalid(errs, child(path, f), v, isDNS1123Subdomain(v));
    }
    for (const char* f : {"hostname", "subdomain"}) {
        const std::string v(stringAt(spec, f));
        if (!v.empty())
            addInvalid(errs, child(path, f), v, isDNS1123Label(v));
    }
    const json& deadline = memberAt(spec, "activeDeadlineSeconds");
    if (deadline.is_number() && deadline.get<double>() < 1)
        errs.push_back(invalid(child(path, "activeDeadlineSeconds"), deadline,
                               "must be between 1 and 2147483647, inclusive"));
    nonNegative(spec, "terminationGracePeriodSeconds", path, errs);
    validateTolerations(memberAt(spec, "tolerations"), child(path, "tolerations"), errs);
    validateAffinity(memberAt(spec, "affinity"), child(path, "affinity"), errs);
    validateTopologySpread(memberAt(spec, "topologySpreadConstraints"),
                           child(path, "topologySpreadConstraints"), errs);
}

void validatePodTemplate(const json& tmpl, const std::string& path, Errors& errs,
                         const std::set<std::string>& claimVolumes)
{
    // Kubernetes reports template label errors on <path>.labels, without "metadata".
    const json& meta = memberAt(tmpl, "metadata");
    validateLabels(memberAt(meta, "labels"), child(path, "labels"), errs);
    validatePodSpec(memberAt(tmpl, "spec"), child(path, "spec"), errs, claimVolumes);
}

void validatePodUpdate(const json& obj, const json& old, Errors& errs)
{
    json now = memberAt(obj, "spec");
    const json& before = memberAt(old, "spec");
    if (!now.is_object() || !before.is_object())
        return;
    // Blank out what may change, then the rest must be identical.
    for (const char* list : {"containers", "initContainers"}) {
        if (!now.contains(list) || !before.contains(list) || !now[list].is_array() ||
            !before[list].is_array() || now[list].size() != before[list].size())
            continue;
        for (size_t i = 0; i < now[list].size(); ++i)
            if (now[list][i].is_object() && before[list][i].is_object())
                now[list][i]["image"] = model::memberAt(before[list][i], "image");
    }
    if (before.contains("activeDeadlineSeconds"))
        now["activeDeadlineSeconds"] = before["activeDeadlineSeconds"];
    else
        now.erase("activeDeadlineSeconds");
    if (before.contains("terminationGracePeriodSeconds") &&
        memberAt(before, "terminationGracePeriodSeconds").is_number() &&
        memberAt(before, "terminationGracePeriodSeconds").get<double>() < 0)
        now["terminationGracePeriodSeconds"] = before["terminationGracePeriodSeconds"];
    // Tolerations may only be added to.
    const json& oldTol = memberAt(before, "tolerations");
    const json& newTol = memberAt(now, "tolerations");
    bool superset = true;
    if (oldTol.is_array())
        for (const json& t : oldTol)
            superset = superset && newTol.is_array() &&
                       std::find(newTol.begin(), newTol.end(), t) != newTol.end();
    if (superset) {
        if (before.contains("tolerations"))
            now["tolerations"] = before["tolerations"];
        else
            now.erase("tolerations");
    }
    if (now != before)
        errs.push_back(forbidden(
            "spec", "pod updates may not change fields other than `spec.containers[*].image`,"
                    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    "`spec.tolerations` (only additions to existing tolerations),"
                    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
                    "previously negative)"));
}

} // namespace kubelab::model::valid
