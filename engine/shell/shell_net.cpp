// The shell's network commands: `trace packet` (a connection walked through the nodes'
// nat tables, as one engine event).
#include "engine/shell/shell.h"

#include "engine/model/json_view.h"
#include "engine/net/packet_trace.h"

namespace kubelab::shell {

namespace {

constexpr const char* kTracePacketUsage =
    "error: usage: trace packet FROM TO[:PORT] [-n NAMESPACE] (FROM: [NS/]POD, NODE or outside; "
    "TO: pod/NAME, NS/POD, an IP, a DNS name or NODE; PORT 80 unless given)";

} // namespace

bool Shell::tracePacket(const std::vector<std::string>& args)
{
    std::vector<std::string> rest;
    std::string ns = "default";
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-n" || args[i] == "--namespace") && i + 1 < args.size())
            ns = args[++i];
        else if (args[i].rfind("--namespace=", 0) == 0)
            ns = args[i].substr(12);
        else if (!args[i].empty() && args[i][0] == '-')
            return fail("error: unknown option \"" + args[i] + "\" for trace packet\n" +
                        kTracePacketUsage);
        else
            rest.push_back(args[i]);
    }
    if (rest.size() != 2)
        return fail(kTracePacketUsage);
    std::string to = rest[1];
    int port = 80;
    const size_t colon = to.rfind(':');
    if (colon != std::string::npos) {
        const std::string p = to.substr(colon + 1);
        if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(p) < 1 || std::stoi(p) > 65535)
            return fail("error: trace packet: invalid port \"" + p + "\" in \"" + to +
                        "\" (a port is 1-65535)");
        port = std::stoi(p);
        to = to.substr(0, colon);
    }
    if (to.empty())
        return fail(kTracePacketUsage);
    std::string error;
    const auto trace = m_cluster.tracePacket(rest[0], to, port, ns, &error);
    if (!trace)
        return fail("error: trace packet: " + error);
    m_out << net::formatPacketTrace(*trace);
    return true;
}

} // namespace kubelab::shell

