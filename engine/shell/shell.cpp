#include "engine/shell/shell.h"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "engine/aws/cli.h"
#include "engine/aws/sns_service.h"
#include "engine/cluster/event_match.h"
#include "engine/kubectl/kubectl.h"
#include "engine/net/kube_proxy.h"
#include "engine/scheduler/scheduler.h"
#include "engine/sim/time.h"

namespace kubelab::shell {

bool splitWords(const std::string& line, std::vector<std::string>& words, std::string* error)
{
    words.clear();
    std::string cur;
    bool inWord = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == '\'') {
            size_t end = line.find('\'', i + 1);
            if (end == std::string::npos) {
                if (error)
                    *error = "unterminated single quote at column " + std::to_string(i + 1);
                return false;
            }
            cur += line.substr(i + 1, end - i - 1);
            inWord = true;
            i = end;
        } else if (c == '"') {
            size_t j = i + 1;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\' && j + 1 < line.size() &&
                    (line[j + 1] == '"' || line[j + 1] == '\\' || line[j + 1] == '$'))
                    ++j;
                cur += line[j];
            }
            if (j >= line.size()) {
                if (error)
                    *error = "unterminated double quote at column " + std::to_string(i + 1);
                return false;
            }
            inWord = true;
            i = j;
        } else if (c == '\\' && i + 1 < line.size()) {
            cur += line[++i];
            inWord = true;
        } else if (c == ' ' || c == '\t') {
            if (inWord)
                words.push_back(cur);
            cur.clear();
            inWord = false;
        } else if (c == '#' && !inWord) {
            break;
        } else {
            cur += c;
            inWord = true;
        }
    }
    if (inWord)
        words.push_back(cur);
    return true;
}

const std::vector<std::string>& commandNames()
{
    static const std::vector<std::string> names = {
        "kubectl", "step",   "run", "settle", "time",  "trace", "explain", "fault",
        "iptables", "curl", "wget", "next", "rewind", "aws", "inbox", "help", "exit"};
    return names;
}

bool runScriptText(cluster::Cluster& cluster, const std::string& script, std::string* output,
                   std::string* error)
{
    std::ostringstream out, err;
    Shell shell(cluster, out, err);
    std::istringstream in(script);
    const int status = shell.runScript(in);
    if (output)
        *output = out.str();
    if (status != 0 && error)
        *error = err.str();
    return status == 0;
}

Shell::Shell(cluster::Cluster& cluster, std::ostream& out, std::ostream& err)
    : m_cluster(cluster), m_out(out), m_err(err)
{}

bool Shell::fail(const std::string& message)
{
    m_err << message << "\n";
    m_failed = true;
    return false;
}

int Shell::runScript(std::istream& in)
{
    std::string line;
    int lineNo = 0;
    while (!m_exited && std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::string stdinText;
        // Here-document: `... <<EOF` then lines up to a line that is exactly EOF.
        auto pos = line.rfind("<<");
        if (pos != std::string::npos && line.find_first_of("'\"", pos) == std::string::npos) {
            std::string word = line.substr(pos + 2);
            word.erase(0, word.find_first_not_of(" -"));
            while (!word.empty() && (word.back() == ' ' || word.back() == '\t'))
                word.pop_back();
            if (!word.empty() && word.find(' ') == std::string::npos) {
                line = line.substr(0, pos);
                std::string body;
                bool closed = false;
                const int start = lineNo;
                while (std::getline(in, body)) {
                    ++lineNo;
                    if (!body.empty() && body.back() == '\r')
                        body.pop_back();
                    if (body == word) {
                        closed = true;
                        break;
                    }
                    stdinText += body + "\n";
                }
                if (!closed) {
                    fail("line " + std::to_string(start) +
                         ": here-document ends without its "
                         "closing line \"" +
                         word + "\"");
                    break;
                }
            }
        }
        execute(line, stdinText);
    }
    m_out.flush();
    return m_failed ? 1 : 0;
}

