// The container shell's builtins and programs (sh.h lists them), with busybox's or GNU
// coreutils' messages depending on the image's userland.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>
#include <set>

#include "engine/model/quantity.h"
#include "engine/node/one_liners.h"
#include "engine/node/sh_runner.h"

namespace kubelab::node::sh {

namespace {

std::string baseName(const std::string& p)
{
    const auto slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
}

// The images' own long-running programs: they serve until stopped.
const std::set<std::string>& servers()
{
    static const std::set<std::string> s = {
        "nginx",        "httpd",      "httpd-foreground", "apache2-foreground", "redis-server",
        "memcached",    "mongod",     "mysqld",           "mariadbd",           "postgres",
        "rabbitmq-server", "haproxy", "traefik",          "registry",           "php-fpm",
        "docker-entrypoint.sh", "agnhost", "echoserver", "pause", "etcd", "coredns",
        "http-echo",    "hello-app"};
    return s;
}

const std::set<std::string>& utilities()
{
    static const std::set<std::string> s = {
        "echo", "printf", "cat",  "touch", "rm",      "mkdir",   "rmdir",  "ls",     "cp",
        "mv",   "sleep",  "date", "hostname", "env",  "printenv", "wc",    "head",   "tail",
        "grep", "egrep",  "seq",  "test",  "[",       "true",    "false",  "uname",  "whoami",
        "id",   "basename", "dirname", "stress", "sh", "bash",   "ash",    "dash",   "yes",
        "tee",  "sort",   "uniq", "tr",    "cut",     "nproc",   "free",   "ps",     "df",
        "du",   "pwd",    "kill", "stat",  "which",   "usleep",  "timeout", "md5sum", "expr"};
    return s;
}

bool isInterpreter(const std::string& name)
{
    for (const char* lang : {"perl", "python", "node", "ruby"})
        if (name.rfind(lang, 0) == 0 &&
            name.find_first_not_of("0123456789.", std::strlen(lang)) == std::string::npos)
            return true;
    return name == "nodejs";
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    size_t i = 0;
    while (i < text.size()) {
        size_t nl = text.find('\n', i);
        if (nl == std::string::npos) {
            lines.push_back(text.substr(i));
            break;
        }
        lines.push_back(text.substr(i, nl - i));
        i = nl + 1;
    }
    return lines;
}

std::string joinLines(const std::vector<std::string>& lines, size_t from, size_t to)
{
    std::string out;
    for (size_t i = from; i < to && i < lines.size(); ++i)
        out += lines[i] + "\n";
    return out;
}

// Days since 1970-01-01 -> y/m/d (Howard Hinnant's civil_from_days).
void civil(long long z, int& y, int& m, int& d)
{
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

std::string two(int v)
{
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string formatDate(sim::Time now, const std::string& fmt)
{
    static const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const long long secs = sim::kEpochUnixSeconds + now / sim::kSecond;
    const long long nanos = now % sim::kSecond;
    const long long dayNo = secs / 86400;
    const long long sod = secs % 86400;
    int y, m, d;
    civil(dayNo, y, m, d);
    const int H = static_cast<int>(sod / 3600), M = static_cast<int>(sod / 60 % 60),
              S = static_cast<int>(sod % 60);
    std::string out;
    for (size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%' || i + 1 >= fmt.size()) {
            out += fmt[i];
            continue;
        }
        switch (fmt[++i]) {
        case 'Y': out += std::to_string(y); break;
        case 'm': out += two(m); break;
        case 'd': out += two(d); break;
        case 'e': out += (d < 10 ? " " : "") + std::to_string(d); break;
        case 'H': out += two(H); break;
        case 'M': out += two(M); break;
        case 'S': out += two(S); break;
        case 'T': out += two(H) + ":" + two(M) + ":" + two(S); break;
        case 'F': out += std::to_string(y) + "-" + two(m) + "-" + two(d); break;
        case 's': out += std::to_string(secs); break;
        case 'N': {
            std::string n = std::to_string(nanos);
            out += std::string(9 - n.size(), '0') + n;
            break;
        }
        case 'a': out += days[dayNo % 7]; break;
        case 'b': out += months[m - 1]; break;
        case 'Z': out += "UTC"; break;
        case 'z': out += "+0000"; break;
        case '%': out += '%'; break;
        default: out += '%', out += fmt[i];
        }
    }
    return out;
}

std::optional<sim::Duration> sleepDuration(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    char unit = 's';
    std::string num = text;
    if (std::isalpha(static_cast<unsigned char>(num.back()))) {
        unit = num.back();
        num.pop_back();
    }
    if (num.empty() || num.find_first_not_of("0123456789.") != std::string::npos ||
        std::count(num.begin(), num.end(), '.') > 1 || num.size() > 15)
        return std::nullopt;
    const double v = std::stod(num);
    double scale = 1;
    switch (unit) {
    case 's': break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    default: return std::nullopt;
    }
    const double ns = v * scale * sim::kSecond;
    if (ns > 9.0e18)
        return std::nullopt;
    return static_cast<sim::Duration>(ns);
}

std::string escapes(const std::string& s, bool& stop)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out += s[i];
            continue;
        }
        switch (s[++i]) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case '\\': out += '\\'; break;
        case 'r': out += '\r'; break;
        case 'c': stop = true; return out;
        case '0': out += '\0'; break;
        default: out += '\\', out += s[i];
        }
    }
    return out;
}

