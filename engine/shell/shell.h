#pragma once
// `kubelab-sim shell`: the line-oriented command language that the CLI, the app's
// console, scenario tests and labs all use. One command per line; `#` starts a comment;
// `<<WORD` at the end of a line feeds the following lines up to WORD as standard input.
//   kubectl ARGS...   step [N]   run DURATION   settle [MAX]   time
//   trace [--last N] [--json] [--hash]   explain pod NAME   fault stop|start COMPONENT
//   iptables NODE   trace packet FROM TO[:PORT]   wget -qO- URL
//   curl URL (localhost: through kubectl port-forward; else an AWS load balancer, -k)
//   aws SERVICE COMMAND [--option VALUE...]   inbox [N]   help   exit
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/cluster/cluster.h"

namespace kubelab::shell {

// Splits a command line as a POSIX shell would for words: single and double quotes,
// backslash escapes. Returns false with *error on an unterminated quote.
bool splitWords(const std::string& line, std::vector<std::string>& words, std::string* error);

// The shell's commands, in the order `help` lists them (the app console completes these).
const std::vector<std::string>& commandNames();
// Runs `script` (shell commands, here-documents included) against `cluster` in a shell of
// its own; its standard output goes to *output and, when a command failed, its standard
// error to *error. False if any command failed. Labs run their setup and solutions here
// (lab::ScriptRunner).
bool runScriptText(cluster::Cluster& cluster, const std::string& script, std::string* output,
                   std::string* error);

class Shell
{
public:
    Shell(cluster::Cluster& cluster, std::ostream& out, std::ostream& err);

    // Directory that relative -f paths are also tried against (the script's folder).
    void setBaseDirectory(std::string dir) { m_baseDir = std::move(dir); }

    // Runs one command; `stdinText` is what a here-document supplied. Returns false if
    // the command failed (its error has gone to the error stream).
    bool execute(const std::string& line, const std::string& stdinText = {});
    // Runs a whole script; stops at `exit`. Returns the exit status: 1 if any command
    // failed, else 0.
    int runScript(std::istream& in);

    // The app's console runs one line at a time with nothing to leave: there `help` leaves
    // `exit` out and `exit` fails, saying so. (Scripts and `kubelab-sim shell` keep it.)
    void setExitAvailable(bool available) { m_exitAvailable = available; }

    // How `rewind` names moments. By default (the CLI, scenario goldens) events are the
    // trace's #SEQ and times the engine's durations; the app's console numbers events as
    // its event log and timeline do (the Nth processed event) and writes times its way.
    struct Moments
    {
        bool eventsByPosition = false;
        std::function<std::string(sim::Time)> formatTime; // null: sim::formatDuration
    };
    void setMoments(Moments moments) { m_moments = std::move(moments); }

    bool exited() const { return m_exited; }
    bool anyFailed() const { return m_failed; }

private:
    bool step(const std::vector<std::string>& args);
    bool run(const std::vector<std::string>& args);
    bool settle(const std::vector<std::string>& args);
    bool trace(const std::vector<std::string>& args);
    // `trace packet FROM TO[:PORT] [-n NS]`: a connection walked hop by hop (shell_net.cpp).
    bool tracePacket(const std::vector<std::string>& args);
    // `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: opens forwards that stay until
    // `kubectl port-forward --stop [LOCAL]`; `curl`/`wget -qO-` to localhost go through
    // them (shell_net.cpp).
    bool portForward(const std::vector<std::string>& args);
    bool workstationHttp(const std::string& tool, const std::vector<std::string>& args);
    bool explain(const std::vector<std::string>& args);
    bool fault(const std::vector<std::string>& args);
    // `iptables NODE`: the nat table kube-proxy keeps on NODE, as iptables-save prints it.
    bool iptables(const std::vector<std::string>& args);
    bool next(const std::vector<std::string>& args);
    bool rewind(const std::vector<std::string>& args);
    bool kubectl(const std::vector<std::string>& args, const std::string& stdinText);
    bool aws(const std::vector<std::string>& args, const std::string& stdinText);
    bool inbox(const std::vector<std::string>& args);
    // `curl [-k] [-s] [-S] [--connect-to H1:P1:H2:P2] URL` to a load balancer of the AWS
    // account (shell_curl.cpp).
    bool curlLoadBalancer(const std::vector<std::string>& args);
    std::optional<std::string> readFile(const std::string& path) const;
    bool fail(const std::string& message);
    std::string timeText(sim::Time t) const;
    // Prints a command's output and error text; false (and the script fails) unless exitCode is 0.
    bool report(const std::string& out, const std::string& err, int exitCode);

    cluster::Cluster& m_cluster;
    std::ostream& m_out;
    std::ostream& m_err;
    std::string m_baseDir;
    bool m_exited = false;
    bool m_exitAvailable = true;
    bool m_failed = false;
    Moments m_moments;
    // Open port-forwards by local port: the pod chosen when each was opened.
    struct Forward
    {
        std::string ns, pod;
        int remote = 0;
    };
    std::map<int, Forward> m_forwards;
};

} // namespace kubelab::shell
