// The container shell's network programs: nslookup (busybox 1.28's format, busybox 1.29's
// and later, or bind's in dnsutils images), busybox's wget and curl. Names are resolved
// through the pod's /etc/resolv.conf with net::resolve; connections go through the pod
// network (net::connect: the node's nat table) to a pod whose image answers (serverReply).
#include <algorithm>

#include "engine/model/json_view.h"
#include "engine/node/image_catalog.h"
#include "engine/node/sh_runner.h"

namespace kubelab::node::sh {

using nlohmann::json;

namespace {

std::string baseName(const std::string& p)
{
    const auto slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

// What an image ships of the network tools, by its repository and tag.
struct Tools
{
    bool busybox = false;    // busybox's nslookup and wget
    bool oldNslookup = false; // busybox 1.28 or older: the libc resolver's nslookup
    bool bind = false;       // bind's nslookup and dig (dnsutils images)
    bool curl = false;
};

Tools toolsOf(const std::string& image, Userland userland)
{
    Tools t;
    const ImageRef ref = ImageCatalog::normalize(image);
    const std::string& repo = ref.repository;
    auto has = [&](const char* s) { return repo.find(s) != std::string::npos; };
    t.bind = has("dnsutils") || has("dnstools") || has("netshoot");
    t.curl = has("curlimages/curl") || has("radial/busyboxplus") || has("netshoot") ||
             (isNginx(repo) && userland == Userland::Gnu);
    t.busybox = userland == Userland::Busybox || has("curlimages/curl") ||
                has("radial/busyboxplus");
    if (t.busybox && repo.size() >= 8 && repo.compare(repo.size() - 8, 8, "/busybox") == 0) {
        // busybox's own images: 1.28 and older resolve through libc.
        const std::string& tag = ref.tag;
        int major = 0, minor = 0;
        if (std::sscanf(tag.c_str(), "%d.%d", &major, &minor) == 2)
            t.oldNslookup = major == 1 && minor <= 28 &&
                            repo.find("e2e-test-images") == std::string::npos;
        else
            t.oldNslookup = repo.rfind("registry.k8s.io/", 0) == 0; // its `latest` is old
    }
    if (has("radial/busyboxplus"))
        t.oldNslookup = true;
    return t;
}

struct Url
{
    std::string scheme = "http", host, path = "/";
    int port = 80;
    bool ok = true;
};

Url parseUrl(std::string text)
{
    Url u;
    const size_t sep = text.find("://");
    if (sep != std::string::npos) {
        u.scheme = text.substr(0, sep);
        text = text.substr(sep + 3);
        if (u.scheme == "https")
            u.port = 443;
    }
    const size_t slash = text.find('/');
    if (slash != std::string::npos) {
        u.path = text.substr(slash);
        text = text.substr(0, slash);
    }
    const size_t colon = text.rfind(':');
    if (colon != std::string::npos) {
        const std::string p = text.substr(colon + 1);
        if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos || p.size() > 5)
            u.ok = false;
        else
            u.port = std::stoi(p);
        text = text.substr(0, colon);
    }
    u.host = text;
    u.ok = u.ok && !u.host.empty();
    return u;
}

std::string argValue(const json& container, const std::string& flag)
{
    std::vector<std::string> words;
    for (const char* key : {"command", "args"})
        for (const auto& w : model::memberAt(container, key))
            if (w.is_string())
                words.push_back(w.get<std::string>());
    for (size_t i = 0; i < words.size(); ++i) {
        for (const std::string dash : {"-", "--"}) {
            const std::string f = dash + flag;
            if (words[i].rfind(f + "=", 0) == 0)
                return words[i].substr(f.size() + 1);
            if (words[i] == f && i + 1 < words.size())
                return words[i + 1];
        }
    }
    return {};
}

std::string envValue(const json& container, const std::string& name)
{
    for (const auto& e : model::memberAt(container, "env"))
        if (e.value("name", "") == name)
            return e.value("value", "");
    return {};
}

} // namespace

std::optional<std::pair<int, std::string>> serverReply(const json& pod, int port,
                                                       const std::string& path)
{
    const std::string podName(model::textAtPath(pod, "metadata.name"));
    for (const auto& c : model::memberAt(model::objectAt(pod, "spec"), "containers")) {
        const ImageRef ref = ImageCatalog::normalize(c.value("image", ""));
        const std::string& repo = ref.repository;
        if (isNginx(repo) && port == 80) {
            if (path == "/" || path == "/index.html")
                return std::make_pair(200, std::string(nginxIndexPage()));
            const std::string version = std::isdigit(static_cast<unsigned char>(ref.tag[0]))
                                            ? "nginx/" + ref.tag
                                            : std::string("nginx");
            return std::make_pair(404, "<html>\r\n<head><title>404 Not Found</title></head>\r\n"
                                       "<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
                                       "<hr><center>" +
                                           version + "</center>\r\n</body>\r\n</html>\r\n");
        }
        if (repo.find("hashicorp/http-echo") != std::string::npos) {
            std::string listen = argValue(c, "listen");
            if (listen.empty())
                listen = ":5678";
            if (listen.substr(listen.rfind(':') + 1) != std::to_string(port))
                continue;
            std::string text = argValue(c, "text");
            if (text.empty())
                text = envValue(c, "ECHO_TEXT");
            return std::make_pair(200, text + "\n");
        }
        if (repo.find("google-samples/hello-app") != std::string::npos) {
            const std::string p = envValue(c, "PORT");
            if ((p.empty() ? 8080 : std::atoi(p.c_str())) != port)
                continue;
            const std::string version = ref.tag == "2.0" ? "2.0.0" : "1.0.0";
            return std::make_pair(200, "Hello, world!\nVersion: " + version +
                                           "\nHostname: " + podName + "\n");
        }
        if (repo == "docker.io/library/httpd" && port == 80)
            return std::make_pair(200, std::string("<html><body><h1>It works!</h1></body></html>\n"));
    }
    return std::nullopt;
}

bool isNetworkProgram(const std::string& name)
{
    return name == "nslookup" || name == "wget" || name == "curl";
}

namespace {
bool toolPresent(const std::string& name, const Tools& tools)
{
    return name == "curl"       ? tools.curl
           : name == "wget"     ? tools.busybox
           : name == "nslookup" ? tools.busybox || tools.bind
                                : false;
}
} // namespace

bool imageHas(const std::string& program, const std::string& image, Userland userland)
{
    const std::string name = baseName(program);
    if (!isNetworkProgram(name))
        return knows(program, userland);
    return userland != Userland::None && toolPresent(name, toolsOf(image, userland));
}

net::Resolution Process::Runner::lookup(const std::string& name, const std::string& qtype,
                                        const std::string& server)
{
    const auto text = m_sys.fs.read(m_sys.host, "/etc/resolv.conf");
    net::ResolvConf conf = net::parseResolvConf(text ? *text : std::string());
    if (!server.empty())
        conf.nameservers = {server};
    const net::PodNetwork* network = m_sys.network;
    std::vector<std::string>* log = m_sys.netLog;
    const std::string from = m_sys.fs.pod().ip;
    auto transport = [&](const std::string& srv, const std::string& qname,
                         const std::string& type) -> std::optional<net::DnsAnswer> {
        std::optional<net::DnsAnswer> a;
        if (network)
            a = network->query(srv, qname, type);
        if (log) {
            std::string line = "DNS " + from + " -> " + srv + ": " + type + "? " + qname + ": ";
            if (!a) {
                line += "no answer (timed out)";
            } else {
                line += a->rcode;
                for (const auto& r : a->records)
                    line += ", " + r.type + " " + r.data;
                line += " (" + a->plugin + ")";
            }
            log->push_back(line);
        }
        return a;
    };
    return net::resolve(conf, name, qtype, transport);
}

int Process::Runner::nslookup(const std::vector<std::string>& argv, Io& io, bool bind,
                              bool old)
{
    std::string type = "A", name, server;
    bool explicitType = false;
    for (size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("-type=", 0) == 0 || a.rfind("-query=", 0) == 0 || a.rfind("-q=", 0) == 0) {
            explicitType = true;
            type = a.substr(a.find('=') + 1);
            std::transform(type.begin(), type.end(), type.begin(), ::toupper);
        } else if (!a.empty() && a[0] == '-') {
            continue; // -debug, -timeout=N...
        } else if (name.empty()) {
            name = a;
        } else if (server.empty()) {
            server = a;
        }
    }
    if (name.empty()) {
        io.err += old ? "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\n"
                        "Usage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP "
                        "address of the given HOST\noptionally using a specified DNS server\n"
                      : "Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]\n";
        return 1;
    }
    const auto conf = net::parseResolvConf(
        m_sys.fs.read(m_sys.host, "/etc/resolv.conf").value_or(std::string()));
    const std::string dns = !server.empty()           ? server
                            : conf.nameservers.empty() ? std::string("127.0.0.1")
                                                       : conf.nameservers.front();
    // A reverse lookup when the argument is an address.
    const bool reverse = net::isIpv4(name);
    const std::string qname = reverse ? net::reverseName(name) : name;
    if (reverse)
        type = "PTR";
    if (old) {
        // busybox 1.28: the server's name by a reverse lookup, then the host's addresses
        // (getaddrinfo: the search list), each with its reverse name.
        auto ptr = [&](const std::string& ip) {
            net::Resolution r = lookup(net::reverseName(ip) + ".", "PTR", server);
            return r.found() ? " " + r.records.front().data : std::string();
        };
        io.out += "Server:    " + dns + "\nAddress 1: " + dns + ptr(dns) + "\n\n";
        std::vector<std::string> addresses;
        if (reverse) {
            addresses.push_back(name);
        } else {
            net::Resolution r = lookup(name, "A", server);
            addresses = r.addresses();
        }
        if (addresses.empty()) {
            io.err += "nslookup: can't resolve '" + name + "'\n";
            return 1;
        }
        io.out += "Name:      " + name + "\n";
        for (size_t i = 0; i < addresses.size(); ++i)
            io.out += "Address " + std::to_string(i + 1) + ": " + addresses[i] +
                      ptr(addresses[i]) + "\n";
        return 0;
    }
    io.out += bind ? "Server:\t\t" + dns + "\nAddress:\t" + dns + "#53\n\n"
                   : "Server:\t\t" + dns + "\nAddress:\t" + dns + ":53\n\n";
    // bind's nslookup walks the search list; busybox's own (1.29 and later) asks for the
    // name as it is written.
    net::Resolution r;
    if (bind || reverse || (!qname.empty() && qname.back() == '.'))
        r = lookup(qname, type, server);
    else
        r = lookup(qname + ".", type, server);
    if (r.timedOut) {
        io.out += ";; connection timed out; no servers could be reached\n";
        if (bind)
            io.out += "\n";
        return 1;
    }
    // busybox asks for A and AAAA unless told a type; the cluster has no AAAA records.
    const std::string noAaaa =
        bind || explicitType ? std::string() : "*** Can't find " + qname + ": No answer\n\n";
    if (!r.found()) {
        io.out += "** server can't find " + qname + ": NXDOMAIN\n\n" + noAaaa;
        return 1;
    }
    bool authoritative = true;
    for (const auto& q : r.queries)
        if (q.answer && q.name == r.name && q.answer->plugin == "forward")
            authoritative = false;
    if (!authoritative)
        io.out += "Non-authoritative answer:\n";
    for (const auto& rec : r.records) {
        if (rec.type == "CNAME")
            io.out += rec.name + "\tcanonical name = " + rec.data + ".\n";
        else if (rec.type == "PTR")
            io.out += rec.name + "\tname = " + rec.data + ".\n";
        else if (rec.type == "SRV")
            io.out += rec.name + "\tservice = " + std::to_string(rec.priority) + " " +
                      std::to_string(rec.weight) + " " + std::to_string(rec.port) + " " +
                      rec.data + ".\n";
        else
            io.out += "Name:\t" + rec.name + "\nAddress: " + rec.data + "\n";
    }
    io.out += "\n" + noAaaa;
    return 0;
}