std::string printfFormat(const std::string& fmt, const std::vector<std::string>& args)
{
    std::string out;
    size_t next = 0;
    do {
        bool stop = false;
        for (size_t i = 0; i < fmt.size(); ++i) {
            if (fmt[i] == '\\') {
                const std::string e = escapes(fmt.substr(i, 2), stop);
                out += e;
                ++i;
                continue;
            }
            if (fmt[i] != '%' || i + 1 >= fmt.size()) {
                out += fmt[i];
                continue;
            }
            size_t j = i + 1;
            std::string flags;
            while (j < fmt.size() && std::strchr("-0123456789.", fmt[j]))
                flags += fmt[j++];
            if (j >= fmt.size())
                break;
            const char conv = fmt[j];
            i = j;
            if (conv == '%') {
                out += '%';
                continue;
            }
            const std::string arg = next < args.size() ? args[next++] : std::string();
            std::string text;
            if (conv == 'd' || conv == 'i')
                text = std::to_string(std::atoll(arg.c_str()));
            else if (conv == 'x') {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%llx", std::atoll(arg.c_str()));
                text = buf;
            } else if (conv == 'c')
                text = arg.substr(0, 1);
            else if (conv == 'b')
                text = escapes(arg, stop);
            else
                text = arg;
            // Width: %5s, %-5s, %05d.
            const bool left = !flags.empty() && flags[0] == '-';
            const std::string w = flags.substr(left ? 1 : 0, flags.find('.'));
            const size_t width = w.empty() ? 0 : static_cast<size_t>(std::atoi(w.c_str()));
            if (text.size() < width && width < 4096)
                text = left ? text + std::string(width - text.size(), ' ')
                            : std::string(width - text.size(),
                                          !w.empty() && w[0] == '0' ? '0' : ' ') +
                                  text;
            out += text;
        }
        if (stop)
            break;
    } while (next > 0 && next < args.size());
    return out;
}

} // namespace

bool knows(const std::string& program, Userland userland)
{
    if (userland == Userland::None)
        return false;
    const std::string name = baseName(program);
    return utilities().count(name) || servers().count(name) || isInterpreter(name) ||
           isNetworkProgram(name);
}

bool isUtility(const std::string& program)
{
    return utilities().count(baseName(program)) > 0;
}

std::string Process::Runner::fileError(const std::string& prog, const std::string& verb,
                                       const std::string& path, const std::string& why) const
{
    if (m_p.m_userland == Userland::Busybox)
        return prog + ": " + (verb.empty() ? "" : "can't " + verb + " '") + path +
               (verb.empty() ? "" : "'") + ": " + why + "\n";
    return prog + ": " + (verb.empty() ? "" : "cannot " + verb + " ") + "'" + path + "': " + why +
           "\n";
}

bool Process::Runner::readInput(const std::vector<std::string>& files, Io& io,
                                const std::string& prog, std::string& text, int& status)
{
    if (files.empty()) {
        text = io.in ? *io.in : std::string();
        return true;
    }
    bool any = false;
    for (const auto& f : files) {
        if (f == "-") {
            text += io.in ? *io.in : std::string();
            any = true;
            continue;
        }
        const std::string path = normalizePath(f, m_p.m_cwd);
        auto st = m_sys.fs.stat(m_sys.host, path);
        if (st && st->dir) {
            io.err += prog + ": " + (m_p.m_userland == Userland::Busybox ? "read error: " : f + ": ") +
                      "Is a directory\n";
            status = 1;
            continue;
        }
        auto content = m_sys.fs.read(m_sys.host, path);
        if (!content) {
            io.err += m_p.m_userland == Userland::Busybox
                          ? prog + ": can't open '" + f + "': No such file or directory\n"
                          : prog + ": " + f + ": No such file or directory\n";
            status = 1;
            continue;
        }
        text += *content;
        any = true;
    }
    return any;
}

int Process::Runner::runProgram(const std::vector<std::string>& argv, Io& io)
{
    if (isNetworkProgram(baseName(argv[0])))
        return network(argv, io);
    bool handled = false;
    const int status = builtin(argv, io, handled);
    if (handled)
        return status;
    return utility(argv, io);
}

