// The container shell's interpreter: frames that can stop at a `sleep` and resume later,
// word expansion, and the programs (sh_programs.cpp).
#include "engine/node/sh.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

#include "engine/node/sh_runner.h"

namespace kubelab::node::sh {

namespace {

// How much a process may do in one go before it costs virtual time.
constexpr int kBusyBudget = 10000;
constexpr sim::Duration kBusyCost = 10 * sim::kMillisecond;
// A nested run (`$(...)`, a pipeline, an exec probe) that never ends is cut here.
constexpr int kAtomicBudget = 50000;
constexpr size_t kMaxOutput = 1 << 20;
constexpr sim::Duration kTailPoll = sim::kSecond; // busybox tail -f polls once a second

bool isShellName(const std::string& p)
{
    const auto slash = p.rfind('/');
    const std::string b = slash == std::string::npos ? p : p.substr(slash + 1);
    return b == "sh" || b == "bash" || b == "ash" || b == "dash";
}

std::string baseName(const std::string& p)
{
    const auto slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string quoteWord(const std::string& w)
{
    std::string q = "'";
    for (char c : w) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

bool isNameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

} // namespace

// ---------------------------------------------------------------------------------------
// Process

Process::Process(std::vector<std::string> argv, std::vector<std::pair<std::string, std::string>> env,
                 Userland userland)
    : m_userland(userland)
{
    for (auto& [k, v] : env) {
        if (!m_vars.count(k))
            m_exported.push_back(k);
        m_vars[k] = v;
    }
    if (argv.empty() || userland == Userland::None) {
        m_startError = "exec: \"" + (argv.empty() ? std::string("sh") : argv[0]) +
                       "\": executable file not found in $PATH";
        m_state = State::Exited;
        m_exitCode = 128;
        return;
    }
    m_shell = userland == Userland::Gnu && baseName(argv[0]) == "bash" ? "bash" : "sh";
    std::string text;
    if (isShellName(argv[0])) {
        m_ignoresSigterm = true; // a shell as PID 1 has no SIGTERM handler
        size_t i = 1;
        while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-' && argv[i] != "-c")
            ++i; // -e, -x, -l: accepted, not acted on
        if (i < argv.size() && argv[i] == "-c") {
            if (i + 1 >= argv.size()) {
                m_lines.push_back(m_shell + ": -c: option requires an argument");
                m_state = State::Exited;
                m_exitCode = 2;
                return;
            }
            text = argv[i + 1];
            m_params.push_back(i + 2 < argv.size() ? argv[i + 2] : baseName(argv[0]));
            for (size_t j = i + 3; j < argv.size(); ++j)
                m_params.push_back(argv[j]);
        } else if (i < argv.size()) {
            // `sh script.sh`: the script is read from the container's files at the start.
            m_wantsFile = argv[i];
            m_params.assign(argv.begin() + static_cast<long>(i), argv.end());
        } else {
            text = ""; // no TTY: the shell reads end of input and exits 0
            m_params.push_back(baseName(argv[0]));
        }
    } else {
        if (!knows(argv[0], userland)) {
            m_startError = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
            m_state = State::Exited;
            m_exitCode = 128;
            return;
        }
        for (const auto& w : argv)
            text += (text.empty() ? "" : " ") + quoteWord(w);
        m_params.push_back(argv[0]);
        m_ignoresSigterm = baseName(argv[0]) == "sleep" || baseName(argv[0]) == "tail";
    }
    std::string error;
    m_script = parse(text, &error);
    if (!m_script) {
        m_lines.push_back(m_shell + ": " + error);
        m_state = State::Exited;
        m_exitCode = 2;
        return;
    }
    m_frames.push_back(Frame::ofList(m_script->list));
}

Process::Process(const Process&) = default;
Process& Process::operator=(const Process&) = default;
Process::~Process() = default;

std::vector<std::string> Process::takeOutput()
{
    std::vector<std::string> out;
    out.swap(m_lines);
    return out;
}

void Process::run(System& sys)
{
    if (m_state == State::Exited || m_state == State::Waiting)
        return;
    loadScriptFile(sys);
    if (m_state == State::Exited)
        return;
    Runner runner(*this, sys);
    runner.loop();
}

void Process::loadScriptFile(const System& sys)
{
    if (m_wantsFile.empty())
        return;
    const std::string path = m_wantsFile;
    m_wantsFile.clear();
    auto text = sys.fs.read(sys.host, normalizePath(path, m_cwd));
    std::string error;
    m_script = text ? parse(*text, &error) : nullptr;
    if (!m_script) {
        m_lines.push_back(!text ? m_shell + ": can't open '" + path + "': No such file or directory"
                                : m_shell + ": " + path + ": " + error);
        m_state = State::Exited;
        m_exitCode = 2;
        return;
    }
    m_frames.push_back(Frame::ofList(m_script->list));
}

// ---------------------------------------------------------------------------------------
// Runner

Process::Runner::Runner(Process& p, System& sys) : m_p(p), m_sys(sys), m_atomic(p.m_atomic) {}

void Process::Runner::emit(const std::string& text, bool err)
{
    if (text.empty())
        return;
    // The innermost redirection of a compound command that is running.
    for (auto it = m_p.m_frames.rbegin(); it != m_p.m_frames.rend(); ++it)
        if (it->kind == Frame::Scope && !it->outPath.empty() && (!err || it->errToo)) {
            if (it->outPath != "/dev/null")
                m_sys.fs.write(m_sys.host, it->outPath, text, true, m_sys.now);
            return;
        }
    // Without a capture, output goes to the process's lines (the container log, or the
    // parent's lines for a nested run).
    std::string* capture = err ? m_p.m_captureErr : m_p.m_capture;
    if (capture) {
        if (capture->size() < kMaxOutput)
            capture->append(text);
        return;
    }
    m_p.m_pendingLine += text;
    size_t nl;
    while ((nl = m_p.m_pendingLine.find('\n')) != std::string::npos) {
        m_p.m_lines.push_back(m_p.m_pendingLine.substr(0, nl));
        m_p.m_pendingLine.erase(0, nl + 1);
    }
}

void Process::Runner::exitWith(int code)
{
    m_p.m_frames.clear();
    m_p.m_state = State::Exited;
    m_p.m_exitCode = code & 255;
    m_p.m_status = m_p.m_exitCode;
    if (!m_p.m_pendingLine.empty() && !m_p.m_atomic) {
        m_p.m_lines.push_back(m_p.m_pendingLine);
        m_p.m_pendingLine.clear();
    }
}

void Process::Runner::loop()
{
    m_p.m_state = State::Ready;
    int budget = m_atomic ? kAtomicBudget : kBusyBudget;
    while (!m_p.m_frames.empty()) {
        if (--budget <= 0) {
            if (m_atomic) {
                exitWith(124); // as `timeout` reports a command it had to stop
                return;
            }
            m_p.m_state = State::Sleeping;
            m_p.m_wakeAt = m_sys.now + kBusyCost;
            return;
        }
        step();
        if (m_p.m_state != State::Ready)
            return;
    }
    exitWith(m_p.m_status);
}

void Process::Runner::step()
{
    Frame& f = m_p.m_frames.back();
    switch (f.kind) {
    case Frame::ListItems: {
        if (f.index >= f.list->items.size()) {
            m_p.m_frames.pop_back();
            return;
        }
        const AndOr& a = f.list->items[f.index++];
        if (a.background) {
            // No job control: a background job runs to its end in this instant.
            Process child = m_p.child();
            child.m_frames.push_back(Frame::ofAndOr(a));
            Runner(child, m_sys).loop();
            m_p.absorb(child);
            m_p.m_status = 0;
            return;
        }
        m_p.m_frames.push_back(Frame::ofAndOr(a));
        return;
    }
    case Frame::AndOrParts: {
        const AndOr& a = *f.andOr;
        if (f.stage == 1) {
            if (a.parts[f.index].negate)
                m_p.m_status = m_p.m_status == 0 ? 1 : 0;
            ++f.index;
            while (f.index < a.parts.size()) {
                const AndOr::Op op = a.ops[f.index - 1];
                if ((op == AndOr::And) == (m_p.m_status == 0))
                    break;
                ++f.index;
            }
        }
        if (f.index >= a.parts.size()) {
            m_p.m_frames.pop_back();
            return;
        }
        f.stage = 1;
        startPipeline(a.parts[f.index]);
        return;
    }
    case Frame::IfBranch: {
        const Command& c = *f.command;
        if (f.stage == 0) {
            f.stage = 1;
            m_p.m_frames.push_back(Frame::ofList(c.conds[f.index]));
        } else if (f.stage == 1) {
            if (m_p.m_status == 0) {
                f.stage = 2;
                const List& body = c.bodies[f.index];
                m_p.m_frames.push_back(Frame::ofList(body));
            } else if (++f.index < c.conds.size()) {
                f.stage = 0;
            } else if (c.hasElse) {
                f.stage = 2;
                m_p.m_frames.push_back(Frame::ofList(c.elseBody));
            } else {
                m_p.m_status = 0;
                m_p.m_frames.pop_back();
            }
        } else {
            m_p.m_frames.pop_back();
        }
        return;
    }
    case Frame::Loop: {
        const Command& c = *f.command;
        if (f.stage == 0) {
            f.stage = 1;
            m_p.m_frames.push_back(Frame::ofList(c.conds[0]));
        } else if (f.stage == 1) {
            const bool go = (c.kind == Command::While) == (m_p.m_status == 0);
            if (go) {
                f.stage = 2;
                m_p.m_frames.push_back(Frame::ofList(c.bodies[0]));
            } else {
                m_p.m_status = f.loopStatus;
                m_p.m_frames.pop_back();
            }
        } else {
            f.loopStatus = m_p.m_status;
            f.stage = 0;
        }
        return;
    }
    case Frame::ForEach: {
        if (f.index >= f.values.size()) {
            m_p.m_frames.pop_back();
            return;
        }
        m_p.setVar(f.command->var, f.values[f.index++]);
        const List& body = f.command->bodies[0];
        m_p.m_frames.push_back(Frame::ofList(body));
        return;
    }
    case Frame::Scope:
        m_p.m_frames.pop_back();
        return;
    case Frame::Follow: {
        auto text = m_sys.fs.read(m_sys.host, f.outPath);
        if (text) {
            if (text->size() < f.offset)
                f.offset = 0; // truncated: start again, as tail -F does
            if (text->size() > f.offset) {
                const std::string add = text->substr(f.offset);
                f.offset = text->size();
                emit(add, false);
            }
        }
        if (m_atomic) {
            m_p.m_frames.pop_back();
            return;
        }
        m_p.m_state = State::Sleeping;
        m_p.m_wakeAt = m_sys.now + kTailPoll;
        return;
    }
    }
}

void Process::Runner::startPipeline(const Pipeline& p)
{
    if (p.commands.size() == 1) {
        startCommand(*p.commands[0], nullptr);
        return;
    }
    // Each stage runs to its end, its output the next one's input.
    std::string input;
    bool first = true;
    for (size_t i = 0; i < p.commands.size(); ++i) {
        const bool last = i + 1 == p.commands.size();
        Process child = m_p.child();
        std::string out;
        if (!last)
            child.m_capture = &out;
        else {
            child.m_capture = m_p.m_capture;
            child.m_captureErr = m_p.m_captureErr;
        }
        Runner r(child, m_sys);
        r.startCommand(*p.commands[i], first ? nullptr : &input);
        r.loop();
        // The last stage prints where the pipeline prints.
        if (last)
            for (auto& line : child.takeOutput())
                emit(line + "\n", false);
        else
            for (auto& line : child.takeOutput())
                emit(line + "\n", true); // stderr of earlier stages
        if (!child.m_pendingLine.empty())
            emit(child.m_pendingLine, last ? false : true);
        m_p.m_memory = std::max(m_p.m_memory, child.m_memory);
        m_p.m_status = child.m_exitCode;
        input = std::move(out);
        first = false;
    }
}

void Process::Runner::startCommand(const Command& c, const std::string* input)
{
    switch (c.kind) {
    case Command::Simple: runSimple(c, input); return;
    case Command::Subshell: {
        Process child = m_p.child();
        child.m_frames.push_back(Frame::ofList(c.bodies[0]));
        Runner r(child, m_sys);
        r.pushScope(c.redirects);
        r.loop();
        m_p.absorb(child);
        m_p.m_status = child.m_exitCode;
        return;
    }
    default: break;
    }
    pushScope(c.redirects);
    switch (c.kind) {
    case Command::If: m_p.m_frames.push_back(Frame::ofCommand(Frame::IfBranch, c)); break;
    case Command::While:
    case Command::Until: m_p.m_frames.push_back(Frame::ofCommand(Frame::Loop, c)); break;
    case Command::For: {
        Frame f = Frame::ofCommand(Frame::ForEach, c);
        if (c.hasIn) {
            for (const auto& w : c.items)
                for (auto& field : expand(w, true))
                    f.values.push_back(std::move(field));
        } else {
            f.values.assign(m_p.m_params.begin() + (m_p.m_params.empty() ? 0 : 1),
                            m_p.m_params.end());
        }
        m_p.m_frames.push_back(std::move(f));
        break;
    }
    case Command::Group: m_p.m_frames.push_back(Frame::ofList(c.bodies[0])); break;
    default: break;
    }
}

void Process::Runner::pushScope(const std::vector<Redirect>& redirects)
{
    for (const Redirect& r : redirects) {
        if (r.op != ">" && r.op != ">>" && r.op != "&>" && r.op != ">|")
            continue;
        if (r.fd != 1 && r.op != "&>")
            continue;
        Frame s;
        s.kind = Frame::Scope;
        auto target = expand(r.target, false);
        s.outPath = target.empty() ? "" : normalizePath(target[0], m_p.m_cwd);
        s.errToo = r.op == "&>";
        if (s.outPath != "/dev/null" && r.op != ">>")
            m_sys.fs.write(m_sys.host, s.outPath, "", false, m_sys.now);
        m_p.m_frames.push_back(std::move(s));
        return;
    }
}

void Process::Runner::unwindLoops(int levels, bool isContinue)
{
    while (!m_p.m_frames.empty()) {
        Frame& f = m_p.m_frames.back();
        const bool loop = f.kind == Frame::Loop || f.kind == Frame::ForEach;
        if (loop && --levels <= 0) {
            if (isContinue) {
                if (f.kind == Frame::Loop)
                    f.stage = 0;
            } else {
                m_p.m_frames.pop_back();
            }
            m_p.m_status = 0;
            return;
        }
        m_p.m_frames.pop_back();
    }
}

// ---------------------------------------------------------------------------------------
// Expansion

std::string Process::Runner::substitute(const std::string& text)
{
    std::string error;
    auto script = parse(text, &error);
    if (!script) {
        emit(m_p.m_shell + ": " + error + "\n", true);
        m_p.m_status = 2;
        return {};
    }
    Process child = m_p.child();
    child.m_script = script;
    std::string out;
    child.m_capture = &out;
    child.m_captureErr = m_p.m_captureErr;
    child.m_frames.push_back(Frame::ofList(script->list));
    Runner r(child, m_sys);
    r.loop();
    for (auto& line : child.takeOutput())
        emit(line + "\n", true); // what it printed to stderr
    m_p.m_status = child.m_exitCode;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

std::string Process::Runner::param(const std::string& name) const
{
    if (name == "?")
        return std::to_string(m_p.m_status);
    if (name == "$")
        return "1";
    if (name == "#")
        return std::to_string(m_p.m_params.empty() ? 0 : m_p.m_params.size() - 1);
    if (name == "@" || name == "*") {
        std::string s;
        for (size_t i = 1; i < m_p.m_params.size(); ++i)
            s += (i > 1 ? " " : "") + m_p.m_params[i];
        return s;
    }
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
        const size_t i = static_cast<size_t>(std::atoi(name.c_str()));
        return i < m_p.m_params.size() ? m_p.m_params[i] : std::string();
    }
    auto it = m_p.m_vars.find(name);
    return it == m_p.m_vars.end() ? std::string() : it->second;
}

bool Process::Runner::isSet(const std::string& name) const
{
    if (name == "?" || name == "$" || name == "#" || name == "@" || name == "*")
        return true;
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0])))
        return static_cast<size_t>(std::atoi(name.c_str())) < m_p.m_params.size();
    return m_p.m_vars.count(name) > 0;
}