int Process::Runner::httpGet(const std::vector<std::string>& argv, Io& io, bool curl)
{
    const std::string prog = baseName(argv[0]);
    bool quiet = false, silent = false, showErrors = false, failOnError = false;
    std::string outFile, urlText;
    for (size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto value = [&]() { return i + 1 < argv.size() ? argv[++i] : std::string(); };
        if (a == "-O" || a == "-o" || a == "--output" || a == "--output-document")
            outFile = value();
        else if (a.rfind("-O", 0) == 0 && !curl && a.size() > 2)
            outFile = a.substr(2);
        else if (a.rfind("-qO", 0) == 0 && !curl)
            quiet = true, outFile = a.size() > 3 ? a.substr(3) : value();
        else if (a == "-T" || a == "-m" || a == "--max-time" || a == "--connect-timeout" ||
                 a == "-w" || a == "-H" || a == "-U")
            value();
        else if (a == "-q" || a == "--quiet")
            quiet = true;
        else if (curl && (a == "-s" || a == "--silent"))
            silent = true;
        else if (curl && (a == "-sS" || a == "-Ss"))
            silent = showErrors = true;
        else if (curl && (a == "-f" || a == "--fail" || a == "-sf" || a == "-fs"))
            failOnError = true, silent = silent || a != "-f";
        else if (!a.empty() && a[0] == '-')
            continue; // -v, -L, -k, -S, --spider...: not modelled
        else if (urlText.empty())
            urlText = a;
    }
    auto fail = [&](int code, const std::string& message) {
        if (!curl)
            io.err += "wget: " + message + "\n";
        else if (!silent || showErrors)
            io.err += "curl: (" + std::to_string(code) + ") " + message + "\n";
        return curl ? code : 1;
    };
    if (urlText.empty()) {
        if (curl)
            return fail(2, "no URL specified\ncurl: try 'curl --help' or 'curl --manual' for "
                           "more information");
        io.err += "BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] "
                  "[-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y "
                  "on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n";
        return 1;
    }
    const Url url = parseUrl(urlText);
    if (!url.ok)
        return curl ? fail(3, "URL rejected: Port number was not a decimal number between 0 and "
                              "65535")
                    : fail(1, "bad port spec '" + urlText + "'");
    if (url.scheme != "http" && url.scheme != "https")
        return curl ? fail(1, "Protocol \"" + url.scheme + "\" not supported")
                    : fail(1, "not an http or ftp url: " + urlText);
    std::string ip = url.host;
    if (!net::isIpv4(ip)) {
        net::Resolution r = lookup(url.host, "A", {});
        if (r.addresses().empty())
            return curl ? fail(6, "Could not resolve host: " + url.host)
                        : fail(1, "bad address '" + url.host + "'");
        ip = r.addresses().front();
    }
    if (!curl && !quiet)
        io.err += "Connecting to " + url.host + " (" + ip + ":" + std::to_string(url.port) + ")\n";
    net::Connection conn;
    if (m_sys.network && m_sys.rng)
        conn = m_sys.network->connectTo(m_sys.node, ip, url.port, *m_sys.rng);
    std::optional<std::pair<int, std::string>> reply;
    if (conn.result == net::Connection::Result::Connected && conn.pod &&
        url.scheme == "http")
        reply = serverReply(*conn.pod, conn.port, url.path);
    if (m_sys.netLog) {
        std::string line = "TCP " + m_sys.fs.pod().ip + " -> " + ip + ":" +
                           std::to_string(url.port) + ": ";
        for (size_t i = 0; i < conn.chains.size(); ++i)
            line += (i ? " > " : "") + conn.chains[i];
        if (!conn.chains.empty())
            line += ", ";
        if (conn.pod && conn.result == net::Connection::Result::Connected)
            line += "to " + conn.endpoint + " (pod " +
                    model::textAtPath(*conn.pod, "metadata.namespace") + "/" +
                    model::textAtPath(*conn.pod, "metadata.name") + ")" +
                    (reply ? ": HTTP " + std::to_string(reply->first) : ": refused");
        else
            line += conn.result == net::Connection::Result::Refused ? "no endpoints: refused"
                                                                    : "no route: timed out";
        m_sys.netLog->push_back(line);
    }
    const std::string portText = std::to_string(url.port);
    if (conn.result == net::Connection::Result::TimedOut)
        return curl ? fail(28, "Failed to connect to " + url.host + " port " + portText +
                                   " after 130000 ms: Timeout was reached")
                    : fail(1, "can't connect to remote host (" + ip + "): Connection timed out");
    if (!reply)
        return curl ? fail(7, "Failed to connect to " + url.host + " port " + portText +
                                  " after 0 ms: Could not connect to server")
                    : fail(1, "can't connect to remote host (" + ip + "): Connection refused");
    const auto& [status, body] = *reply;
    const std::string reason = status == 200 ? "OK" : "Not Found";
    if (!curl && status != 200)
        return fail(1, "server returned error: HTTP/1.1 " + std::to_string(status) + " " + reason);
    if (curl && failOnError && status >= 400)
        return fail(22, "The requested URL returned error: " + std::to_string(status));
    if (outFile.empty() && !curl) {
        const std::string leaf = baseName(url.path);
        outFile = leaf.empty() ? "index.html" : leaf;
    }
    if (outFile.empty() || outFile == "-") {
        if (!curl && !quiet)
            io.err += "writing to stdout\n";
        io.out += body;
    } else {
        if (!curl && !quiet)
            io.err += "saving to '" + outFile + "'\n";
        const auto e = m_sys.fs.write(m_sys.host, normalizePath(outFile, m_p.m_cwd), body, false,
                                      m_sys.now);
        if (e != ContainerFs::Error::None)
            return curl ? fail(23, "Failure writing output to destination")
                        : fail(1, "can't open '" + outFile + "': Read-only file system");
    }
    if (!curl && !quiet) {
        const std::string shown = outFile.empty() || outFile == "-" ? "-" : outFile;
        char bar[160];
        std::snprintf(bar, sizeof bar, "%-20.20s 100%% |********************************| %5zu  0:00:00 ETA\n",
                      shown.c_str(), body.size());
        io.err += bar;
        io.err += shown == "-" ? "written to stdout\n" : "'" + outFile + "' saved\n";
    }
    return 0;
}

int Process::Runner::network(const std::vector<std::string>& argv, Io& io)
{
    const std::string name = baseName(argv[0]);
    const Tools tools = toolsOf(m_sys.image, m_p.m_userland);
    if (!toolPresent(name, tools)) {
        io.err += shellPrefix(io.line) + argv[0] +
                  (m_p.m_shell == "bash" ? ": command not found\n" : ": not found\n");
        return 127;
    }
    if (name == "nslookup")
        return nslookup(argv, io, tools.bind, !tools.bind && tools.oldNslookup);
    return httpGet(argv, io, name == "curl");
}

} // namespace kubelab::node::sh