int Process::Runner::builtin(const std::vector<std::string>& argv, Io& io, bool& handled)
{
    handled = true;
    const std::string& cmd = argv[0];
    auto arg = [&](size_t i) { return i < argv.size() ? argv[i] : std::string(); };
    if (cmd == ":" || cmd == "true")
        return 0;
    if (cmd == "false")
        return 1;
    if (cmd == "exit") {
        const std::string a = arg(1);
        int code = m_p.m_status;
        if (!a.empty()) {
            if (a.find_first_not_of("0123456789") != std::string::npos || a.size() > 9) {
                io.err += shellPrefix(io.line) + "exit: Illegal number: " + a + "\n";
                code = 2;
            } else {
                code = std::atoi(a.c_str());
            }
        }
        exitWith(code);
        return code;
    }
    if (cmd == "break" || cmd == "continue") {
        const int levels = std::max(1, std::atoi(arg(1).empty() ? "1" : arg(1).c_str()));
        unwindLoops(levels, cmd == "continue");
        // The loop frame has been popped or reset: this status is the loop's.
        return 0;
    }
    if (cmd == "cd") {
        std::string target = arg(1).empty() ? param("HOME") : arg(1);
        if (target.empty())
            target = "/";
        const std::string path = normalizePath(target, m_p.m_cwd);
        auto st = m_sys.fs.stat(m_sys.host, path);
        if (!st || !st->dir) {
            io.err += shellPrefix(io.line) + "cd: " +
                      (m_p.m_userland == Userland::Busybox ? "can't cd to " + target
                                                           : target) +
                      (m_p.m_userland == Userland::Busybox ? ": No such file or directory\n"
                                                           : ": No such file or directory\n");
            return m_p.m_shell == "bash" ? 1 : 2;
        }
        m_p.m_cwd = path;
        m_p.setVar("PWD", path);
        return 0;
    }
    if (cmd == "pwd") {
        io.out += m_p.m_cwd + "\n";
        return 0;
    }
    if (cmd == "export" || cmd == "readonly" || cmd == "local") {
        for (size_t i = 1; i < argv.size(); ++i) {
            if (argv[i] == "-p" || argv[i] == "-n")
                continue;
            const auto eq = argv[i].find('=');
            const std::string name = argv[i].substr(0, eq);
            if (eq != std::string::npos)
                m_p.setVar(name, argv[i].substr(eq + 1));
            if (cmd == "export" &&
                std::find(m_p.m_exported.begin(), m_p.m_exported.end(), name) ==
                    m_p.m_exported.end())
                m_p.m_exported.push_back(name);
        }
        return 0;
    }
    if (cmd == "unset") {
        for (size_t i = 1; i < argv.size(); ++i)
            m_p.m_vars.erase(argv[i]);
        return 0;
    }
    if (cmd == "set") {
        // Options (-e, -x, -o pipefail) are accepted; `set -- a b` sets the parameters.
        auto dashdash = std::find(argv.begin(), argv.end(), "--");
        if (dashdash != argv.end()) {
            std::string zero = m_p.m_params.empty() ? "sh" : m_p.m_params[0];
            m_p.m_params.assign(1, zero);
            m_p.m_params.insert(m_p.m_params.end(), dashdash + 1, argv.end());
        } else if (argv.size() == 1) {
            for (const auto& [k, v] : m_p.m_vars)
                io.out += k + "='" + v + "'\n";
        }
        return 0;
    }
    if (cmd == "shift") {
        const size_t n = static_cast<size_t>(std::max(1, std::atoi(arg(1).empty() ? "1" : arg(1).c_str())));
        if (m_p.m_params.size() > n)
            m_p.m_params.erase(m_p.m_params.begin() + 1, m_p.m_params.begin() + 1 + static_cast<long>(n));
        else if (m_p.m_params.size() > 1)
            m_p.m_params.resize(1);
        return 0;
    }
    if (cmd == "eval") {
        std::string text;
        for (size_t i = 1; i < argv.size(); ++i)
            text += (i > 1 ? " " : "") + argv[i];
        Process child = m_p.child();
        std::string error;
        auto script = parse(text, &error);
        if (!script) {
            io.err += shellPrefix(io.line) + error + "\n";
            return 2;
        }
        child.m_script = script;
        child.m_frames.push_back(Frame::ofList(script->list));
        Runner(child, m_sys).loop();
        m_p.m_vars = child.m_vars;
        m_p.absorb(child);
        return child.m_exitCode;
    }
    if (cmd == "wait" || cmd == "trap" || cmd == "ulimit" || cmd == "umask")
        return 0;
    handled = false;
    return 0;
}