bool Shell::execute(const std::string& line, const std::string& stdinText)
{
    std::vector<std::string> words;
    std::string error;
    if (!splitWords(line, words, &error))
        return fail("error: " + error);
    if (words.empty())
        return true;
    for (const auto& w : words)
        if (w == "|" || w == ">" || w == "&&" || w == ";")
            return fail("error: \"" + w +
                        "\" is not supported in the KubeLab shell: run one "
                        "command per line (use -o jsonpath=... or --field-selector to filter)");
    const std::string cmd = words[0];
    std::vector<std::string> args(words.begin() + 1, words.end());
    if (!m_cluster.hasKubernetes() &&
        (cmd == "kubectl" || cmd == "explain" || cmd == "fault" || cmd == "iptables" ||
         (cmd == "trace" && !args.empty() && args[0] == "packet")))
        return fail("error: " + cmd +
                    ": this world has no Kubernetes cluster (controlPlanes: 0), only the AWS "
                    "account: use aws and inbox");
    if (cmd == "kubectl") {
        for (size_t i = 0; i < args.size(); ++i) {
            if (args[i] == "port-forward")
                return portForward(args);
            if (args[i] != "-n" && args[i] != "--namespace" &&
                (i == 0 || (args[i - 1] != "-n" && args[i - 1] != "--namespace")) &&
                args[i].rfind("--namespace=", 0) != 0)
                break;
        }
        return kubectl(args, stdinText);
    }
    if (cmd == "curl" || cmd == "wget") {
        // The workstation reaches the cluster only through kubectl port-forward (localhost)
        // and the AWS account's load balancers by name: the URL's host says which.
        const bool local = std::any_of(args.begin(), args.end(), [](const std::string& a) {
            return a.find("localhost") != std::string::npos ||
                   a.find("127.0.0.1") != std::string::npos ||
                   a.find("[::1]") != std::string::npos;
        });
        if (cmd == "curl" && !local)
            return curlLoadBalancer(args);
        return workstationHttp(cmd, args);
    }
    if (cmd == "aws")
        return aws(args, stdinText);
    if (cmd == "inbox")
        return inbox(args);
    if (cmd == "step")
        return step(args);
    if (cmd == "run")
        return run(args);
    if (cmd == "settle")
        return settle(args);
    if (cmd == "trace")
        return trace(args);
    if (cmd == "explain")
        return explain(args);
    if (cmd == "fault")
        return fault(args);
    if (cmd == "iptables")
        return iptables(args);
    if (cmd == "next")
        return next(args);
    if (cmd == "rewind")
        return rewind(args);
    if (cmd == "time") {
        const sim::Time t = m_cluster.sim().now();
        m_out << sim::formatDuration(t) << " (" << sim::formatTimestamp(t) << ")\n";
        return true;
    }
    if (cmd == "exit") {
        if (!m_exitAvailable)
            return fail("error: exit ends a script or kubelab-sim shell; there is nothing to "
                        "leave here (close the window to quit)");
        m_exited = true;
        return true;
    }
    if (cmd == "help") {
        m_out << "Commands:\n"
                 "  kubectl ARGS...         run kubectl against the simulated cluster\n"
                 "  step [N]                process the next N events (default 1)\n"
                 "  run DURATION            advance virtual time (500ms, 90s, 5m, 2h, 3d)\n"
                 "  settle [MAX]            run until only periodic timers fire for 10s\n"
                 "  time                    print the virtual time\n"
                 "  trace [--last N] [--json] [--hash]   print the trace\n"
                 "  trace packet FROM TO[:PORT] [-n NS]   walk a connection hop by hop: FROM is\n"
                 "                          [NS/]POD, NODE or outside; TO a pod (pod/NAME or\n"
                 "                          NS/NAME), an IP, a DNS name (web, web.shop) or NODE\n"
                 "                          with a NodePort; PORT 80 unless given\n"
                 "  explain pod NAME [-n NS] the scheduler's reasoning for a pod\n"
                 "  fault stop|start COMPONENT   kubelet/NODE, kube-proxy/NODE, scheduler,\n"
                 "                          controller-manager\n"
                 "  iptables NODE           the node's nat table as iptables-save prints it\n"
                 "  curl URL | wget -qO- URL   from the workstation to localhost:PORT, through a\n"
                 "                          kubectl port-forward (which stays open until\n"
                 "                          kubectl port-forward --stop [PORT], for Ctrl-C)\n"
                 "  next WHO [-n NS]        step to the next event of a component (scheduler,\n"
                 "                          kubelet/NODE, etcd, ...) or object (pod/NAME, ...)\n"
                 "  rewind N | event SEQ | @TIME   undo the last N events, or go back to just\n"
                 "                          after event #SEQ or to virtual time TIME; stepping on\n"
                 "                          replays your later commands until you type a new one\n"
                 "  aws SERVICE COMMAND ...  the simulated AWS account (acm, events, sns, elbv2,\n"
                 "                          cloudwatch, configservice); aws help lists them\n"
                 "  inbox [N]               the e-mail SNS delivered; N shows message N\n"
                 "  curl [-k] https://DNSNAME[/PATH]   a request from the workstation to a\n"
                 "                          load balancer (aws elbv2), TLS checked as curl does\n";
        if (m_exitAvailable)
            m_out << "  exit                    leave the shell\n";
        return true;
    }
    return fail("error: unknown command \"" + cmd + "\" (try: help)");
}

