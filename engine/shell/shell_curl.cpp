// The workstation's `curl` to a load balancer of the AWS account (Shell::curlLoadBalancer):
// options and URL as curl takes them, the connection made by the engine (an elb.connect
// event, traced), and curl's output and exit codes.
#include "engine/shell/shell.h"

#include "engine/aws/aws_common.h"

namespace kubelab::shell {

namespace {
// What curl 8.x built with OpenSSL prints after a certificate problem (exit 60).
const char* kCertificateHelp =
    "More details here: https://curl.se/docs/sslcerts.html\n\n"
    "curl failed to verify the legitimacy of the server and therefore could not\n"
    "establish a secure connection to it. To learn more about this situation and\n"
    "how to fix it, please visit the webpage mentioned above.\n";

struct CurlUsage
{
    std::string message;
    int exitCode;
};
} // namespace

bool Shell::curlLoadBalancer(const std::vector<std::string>& args)
{
    bool insecure = false, silent = false, showError = false;
    std::string url, connectTo;
    try {
        for (size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a == "--insecure") {
                insecure = true;
            } else if (a == "--silent") {
                silent = true;
            } else if (a == "--show-error") {
                showError = true;
            } else if (a == "--connect-to") {
                if (i + 1 >= args.size())
                    throw CurlUsage{"option --connect-to: requires parameter", 2};
                connectTo = args[++i];
            } else if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
                for (char c : a.substr(1)) {
                    if (c == 'k')
                        insecure = true;
                    else if (c == 's')
                        silent = true;
                    else if (c == 'S')
                        showError = true;
                    else
                        throw CurlUsage{"option -" + std::string(1, c) +
                                            ": is unknown (KubeLab's curl takes -k, -s, -S "
                                            "and --connect-to)",
                                        2};
                }
            } else if (a.rfind("--", 0) == 0) {
                throw CurlUsage{"option " + a +
                                    ": is unknown (KubeLab's curl takes -k, -s, -S and "
                                    "--connect-to)",
                                2};
            } else if (url.empty()) {
                url = a;
            } else {
                throw CurlUsage{"KubeLab's curl fetches one URL at a time (got " + url + " and " +
                                    a + ")",
                                2};
            }
        }
        if (url.empty())
            throw CurlUsage{"no URL specified", 2};
    } catch (const CurlUsage& u) {
        return report("", "curl: " + u.message +
                              "\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
                      u.exitCode);
    }

    // scheme://host[:port][/path]; curl assumes http:// without a scheme.
    std::string scheme = "http", rest = url;
    if (const auto sep = url.find("://"); sep != std::string::npos) {
        scheme = url.substr(0, sep);
        rest = url.substr(sep + 3);
    }
    if (scheme != "http" && scheme != "https")
        return report("", "curl: (1) Protocol \"" + scheme + "\" not supported\n", 1);
    const auto slash = rest.find('/');
    std::string hostPort = rest.substr(0, slash);
    const std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
    int port = scheme == "https" ? 443 : 80;
    if (const auto colon = hostPort.find(':'); colon != std::string::npos) {
        const std::string p = hostPort.substr(colon + 1);
        if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(p) > 65535)
            return report("", "curl: (3) URL rejected: Port number was not a decimal number "
                              "between 0 and 65535\n",
                          3);
        port = std::stoi(p);
        hostPort = hostPort.substr(0, colon);
    }
    if (hostPort.empty())
        return report("", "curl: (3) URL rejected: No host part in the URL\n", 3);

    nlohmann::json request = {{"Scheme", scheme},
                              {"Host", hostPort},
                              {"Port", port},
                              {"Path", path},
                              {"Insecure", insecure}};
    // --connect-to HOST1:PORT1:HOST2:PORT2: connect to HOST2 when the URL names HOST1 (the
    // certificate is still checked against HOST1). Empty HOST1 or PORT1 match any.
    if (!connectTo.empty()) {
        std::vector<std::string> parts;
        std::string cur;
        for (char c : connectTo + ":") {
            if (c == ':') {
                parts.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (parts.size() != 4)
            return report("", "curl: (49) Couldn't parse CURLOPT_CONNECT_TO entry '" + connectTo +
                                  "' (use HOST1:PORT1:HOST2:PORT2)\n",
                          49);
        if ((parts[0].empty() || parts[0] == hostPort) &&
            (parts[1].empty() || parts[1] == std::to_string(port))) {
            if (!parts[2].empty())
                request["ConnectTo"] = parts[2];
            if (!parts[3].empty())
                request["Port"] = std::stoi(parts[3]);
        }
    }
    const nlohmann::json reply = m_cluster.connectHttps(request);
    if (reply.contains("error"))
        return report("", "curl: (28) Operation timed out\n", 28);
    const nlohmann::json result = nlohmann::json::parse(reply.value("result", "{}"));
    const int code = result.value("exitCode", 0);
    if (code == 0) {
        std::string body = result.value("body", "");
        // curl prints the body as it is; the shell keeps its next line apart.
        if (!body.empty() && body.back() != '\n')
            body += "\n";
        return report(body, "", 0);
    }
    std::string err;
    if (!silent || showError) {
        err = "curl: (" + std::to_string(code) + ") " + result.value("error", "") + "\n";
        if (code == 60)
            err += kCertificateHelp;
    }
    return report("", err, code);
}

} // namespace kubelab::shell