int Process::Runner::utility(const std::vector<std::string>& argv, Io& io)
{
    const std::string name = baseName(argv[0]);
    const bool busybox = m_p.m_userland == Userland::Busybox;
    auto arg = [&](size_t i) { return i < argv.size() ? argv[i] : std::string(); };
    // Options first (-n, -rf), operands after; `--` ends options.
    std::string opts;
    std::vector<std::string> operands;
    std::vector<std::string> optArgs; // values of options that take one (-n 5)
    auto parseOpts = [&](const std::string& withValue) {
        bool done = false;
        for (size_t i = 1; i < argv.size(); ++i) {
            const std::string& a = argv[i];
            if (!done && a == "--") {
                done = true;
            } else if (!done && a.size() > 1 && a[0] == '-' && a[1] != '-' &&
                       !std::isdigit(static_cast<unsigned char>(a[1]))) {
                for (size_t k = 1; k < a.size(); ++k) {
                    opts += a[k];
                    if (withValue.find(a[k]) != std::string::npos) {
                        optArgs.push_back(k + 1 < a.size() ? a.substr(k + 1) : arg(++i));
                        break;
                    }
                }
            } else if (!done && a.size() > 2 && a[0] == '-' && a[1] == '-') {
                opts += "L"; // long options: accepted
            } else {
                operands.push_back(a);
            }
        }
    };
    auto has = [&](char o) { return opts.find(o) != std::string::npos; };

    if (name == "echo") {
        size_t i = 1;
        bool newline = true, interpret = m_p.m_userland == Userland::Gnu && m_p.m_shell == "sh";
        while (i < argv.size() && (argv[i] == "-n" || argv[i] == "-e" || argv[i] == "-ne" ||
                                   argv[i] == "-en" || argv[i] == "-E")) {
            if (argv[i].find('n') != std::string::npos)
                newline = false;
            if (argv[i].find('e') != std::string::npos)
                interpret = true;
            if (argv[i] == "-E")
                interpret = false;
            ++i;
        }
        std::string line;
        for (size_t k = i; k < argv.size(); ++k)
            line += (k > i ? " " : "") + argv[k];
        bool stop = false;
        if (interpret)
            line = escapes(line, stop);
        io.out += line + (newline && !stop ? "\n" : "");
        return 0;
    }
    if (name == "printf") {
        if (argv.size() < 2) {
            io.err += "printf: usage: printf format [arguments]\n";
            return 2;
        }
        io.out += printfFormat(argv[1], std::vector<std::string>(argv.begin() + 2, argv.end()));
        return 0;
    }
    if (name == "sleep" || name == "usleep") {
        if (name == "usleep") {
            io.block = Io::Block::Sleep;
            io.sleepFor = std::atoll(arg(1).c_str()) * sim::kMicrosecond;
            return 0;
        }
        if (arg(1) == "infinity") {
            io.block = Io::Block::Forever;
            return 0;
        }
        sim::Duration total = 0;
        for (size_t i = 1; i < argv.size(); ++i) {
            auto d = sleepDuration(argv[i]);
            if (!d) {
                io.err += busybox ? "sleep: invalid number '" + argv[i] + "'\n"
                                  : "sleep: invalid time interval '" + argv[i] + "'\n";
                return 1;
            }
            total += *d;
        }
        if (argv.size() < 2) {
            io.err += busybox ? "BusyBox: sleep: missing operand\n" : "sleep: missing operand\n";
            return 1;
        }
        io.block = Io::Block::Sleep;
        io.sleepFor = total;
        return 0;
    }
    if (name == "cat" || name == "tee") {
        parseOpts("");
        if (name == "tee") {
            const std::string text = io.in ? *io.in : std::string();
            for (const auto& f : operands)
                m_sys.fs.write(m_sys.host, normalizePath(f, m_p.m_cwd), text, has('a'), m_sys.now);
            io.out += text;
            return 0;
        }
        std::string text;
        int status = 0;
        readInput(operands, io, "cat", text, status);
        io.out += text;
        return status;
    }
    if (name == "touch") {
        parseOpts("dr");
        int status = 0;
        for (const auto& f : operands) {
            const std::string path = normalizePath(f, m_p.m_cwd);
            auto existing = m_sys.fs.read(m_sys.host, path);
            auto e = m_sys.fs.write(m_sys.host, path, existing ? *existing : "", false, m_sys.now);
            if (e == ContainerFs::Error::IsDir)
                continue;
            if (e != ContainerFs::Error::None) {
                io.err += busybox ? "touch: " + f + ": " +
                                        (e == ContainerFs::Error::ReadOnly ? "Read-only file system"
                                                                           : "No such file or directory") +
                                        "\n"
                                  : fileError("touch", "touch", f,
                                              e == ContainerFs::Error::ReadOnly
                                                  ? "Read-only file system"
                                                  : "No such file or directory");
                status = 1;
            }
        }
        return status;
    }
    if (name == "rm") {
        parseOpts("");
        int status = 0;
        for (const auto& f : operands) {
            const std::string path = normalizePath(f, m_p.m_cwd);
            auto st = m_sys.fs.stat(m_sys.host, path);
            if (!st) {
                if (!has('f')) {
                    io.err += fileError("rm", "remove", f, "No such file or directory");
                    status = 1;
                }
                continue;
            }
            if (st->dir && !has('r') && !has('R')) {
                io.err += busybox ? "rm: '" + f + "' is a directory\n"
                                  : "rm: cannot remove '" + f + "': Is a directory\n";
                status = 1;
                continue;
            }
            auto e = m_sys.fs.remove(m_sys.host, path, true);
            if (e == ContainerFs::Error::ReadOnly) {
                io.err += fileError("rm", "remove", f, "Read-only file system");
                status = 1;
            }
        }
        return status;
    }
    if (name == "mkdir") {
        parseOpts("m");
        int status = 0;
        for (const auto& f : operands) {
            auto e = m_sys.fs.mkdir(m_sys.host, normalizePath(f, m_p.m_cwd), has('p'), m_sys.now);
            if (e == ContainerFs::Error::None)
                continue;
            const char* why = e == ContainerFs::Error::Exists     ? "File exists"
                              : e == ContainerFs::Error::ReadOnly ? "Read-only file system"
                              : e == ContainerFs::Error::NotDir   ? "Not a directory"
                                                                  : "No such file or directory";
            io.err += fileError("mkdir", "create directory", f, why);
            status = 1;
        }
        return status;
    }
    if (name == "rmdir") {
        parseOpts("");
        int status = 0;
        for (const auto& f : operands) {
            auto st = m_sys.fs.stat(m_sys.host, normalizePath(f, m_p.m_cwd));
            auto e = !st ? ContainerFs::Error::NotFound
                         : m_sys.fs.remove(m_sys.host, normalizePath(f, m_p.m_cwd), false);
            if (e != ContainerFs::Error::None) {
                io.err += fileError("rmdir", "remove", f,
                                    e == ContainerFs::Error::NotEmpty ? "Directory not empty"
                                                                      : "No such file or directory");
                status = 1;
            }
        }
        return status;
    }
    if (name == "ls") {
        parseOpts("");
        if (operands.empty())
            operands.push_back(".");
        int status = 0;
        std::string text;
        const bool many = operands.size() > 1;
        auto line = [&](const std::string& shown, const std::string& path) {
            if (!has('l'))
                return shown + "\n";
            auto st = m_sys.fs.stat(m_sys.host, path);
            const std::string mode = st && st->dir ? "drwxr-xr-x" : "-rw-r--r--";
            const std::string size = std::to_string(st ? st->size : 0);
            const std::string when = formatDate(st ? st->mtime : 0, "%b %e %H:%M");
            return busybox ? mode + "    1 root     root     " +
                                 std::string(size.size() < 9 ? 9 - size.size() : 0, ' ') + size +
                                 " " + when + " " + shown + "\n"
                           : mode + " 1 root root " + size + " " + when + " " + shown + "\n";
        };
        for (const auto& f : operands) {
            const std::string path = normalizePath(f, m_p.m_cwd);
            auto st = m_sys.fs.stat(m_sys.host, path);
            if (!st) {
                io.err += busybox ? "ls: " + f + ": No such file or directory\n"
                                  : "ls: cannot access '" + f + "': No such file or directory\n";
                status = busybox ? 1 : 2;
                continue;
            }
            if (!st->dir || has('d')) {
                text += line(f, path);
                continue;
            }
            if (many)
                text += f + ":\n";
            auto names = m_sys.fs.list(m_sys.host, path);
            if (has('l'))
                text += "total 0\n";
            if (has('a')) {
                text += line(".", path);
                text += line("..", path);
            }
            for (const auto& n : names.value_or(std::vector<std::string>{}))
                if (n[0] != '.' || has('a') || has('A'))
                    text += line(n, path == "/" ? "/" + n : path + "/" + n);
        }
        io.out += text;
        return status;
    }
    if (name == "cp" || name == "mv") {
        parseOpts("");
        if (operands.size() < 2) {
            io.err += name + ": missing file operand\n";
            return 1;
        }
        const std::string src = normalizePath(operands[0], m_p.m_cwd);
        std::string dst = normalizePath(operands[1], m_p.m_cwd);
        auto text = m_sys.fs.read(m_sys.host, src);
        if (!text) {
            io.err += busybox ? name + ": can't stat '" + operands[0] + "': No such file or directory\n"
                              : name + ": cannot stat '" + operands[0] +
                                    "': No such file or directory\n";
            return 1;
        }
        auto dstStat = m_sys.fs.stat(m_sys.host, dst);
        if (dstStat && dstStat->dir)
            dst += "/" + baseName(src);
        auto e = m_sys.fs.write(m_sys.host, dst, *text, false, m_sys.now);
        if (e != ContainerFs::Error::None) {
            io.err += fileError(name, "create", operands[1],
                                e == ContainerFs::Error::ReadOnly ? "Read-only file system"
                                                                  : "No such file or directory");
            return 1;
        }
        if (name == "mv")
            m_sys.fs.remove(m_sys.host, src, false);
        return 0;
    }
    if (name == "date") {
        std::string fmt = "%a %b %e %H:%M:%S %Z %Y";
        for (size_t i = 1; i < argv.size(); ++i) {
            if (!argv[i].empty() && argv[i][0] == '+')
                fmt = argv[i].substr(1);
            else if (argv[i] == "-Iseconds" || argv[i] == "-I")
                fmt = argv[i] == "-I" ? "%F" : "%FT%T+00:00";
            else if (argv[i] == "-R")
                fmt = "%a, %d %b %Y %T +0000";
        }
        io.out += formatDate(m_sys.now, fmt) + "\n";
        return 0;
    }
    if (name == "hostname") {
        io.out += m_sys.fs.pod().hostname + "\n";
        return 0;
    }
    if (name == "whoami") {
        io.out += "root\n";
        return 0;
    }
    if (name == "id") {
        io.out += "uid=0(root) gid=0(root) groups=0(root)\n";
        return 0;
    }
    if (name == "uname") {
        parseOpts("");
        std::string text;
        if (has('a'))
            text = "Linux " + m_sys.fs.pod().hostname + " 6.1.0 #1 SMP x86_64 " +
                   (busybox ? "Linux" : "GNU/Linux");
        else if (has('n'))
            text = m_sys.fs.pod().hostname;
        else if (has('m'))
            text = "x86_64";
        else
            text = "Linux";
        io.out += text + "\n";
        return 0;
    }
    if (name == "nproc") {
        io.out += "2\n";
        return 0;
    }
    if (name == "basename" || name == "dirname") {
        if (argv.size() < 2) {
            io.err += name + ": missing operand\n";
            return 1;
        }
        std::string p = argv[1];
        while (p.size() > 1 && p.back() == '/')
            p.pop_back();
        const auto slash = p.rfind('/');
        std::string r = name == "basename" ? (slash == std::string::npos ? p : p.substr(slash + 1))
                        : slash == std::string::npos ? "."
                        : slash == 0                 ? "/"
                                                     : p.substr(0, slash);
        if (name == "basename" && argv.size() > 2 && r.size() > argv[2].size() &&
            r.compare(r.size() - argv[2].size(), argv[2].size(), argv[2]) == 0)
            r.resize(r.size() - argv[2].size());
        io.out += r + "\n";
        return 0;
    }
    if (name == "env" || name == "printenv") {
        if (name == "printenv" && argv.size() > 1) {
            int status = 1;
            for (size_t i = 1; i < argv.size(); ++i)
                for (auto it = io.env.rbegin(); it != io.env.rend(); ++it)
                    if (it->first == argv[i]) {
                        io.out += it->second + "\n";
                        status = 0;
                        break;
                    }
            return status;
        }
        // `env NAME=value cmd`: runs cmd with the extra variables.
        size_t i = 1;
        std::vector<std::pair<std::string, std::string>> env = io.env;
        while (name == "env" && i < argv.size() && argv[i].find('=') != std::string::npos) {
            const auto eq = argv[i].find('=');
            env.emplace_back(argv[i].substr(0, eq), argv[i].substr(eq + 1));
            ++i;
        }
        if (name == "env" && i < argv.size()) {
            Io sub;
            sub.in = io.in;
            sub.env = env;
            sub.line = io.line;
            const int status =
                runProgram(std::vector<std::string>(argv.begin() + static_cast<long>(i), argv.end()),
                           sub);
            io.out += sub.out;
            io.err += sub.err;
            io.block = sub.block;
            io.sleepFor = sub.sleepFor;
            return status;
        }
        // Later settings of a name win; the first place it was set is where it prints.
        std::vector<std::string> order;
        std::map<std::string, std::string> values;
        for (const auto& [k, v] : env) {
            if (!values.count(k))
                order.push_back(k);
            values[k] = v;
        }
        for (const auto& k : order)
            io.out += k + "=" + values[k] + "\n";
        return 0;
    }
    if (name == "wc") {
        parseOpts("");
        std::string text;
        int status = 0;
        readInput(operands, io, "wc", text, status);
        size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
        size_t words = 0;
        bool inWord = false;
        for (char c : text) {
            const bool space = std::isspace(static_cast<unsigned char>(c));
            if (!space && !inWord)
                ++words;
            inWord = !space;
        }
        const std::string file = operands.size() == 1 ? " " + operands[0] : "";
        if (has('l') && !has('w') && !has('c'))
            io.out += std::to_string(lines) + file + "\n";
        else if (has('w') && !has('l') && !has('c'))
            io.out += std::to_string(words) + file + "\n";
        else if (has('c') && !has('l') && !has('w'))
            io.out += std::to_string(text.size()) + file + "\n";
        else
            io.out += (busybox ? "        " : "      ") + std::to_string(lines) + "       " +
                      std::to_string(words) + "      " + std::to_string(text.size()) + file + "\n";
        return status;
    }
    if (name == "head" || name == "tail") {
        // -n N, -N, -n +N (tail: from line N), -f / -F (follow).
        long count = 10;
        bool fromStart = false, follow = false;
        std::vector<std::string> files;
        for (size_t i = 1; i < argv.size(); ++i) {
            std::string a = argv[i];
            if (a == "-f" || a == "-F" || a == "--follow" || a == "--retry") {
                follow = true;
            } else if (a == "-n" || a == "-c") {
                a = arg(++i);
                fromStart = !a.empty() && a[0] == '+';
                count = std::atol(a.c_str() + (fromStart ? 1 : 0));
            } else if (a.rfind("-n", 0) == 0 && a.size() > 2) {
                fromStart = a[2] == '+';
                count = std::atol(a.c_str() + (fromStart ? 3 : 2));
            } else if (a.size() > 1 && a[0] == '-' && std::isdigit(static_cast<unsigned char>(a[1]))) {
                count = std::atol(a.c_str() + 1);
            } else if (a.size() > 1 && a[0] == '-') {
                for (char o : a.substr(1))
                    if (o == 'f' || o == 'F')
                        follow = true;
            } else {
                files.push_back(a);
            }
        }
        std::string text;
        int status = 0;
        if (!readInput(files, io, name, text, status) && !files.empty() && !follow)
            return status;
        const auto lines = splitLines(text);
        const size_t n = static_cast<size_t>(std::max(0L, count));
        if (name == "head")
            io.out += joinLines(lines, 0, n);
        else if (fromStart)
            io.out += joinLines(lines, n > 0 ? n - 1 : 0, lines.size());
        else
            io.out += joinLines(lines, lines.size() > n ? lines.size() - n : 0, lines.size());
        if (name == "tail" && follow && files.size() == 1) {
            io.block = Io::Block::Follow;
            io.followPath = normalizePath(files[0], m_p.m_cwd);
            io.followOffset = text.size();
            return 0;
        }
        if (name == "tail" && follow && files.empty()) {
            io.block = Io::Block::Forever; // following a pipe that never closes
            return 0;
        }
        return status;
    }
    if (name == "grep" || name == "egrep") {
        parseOpts("emA");
        if (operands.empty() && optArgs.empty()) {
            io.err += busybox ? "BusyBox: grep: missing pattern\n"
                              : "Usage: grep [OPTION]... PATTERNS [FILE]...\n";
            return 2;
        }
        std::string pattern;
        if (has('e') && !optArgs.empty()) {
            pattern = optArgs[0];
        } else {
            pattern = operands.front();
            operands.erase(operands.begin());
        }
        std::string text;
        int status = 0;
        readInput(operands, io, "grep", text, status);
        std::regex re;
        try {
            auto flags = std::regex::ECMAScript | std::regex::optimize;
            if (has('i'))
                flags |= std::regex::icase;
            std::string p = pattern;
            if (has('F')) {
                p.clear();
                for (char c : pattern) {
                    if (std::strchr("\\^$.|?*+()[]{}", c))
                        p += '\\';
                    p += c;
                }
            } else if (!has('E') && name != "egrep") {
                // Basic regular expressions: \| \+ \? \( \) are the operators.
                std::string q;
                for (size_t i = 0; i < p.size(); ++i) {
                    if (p[i] == '\\' && i + 1 < p.size() && std::strchr("|+?(){}", p[i + 1])) {
                        q += p[++i];
                    } else if (std::strchr("|+?(){}", p[i])) {
                        q += '\\';
                        q += p[i];
                    } else {
                        q += p[i];
                    }
                }
                p = q;
            }
            if (has('w'))
                p = "\\b(" + p + ")\\b";
            re = std::regex(p, flags);
        } catch (const std::regex_error&) {
            io.err += "grep: bad regex '" + pattern + "'\n";
            return 2;
        }
        size_t matched = 0, lineNo = 0;
        std::string out;
        for (const auto& line : splitLines(text)) {
            ++lineNo;
            if (line.size() > 100000)
                continue;
            const bool hit = std::regex_search(line, re) != has('v');
            if (!hit)
                continue;
            ++matched;
            if (!has('c') && !has('q'))
                out += (has('n') ? std::to_string(lineNo) + ":" : "") + line + "\n";
        }
        if (has('c'))
            out = std::to_string(matched) + "\n";
        if (!has('q'))
            io.out += out;
        return status ? 2 : matched ? 0 : 1;
    }
    if (name == "seq") {
        std::vector<long long> n;
        for (size_t i = 1; i < argv.size(); ++i)
            n.push_back(std::atoll(argv[i].c_str()));
        long long first = 1, inc = 1, last = 0;
        if (n.size() == 1)
            last = n[0];
        else if (n.size() == 2)
            first = n[0], last = n[1];
        else if (n.size() >= 3)
            first = n[0], inc = n[1], last = n[2];
        if (inc == 0)
            return 1;
        long long emitted = 0;
        for (long long v = first; inc > 0 ? v <= last : v >= last; v += inc) {
            io.out += std::to_string(v) + "\n";
            if (++emitted >= 1000000)
                break; // a million lines is what a tutorial could want
        }
        return 0;
    }
    if (name == "yes") {
        const std::string word = argv.size() > 1 ? argv[1] : "y";
        for (int i = 0; i < 10000; ++i)
            io.out += word + "\n";
        io.block = Io::Block::Forever;
        return 0;
    }
    if (name == "test" || name == "[") {
        std::vector<std::string> a(argv.begin() + 1, argv.end());
        if (name == "[") {
            if (a.empty() || a.back() != "]") {
                io.err += shellPrefix(io.line) + "[: missing ]\n";
                return 2;
            }
            a.pop_back();
        }
        bool negate = false;
        while (!a.empty() && a[0] == "!") {
            negate = !negate;
            a.erase(a.begin());
        }
        auto fileTest = [&](const std::string& op, const std::string& f) {
            auto st = m_sys.fs.stat(m_sys.host, normalizePath(f, m_p.m_cwd));
            if (op == "-e" || op == "-r" || op == "-w" || op == "-x")
                return st.has_value();
            if (op == "-f")
                return st && !st->dir;
            if (op == "-d")
                return st && st->dir;
            if (op == "-s")
                return st && st->size > 0;
            return false;
        };
        auto isInt = [](const std::string& s) {
            return !s.empty() && s.size() < 19 &&
                   s.find_first_not_of("0123456789", s[0] == '-' ? 1 : 0) == std::string::npos &&
                   s != "-";
        };
        bool result = false;
        if (a.empty()) {
            result = false;
        } else if (a.size() == 1) {
            result = !a[0].empty();
        } else if (a.size() == 2) {
            if (a[0] == "-z")
                result = a[1].empty();
            else if (a[0] == "-n")
                result = !a[1].empty();
            else
                result = fileTest(a[0], a[1]);
        } else if (a.size() == 3) {
            const std::string& op = a[1];
            if (op == "=" || op == "==")
                result = a[0] == a[2];
            else if (op == "!=")
                result = a[0] != a[2];
            else if (op == "-eq" || op == "-ne" || op == "-lt" || op == "-le" || op == "-gt" ||
                     op == "-ge") {
                if (!isInt(a[0]) || !isInt(a[2])) {
                    const std::string bad = isInt(a[0]) ? a[2] : a[0];
                    io.err += shellPrefix(io.line) + (name == "[" ? "[" : "test") + ": " +
                              (m_p.m_shell == "bash" ? bad + ": integer expression expected"
                                                     : "Illegal number: " + bad) +
                              "\n";
                    return 2;
                }
                const long long x = std::atoll(a[0].c_str()), y = std::atoll(a[2].c_str());
                result = op == "-eq"   ? x == y
                         : op == "-ne" ? x != y
                         : op == "-lt" ? x < y
                         : op == "-le" ? x <= y
                         : op == "-gt" ? x > y
                                       : x >= y;
            } else {
                io.err += shellPrefix(io.line) + (name == "[" ? "[" : "test") + ": " + op +
                          ": unexpected operator\n";
                return 2;
            }
        } else {
            io.err += shellPrefix(io.line) + (name == "[" ? "[" : "test") +
                      ": too many arguments\n";
            return 2;
        }
        return (result != negate) ? 0 : 1;
    }
    if (name == "sh" || name == "bash" || name == "ash" || name == "dash") {
        // A nested shell runs to its end in this instant.
        Process nested(argv, {}, m_p.m_userland);
        nested.m_vars = m_p.m_vars;
        nested.m_exported = m_p.m_exported;
        nested.m_cwd = m_p.m_cwd;
        nested.m_atomic = true;
        nested.m_capture = &io.out;
        nested.m_captureErr = &io.err;
        nested.loadScriptFile(m_sys);
        if (nested.state() != State::Exited)
            Runner(nested, m_sys).loop();
        for (const auto& line : nested.takeOutput())
            io.err += line + "\n";
        m_p.m_memory = std::max(m_p.m_memory, nested.m_memory);
        return nested.exitCode();
    }
    if (name == "stress") {
        // stress --vm N --vm-bytes B [--vm-hang S] --cpu N --timeout T (and -m/-c/-t).
        long vm = 0, cpu = 0, io_ = 0, hdd = 0;
        std::int64_t bytes = 256LL * 1024 * 1024;
        sim::Duration timeout = 0;
        for (size_t i = 1; i < argv.size(); ++i) {
            const std::string a = argv[i];
            const std::string v = arg(i + 1);
            auto take = [&] { ++i; return v; };
            if (a == "--vm" || a == "-m")
                vm = std::atol(take().c_str());
            else if (a == "--cpu" || a == "-c")
                cpu = std::atol(take().c_str());
            else if (a == "--io" || a == "-i")
                io_ = std::atol(take().c_str());
            else if (a == "--hdd" || a == "-d")
                hdd = std::atol(take().c_str());
            else if (a == "--vm-bytes") {
                std::string q = take();
                // stress's suffixes are B, K, M, G (powers of 1024).
                if (!q.empty() && std::strchr("KMGkmg", q.back()))
                    q += "i";
                if (!q.empty() && (q.back() == 'b' || q.back() == 'B'))
                    q.pop_back();
                std::string norm = q;
                if (norm.size() > 1 && std::islower(static_cast<unsigned char>(norm[norm.size() - 2])))
                    norm[norm.size() - 2] = static_cast<char>(std::toupper(norm[norm.size() - 2]));
                if (auto parsed = model::Quantity::parse(norm))
                    bytes = parsed->value();
            } else if (a == "--timeout" || a == "-t") {
                if (auto d = sleepDuration(take()))
                    timeout = *d;
            } else if (a == "--vm-hang" || a == "--vm-stride" || a == "--backoff" ||
                       a == "--hdd-bytes") {
                take();
            }
        }
        io.out += "stress: info: [1] dispatching hogs: " + std::to_string(cpu) + " cpu, " +
                  std::to_string(io_) + " io, " + std::to_string(vm) + " vm, " +
                  std::to_string(hdd) + " hdd\n";
        m_p.m_memory = std::max<std::int64_t>(m_p.m_memory, vm * bytes);
        if (timeout > 0) {
            io.block = Io::Block::Sleep;
            io.sleepFor = timeout;
        } else {
            io.block = Io::Block::Forever;
        }
        return 0;
    }
    if (isInterpreter(name)) {
        if (auto run = runOneLiner(argv)) {
            for (const auto& line : run->output)
                io.out += line + "\n";
            if (run->endless)
                io.block = Io::Block::Forever;
            else if (run->runFor > 0) {
                io.block = Io::Block::Sleep;
                io.sleepFor = run->runFor;
            }
            return 0;
        }
        if (!argv.empty() && argv.back() == "http.server") {
            io.block = Io::Block::Forever;
            return 0;
        }
        return 0; // the REPL without a TTY reads end of input
    }
    if (servers().count(name)) {
        io.block = Io::Block::Forever;
        return 0;
    }
    if (name == "kill" || name == "which" || name == "stat" || name == "timeout" ||
        name == "md5sum" || name == "expr" || name == "sort" || name == "uniq" || name == "tr" ||
        name == "cut" || name == "free" || name == "ps" || name == "df" || name == "du") {
        if (name == "sort" || name == "uniq") {
            std::string text;
            int status = 0;
            parseOpts("");
            readInput(operands, io, name, text, status);
            auto lines = splitLines(text);
            if (name == "sort")
                std::sort(lines.begin(), lines.end());
            else
                lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
            if (has('r') && name == "sort")
                std::reverse(lines.begin(), lines.end());
            io.out += joinLines(lines, 0, lines.size());
            return status;
        }
        if (name == "which") {
            int status = 0;
            for (size_t i = 1; i < argv.size(); ++i) {
                if (knows(argv[i], m_p.m_userland))
                    io.out += "/bin/" + baseName(argv[i]) + "\n";
                else
                    status = 1;
            }
            return status;
        }
        if (name == "expr") {
            std::string text;
            for (size_t i = 1; i < argv.size(); ++i)
                text += argv[i] + " ";
            const std::string v = arithmetic(text);
            io.out += v + "\n";
            return v == "0" ? 1 : 0;
        }
        // Present in the image, but nothing KubeLab simulates: say so rather than pretend.
        io.err += name + ": not simulated in KubeLab's container shell\n";
        return 1;
    }
    // Not a program of this image.
    if (m_p.m_shell == "bash")
        io.err += shellPrefix(io.line) + argv[0] + ": command not found\n";
    else
        io.err += shellPrefix(io.line) + argv[0] + ": not found\n";
    return 127;
}

} // namespace kubelab::node::sh