// ${...}: NAME, #NAME, NAME:-w, NAME-w, NAME:=w, NAME:+w, NAME:?w
std::string Process::Runner::braced(const std::string& inside)
{
    if (inside.size() > 1 && inside[0] == '#')
        return std::to_string(param(inside.substr(1)).size());
    size_t n = 0;
    while (n < inside.size() && (isNameChar(inside[n]) || (n == 0 && std::strchr("?$#@*", inside[n]))))
        ++n;
    const std::string name = inside.substr(0, n);
    if (n == inside.size())
        return param(name);
    const bool colon = inside[n] == ':';
    const size_t opAt = colon ? n + 1 : n;
    if (opAt >= inside.size())
        return param(name);
    const char op = inside[opAt];
    const std::string word = inside.substr(opAt + 1);
    const bool unset = colon ? param(name).empty() : !isSet(name);
    auto expanded = [&] {
        auto parts = expand("\"" + word + "\"", false);
        return parts.empty() ? std::string() : parts[0];
    };
    switch (op) {
    case '-': return unset ? expanded() : param(name);
    case '=':
        if (unset)
            m_p.setVar(name, expanded());
        return param(name);
    case '+': return unset ? std::string() : expanded();
    case '?':
        if (unset) {
            emit(m_p.m_shell + ": " + name + ": " + (word.empty() ? "parameter not set" : expanded()) +
                     "\n",
                 true);
            m_failed = true;
        }
        return param(name);
    default: return param(name);
    }
}