bool Shell::step(const std::vector<std::string>& args)
{
    // Each stepped event is printed: beyond this many, `run` or `settle` is the tool.
    constexpr long kMaxStep = 1'000'000;
    long n = 1;
    if (!args.empty()) {
        char* end = nullptr;
        errno = 0;
        n = std::strtol(args[0].c_str(), &end, 10);
        if (args.size() > 1 || *end || args[0].empty() || n < 1)
            return fail("error: step takes one positive number of events, got \"" + args[0] + "\"");
        if (errno == ERANGE || n > kMaxStep)
            return fail("error: step " + args[0] + ": at most " + std::to_string(kMaxStep) +
                        " events at once; use run DURATION or settle to go further");
    }
    for (long i = 0; i < n; ++i) {
        if (!m_cluster.step()) {
            m_out << "(no events left: the queue is empty)\n";
            break;
        }
        m_out << m_cluster.sim().trace().back().toLine() << "\n";
    }
    return true;
}

bool Shell::run(const std::vector<std::string>& args)
{
    if (args.size() != 1)
        return fail("error: run takes one duration, e.g. run 90s");
    auto d = sim::parseDuration(args[0]);
    if (!d)
        return fail("error: invalid duration \"" + args[0] +
                    "\": use a number with a unit: ms, s, m, h or d (e.g. 500ms, 90s, 5m)");
    const std::uint64_t before = m_cluster.sim().processed();
    m_cluster.runUntil(m_cluster.sim().now() + *d);
    m_out << "advanced to " << sim::formatDuration(m_cluster.sim().now()) << " ("
          << m_cluster.sim().processed() - before << " events)\n";
    return true;
}

bool Shell::settle(const std::vector<std::string>& args)
{
    sim::Duration max = 10 * sim::kMinute;
    if (args.size() > 1)
        return fail("error: settle takes at most one duration, e.g. settle 5m");
    if (args.size() == 1) {
        auto d = sim::parseDuration(args[0]);
        if (!d)
            return fail("error: invalid duration \"" + args[0] +
                        "\": use a number with a unit: ms, s, m, h or d");
        max = *d;
    }
    const sim::Time t = m_cluster.settle(max);
    m_out << "settled at " << sim::formatDuration(t) << "\n";
    return true;
}