namespace kubelab::shell {

namespace {

using nlohmann::json;

std::string text(const json& o, const char* path)
{
    return model::textAtPath(o, path);
}

std::string statusMessage(const api::Response& r)
{
    return r.body.is_object() ? r.body.value("message", "") : std::string();
}

// kubectl's preference among a selector's pods (podutils.ByLogging, simplified): running
// and ready first, then running, then the rest; older first, then by name.
bool betterPod(const json& a, const json& b)
{
    auto rank = [](const json& p) {
        const bool running = text(p, "status.phase") == "Running";
        bool ready = false;
        if (p.contains("status") && p["status"].contains("conditions"))
            for (const auto& c : p["status"]["conditions"])
                ready = ready || (c.value("type", "") == "Ready" && c.value("status", "") == "True");
        return (running ? 2 : 0) + (ready ? 1 : 0);
    };
    if (rank(a) != rank(b))
        return rank(a) > rank(b);
    const std::string ca = text(a, "metadata.creationTimestamp"),
                      cb = text(b, "metadata.creationTimestamp");
    if (ca != cb)
        return ca < cb;
    return text(a, "metadata.name") < text(b, "metadata.name");
}

// "app=web,tier=front" from a matchLabels-style map.
std::string selectorText(const json& labels)
{
    std::string out;
    if (labels.is_object())
        for (const auto& [k, v] : labels.items())
            if (v.is_string())
                out += (out.empty() ? "" : ",") + k + "=" + v.get<std::string>();
    return out;
}

bool allDigits(const std::string& s)
{
    return !s.empty() && s.size() <= 5 && s.find_first_not_of("0123456789") == std::string::npos;
}

// A named container port of `pod`, or 0.
int containerPort(const json& pod, const std::string& name)
{
    if (pod.contains("spec") && pod["spec"].contains("containers"))
        for (const auto& c : pod["spec"]["containers"])
            if (c.contains("ports"))
                for (const auto& p : c["ports"])
                    if (p.value("name", "") == name)
                        return p.value("containerPort", 0);
    return 0;
}

// klog's header on an error line kubectl prints ("E1207 10:15:30.000000       1
// portforward.go:413] "), from virtual time ("2026-12-07T10:15:30Z").
std::string klogError(sim::Time now)
{
    const std::string ts = sim::formatTimestamp(now);
    if (ts.size() < 19)
        return "E ";
    return "E" + ts.substr(5, 2) + ts.substr(8, 2) + " " + ts.substr(11, 8) +
           ".000000       1 portforward.go:413] ";
}

} // namespace

bool Shell::portForward(const std::vector<std::string>& args)
{
    std::string ns = "default";
    std::vector<std::string> words;
    std::vector<std::string> addresses;
    bool stop = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "port-forward")
            continue;
        if ((a == "-n" || a == "--namespace") && i + 1 < args.size())
            ns = args[++i];
        else if (a.rfind("--namespace=", 0) == 0)
            ns = a.substr(12);
        else if (a == "--address" && i + 1 < args.size())
            addresses.push_back(args[++i]);
        else if (a.rfind("--address=", 0) == 0)
            addresses.push_back(a.substr(10));
        else if (a == "--pod-running-timeout" && i + 1 < args.size())
            ++i;
        else if (a.rfind("--pod-running-timeout=", 0) == 0)
            continue;
        else if (a == "--stop")
            stop = true;
        else if (!a.empty() && a[0] == '-')
            return fail("error: unknown flag: " + a + "\nSee 'kubectl port-forward --help' for usage.");
        else
            words.push_back(a);
    }
    if (stop) {
        // KubeLab's stand-in for Ctrl-C on a port-forward left running in the background.
        if (m_forwards.empty())
            return fail("error: no kubectl port-forward is running");
        if (words.empty()) {
            m_forwards.clear();
            return true;
        }
        for (const auto& w : words)
            if (!allDigits(w) || !m_forwards.erase(std::stoi(w)))
                return fail("error: no kubectl port-forward is listening on port " + w);
        return true;
    }
    if (words.size() < 2)
        return fail("error: TYPE/NAME and list of ports are required for port-forward\nSee "
                    "'kubectl port-forward -h' for help and examples");
    for (const auto& address : addresses)
        if (address != "localhost" && address != "127.0.0.1")
            return fail("error: only --address localhost is modelled: the forward listens on "
                        "the learner's workstation");

    // The object, then the pod it stands for (kubectl picks one, no kube-proxy involved).
    const std::string ref = words[0];
    const size_t slash = ref.find('/');
    std::string type = slash == std::string::npos ? "pod" : ref.substr(0, slash);
    const std::string name = slash == std::string::npos ? ref : ref.substr(slash + 1);
    std::string resource;
    if (type == "pod" || type == "pods" || type == "po")
        resource = "pods";
    else if (type == "svc" || type == "service" || type == "services")
        resource = "services";
    else if (type == "deploy" || type == "deployment" || type == "deployments")
        resource = "deployments";
    else if (type == "rs" || type == "replicaset" || type == "replicasets")
        resource = "replicasets";
    else if (type == "sts" || type == "statefulset" || type == "statefulsets")
        resource = "statefulsets";
    else
        return fail("error: the server doesn't have a resource type \"" + type + "\"");
    api::Request get;
    get.verb = "get";
    get.group = resource == "pods" || resource == "services" ? "" : "apps";
    get.resource = resource;
    get.ns = ns;
    get.name = name;
    const api::Response found = m_cluster.call(get);
    if (!found.ok())
        return fail("Error from server (" +
                    std::string(found.code == 404 ? "NotFound" : "InternalError") + "): " +
                    statusMessage(found));
    json pod;
    const json* service = resource == "services" ? &found.body : nullptr;
    if (resource == "pods") {
        pod = found.body;
    } else {
        const json& spec = found.body.value("spec", json::object());
        const std::string selector = selectorText(
            resource == "services" ? spec.value("selector", json::object())
                                   : spec.value("selector", json::object()).value("matchLabels", json::object()));
        if (selector.empty())
            return fail(resource == "services"
                            ? "error: cannot attach to *v1.Service: invalid service '" + name +
                                  "': Service is defined without a selector"
                            : "error: cannot attach to " + resource + " " + name +
                                  ": it has no selector");
        api::Request list;
        list.verb = "list";
        list.resource = "pods";
        list.ns = ns;
        list.labelSelector = selector;
        // kubectl waits --pod-running-timeout (1m) for a pod to appear.
        for (int attempt = 0; attempt < 2 && pod.is_null(); ++attempt) {
            if (attempt == 1)
                m_cluster.runUntil(m_cluster.sim().now() + sim::kMinute);
            const api::Response pods = m_cluster.call(list);
            if (pods.ok() && pods.body.contains("items"))
                for (const auto& p : pods.body["items"])
                    if (pod.is_null() || betterPod(p, pod))
                        pod = p;
        }
        if (pod.is_null())
            return fail("error: timed out waiting for the condition");
    }

    struct Spec
    {
        int local = 0, remote = 0;
        std::string remoteText;
    };
    std::vector<Spec> specs;
    for (size_t i = 1; i < words.size(); ++i) {
        const std::string& w = words[i];
        const size_t colon = w.find(':');
        const std::string localText = colon == std::string::npos ? w : w.substr(0, colon);
        const std::string remoteText = colon == std::string::npos ? w : w.substr(colon + 1);
        if (localText.empty())
            return fail("error: a random local port (\"" + w +
                        "\") is not modelled: give one, as in 8080:" + remoteText);
        if (!allDigits(localText) || std::stoi(localText) < 1 || std::stoi(localText) > 65535)
            return fail("error: Error parsing local port '" + localText +
                        "': strconv.ParseUint: parsing \"" + localText + "\": invalid syntax");
        Spec s;
        s.local = std::stoi(localText);
        s.remoteText = remoteText;
        if (service) {
            // translateServicePortToTargetPort: the Service port, to the pod's port.
            const json& ports = (*service)["spec"].value("ports", json::array());
            const json* match = nullptr;
            for (const auto& p : ports)
                if ((allDigits(remoteText) && p.value("port", 0) == std::stoi(remoteText)) ||
                    p.value("name", "") == remoteText)
                    match = &p;
            if (!match)
                return fail("error: Service " + name + " does not have a service port " +
                            remoteText);
            const json target = match->value("targetPort", json((*match).value("port", 0)));
            s.remote = target.is_number() ? target.get<int>()
                                          : containerPort(pod, target.get<std::string>());
            if (s.remote == 0)
                return fail("error: Pod '" + text(pod, "metadata.name") +
                            "' does not have a named port '" + target.get<std::string>() + "'");
        } else if (allDigits(remoteText)) {
            s.remote = std::stoi(remoteText);
        } else {
            s.remote = containerPort(pod, remoteText);
            if (s.remote == 0)
                return fail("error: Pod '" + text(pod, "metadata.name") +
                            "' does not have a named port '" + remoteText + "'");
        }
        if (s.remote < 1 || s.remote > 65535)
            return fail("error: Error parsing remote port '" + remoteText + "'");
        specs.push_back(s);
    }
    const std::string phase = text(pod, "status.phase");
    if (phase != "Running")
        return fail("error: unable to forward port because pod is not running. Current status=" +
                    phase);
    std::string busy;
    for (const auto& s : specs)
        if (m_forwards.count(s.local))
            busy += (busy.empty() ? "" : " ") + std::string("{") + std::to_string(s.local) + " " +
                    std::to_string(s.remote) + "}";
    if (!busy.empty()) {
        const std::string port = busy.substr(1, busy.find(' ') - 1);
        m_out << "Unable to listen on port " << port
              << ": Listeners failed to create with the following errors: [unable to create "
                 "listener: Error listen tcp4 127.0.0.1:"
              << port << ": bind: address already in use unable to create listener: Error listen "
                 "tcp6 [::1]:" << port << ": bind: address already in use]\n";
        return fail("error: unable to listen on any of the requested ports: [" + busy + "]");
    }
    for (const auto& s : specs) {
        m_forwards[s.local] = {text(pod, "metadata.namespace"), text(pod, "metadata.name"), s.remote};
        m_out << "Forwarding from 127.0.0.1:" << s.local << " -> " << s.remote << "\n"
              << "Forwarding from [::1]:" << s.local << " -> " << s.remote << "\n";
    }
    return true;
}