std::vector<std::string> Process::Runner::expand(const std::string& raw, bool split)
{
    std::vector<std::string> fields;
    std::string cur;
    bool have = false;     // cur is a field even if empty (quotes were seen)
    bool globbing = false; // an unquoted * or ?
    bool dq = false;
    auto addSplit = [&](const std::string& text) {
        if (!split || dq) {
            cur += text;
            return;
        }
        for (char c : text) {
            if (c == ' ' || c == '\t' || c == '\n') {
                if (have || !cur.empty())
                    fields.push_back(cur);
                cur.clear();
                have = false;
            } else {
                cur += c;
            }
        }
    };
    size_t i = 0;
    if (!raw.empty() && raw[0] == '~' && (raw.size() == 1 || raw[1] == '/')) {
        cur += param("HOME").empty() ? "/root" : param("HOME");
        i = 1;
    }
    for (; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\'' && !dq) {
            const auto end = raw.find('\'', i + 1);
            cur += raw.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            have = true;
            i = end == std::string::npos ? raw.size() : end;
        } else if (c == '"') {
            dq = !dq;
            have = true;
        } else if (c == '\\') {
            if (i + 1 < raw.size()) {
                const char n = raw[i + 1];
                if (!dq || n == '$' || n == '`' || n == '"' || n == '\\' || n == '\n') {
                    if (n != '\n')
                        cur += n;
                } else {
                    cur += c;
                    cur += n;
                }
                ++i;
            }
            have = true;
        } else if (c == '`') {
            const auto end = raw.find('`', i + 1);
            const std::string inner =
                raw.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            addSplit(substitute(inner));
            i = end == std::string::npos ? raw.size() : end;
        } else if (c == '$' && i + 1 < raw.size()) {
            const char n = raw[i + 1];
            if (n == '(' && i + 2 < raw.size() && raw[i + 2] == '(') {
                const auto end = raw.find("))", i + 3);
                const std::string expr =
                    raw.substr(i + 3, end == std::string::npos ? std::string::npos : end - i - 3);
                addSplit(arithmetic(expr));
                i = end == std::string::npos ? raw.size() : end + 1;
            } else if (n == '(') {
                int depth = 0;
                size_t j = i + 1;
                char q = 0;
                for (; j < raw.size(); ++j) {
                    if (q) {
                        if (raw[j] == q)
                            q = 0;
                        continue;
                    }
                    if (raw[j] == '\'' || raw[j] == '"')
                        q = raw[j];
                    else if (raw[j] == '(')
                        ++depth;
                    else if (raw[j] == ')' && --depth == 0)
                        break;
                }
                addSplit(substitute(raw.substr(i + 2, j - i - 2)));
                i = j;
            } else if (n == '{') {
                const auto end = raw.find('}', i + 2);
                addSplit(braced(
                    raw.substr(i + 2, end == std::string::npos ? std::string::npos : end - i - 2)));
                i = end == std::string::npos ? raw.size() : end;
            } else if (isNameChar(n) && !std::isdigit(static_cast<unsigned char>(n))) {
                size_t j = i + 1;
                while (j < raw.size() && isNameChar(raw[j]))
                    ++j;
                addSplit(param(raw.substr(i + 1, j - i - 1)));
                i = j - 1;
            } else if (std::isdigit(static_cast<unsigned char>(n)) || std::strchr("?$#@*!-", n)) {
                if (n == '@' && dq && split) {
                    // "$@": one field per parameter.
                    for (size_t k = 1; k < m_p.m_params.size(); ++k) {
                        cur += m_p.m_params[k];
                        if (k + 1 < m_p.m_params.size()) {
                            fields.push_back(cur);
                            cur.clear();
                        }
                    }
                    have = m_p.m_params.size() > 1;
                } else {
                    addSplit(param(std::string(1, n)));
                }
                ++i;
            } else {
                cur += c;
            }
        } else {
            if (!dq && (c == '*' || c == '?'))
                globbing = true;
            cur += c;
        }
    }
    if (have || !cur.empty())
        fields.push_back(cur);
    if (globbing && split) {
        std::vector<std::string> out;
        for (const auto& f : fields) {
            auto matches = glob(f);
            if (matches.empty())
                out.push_back(f);
            else
                out.insert(out.end(), matches.begin(), matches.end());
        }
        return out;
    }
    return fields;
}

