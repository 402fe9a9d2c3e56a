// The shell's network commands: `trace packet` (a connection walked through the nodes'
// nat tables, as one engine event).
#include "engine/shell/shell.h"

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