bool Shell::trace(const std::vector<std::string>& args)
{
    if (!args.empty() && args[0] == "packet")
        return tracePacket({args.begin() + 1, args.end()});
    bool json = false, hash = false;
    size_t last = 0;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--hash")
            hash = true;
        else if (args[i] == "--last" && i + 1 < args.size()) {
            char* end = nullptr;
            long n = std::strtol(args[++i].c_str(), &end, 10);
            if (*end || n < 0)
                return fail("error: --last needs a number, got \"" + args[i] + "\"");
            last = size_t(n);
        } else
            return fail("error: unknown trace option \"" + args[i] +
                        "\" (use --last N, --json, --hash)");
    }
    const auto& records = m_cluster.sim().trace();
    if (hash) {
        m_out << m_cluster.sim().trace().sha256() << "\n";
        return true;
    }
    size_t from = last && last < records.size() ? records.size() - last : 0;
    for (auto it = records.from(from); it != records.end(); ++it)
        m_out << (json ? it->toJson().dump() : it->toLine()) << "\n";
    return true;
}

bool Shell::kubectl(const std::vector<std::string>& args, const std::string& stdinText)
{
    kubectl::Environment env;
    env.client = &m_cluster;
    env.now = [this] { return m_cluster.sim().now(); };
    env.sleep = [this](sim::Duration d) { m_cluster.runUntil(m_cluster.sim().now() + d); };
    env.stdinText = stdinText;
    env.readFile = [this](const std::string& path) { return readFile(path); };
    const kubectl::Result r = kubectl::run(args, env);
    return report(r.out, r.err, r.exitCode);
}

bool Shell::report(const std::string& out, const std::string& err, int exitCode)
{
    m_out << out;
    m_err << err;
    if (exitCode != 0)
        m_failed = true;
    return exitCode == 0;
}

std::optional<std::string> Shell::readFile(const std::string& path) const
{
    for (const std::string& candidate :
         {path, m_baseDir.empty() || path.rfind('/', 0) == 0 ? std::string()
                                                             : m_baseDir + "/" + path}) {
        if (candidate.empty())
            continue;
        std::ifstream f(candidate, std::ios::binary);
        if (!f)
            continue;
        std::ostringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }
    return std::nullopt;
}

bool Shell::aws(const std::vector<std::string>& args, const std::string& stdinText)
{
    aws::CliEnvironment env;
    env.call = [this](const std::string& service, const std::string& op,
                      const nlohmann::json& params) {
        return m_cluster.callAws(service, op, params);
    };
    env.readFile = [this](const std::string& path) { return readFile(path); };
    env.stdinText = stdinText;
    const aws::CliResult r = aws::runCli(args, env);
    return report(r.out, r.err, r.exitCode);
}

bool Shell::inbox(const std::vector<std::string>& args)
{
    const auto* box = m_cluster.sim().actorAs<aws::Mailbox>(aws::kMailbox);
    if (!box)
        return fail("error: this cluster has no AWS account");
    const auto& mail = box->mail();
    if (args.empty()) {
        if (mail.empty()) {
            m_out << "(the inbox is empty: subscribe an e-mail address to an SNS topic with "
                     "aws sns subscribe)\n";
            return true;
        }
        for (size_t i = 0; i < mail.size(); ++i)
            m_out << std::to_string(i + 1) << "  " << sim::formatTimestamp(mail[i].received)
                  << "  " << mail[i].to << "  " << mail[i].subject << "\n";
        return true;
    }
    char* end = nullptr;
    const long n = std::strtol(args[0].c_str(), &end, 10);
    if (args.size() > 1 || *end || n < 1)
        return fail("error: usage: inbox [N] (N is a message number from the list)");
    if (size_t(n) > mail.size())
        return fail("error: no message " + args[0] + " in the inbox (it holds " +
                    std::to_string(mail.size()) + ")");
    const auto& m = mail[size_t(n) - 1];
    m_out << "From: " << m.from << "\nTo: " << m.to << "\nDate: "
          << sim::formatTimestamp(m.received) << "\nSubject: " << m.subject << "\n\n"
          << m.body;
    if (!m.body.empty() && m.body.back() != '\n')
        m_out << "\n";
    return true;
}

} // namespace kubelab::shell