namespace {
bool wildMatch(const char* pat, const char* s)
{
    if (*pat == 0)
        return *s == 0;
    if (*pat == '*')
        return wildMatch(pat + 1, s) || (*s && wildMatch(pat, s + 1));
    if (*s && (*pat == '?' || *pat == *s))
        return wildMatch(pat + 1, s + 1);
    return false;
}
} // namespace

std::vector<std::string> Process::Runner::glob(const std::string& pattern)
{
    const auto slash = pattern.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : pattern.substr(0, slash + 1);
    const std::string leaf = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
    if (dir.find_first_of("*?") != std::string::npos || leaf.size() > 256)
        return {};
    auto names = m_sys.fs.list(m_sys.host, normalizePath(dir.empty() ? "." : dir, m_p.m_cwd));
    std::vector<std::string> out;
    if (!names)
        return out;
    for (const auto& n : *names)
        if ((n[0] != '.' || leaf[0] == '.') && wildMatch(leaf.c_str(), n.c_str()))
            out.push_back(dir + n);
    return out;
}

// $((...)): integers with + - * / % ( ), comparisons, ! && || and variables by name.
std::string Process::Runner::arithmetic(const std::string& text)
{
    struct P
    {
        Runner& r;
        std::string s;
        size_t i = 0;
        bool bad = false;
        void ws()
        {
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
                ++i;
        }
        bool eat(const char* op)
        {
            ws();
            const size_t n = std::strlen(op);
            if (s.compare(i, n, op) == 0) {
                // `<` must not take the first half of `<=`, nor `!` of `!=`.
                if (n == 1 && i + 1 < s.size() && s[i + 1] == '=' && std::strchr("<>!=", op[0]))
                    return false;
                if (n == 1 && (op[0] == '&' || op[0] == '|') && i + 1 < s.size() &&
                    s[i + 1] == op[0])
                    return false;
                i += n;
                return true;
            }
            return false;
        }
        long long primary()
        {
            ws();
            if (eat("(")) {
                long long v = orExpr();
                if (!eat(")"))
                    bad = true;
                return v;
            }
            if (eat("-"))
                return -primary();
            if (eat("+"))
                return primary();
            if (eat("!"))
                return !primary();
            ws();
            if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                long long v = 0;
                while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
                    if (v > (LLONG_MAX - 9) / 10)
                        bad = true;
                    else
                        v = v * 10 + (s[i] - '0');
                    ++i;
                }
                return v;
            }
            size_t j = i;
            if (i < s.size() && s[i] == '$')
                ++i, ++j;
            while (j < s.size() && isNameChar(s[j]))
                ++j;
            if (j == i) {
                bad = true;
                return 0;
            }
            const std::string v = r.param(s.substr(i, j - i));
            i = j;
            return std::atoll(v.c_str());
        }
        long long mul()
        {
            long long v = primary();
            while (!bad) {
                if (eat("*"))
                    v *= primary();
                else if (eat("/") || eat("%")) {
                    const bool div = s[i - 1] == '/';
                    long long d = primary();
                    if (d == 0) {
                        bad = true;
                        return 0;
                    }
                    v = div ? v / d : v % d;
                } else
                    break;
            }
            return v;
        }
        long long add()
        {
            long long v = mul();
            while (!bad) {
                if (eat("+"))
                    v += mul();
                else if (eat("-"))
                    v -= mul();
                else
                    break;
            }
            return v;
        }
        long long cmp()
        {
            long long v = add();
            while (!bad) {
                if (eat("<="))
                    v = v <= add();
                else if (eat(">="))
                    v = v >= add();
                else if (eat("<"))
                    v = v < add();
                else if (eat(">"))
                    v = v > add();
                else if (eat("=="))
                    v = v == add();
                else if (eat("!="))
                    v = v != add();
                else
                    break;
            }
            return v;
        }
        long long andExpr()
        {
            long long v = cmp();
            while (!bad && eat("&&"))
                v = cmp() && v;
            return v;
        }
        long long orExpr()
        {
            long long v = andExpr();
            while (!bad && eat("||"))
                v = andExpr() || v;
            return v;
        }
    };
    // Variables inside are expanded first ($x), then the expression is evaluated.
    P p{*this, text};
    const long long v = p.orExpr();
    p.ws();
    if (p.bad || p.i < p.s.size()) {
        emit(m_p.m_shell + ": arithmetic syntax error\n", true);
        m_failed = true;
        return "0";
    }
    return std::to_string(v);
}