bool Shell::workstationHttp(const std::string& tool, const std::vector<std::string>& args)
{
    std::string url;
    bool toStdout = tool == "curl";
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (tool == "wget" && (a == "-qO-" || a == "-O-" || a == "-qO" || a == "-O")) {
            if ((a == "-qO" || a == "-O") && (i + 1 >= args.size() || args[++i] != "-"))
                return fail("wget: the workstation's wget writes to standard output only: use "
                            "wget -qO- URL");
            toStdout = true;
        } else if (a == "-q" && tool == "wget") {
            continue;
        } else if (tool == "curl" && (a == "-s" || a == "-sS" || a == "-S" || a == "--silent")) {
            continue;
        } else if (!a.empty() && a[0] == '-') {
            return fail(tool + ": option " + a + " is not modelled (" +
                        (tool == "curl" ? "curl [-s] URL" : "wget -qO- URL") + ")");
        } else if (url.empty()) {
            url = a;
        } else {
            return fail(tool + ": one URL at a time");
        }
    }
    if (url.empty())
        return fail(tool == "curl" ? "curl: try 'curl --help' or 'curl --manual' for more information"
                                   : "wget: missing URL\nUsage: wget -qO- URL");
    if (!toStdout)
        return fail("wget: the workstation's wget writes to standard output only: use wget -qO- URL");
    std::string rest = url;
    if (const size_t sep = rest.find("://"); sep != std::string::npos) {
        if (rest.substr(0, sep) != "http")
            return fail(tool + ": only http:// is modelled at the workstation (got " + url + ")");
        rest = rest.substr(sep + 3);
    }
    std::string path = "/";
    if (const size_t slash = rest.find('/'); slash != std::string::npos) {
        path = rest.substr(slash);
        rest = rest.substr(0, slash);
    }
    std::string host = rest;
    int port = 80;
    if (const size_t colon = rest.rfind(':'); colon != std::string::npos && rest.back() != ']') {
        host = rest.substr(0, colon);
        const std::string p = rest.substr(colon + 1);
        if (!allDigits(p) || std::stoi(p) > 65535)
            return fail(tool == "curl" ? "curl: (3) URL rejected: Port number was not a decimal "
                                         "number between 0 and 65535"
                                       : "wget: bad port spec '" + p + "'");
        port = std::stoi(p);
    }
    if (host != "localhost" && host != "127.0.0.1" && host != "[::1]")
        return fail(tool + ": the workstation reaches the cluster only through localhost and a "
                           "kubectl port-forward (inside the cluster: kubectl exec POD -- " +
                    tool + " " + url + "; the path a packet takes: trace packet)");
    const std::string shown = host == "[::1]" ? "::1" : host == "localhost" ? "127.0.0.1" : host;
    auto forward = m_forwards.find(port);
    if (forward == m_forwards.end())
        return fail(tool == "curl" ? "curl: (7) Failed to connect to " + host + " port " +
                                         std::to_string(port) +
                                         " after 0 ms: Could not connect to server"
                                   : "wget: can't connect to remote host (" + shown +
                                         "): Connection refused");
    const Forward f = forward->second;
    m_out << "Handling connection for " << port << "\n";
    // kubectl opens a stream through the API server's pods/portforward to the kubelet.
    api::Request req;
    req.verb = "create";
    req.resource = "pods";
    req.subresource = "portforward";
    req.ns = f.ns;
    req.name = f.pod;
    req.body = {{"port", f.remote}, {"path", path}};
    const api::Response r = m_cluster.call(req);
    const std::string lead = klogError(m_cluster.sim().now()) + "an error occurred forwarding " +
                             std::to_string(port) + " -> " + std::to_string(f.remote) + ": ";
    const std::string empty = tool == "curl" ? "curl: (52) Empty reply from server"
                                             : "wget: error getting response: Connection reset by peer";
    if (!r.ok()) {
        // The pod is gone: kubectl reports it and exits, closing the forward.
        m_forwards.erase(port);
        m_err << lead << "error forwarding port " << f.remote << " to pod " << f.pod << ": "
              << statusMessage(r) << "\nerror: lost connection to pod\n";
        return fail(empty);
    }
    if (!r.body.value("connected", false)) {
        m_err << lead << r.body.value("error", "") << "\n";
        return fail(empty);
    }
    const int status = r.body.value("status", 200);
    const std::string body = r.body.value("body", "");
    if (tool == "wget" && status >= 400)
        return fail("wget: server returned error: HTTP/1.1 " + std::to_string(status) +
                    (status == 404 ? " Not Found" : ""));
    m_out << body;
    return true;
}

} // namespace kubelab::shell
