// `kubectl create -f` and the imperative generators (create deployment / namespace /
// configmap / secret generic / service), following kubectl release 1.32 (pkg/cmd/create).
#include "engine/kubectl/create_cmd.h"

#include <algorithm>
#include <map>

#include "engine/kubectl/commands.h"
#include "engine/kubectl/generators.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/table_printer.h"
#include "engine/kubectl/targets.h"
#include "engine/model/validation_util.h"

namespace kubelab::kubectl {

namespace {

std::string base64(const std::string& in)
{
    static const char* const table =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v =
            (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += table[v >> 18 & 63];
        out += table[v >> 12 & 63];
        out += table[v >> 6 & 63];
        out += table[v & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16;
        out += table[v >> 18 & 63];
        out += table[v >> 12 & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += table[v >> 18 & 63];
        out += table[v >> 12 & 63];
        out += table[v >> 6 & 63];
        out += '=';
    }
    return out;
}

std::string dryRunMode(const ParsedArgs& args)
{
    const std::string v = args.get("dry-run");
    if (v == "none" || v == "client" || v == "server")
        return v;
    if (v == "unchanged")
        throw clientError("--dry-run flag without a value was specified. A value must be set: "
                          "\"none\", \"server\", or \"client\".");
    throw clientError("Invalid dry-run value (" + v +
                      "). Must be \"none\", \"server\", or \"client\".");
}

std::string exactlyOneName(const ParsedArgs& args, const std::string& command, size_t skip)
{
    // As NameFromCommandArgs: what follows "--" is not a name.
    const size_t before =
        args.argsLenAtDash >= 0 ? size_t(args.argsLenAtDash) : args.positional.size();
    const size_t got = before > skip ? before - skip : 0;
    if (got != 1)
        throw CommandError("error: exactly one NAME is required, got " + std::to_string(got) +
                           "\nSee 'kubectl " + command + " -h' for help and examples");
    return args.positional[skip];
}

// Splits "k=v" for --from-literal, kubectl's message when there is no '='.
std::pair<std::string, std::string> literal(const std::string& source)
{
    auto eq = source.find('=');
    if (eq == std::string::npos || eq == 0)
        throw clientError("invalid literal source " + source + ", expected key=value");
    return {source.substr(0, eq), source.substr(eq + 1)};
}

// Collects --from-literal and --from-file entries into key -> content.
std::map<std::string, std::string> collectData(Context& ctx, const ParsedArgs& args)
{
    std::map<std::string, std::string> data;
    for (const std::string& l : args.all("from-literal")) {
        auto [k, v] = literal(l);
        if (data.count(k))
            throw clientError("cannot add key " + k + ", another key by that name already exists");
        data[k] = v;
    }
    for (const std::string& f : args.all("from-file")) {
        std::string key, path = f;
        if (auto eq = f.find('='); eq != std::string::npos) {
            key = f.substr(0, eq);
            path = f.substr(eq + 1);
        } else {
            key = split(path, '/').back();
        }
        auto content = ctx.env.readFile ? ctx.env.readFile(path) : std::nullopt;
        if (!content)
            throw clientError("error reading " + path + ": no such file or directory");
        data[key] = *content;
    }
    return data;
}

// `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`, as
// pkg/cmd/create/create_service.go (1.32): Validate, then createService's object (label
// and selector app=NAME, one TCP port per --tcp named "port-targetPort").
void createService(Context& ctx, const ParsedArgs& args)
{
    static const std::map<std::string, std::string> kTypes = {{"clusterip", "ClusterIP"},
                                                              {"nodeport", "NodePort"},
                                                              {"loadbalancer", "LoadBalancer"},
                                                              {"externalname", "ExternalName"}};
    if (args.positional.size() < 2)
        throw CommandError("error: Required resource not specified.\nUse \"kubectl explain "
                           "<resource>\" for a detailed description of that resource (e.g. "
                           "kubectl explain pods).\nSee 'kubectl create service -h' for help and "
                           "examples");
    const auto type = kTypes.find(args.positional[1]);
    if (type == kTypes.end())
        throw CommandError("error: unknown command " + quote(args.positional[1]) +
                           " for \"kubectl create service\"");
    const std::string name = exactlyOneName(args, "create service " + type->first, 2);
    const std::string clusterIp = args.get("clusterip");
    const std::vector<std::string> tcp = args.all("tcp");
    const std::string externalName = args.get("external-name");
    // Flags another subcommand has: cobra refuses them ("unknown flag").
    for (const auto& [flag, owner] : std::map<std::string, std::string>{
             {"clusterip", "ClusterIP"}, {"node-port", "NodePort"}, {"external-name", "ExternalName"}})
        if (args.has(flag) && type->second != owner)
            throw CommandError("Error: unknown flag: --" + flag + "\nSee 'kubectl create service " +
                               type->first + " --help' for usage.");
    if (type->second == "ExternalName" && !args.has("external-name"))
        throw clientError("required flag(s) \"external-name\" not set");
    // Validate.
    if (clusterIp == "None" && type->second != "ClusterIP")
        throw clientError("ClusterIP=None can only be used with ClusterIP service type");
    if (clusterIp != "None" && tcp.empty() && type->second != "ExternalName")
        throw clientError("at least one tcp port specifier must be provided");
    if (type->second == "ExternalName" && !model::valid::isDNS1123Subdomain(externalName).empty())
        throw clientError("invalid service external name " + externalName);
    // createService.
    Json ports = Json::array();
    for (const std::string& spec : tcp) {
        const std::vector<std::string> parts = split(spec, ':');
        const std::string& portText = parts[0];
        const bool digits = !portText.empty() &&
                            portText.find_first_not_of("0123456789") == std::string::npos;
        // utilsnet.ParsePort: strconv.ParseUint(s, 10, 16), zero allowed.
        if (!digits)
            throw clientError("strconv.ParseUint: parsing " + quote(portText) +
                              ": invalid syntax");
        if (portText.size() > 5 || std::stol(portText) > 65535)
            throw clientError("strconv.ParseUint: parsing " + quote(portText) +
                              ": value out of range");
        const int port = std::stoi(portText);
        Json targetPort = port;
        if (parts.size() > 1) {
            const std::string& t = parts[1];
            const bool number =
                !t.empty() && t.find_first_not_of("-0123456789") == std::string::npos &&
                t.find('-', 1) == std::string::npos && t != "-";
            // A number must be a valid port; anything else a valid port name (the
            // errors joined with "," as parsePorts joins them).
            std::vector<std::string> errs;
            if (number) {
                const long long n = t.size() > 10 ? 0 : std::stoll(t);
                errs = model::valid::isValidPortNum(n);
                targetPort = n;
            } else {
                errs = model::valid::isValidPortName(t);
                targetPort = t;
            }
            if (!errs.empty()) {
                std::string joined;
                for (const std::string& e : errs)
                    joined += (joined.empty() ? "" : ",") + e;
                throw clientError(joined);
            }
        }
        std::string portName = spec;
        std::replace(portName.begin(), portName.end(), ':', '-');
        Json p = {{"name", portName},
                  {"port", port},
                  {"protocol", "TCP"},
                  {"targetPort", targetPort}};
        if (args.integer("node-port") != 0)
            p["nodePort"] = args.integer("node-port");
        ports.push_back(p);
    }
    Json svc = {{"apiVersion", "v1"},
                {"kind", "Service"},
                {"metadata",
                 {{"creationTimestamp", nullptr}, {"labels", {{"app", name}}}, {"name", name}}},
                {"spec", {{"selector", {{"app", name}}}, {"type", type->second}}},
                {"status", {{"loadBalancer", Json::object()}}}};
    if (!ports.empty())
        svc["spec"]["ports"] = ports;
    if (!externalName.empty())
        svc["spec"]["externalName"] = externalName;
    if (!clusterIp.empty())
        svc["spec"]["clusterIP"] = clusterIp;
    createObject(ctx, args, svc, "", "failed to create " + type->second + " service");
}

} // namespace

std::vector<FlagSpec> cmdCreateFlags()
{
    return {
        {"filename", 'f', FlagType::StringSlice, ""},
        {"output", 'o', FlagType::String, ""},
        {"dry-run", 0, FlagType::String, "none", "unchanged"},
        {"save-config", 0, FlagType::Bool, "false"},
        {"validate", 0, FlagType::String, "strict", "strict"},
        {"field-manager", 0, FlagType::String, "kubectl-create"},
        {"image", 0, FlagType::StringSlice, ""},
        {"replicas", 'r', FlagType::Int, "1"},
        {"port", 0, FlagType::Int, "-1"},
        {"from-literal", 0, FlagType::StringArray, ""},
        {"from-file", 0, FlagType::StringSlice, ""},
        {"type", 0, FlagType::String, ""},
        // create service
        {"tcp", 0, FlagType::StringSlice, ""},
        {"clusterip", 0, FlagType::String, ""},
        {"node-port", 0, FlagType::Int, "0"},
        {"external-name", 0, FlagType::String, ""},
    };
}

void createObject(Context& ctx, const ParsedArgs& args, Json object, const std::string& source,
                  const std::string& failurePrefix)
{
    const std::string dryRun = dryRunMode(args);
    const std::string format = args.get("output");
    if (std::string e = checkOutputFormat(format, {"yaml", "json", "name"}); !e.empty())
        throw clientError(e);
    const std::string apiVersion = str(object, "apiVersion");
    const model::KindInfo* kind = model::kindByApiVersionKind(apiVersion, str(object, "kind"));
    if (!kind)
        throw clientError("no matches for kind " + quote(str(object, "kind")) + " in version " +
                          quote(apiVersion));
    std::string ns = str(object, "metadata.namespace");
    if (kind->namespaced && ns.empty())
        ns = ctx.ns;
    Json result = object;
    if (dryRun != "client") {
        api::Request req = makeRequest("create", *kind, ns);
        req.body = object;
        if (kind->namespaced)
            req.body["metadata"]["namespace"] = ns;
        req.body["metadata"].erase("creationTimestamp");
        req.body.erase("status");
        req.dryRun = dryRun == "server";
        req.fieldManager = args.get("field-manager");
        api::Response r = ctx.call(req);
        if (!r.ok()) {
            ctx.fail(failurePrefix.empty()
                         ? statusErrorText(r.body, "creating", source)
                         : "error: " + failurePrefix + ": " +
                               std::string(model::stringAt(r.body, "message")));
            return;
        }
        result = withTypeMeta(r.body, *kind);
    }
    if (format.empty()) {
        std::string suffix = dryRun == "client"   ? " (dry run)"
                             : dryRun == "server" ? " (server dry run)"
                                                  : "";
        ctx.out(resourceName(*kind, str(object, "metadata.name")) + " created" + suffix + "\n");
        return;
    }
    std::string out, error;
    if (!printObjects(format, {result}, false, &out, &error))
        throw clientError(error);
    ctx.out(out);
}

void cmdCreate(Context& ctx, const ParsedArgs& args)
{
    const std::vector<std::string> files = args.all("filename");
    if (args.positional.empty()) {
        if (files.empty())
            throw CommandError("error: must specify one of -f and -k");
        for (Manifest& m : readManifests(ctx, files)) {
            if (args.boolean("save-config"))
                m.object["metadata"]["annotations"]["kubectl.kubernetes.io/"
                                                    "last-applied-configuration"] =
                    m.object.dump() + "\n";
            createObject(ctx, args, m.object, m.source);
        }
        return;
    }
    const std::string sub = args.positional[0];
    if (sub == "deployment" || sub == "deploy") {
        // `kubectl create deployment NAME --image=I -- COMMAND [ARG...]`: the container's
        // command (not its args, as `kubectl run` takes them).
        const std::string name = exactlyOneName(args, "create deployment", 1);
        if (args.all("image").empty())
            throw clientError("required flag(s) \"image\" not set");
        const std::vector<std::string> command(
            args.positional.begin() + std::min<std::ptrdiff_t>(2, args.positional.size()),
            args.positional.end());
        if (args.all("image").size() > 1 && !command.empty())
            throw clientError("cannot specify multiple --image options and command");
        createObject(ctx, args,
                     makeDeployment(name, args.all("image"), args.integer("replicas"),
                                    args.integer("port"), command),
                     "");
    } else if (sub == "namespace" || sub == "ns") {
        createObject(ctx, args, makeNamespace(exactlyOneName(args, "create namespace", 1)), "");
    } else if (sub == "configmap" || sub == "cm") {
        const std::string name = exactlyOneName(args, "create configmap", 1);
        Json cm = {{"apiVersion", "v1"},
                   {"kind", "ConfigMap"},
                   {"metadata", {{"creationTimestamp", nullptr}, {"name", name}}}};
        for (const auto& [k, v] : collectData(ctx, args))
            cm["data"][k] = v;
        createObject(ctx, args, cm, "");
    } else if (sub == "secret") {
        if (args.positional.size() < 2 || args.positional[1] != "generic")
            throw clientError("only `kubectl create secret generic` is available in KubeLab");
        const std::string name = exactlyOneName(args, "create secret generic", 2);
        Json s = {{"apiVersion", "v1"},
                  {"kind", "Secret"},
                  {"metadata", {{"creationTimestamp", nullptr}, {"name", name}}}};
        for (const auto& [k, v] : collectData(ctx, args))
            s["data"][k] = base64(v);
        if (!args.get("type").empty())
            s["type"] = args.get("type");
        createObject(ctx, args, s, "");
    } else if (sub == "service" || sub == "svc") {
        createService(ctx, args);
    } else {
        throw CommandError("error: unknown command " + quote(sub) + " for \"kubectl create\"");
    }
}

} // namespace kubelab::kubectl