// ---------------------------------------------------------------------------------------
// Simple commands

void Process::Runner::runSimple(const Command& c, const std::string* input)
{
    m_failed = false;
    std::vector<std::pair<std::string, std::string>> assigns;
    for (const auto& a : c.assigns) {
        const auto eq = a.find('=');
        auto v = expand(a.substr(eq + 1), false);
        assigns.emplace_back(a.substr(0, eq), v.empty() ? std::string() : v[0]);
    }
    std::vector<std::string> argv;
    for (const auto& w : c.words)
        for (auto& f : expand(w, true))
            argv.push_back(std::move(f));
    if (m_failed) {
        m_p.m_status = 1;
        if (!m_atomic && !m_p.m_interactive)
            exitWith(1);
        return;
    }
    ++m_p.m_commands;
    // Redirections.
    Io io;
    std::string stdinText;
    if (input) {
        stdinText = *input;
        io.in = &stdinText;
    }
    std::string outPath, errPath;
    bool outAppend = false, errAppend = false, errToOut = false, outToErr = false;
    for (const Redirect& r : c.redirects) {
        std::string target;
        if (r.op != "<<" && r.op != "<<-") {
            auto t = expand(r.target, false);
            target = t.empty() ? std::string() : t[0];
        }
        if (r.op == "<<" || r.op == "<<-") {
            stdinText = r.heredocExpand ? expandHeredoc(r.heredoc) : r.heredoc;
            io.in = &stdinText;
        } else if (r.op == "<") {
            auto text = m_sys.fs.read(m_sys.host, normalizePath(target, m_p.m_cwd));
            if (!text) {
                emit(cannotOpen(target, c.line), true);
                m_p.m_status = 1;
                return;
            }
            stdinText = *text;
            io.in = &stdinText;
        } else if (r.op == ">&" && (target == "1" || target == "2")) {
            if (r.fd == 2 && target == "1")
                errToOut = true;
            else if (r.fd == 1 && target == "2")
                outToErr = true;
        } else if (r.op == "&>") {
            outPath = errPath = normalizePath(target, m_p.m_cwd);
        } else if (r.op == ">" || r.op == ">>" || r.op == ">|") {
            const std::string path = normalizePath(target, m_p.m_cwd);
            (r.fd == 2 ? errPath : outPath) = path;
            (r.fd == 2 ? errAppend : outAppend) = r.op == ">>";
            if (errToOut && r.fd == 1)
                errPath = path, errAppend = outAppend;
            if (path != "/dev/null" && r.op != ">>") {
                auto e = m_sys.fs.write(m_sys.host, path, "", false, m_sys.now);
                if (e != ContainerFs::Error::None) {
                    emit(cannotCreate(target, e, c.line), true);
                    m_p.m_status = 1;
                    return;
                }
            }
        }
    }
    if (errToOut && errPath.empty())
        errPath = outPath;

    if (argv.empty()) {
        for (auto& [k, v] : assigns)
            m_p.setVar(k, v);
        if (c.assigns.empty())
            m_p.m_status = 0;
        return;
    }
    io.env = m_p.environment();
    for (auto& [k, v] : assigns)
        io.env.emplace_back(k, v);
    io.line = c.line;
    const int status = runProgram(argv, io);
    if (m_p.m_state == State::Exited)
        return;
    int writeStatus = 0;
    auto deliver = [&](const std::string& text, const std::string& path, bool append, bool err) {
        if (text.empty())
            return;
        if (path.empty()) {
            emit(text, err);
        } else if (path != "/dev/null") {
            (void)append; // the file was truncated when the redirection was set up
            const auto e = m_sys.fs.write(m_sys.host, path, text, true, m_sys.now);
            if (e != ContainerFs::Error::None) {
                emit(cannotCreate(path, e, c.line), true);
                writeStatus = 1;
            }
        }
    };
    deliver(io.out, outToErr ? errPath : outPath, outAppend, outToErr);
    deliver(io.err, errPath, errAppend, !errToOut || outPath.empty() ? true : false);
    m_p.m_status = writeStatus ? writeStatus : status;
    switch (io.block) {
    case Io::Block::None: break;
    case Io::Block::Sleep:
        if (!m_atomic && io.sleepFor > 0) {
            m_p.m_state = State::Sleeping;
            m_p.m_wakeAt = m_sys.now + io.sleepFor;
        }
        break;
    case Io::Block::Forever:
        if (!m_atomic)
            m_p.m_state = State::Waiting;
        break;
    case Io::Block::Follow: {
        Frame f;
        f.kind = Frame::Follow;
        f.outPath = io.followPath;
        f.offset = io.followOffset;
        if (!m_atomic) {
            m_p.m_frames.push_back(std::move(f));
            m_p.m_state = State::Sleeping;
            m_p.m_wakeAt = m_sys.now + kTailPoll;
        }
        break;
    }
    }
}

