// `kubectl cluster-info`, following kubectl release 1.32 (staging/src/k8s.io/kubectl/pkg/
// cmd/clusterinfo): the control plane's address, then every Service labelled
// kubernetes.io/cluster-service=true in kube-system (kind's CoreDNS) with its API server
// proxy link. kubectl colours the names on a terminal; the console has no colours.
#include "engine/kubectl/commands.h"
#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

// The address kubectl's kubeconfig names: the API server's secure port (the `kubernetes`
// Service's targetPort) on the host, as kind writes it.
const char* const kServerUrl = "https://127.0.0.1:6443";

std::vector<FlagSpec> cmdClusterInfoFlags()
{
    return {};
}

namespace {

void printService(Context& ctx, const std::string& name, const std::string& link)
{
    ctx.out(name + " is running at " + link + "\n");
}

} // namespace

void cmdClusterInfo(Context& ctx, const ParsedArgs& args)
{
    if (!args.positional.empty() && args.positional[0] == "dump")
        throw clientError("`kubectl cluster-info dump` is not part of KubeLab's kubectl "
                          "subset: use `kubectl get` and `kubectl describe`");
    if (!args.positional.empty())
        throw clientError("unknown command " + quote(args.positional[0]) +
                          " for \"kubectl cluster-info\"");
    const std::string ns = ctx.nsExplicit ? ctx.ns : "kube-system";
    api::Request req = makeRequest("list", resolveKind("services"), ns);
    req.labelSelector = "kubernetes.io/cluster-service=true";
    api::Response r = ctx.call(req);
    if (!r.ok())
        throw CommandError(statusErrorText(r.body));
    printService(ctx, "Kubernetes control plane", kServerUrl);
    for (const Json& svc : at(r.body, "items")) {
        std::string link;
        const Json& ingress = at(svc, "status.loadBalancer.ingress");
        const Json& ports = at(svc, "spec.ports");
        if (ingress.is_array() && !ingress.empty()) {
            std::string ip = str(ingress[0], "ip");
            if (ip.empty())
                ip = str(ingress[0], "hostname");
            for (const Json& p : ports)
                link += "http://" + ip + ":" + std::to_string(num(p, "port", 0)) + " ";
        } else {
            std::string name = str(svc, "metadata.name");
            if (ports.is_array() && !ports.empty()) {
                // <scheme>:<service-name>:<service-port-name>, as utilnet.JoinSchemeNamePort
                const std::string portName = str(ports[0], "name");
                const bool https = portName == "https" || num(ports[0], "port", 0) == 443;
                if (https)
                    name = "https:" + name;
                if (!portName.empty())
                    name += ":" + portName;
                else if (https)
                    name += ":";
            }
            link = std::string(kServerUrl) + "/api/v1/namespaces/" +
                   str(svc, "metadata.namespace") + "/services/" + name + "/proxy";
        }
        const Json& labels = at(svc, "metadata.labels");
        std::string title = labels.is_object() ? labels.value("kubernetes.io/name", "") : "";
        if (title.empty())
            title = str(svc, "metadata.name");
        printService(ctx, title, link);
    }
    ctx.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info "
            "dump'.\n");
}

} // namespace kubelab::kubectl
