// `kubectl expose`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/cmd/
// expose): builds a Service for a Deployment, ReplicaSet, ReplicationController, Pod or
// Service, its selector and ports read from the object, and creates it. The API server
// allocates the ClusterIP (and NodePort). Words: `service/web exposed`.
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

std::vector<FlagSpec> cmdExposeFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"port", 0, FlagType::String, ""},
        {"target-port", 0, FlagType::String, ""},
        {"protocol", 0, FlagType::String, ""},
        {"type", 0, FlagType::String, ""},
        {"name", 0, FlagType::String, ""},
        {"selector", 0, FlagType::String, ""},
        {"labels", 'l', FlagType::String, ""},
        {"external-ip", 0, FlagType::String, ""},
        {"cluster-ip", 0, FlagType::String, ""},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
    };
}

namespace {

// The selector kubectl's MapBasedSelectorForObject reads from each exposable kind.
Json selectorOf(const model::KindInfo& kind, const Json& object)
{
    const std::string gr = kind.groupResource();
    if (gr == "pods")
        return at(object, "metadata.labels");
    if (gr == "services" || gr == "replicationcontrollers")
        return at(object, "spec.selector");
    if (gr == "deployments.apps" || gr == "replicasets.apps") {
        if (!at(object, "spec.selector.matchExpressions").is_null())
            throw clientError("couldn't convert expressions - \"" +
                              at(object, "spec.selector.matchExpressions").dump() +
                              "\" to map-based selector format");
        return at(object, "spec.selector.matchLabels");
    }
    throw clientError("cannot expose a " + kind.groupKind());
}

// The container ports the object's pods declare (PortsForObject), in order.
std::vector<Json> portsOf(const model::KindInfo& kind, const Json& object)
{
    const std::string gr = kind.groupResource();
    std::vector<Json> out;
    if (gr == "services") {
        for (const Json& p : at(object, "spec.ports"))
            out.push_back({{"port", p.value("port", 0)}, {"protocol", p.value("protocol", "")}});
        return out;
    }
    const Json& containers =
        at(object, gr == "pods" ? "spec.containers" : "spec.template.spec.containers");
    for (const Json& c : containers)
        for (const Json& p : c.value("ports", Json::array()))
            out.push_back(
                {{"port", p.value("containerPort", 0)}, {"protocol", p.value("protocol", "TCP")}});
    return out;
}

Json selectorFromFlag(const std::string& text)
{
    Json out = Json::object();
    for (const std::string& item : split(text, ',')) {
        const size_t eq = item.find('=');
        if (eq == std::string::npos)
            throw clientError("invalid selector: " + text);
        out[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return out;
}

} // namespace

void cmdExpose(Context& ctx, const ParsedArgs& args)
{
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const std::string dryRun = args.get("dry-run");
    const std::string type = args.get("type");
    if (!type.empty() && type != "ClusterIP" && type != "NodePort" && type != "LoadBalancer" &&
        type != "ExternalName")
        throw clientError("invalid service type: " + type);
    if (args.positional.empty() && args.all("filename").empty())
        throw clientError("You must provide one or more resources by argument or filename.\n"
                          "Example resource specifications include:\n"
                          "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                          "   '<resource> <name>'\n   '<resource>'");
    std::vector<Target> targets = collectTargets(ctx, args, args.positional, false);
    for (const Target& t : targets) {
        const std::string ns = targetNamespace(ctx, t);
        api::Response cur = ctx.call(makeRequest("get", *t.kind, ns, t.name));
        if (!cur.ok()) {
            ctx.fail(statusErrorText(cur.body));
            continue;
        }
        const Json& object = cur.body;
        Json selector = args.get("selector").empty() ? selectorOf(*t.kind, object)
                                                     : selectorFromFlag(args.get("selector"));
        if (!selector.is_object() || selector.empty())
            throw clientError("couldn't retrieve selectors via --selector flag or introspection");
        std::vector<Json> ports;
        if (!args.get("port").empty()) {
            const std::string portText = args.get("port");
            if (portText.find_first_not_of("0123456789") != std::string::npos)
                throw clientError("invalid argument \"" + portText +
                                  "\" for \"--port\" flag: " + "strconv.ParseInt: parsing " +
                                  quote(portText) + ": invalid syntax");
            ports.push_back({{"port", std::stoi(portText)}, {"protocol", ""}});
        } else {
            ports = portsOf(*t.kind, object);
            if (ports.empty())
                throw clientError("couldn't find port via --port flag or introspection");
        }
        Json specPorts = Json::array();
        for (size_t i = 0; i < ports.size(); ++i) {
            Json p = {{"port", ports[i]["port"]}};
            if (ports.size() > 1)
                p["name"] = "port-" + std::to_string(i + 1);
            std::string protocol = args.get("protocol");
            if (protocol.empty())
                protocol = ports[i].value("protocol", "");
            p["protocol"] = protocol.empty() ? "TCP" : protocol;
            const std::string target = args.get("target-port");
            if (target.empty())
                p["targetPort"] = ports[i]["port"];
            else if (target.find_first_not_of("0123456789") == std::string::npos)
                p["targetPort"] = std::stoi(target);
            else
                p["targetPort"] = target;
            specPorts.push_back(p);
        }
        const std::string name = args.get("name").empty() ? t.name : args.get("name");
        Json labels = args.get("labels").empty() ? at(object, "metadata.labels")
                                                 : selectorFromFlag(args.get("labels"));
        Json svc = {{"apiVersion", "v1"},
                    {"kind", "Service"},
                    {"metadata", {{"name", name}, {"namespace", ns}}},
                    {"spec", {{"ports", specPorts}, {"selector", selector}}}};
        if (labels.is_object() && !labels.empty())
            svc["metadata"]["labels"] = labels;
        if (!type.empty())
            svc["spec"]["type"] = type;
        if (!args.get("cluster-ip").empty())
            svc["spec"]["clusterIP"] = args.get("cluster-ip");
        if (!args.get("external-ip").empty())
            svc["spec"]["externalIPs"] = Json::array({args.get("external-ip")});
        Json result = svc;
        if (dryRun != "client") {
            api::Request req = makeRequest("create", resolveKind("services"), ns);
            req.body = svc;
            req.dryRun = dryRun == "server";
            api::Response r = ctx.call(req);
            if (!r.ok()) {
                ctx.fail(statusErrorText(r.body));
                continue;
            }
            result = r.body;
        }
        if (!format.empty() && format != "name") {
            std::string out, error;
            if (!printObjects(format, {result}, false, &out, &error))
                throw clientError(error);
            ctx.out(out);
        } else {
            ctx.out("service/" + name +
                    (format == "name" ? "" : " exposed" + dryRunSuffix(dryRun)) + "\n");
        }
    }
}

} // namespace kubelab::kubectl
