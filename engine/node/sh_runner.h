#pragma once
// Inside the container shell (sh.h): the frames a process is paused in, and the runner
// that executes them. Only sh.cpp and sh_programs.cpp include this.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/node/sh.h"
#include "engine/node/sh_script.h"

namespace kubelab::node::sh {

// One level of what a process is in the middle of. Frames point into the process's
// script, which is immutable and shared, so a copied process resumes the same way.
struct Process::Frame
{
    enum Kind { ListItems, AndOrParts, IfBranch, Loop, ForEach, Scope, Follow } kind = ListItems;
    const List* list = nullptr;
    const AndOr* andOr = nullptr;
    const Command* command = nullptr;
    size_t index = 0;
    int stage = 0;
    int loopStatus = 0;
    std::vector<std::string> values; // ForEach
    std::string outPath;             // Scope: where output goes; Follow: the file followed
    bool errToo = false;             // Scope: `&>`
    size_t offset = 0;               // Follow: bytes already printed

    static Frame ofList(const List& l)
    {
        Frame f;
        f.kind = ListItems;
        f.list = &l;
        return f;
    }
    static Frame ofAndOr(const AndOr& a)
    {
        Frame f;
        f.kind = AndOrParts;
        f.andOr = &a;
        return f;
    }
    static Frame ofCommand(Kind kind, const Command& c)
    {
        Frame f;
        f.kind = kind;
        f.command = &c;
        return f;
    }
};

// What a program gets and leaves behind.
struct Io
{
    const std::string* in = nullptr; // stdin, when redirected or piped
    std::string out, err;
    std::vector<std::pair<std::string, std::string>> env;
    int line = 0;
    enum class Block { None, Sleep, Forever, Follow } block = Block::None;
    sim::Duration sleepFor = 0;
    std::string followPath;
    size_t followOffset = 0;
};

// nslookup, wget and curl: run by Runner::network (sh_net.cpp).
bool isNetworkProgram(const std::string& name);
// What a server image answers to GET `path` on `port` of `pod`: nginx's welcome page,
// hashicorp/http-echo's -text, hello-app's greeting, httpd's "It works!"; nullopt when no
// container of the pod listens there (the connection is refused).
std::optional<std::pair<int, std::string>> serverReply(const nlohmann::json& pod, int port,
                                                       const std::string& path);

class Process::Runner
{
public:
    // Nested runs (a process with m_atomic) go to their end at once.
    Runner(Process& p, System& sys);
    void loop();

    // sh.cpp
    void step();
    void startPipeline(const Pipeline& p);
    void startCommand(const Command& c, const std::string* input);
    void runSimple(const Command& c, const std::string* input);
    void pushScope(const std::vector<Redirect>& redirects);
    void unwindLoops(int levels, bool isContinue);
    void emit(const std::string& text, bool err);
    void exitWith(int code);
    std::vector<std::string> expand(const std::string& raw, bool split);
    std::string substitute(const std::string& text);
    std::string braced(const std::string& inside);
    std::string arithmetic(const std::string& text);
    std::string expandHeredoc(const std::string& body);
    std::vector<std::string> glob(const std::string& pattern);
    std::string param(const std::string& name) const;
    bool isSet(const std::string& name) const;
    std::string shellPrefix(int line) const;
    std::string cannotOpen(const std::string& target, int line) const;
    std::string cannotCreate(const std::string& target, ContainerFs::Error e, int line) const;

    // sh_programs.cpp
    int runProgram(const std::vector<std::string>& argv, Io& io);

    // sh_net.cpp: nslookup, wget, curl
    int network(const std::vector<std::string>& argv, Io& io);

private:
    int builtin(const std::vector<std::string>& argv, Io& io, bool& handled);
    int utility(const std::vector<std::string>& argv, Io& io);
    bool readInput(const std::vector<std::string>& files, Io& io, const std::string& prog,
                   std::string& text, int& status);
    std::string fileError(const std::string& prog, const std::string& verb,
                          const std::string& path, const std::string& why) const;
    // Resolves `name` through the container's /etc/resolv.conf (or at `server`), logging
    // each query to the system's netLog.
    net::Resolution lookup(const std::string& name, const std::string& qtype,
                           const std::string& server);
    int nslookup(const std::vector<std::string>& argv, Io& io, bool bind, bool old);
    int httpGet(const std::vector<std::string>& argv, Io& io, bool curl);

    Process& m_p;
    System& m_sys;
    const bool m_atomic;
    bool m_failed = false; // an expansion failed (${x:?}, bad arithmetic)
};

} // namespace kubelab::node::sh
