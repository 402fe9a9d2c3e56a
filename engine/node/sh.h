#pragma once
// The container's shell: the POSIX sh subset tutorials use, run in virtual time. A
// container's main process, an exec probe and `kubectl exec` all run here, against the
// container's files (container_fs.h) and environment.
//
// Language: simple commands with `VAR=value` prefixes; `;`, newlines, `&&`, `||`, `|`,
// `!`, `&` (run to completion in place: there is no job control); `if/elif/else/fi`,
// `while`/`until ... do ... done`, `for NAME [in WORDS]; do ... done`, `{ ...; }`,
// `( ... )`, `break`, `continue`; quoting with '', "" and \; `$VAR`, `${VAR}`,
// `${VAR:-word}`, `${VAR:=word}`, `${#VAR}`, `$?`, `$$`, `$#`, `$@`, `$0`-`$9`;
// `$(...)`, backquotes and `$((arithmetic))`; `*` and `?` in the last path component;
// redirections `>`, `>>`, `<`, `2>`, `2>&1`, `&>` and `<<EOF` here-documents.
//
// Programs: busybox's or coreutils' echo, printf, cat, touch, rm, mkdir, rmdir, ls, cp,
// mv, sleep, date, hostname, env, printenv, wc, head, tail (with -f), grep, seq, test and
// [, true, false, exit, cd, pwd, export, unset, set, read-free builtins, uname, whoami,
// id, basename, dirname, `sh -c`/`bash -c` and scripts, `stress` (memory and CPU as the
// documentation uses it), the interpreters' one-liners (one_liners.h) and the images'
// servers (nginx, httpd, redis-server...), which run until stopped.
//
// A process runs until it sleeps (`sleep 5`, `tail -f` polling once a second, a server
// waiting for ever), exits, or has run 10,000 commands without sleeping, which costs
// 10 ms of virtual time: a busy loop advances the clock instead of spinning the engine.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/net/pod_network.h"
#include "engine/node/container_fs.h"
#include "engine/sim/time.h"

namespace kubelab::node::sh {

struct Script; // the parsed program, immutable and shared by copies of a process

// Parses a script; on a syntax error, nullptr and `error` as sh says it
// ("syntax error: unexpected "fi"").
std::shared_ptr<const Script> parse(const std::string& text, std::string* error = nullptr);

// What a process can touch while it runs: the node's disk (where volumes live), the
// container's view of files, the clock, and the pod network (nslookup, wget, curl): the
// cluster's DNS and Services as the node sees them, the seeded RNG kube-proxy's random
// rules draw from, and a log of what went over the network, for the trace.
struct System
{
    FileTree& host;
    ContainerFs& fs;
    sim::Time now = 0;
    const net::PodNetwork* network = nullptr; // null: nothing answers (lookups time out)
    sim::Rng* rng = nullptr;
    std::string node{};  // where the pod runs
    std::string image{}; // the container's image, normalised ("docker.io/library/busybox:1.28")
    std::vector<std::string>* netLog = nullptr;
};

// Whether `program` (a name or path) is something this shell can run in `userland`.
bool knows(const std::string& program, Userland userland);
// Whether the image `image` (normalised) ships `program`: knows() for most programs, and
// for the network tools (nslookup, wget, curl) whether this image has them.
bool imageHas(const std::string& program, const std::string& image, Userland userland);
// Whether `program` is one of the shell's utilities (not a server or an interpreter).
bool isUtility(const std::string& program);

// Runs `argv` to completion in one instant, as an exec probe or `kubectl exec` does:
// sleeps take no time, and following a file (`tail -f`) or a server returns at once.
struct ExecResult
{
    int exitCode = 0;
    std::string stdoutText, stderrText;
    std::string startError; // exec could not start argv[0]
};
ExecResult execSync(const std::vector<std::string>& argv,
                    const std::vector<std::pair<std::string, std::string>>& env, Userland userland,
                    System& sys);

class Process
{
public:
    enum class State { Ready, Sleeping, Waiting, Exited };

    // A process exec'd with `argv` (the container's command and args) and environment.
    // If argv[0] is not a program of the image, startError() says what exec says.
    Process(std::vector<std::string> argv, std::vector<std::pair<std::string, std::string>> env,
            Userland userland);

    // Runs from `sys.now` until it sleeps, waits for ever, or exits.
    void run(System& sys);

    State state() const { return m_state; }
    // Sleeping: when to run again.
    sim::Time wakeAt() const { return m_wakeAt; }
    int exitCode() const { return m_exitCode; }
    const std::string& startError() const { return m_startError; }
    // Memory the process holds (`stress --vm-bytes`), in bytes.
    std::int64_t memoryBytes() const { return m_memory; }
    // Whole lines printed (stdout and stderr, as the container log holds them) since the
    // last call.
    std::vector<std::string> takeOutput();
    // PID 1 without a SIGTERM handler (sh, sleep): it only dies of SIGKILL.
    bool ignoresSigterm() const { return m_ignoresSigterm; }

    struct Frame;
    class Runner;

private:
    Process() = default;
    friend ExecResult execSync(const std::vector<std::string>&,
                               const std::vector<std::pair<std::string, std::string>>&, Userland,
                               System&);
    Process child() const; // a subshell: a copy of the state, run to its end at once
    // `sh script.sh`: reads and parses the script from the container's files (once);
    // on failure the process has exited 2 with sh's message as its output.
    void loadScriptFile(const System& sys);
    void absorb(const Process& child);
    void setVar(const std::string& name, const std::string& value);
    std::vector<std::pair<std::string, std::string>> environment() const;

    std::shared_ptr<const Script> m_script;
    std::vector<Frame> m_frames;
    std::map<std::string, std::string> m_vars;
    std::vector<std::string> m_exported; // in the environment's order
    std::vector<std::string> m_params;   // $0, $1...
    std::string m_cwd = "/";
    std::string m_shell = "sh"; // how errors name the shell: sh (ash, dash) or bash
    std::string m_wantsFile;    // `sh script.sh`: read at the first run
    Userland m_userland = Userland::Busybox;
    int m_status = 0; // $?
    State m_state = State::Ready;
    sim::Time m_wakeAt = 0;
    int m_exitCode = 0;
    std::string m_startError;
    std::int64_t m_memory = 0;
    std::int64_t m_commands = 0;
    bool m_ignoresSigterm = false;
    bool m_interactive = false;
    // A nested run: sleeps take no time, output goes to the captures (never to the log).
    bool m_atomic = false;
    std::string* m_capture = nullptr;
    std::string* m_captureErr = nullptr;
    std::string m_pendingLine;
    std::vector<std::string> m_lines;

public:
    Process(const Process& other);
    Process& operator=(const Process& other);
    ~Process();
};

} // namespace kubelab::node::sh
