// Validation of core/v1 kinds other than Pod: Service, Namespace, Node, ConfigMap, Secret.
// Messages follow pkg/apis/core/validation (1.30). ServiceAccount and Event need nothing
// beyond their metadata here.
#include <regex>
#include <set>

#include "engine/model/validation_util.h"

namespace kubelab::model::valid {

namespace {

// Dotted quad without leading zeros, as net.ParseIP accepts for IPv4.
bool isIPv4(const std::string& s)
{
    int parts = 0;
    size_t i = 0;
    while (i <= s.size()) {
        size_t j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9')
            ++j;
        const size_t len = j - i;
        if (len == 0 || len > 3 || (len > 1 && s[i] == '0') || std::stoi(s.substr(i, len)) > 255)
            return false;
        ++parts;
        if (j == s.size())
            break;
        if (s[j] != '.' || parts == 4)
            return false;
        i = j + 1;
    }
    return parts == 4;
}

void servicePorts(const json& spec, const std::string& type, Errors& errs)
{
    const json& ports = memberAt(spec, "ports");
    const bool headless = stringAt(spec, "clusterIP") == "None";
    if ((!ports.is_array() || ports.empty()) && !headless && type != "ExternalName")
        errs.push_back(required("spec.ports"));
    if (!ports.is_array())
        return;
    std::set<std::string> names;
    const bool requireName = ports.size() > 1;
    for (size_t i = 0; i < ports.size(); ++i) {
        const json& p = ports[i];
        const std::string pp = index("spec.ports", i);
        const std::string name(stringAt(p, "name"));
        if (requireName && name.empty())
            errs.push_back(required(child(pp, "name")));
        else if (!name.empty())
            addInvalid(errs, child(pp, "name"), name, isDNS1123Label(name));
        if (!name.empty() && !names.insert(name).second)
            errs.push_back(duplicate(child(pp, "name"), name));
        const json& port = memberAt(p, "port");
        addInvalid(errs, child(pp, "port"), port.is_null() ? json(0) : port,
                   isValidPortNum(port.is_number() ? port.get<long long>() : 0));
        const std::string proto(stringAt(p, "protocol"));
        if (proto.empty())
            errs.push_back(required(child(pp, "protocol")));
        else if (proto != "TCP" && proto != "UDP" && proto != "SCTP")
            errs.push_back(notSupported(child(pp, "protocol"), proto, {"SCTP", "TCP", "UDP"}));
        const json& target = memberAt(p, "targetPort");
        if (target.is_number_integer())
            addInvalid(errs, child(pp, "targetPort"), target,
                       isValidPortNum(target.get<long long>()));
        else if (target.is_string())
            addInvalid(errs, child(pp, "targetPort"), target,
                       isValidPortName(target.get<std::string>()));
        const json& nodePort = memberAt(p, "nodePort");
        const long long np = nodePort.is_number() ? nodePort.get<long long>() : 0;
        if (np != 0 && type == "ClusterIP")
            errs.push_back(
                forbidden(child(pp, "nodePort"), "may not be used when `type` is 'ClusterIP'"));
        else if (np != 0 && (np < 30000 || np > 32767))
            // The node port allocator's message, for the default --service-node-port-range.
            errs.push_back(invalid(child(pp, "nodePort"), nodePort,
                                   "provided port is not in the valid range. The range of "
                                   "valid ports is 30000-32767"));
    }
}

void service(const json& obj, const json* old, Errors& errs)
{
    const json& spec = memberAt(obj, "spec");
    const std::string type(stringAt(spec, "type"));
    if (type != "ClusterIP" && type != "NodePort" && type != "LoadBalancer" &&
        type != "ExternalName")
        errs.push_back(notSupported("spec.type", type,
                                    {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
    servicePorts(spec, type, errs);
    validateLabels(memberAt(spec, "selector"), "spec.selector", errs);
    const std::string affinity(stringAt(spec, "sessionAffinity"));
    if (affinity != "None" && affinity != "ClientIP")
        errs.push_back(notSupported("spec.sessionAffinity", affinity, {"ClientIP", "None"}));
    if (affinity == "ClientIP") {
        const json& t = memberAtPath(spec, "sessionAffinityConfig.clientIP.timeoutSeconds");
        if (t.is_number() && (t.get<long long>() <= 0 || t.get<long long>() > 86400))
            errs.push_back(invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t,
                                   "must be greater than 0 and less than 86400"));
    }
    const std::string clusterIP(stringAt(spec, "clusterIP"));
    if (type == "ExternalName") {
        if (!clusterIP.empty())
            errs.push_back(forbidden("spec.clusterIPs", "may not be set for ExternalName "
                                                        "services"));
        const std::string ext(stringAt(spec, "externalName"));
        if (ext.empty())
            errs.push_back(required("spec.externalName"));
        else
            addInvalid(errs, "spec.externalName", ext, isDNS1123Subdomain(ext));
    } else if (!clusterIP.empty() && clusterIP != "None" && !isIPv4(clusterIP)) {
        errs.push_back(invalid("spec.clusterIPs[0]", clusterIP,
                               "must be empty, 'None', or a valid IP address"));
    }
    const std::string etp(stringAt(spec, "externalTrafficPolicy"));
    if (!etp.empty()) {
        if (type != "NodePort" && type != "LoadBalancer")
            errs.push_back(invalid("spec.externalTrafficPolicy", etp,
                                   "may only be set when `type` is 'NodePort' or "
                                   "'LoadBalancer'"));
        else if (etp != "Cluster" && etp != "Local")
            errs.push_back(notSupported("spec.externalTrafficPolicy", etp, {"Cluster", "Local"}));
    }
    const std::string itp(stringAt(spec, "internalTrafficPolicy"));
    if (!itp.empty() && itp != "Cluster" && itp != "Local")
        errs.push_back(notSupported("spec.internalTrafficPolicy", itp, {"Cluster", "Local"}));
    if (old) {
        const std::string before(stringAtPath(*old, "spec.clusterIP"));
        if (!before.empty() && !clusterIP.empty() && before != clusterIP && type != "ExternalName")
            errs.push_back(
                invalid("spec.clusterIPs[0]", json::array({clusterIP}), "may not change once set"));
    }
}

void node(const json& obj, Errors& errs)
{
    const json& taints = memberAtPath(obj, "spec.taints");
    if (!taints.is_array())
        return;
    std::set<std::pair<std::string, std::string>> seen;
    for (size_t i = 0; i < taints.size(); ++i) {
        const std::string tp = index("spec.taints", i);
        const std::string k(stringAt(taints[i], "key"));
        if (k.empty())
            errs.push_back(required(child(tp, "key")));
        else
            addInvalid(errs, child(tp, "key"), k, isQualifiedName(k));
        addInvalid(errs, child(tp, "value"), std::string(stringAt(taints[i], "value")),
                   isValidLabelValue(std::string(stringAt(taints[i], "value"))));
        const std::string effect(stringAt(taints[i], "effect"));
        if (effect.empty())
            errs.push_back(required(child(tp, "effect")));
        else if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
            errs.push_back(notSupported(child(tp, "effect"), effect,
                                        {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
        if (!seen.insert({k, effect}).second)
            errs.push_back(duplicate(tp, taints[i]));
    }
}

void dataKeys(const json& map, const std::string& field, Errors& errs)
{
    if (!map.is_object())
        return;
    for (const auto& [k, v] : map.items())
        addInvalid(errs, key(field, k), k, isConfigMapKey(k));
}

// ConfigMap and Secret: data may not change once `immutable` was set.
void immutableData(const json& obj, const json* old, const std::vector<const char*>& fields,
                   Errors& errs)
{
    if (!old || memberAt(*old, "immutable") != true)
        return;
    if (memberAt(obj, "immutable") != true)
        errs.push_back(forbidden("immutable", "field is immutable when `immutable` is set"));
    for (const char* f : fields)
        if (memberAt(obj, f) != memberAt(*old, f))
            errs.push_back(forbidden(f, "field is immutable when `immutable` is set"));
}

// core.MaxSecretSize: the data of a ConfigMap or a Secret, all values together.
constexpr std::size_t kMaxDataBytes = 1024 * 1024;

// The bytes a base64 value holds (binaryData, Secret data); its length for anything else.
std::size_t decodedSize(const std::string& text)
{
    std::size_t padding = 0;
    for (auto it = text.rbegin(); it != text.rend() && *it == '=' && padding < 2; ++it)
        ++padding;
    return text.size() % 4 == 0 ? text.size() / 4 * 3 - padding : text.size();
}

std::size_t dataBytes(const json& map, bool base64)
{
    std::size_t total = 0;
    if (map.is_object())
        for (const auto& [k, v] : map.items())
            if (v.is_string())
                total += base64 ? decodedSize(v.get_ref<const std::string&>())
                                : v.get_ref<const std::string&>().size();
    return total;
}

FieldError tooLong(const std::string& path, std::size_t max)
{
    return {"FieldValueTooLong", path, json(), "must have at most " + std::to_string(max) + " bytes"};
}

void configMap(const json& obj, const json* old, Errors& errs)
{
    // The whole object is too big: Kubernetes names the empty path, printed "[]".
    if (dataBytes(memberAt(obj, "data"), false) + dataBytes(memberAt(obj, "binaryData"), true) >
        kMaxDataBytes)
        errs.push_back(tooLong("[]", kMaxDataBytes));
    dataKeys(memberAt(obj, "data"), "data", errs);
    dataKeys(memberAt(obj, "binaryData"), "binaryData", errs);
    const json& data = memberAt(obj, "data");
    const json& binary = memberAt(obj, "binaryData");
    if (data.is_object() && binary.is_object())
        for (const auto& [k, v] : binary.items())
            if (data.contains(k))
                errs.push_back(
                    invalid(key("binaryData", k), k, "duplicate of key present in data"));
    immutableData(obj, old, {"data", "binaryData"}, errs);
}

void secret(const json& obj, const json* old, Errors& errs)
{
    if (dataBytes(memberAt(obj, "data"), true) + dataBytes(memberAt(obj, "stringData"), false) >
        kMaxDataBytes)
        errs.push_back(tooLong("data", kMaxDataBytes));
    dataKeys(memberAt(obj, "data"), "data", errs);
    dataKeys(memberAt(obj, "stringData"), "stringData", errs);
    const std::string type(stringAt(obj, "type"));
    const json& data = memberAt(obj, "data");
    auto requireKey = [&](const char* k) {
        const bool inData = data.is_object() && data.contains(k);
        const json& sd = memberAt(obj, "stringData");
        if (!inData && !(sd.is_object() && sd.contains(k)))
            errs.push_back(required(key("data", k)));
    };
    if (type == "kubernetes.io/tls") {
        requireKey("tls.crt");
        requireKey("tls.key");
    } else if (type == "kubernetes.io/dockerconfigjson") {
        requireKey(".dockerconfigjson");
    } else if (type == "kubernetes.io/basic-auth" || type == "kubernetes.io/ssh-auth") {
        requireKey(type == "kubernetes.io/ssh-auth" ? "ssh-privatekey" : "username");
    }
    if (old && memberAt(*old, "type") != memberAt(obj, "type"))
        errs.push_back(invalid("type", type, "field is immutable"));
    immutableData(obj, old, {"data"}, errs);
}

} // namespace

void validateCoreKind(const std::string& kind, const json& obj, const json* old, Errors& errs)
{
    if (kind == "Service")
        service(obj, old, errs);
    else if (kind == "Node")
        node(obj, errs);
    else if (kind == "ConfigMap")
        configMap(obj, old, errs);
    else if (kind == "Secret")
        secret(obj, old, errs);
}

} // namespace kubelab::model::valid