std::string Process::Runner::expandHeredoc(const std::string& body)
{
    // Parameter, command and arithmetic expansion, as inside double quotes, line by line.
    std::string escaped;
    for (char ch : body) {
        if (ch == '"')
            escaped += "\\\"";
        else
            escaped += ch;
    }
    auto parts = expand("\"" + escaped + "\"", false);
    return parts.empty() ? std::string() : parts[0];
}

std::string Process::Runner::shellPrefix(int line) const
{
    if (m_p.m_shell == "bash")
        return "bash: line " + std::to_string(std::max(1, line)) + ": ";
    if (m_p.m_userland == Userland::Gnu)
        return "sh: " + std::to_string(std::max(1, line)) + ": "; // dash
    return "sh: ";
}

std::string Process::Runner::cannotOpen(const std::string& target, int line) const
{
    if (m_p.m_userland == Userland::Busybox)
        return "sh: can't open '" + target + "': No such file or directory\n";
    if (m_p.m_shell == "bash")
        return shellPrefix(line) + target + ": No such file or directory\n";
    return shellPrefix(line) + "cannot open " + target + ": No such file\n";
}

std::string Process::Runner::cannotCreate(const std::string& target, ContainerFs::Error e,
                                          int line) const
{
    const bool ro = e == ContainerFs::Error::ReadOnly;
    const bool isDir = e == ContainerFs::Error::IsDir;
    if (e == ContainerFs::Error::NoSpace)
        return (m_p.m_userland == Userland::Busybox ? std::string("sh: ") : shellPrefix(line)) +
               "write error: No space left on device\n";
    if (m_p.m_userland == Userland::Busybox)
        return "sh: can't create " + target + ": " +
               (ro ? "Read-only file system" : isDir ? "Is a directory" : "nonexistent directory") +
               "\n";
    if (m_p.m_shell == "bash")
        return shellPrefix(line) + target + ": " +
               (ro      ? "Read-only file system"
                : isDir ? "Is a directory"
                        : "No such file or directory") +
               "\n";
    return shellPrefix(line) + "cannot create " + target + ": " +
           (ro ? "Read-only file system" : isDir ? "Is a directory" : "Directory nonexistent") +
           "\n";
}