namespace kubelab::shell {

bool Shell::explain(const std::vector<std::string>& args)
{
    std::string ns = "default", name;
    std::vector<std::string> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-n" || args[i] == "--namespace") && i + 1 < args.size())
            ns = args[++i];
        else if (args[i].rfind("--namespace=", 0) == 0)
            ns = args[i].substr(12);
        else
            rest.push_back(args[i]);
    }
    if (rest.size() == 1 && rest[0].rfind("pod/", 0) == 0)
        rest = {"pod", rest[0].substr(4)};
    if (rest.size() != 2 || (rest[0] != "pod" && rest[0] != "pods" && rest[0] != "po"))
        return fail("error: usage: explain pod NAME [-n NAMESPACE]");
    name = rest[1];
    const auto e = m_cluster.schedulingExplanation(ns, name);
    if (!e)
        return fail("error: the scheduler has not tried to schedule pod " + ns + "/" + name +
                    " (does it exist, and has time passed since it was created?)");
    m_out << scheduler::formatExplanation(*e);
    return true;
}

bool Shell::fault(const std::vector<std::string>& args)
{
    if (args.size() != 2 || (args[0] != "stop" && args[0] != "start"))
        return fail("error: usage: fault stop|start COMPONENT "
                    "(kubelet/NODE, kube-proxy/NODE, scheduler, controller-manager)");
    const std::string& what = args[1];
    const std::string actor = m_cluster.faultActor(what);
    if (actor.empty())
        return fail("error: unknown component \"" + what +
                    "\" (try kubelet/worker-1, kube-proxy/worker-1, scheduler, "
                    "controller-manager)");
    m_cluster.post({"fault-injector", actor, "fault." + args[0], nlohmann::json::object()}, 0);
    m_cluster.runUntil(m_cluster.sim().now());
    m_out << what << (args[0] == "stop" ? " stopped" : " started") << " at "
          << sim::formatDuration(m_cluster.sim().now()) << "\n";
    return true;
}

bool Shell::next(const std::vector<std::string>& args)
{
    std::string ns, who;
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-n" || args[i] == "--namespace") && i + 1 < args.size())
            ns = args[++i];
        else if (who.empty())
            who = args[i];
        else
            return fail("error: usage: next COMPONENT|KIND/NAME [-n NAMESPACE]");
    }
    if (who.empty())
        return fail("error: usage: next COMPONENT|KIND/NAME [-n NAMESPACE]");
    std::string error;
    auto matcher = cluster::eventMatcher(m_cluster, who, ns, &error);
    if (!matcher)
        return fail("error: " + error);
    bool found = false;
    const std::uint64_t n = m_cluster.stepUntil(*matcher, &found);
    if (!found) {
        m_out << "(no event of " << who << " in the next 10 minutes: " << n
              << " events processed)\n";
        return true;
    }
    if (n > 1)
        m_out << "(" << n - 1 << " other events first)\n";
    m_out << m_cluster.sim().trace().back().toLine() << "\n";
    return true;
}

std::string Shell::timeText(sim::Time t) const
{
    return m_moments.formatTime ? m_moments.formatTime(t) : sim::formatDuration(t);
}

