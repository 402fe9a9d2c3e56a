#include "engine/kubectl/describe/network_describers.h"

#include "engine/printers/object_util.h"

namespace kubelab::kubectl {

using printers::at;
using printers::str;
using Json = nlohmann::json;

void describeEndpointSlice(PrefixWriter& w, const Json& slice)
{
    w.write(0, "Name:\t" + str(slice, "metadata.name") + "\n");
    w.write(0, "Namespace:\t" + str(slice, "metadata.namespace") + "\n");
    w.labels("Labels", at(slice, "metadata.labels"));
    w.annotations("Annotations", at(slice, "metadata.annotations"));
    w.write(0, "AddressType:\t" + str(slice, "addressType") + "\n");
    const Json& ports = at(slice, "ports");
    if (!ports.is_array() || ports.empty()) {
        w.write(0, "Ports: <unset>\n");
    } else {
        w.write(0, "Ports:\n");
        w.write(1, "Name\tPort\tProtocol\n");
        w.write(1, "----\t----\t--------\n");
        for (const Json& p : ports) {
            const std::string name = str(p, "name").empty() ? "<unset>" : str(p, "name");
            const std::string port =
                at(p, "port").is_number() ? std::to_string(p["port"].get<long long>()) : "<unset>";
            w.write(1, name + "\t" + port + "\t" + str(p, "protocol") + "\n");
        }
    }
    const Json& endpoints = at(slice, "endpoints");
    if (!endpoints.is_array() || endpoints.empty()) {
        w.write(0, "Endpoints: <none>\n");
        return;
    }
    w.write(0, "Endpoints:\n");
    auto orUnset = [](const Json& e, const char* field) {
        const Json& v = at(e, field);
        return v.is_string() ? v.get<std::string>() : std::string("<unset>");
    };
    for (const Json& e : endpoints) {
        std::vector<std::string> addresses;
        for (const Json& a : at(e, "addresses").is_array() ? e["addresses"] : Json::array())
            addresses.push_back(a.is_string() ? a.get<std::string>() : a.dump());
        w.write(1,
                "- Addresses:\t" +
                    (addresses.empty() ? std::string("<none>") : printers::join(addresses, ", ")) +
                    "\n");
        w.write(2, "Conditions:\n");
        const Json& ready = at(e, "conditions.ready");
        w.write(3, std::string("Ready:\t") +
                       (ready.is_boolean() ? (ready.get<bool>() ? "true" : "false") : "<unset>") +
                       "\n");
        w.write(2, "Hostname:\t" + orUnset(e, "hostname") + "\n");
        if (at(e, "targetRef").is_object())
            w.write(2, "TargetRef:\t" + str(e, "targetRef.kind") + "/" + str(e, "targetRef.name") +
                           "\n");
        w.write(2, "NodeName:\t" + orUnset(e, "nodeName") + "\n");
        w.write(2, "Zone:\t" + orUnset(e, "zone") + "\n");
    }
}

} // namespace kubelab::kubectl