// ---------------------------------------------------------------------------------------
// Process state helpers

Process Process::child() const
{
    Process c;
    c.m_script = m_script;
    c.m_vars = m_vars;
    c.m_exported = m_exported;
    c.m_params = m_params;
    c.m_cwd = m_cwd;
    c.m_shell = m_shell;
    c.m_userland = m_userland;
    c.m_status = m_status;
    c.m_atomic = true;
    c.m_capture = m_capture;
    c.m_captureErr = m_captureErr;
    c.m_interactive = m_interactive;
    return c;
}

void Process::absorb(const Process& child)
{
    m_memory = std::max(m_memory, child.m_memory);
    m_commands += child.m_commands;
    for (const auto& line : child.m_lines)
        m_lines.push_back(line);
}

void Process::setVar(const std::string& name, const std::string& value)
{
    m_vars[name] = value;
}

std::vector<std::pair<std::string, std::string>> Process::environment() const
{
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& name : m_exported) {
        auto it = m_vars.find(name);
        if (it != m_vars.end())
            env.emplace_back(name, it->second);
    }
    return env;
}

// ---------------------------------------------------------------------------------------
// exec without a process of its own

ExecResult execSync(const std::vector<std::string>& argv,
                    const std::vector<std::pair<std::string, std::string>>& env, Userland userland, System& sys)
{
    ExecResult result;
    if (!argv.empty() && !sys.image.empty() && !imageHas(argv[0], sys.image, userland)) {
        result.startError = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
        result.exitCode = 126;
        return result;
    }
    Process p(argv, env, userland);
    if (!p.startError().empty()) {
        result.startError = p.startError();
        result.exitCode = 126;
        return result;
    }
    p.m_atomic = true;
    p.m_capture = &result.stdoutText;
    p.m_captureErr = &result.stderrText;
    p.loadScriptFile(sys);
    if (p.state() != Process::State::Exited) {
        Process::Runner r(p, sys);
        r.loop();
    }
    for (const auto& line : p.takeOutput())
        result.stderrText += line + "\n"; // errors from before the run (parse, script file)
    result.exitCode = p.exitCode();
    return result;
}

} // namespace kubelab::node::sh