bool Shell::rewind(const std::vector<std::string>& args)
{
    // `#` starts a comment in the shell, so event numbers come as "event 120".
    const bool byEvent = args.size() == 2 && args[0] == "event";
    const bool positions = m_moments.eventsByPosition;
    if (args.size() != 1 && !byEvent)
        return fail("error: usage: rewind N | event " + std::string(positions ? "N" : "SEQ") +
                    " | @TIME (e.g. rewind 5, rewind event 120, rewind @30s)");
    const std::string a = byEvent ? "#" + args[1] : args[0];
    const auto& records = m_cluster.sim().trace();
    const std::uint64_t now = m_cluster.sim().processed();
    const std::uint64_t start = m_cluster.timeline().start();
    std::uint64_t target = 0;
    if (a[0] == '#') {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(a.c_str() + 1, &end, 10);
        const bool number = a.size() >= 2 && !*end;
        if (positions) {
            // The app's event N is the Nth processed event: rewinding to it keeps it.
            if (!number || n > now)
                return fail("error: no event " + a.substr(1) + " yet (this is event " +
                            std::to_string(now) + "; the event log's # column numbers them)");
            target = n;
        } else {
            auto it = std::find_if(records.begin(), records.end(),
                                   [&](const sim::TraceRecord& r) { return r.seq == n; });
            if (!number || it == records.end())
                return fail("error: no event " + a +
                            " in the trace (event numbers are the #N "
                            "of `trace` and `step` lines)");
            target = std::uint64_t(it.index()) + 1;
        }
    } else if (a[0] == '@') {
        auto t = sim::parseDuration(a.substr(1));
        if (!t)
            return fail("error: invalid time \"" + a.substr(1) + "\" (e.g. @30s, @2m)");
        auto it = std::find_if(records.begin(), records.end(),
                               [&](const sim::TraceRecord& r) { return r.time > *t; });
        target = std::uint64_t(it.index());
    } else {
        char* end = nullptr;
        const long n = std::strtol(a.c_str(), &end, 10);
        if (*end || n < 1)
            return fail("error: rewind takes a number of events, " +
                        std::string(positions ? "event N" : "#SEQ") + " or @TIME, got \"" + a +
                        "\"");
        target = std::uint64_t(n) > now ? 0 : now - std::uint64_t(n);
    }
    if (target < start)
        return fail(
            "error: cannot rewind before the cluster was ready (" +
            (positions ? "event " + std::to_string(start) : std::to_string(start) + " events in") +
            ", at " + timeText(records[size_t(start) - 1].time) + ")");
    m_cluster.rewindTo(target);
    const auto& kept = m_cluster.sim().trace(); // a new simulation now
    if (positions) {
        const std::uint64_t later = m_cluster.timeline().horizon() - target;
        m_out << "rewound to event " << target << " of " << m_cluster.timeline().horizon() << " at "
              << timeText(m_cluster.sim().now()) << ": the " << later
              << " later event(s) replay as you step or play; a kubectl or fault command "
                 "replaces them\n";
        return true;
    }
    m_out << "rewound to " << timeText(m_cluster.sim().now()) << ", after "
          << (target ? "event #" + std::to_string(kept[size_t(target) - 1].seq) : "start") << " ("
          << now - target << " events undone";
    if (const size_t replays = m_cluster.timeline().pendingReplays())
        m_out << "; " << replays << " later input(s) replay as you step";
    m_out << ")\n";
    return true;
}

} // namespace kubelab::shell

namespace kubelab::shell {

bool Shell::iptables(const std::vector<std::string>& args)
{
    std::vector<std::string> rest;
    for (const auto& a : args)
        if (a != "-t" && a != "nat" && a != "--table=nat")
            rest.push_back(a);
    if (rest.size() != 1)
        return fail("error: usage: iptables NODE (the nat table kube-proxy programmed there, as "
                    "iptables-save -t nat prints it)");
    const auto* proxy = m_cluster.sim().actorAs<net::KubeProxy>("kube-proxy-" + rest[0]);
    if (!proxy)
        return fail("error: no node \"" + rest[0] + "\" (kubectl get nodes lists them)");
    if (!proxy->programmed())
        return fail("error: kube-proxy on " + rest[0] + " has not programmed any rules yet");
    m_out << proxy->natTable().save(m_cluster.sim().now());
    return true;
}

} // namespace kubelab::shell
